"""lazy(): a regular expression compiled on its first use.

Python compiles a pattern in pure Python, and the engine holds a few hundred: compiled at import, they are a
visible share of a cold `codebot ask`, though one question reaches only some of them."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable


_ALL: list[Callable[[], re.Pattern[str]]] = []


def lazy(source: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """Return a function that gives the pattern, compiled on its first call (the same object after that)."""
    pattern = functools.cache(lambda: re.compile(source, flags))
    _ALL.append(pattern)
    return pattern


def compile_all() -> int:
    """Compile every pattern made so far (a long-running server does it once at start); return how many."""
    for pattern in _ALL:
        pattern()
    return len(_ALL)


# a dash set between words ("70 min - codes?", "70 min — codes?"); "5-10" or "5–10" is a range, not this
SET_APART_DASH = lazy(r"\s[-\u2013\u2014]+\s|\u2014")
