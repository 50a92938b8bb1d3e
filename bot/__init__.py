"""codebot: a coding consultant for remote-care billing codes."""

__version__ = "0.1.0"
