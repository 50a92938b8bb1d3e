"""Minutes told for two months of an episode ("month 1 had 50 min; month 2 had 65", "first month 50 min, second
month 65"): months never pool, so only the minutes of the month asked about (the one named last, after the
figures) count; the others are another month's (role `other_month`)."""

from __future__ import annotations

import dataclasses
import re

from bot.engine.scenario import Fact

_ORDINALS = {"first": 1, "1st": 1, "initial": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "fifth": 5, "5th": 5, "sixth": 6, "6th": 6}
_MONTH_N = re.compile(r"\b(?:month\s*#?\s*(\d{1,2})|(" + "|".join(_ORDINALS) + r")\s+(?:calendar\s+)?month)\b")
_REACH = 30  # characters between a figure and the episode month it is told with
_TIMED = ("spent", "additional", "total", "call")


def other_months(text: str, found: list[Fact]) -> list[Fact]:
    """The minutes with those told for another month of the episode than the one asked about set apart."""
    marks = [(m.start(), m.end(), int(m.group(1)) if m.group(1) else _ORDINALS[m.group(2)]) for m in _MONTH_N.finditer(text)]
    timed = [f for f in found if f.role in _TIMED]
    if len(marks) < 3 or not timed:
        return found
    tied = {id(f): _month_of(f, marks, text) for f in timed}
    told = {n for n in tied.values() if n}
    last = marks[-1]
    if len(told) < 2 or last[0] < max(f.at for f in timed) or last[2] not in told:
        return found  # no month asked after the figures: nothing to choose
    return [dataclasses.replace(f, role="other_month") if tied.get(id(f)) not in (None, last[2]) else f for f in found]


def _month_of(f: Fact, marks: list[tuple[int, int, int]], text: str = "") -> int | None:
    """The episode month told right before or after a figure, one told with no stop or comma between first."""
    end = f.at + len(f.words)
    near = []
    for a, b, n in marks:
        gap = text[b:f.at] if b <= f.at else text[end:a] if a >= end else None
        if gap is not None and len(gap) <= _REACH:
            near.append((bool(re.search(r"[;,.:]", gap)), len(gap), n))
    return min(near)[2] if near else None
