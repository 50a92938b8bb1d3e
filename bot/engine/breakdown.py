"""A minutes figure that the figures after it add up to ("40 minutes this month: MA 25, RN 15") is their total."""

from __future__ import annotations

from bot.engine.patterns import lazy
from bot.engine.scenario import Fact

_SET_OFF_TOTAL = lazy(r"[:(\u2013\u2014]|\s-\s|\bsplit\b|\bof which\b|\bbroken down\b|\bbreakdown\b")


def breakdown(text: str, found: list[Fact]) -> list[Fact]:
    """"40 minutes this month: MA 25 minutes, RN 15 minutes": a figure the next ones add up to, set off by a colon,
    a dash, a bracket or "split", is their total."""
    counted = sorted((f for f in found if f.role in ("spent", "additional")), key=lambda f: f.at)
    if len(counted) < 3 or counted[0].value != sum(f.value for f in counted[1:]):
        return found
    between = text[counted[0].at + len(counted[0].words):counted[1].at]
    if not _SET_OFF_TOTAL().search(between):
        return found
    parts = {id(f) for f in counted[1:]}
    return [Fact(f.kind, f.value, f.words, f.at, role="total") if f is counted[0] else
            Fact(f.kind, f.value, f.words, f.at, role="part") if id(f) in parts else f for f in found]
