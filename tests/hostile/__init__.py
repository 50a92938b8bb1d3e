"""A hostile-input corpus for the cleaning stage and ask(): the test suite asserts on it, bench/ times it."""
