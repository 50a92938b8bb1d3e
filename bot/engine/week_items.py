"""Bare numbers told week by week after a minutes figure ("20 min in week 1, 0 in week 2, 25 in week 3", "week 2:
15"): the minutes of those weeks, added to the month."""

from __future__ import annotations

import dataclasses
import re

from bot.engine.scenario import Fact

_WEEK = r"(?:week|wk)\s*#?\s*\d"
# "25 in week 3", "25 minutes week 3"; and "week 3: 25", "wk 2 - 15 min"
_AFTER = re.compile(rf"(?<![\w.$/:-])(\d{{1,3}})\s+(?:(?:minutes?|mins?)\s+)?(?:in\s+|during\s+|for\s+)?(?:the\s+)?{_WEEK}\b")
_BEFORE = re.compile(rf"\b{_WEEK}\s*[:=\u2013\u2014-]\s*(\d{{1,3}})(?:\s*(?:minutes?|mins?))?(?!\s*(?:days?|hours?|hrs?|%|/))\b")
_TIMED = ("spent", "additional", "call")
_MOST = 180  # more than three hours in one week's bare number is not that week's minutes


def week_minutes(text: str, found: list[Fact], taken: list[tuple[int, int]]) -> list[Fact]:
    """The minutes with the week-by-week numbers not read yet, once a minutes figure told with its week stands
    before them (each figure's words then hold its week, so no number of the list is left unplaced)."""
    weekly = [f for f in found if f.role in _TIMED and _week_span(text, f)]
    if not weekly:
        return found
    first = min(f.at for f in weekly)
    out = []
    for m in [*_AFTER.finditer(text), *_BEFORE.finditer(text)]:
        at, value = m.start(1), int(m.group(1))
        if at <= first or value > _MOST or any(a <= at < b for a, b in taken) or any(f.at == at for f in found + out):
            continue
        out.append(Fact("minutes", value, text[m.start():m.end()].strip(), m.start(), role="spent"))
    spans = {id(f): _week_span(text, f) for f in weekly}
    kept = [dataclasses.replace(f, at=spans[id(f)][0], words=text[spans[id(f)][0]:spans[id(f)][1]]) if id(f) in spans else f
            for f in found]
    return kept + out


def _week_span(text: str, f: Fact) -> tuple[int, int] | None:
    """The figure's words with the week they are tied to ("20 min in week 1", "week 1: 20 min"), or None."""
    end = f.at + len(f.words)
    after = re.match(rf"\s*(?:in\s+|during\s+|for\s+)?(?:the\s+)?{_WEEK}\b", text[end:end + 20])
    if after:
        return f.at, end + after.end()
    before = re.search(rf"\b{_WEEK}\s*[:=\u2013\u2014-]\s*$", text[max(0, f.at - 14):f.at])
    return (max(0, f.at - 14) + before.start(), end) if before else None
