""""CHI minutes for October came out to 95 total": the minutes word said first, then the month's sum as a bare
number after a summing verb; that number is the minutes total (read only when no other minutes figure is told)."""

from __future__ import annotations

import re

from bot.engine.scenario import Fact

_SUMMED = re.compile(r"\b(?:minutes|mins|time)\b[^.?!\n\d]{0,40}?\b(?:came|come|comes|coming)\s+(?:out\s+)?to|"
                     r"\b(?:minutes|mins|time)\b[^.?!\n\d]{0,40}?\b(?:add(?:s|ed)?\s+up\s+to|summ?(?:ed|s)?\s+(?:up\s+)?to|"
                     r"total(?:l?ed|s)?(?:\s+of)?|were|was)")
_NUMBER = re.compile(r"\s+(?:about\s+|around\s+|roughly\s+|~\s*)?(\d{1,3})\b(?!\s*(?:/|%|-|days?\b|weeks?\b|months?\b|hours?\b|hrs?\b|calls?\b|times?\b|patients?\b|am\b|pm\b|:))")
_COUNTED = ("spent", "additional", "call", "total", "base")


def heading_total(text: str, found: list[Fact]) -> list[Fact]:
    """The bare number a summing verb gives the minutes named before it, as the total (none if minutes are told)."""
    if any(f.role in _COUNTED for f in found):
        return []
    for m in _SUMMED.finditer(text):
        n = _NUMBER.match(text, m.end())
        if n is not None and 0 < int(n.group(1)) <= 300:
            return [Fact("minutes", int(n.group(1)), n.group(1), n.start(1), role="total")]
    return []
