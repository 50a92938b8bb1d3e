"""The days a visit question's clause names, each at its place: "15 min on sunday ... monday visit = 22 min" tells
two days in one clause, and each figure (and the visit) belongs to the day named nearest to it."""

from __future__ import annotations

import re

from bot.engine.phrases import PhraseSet, tokens
from bot.kb.store import KnowledgeBase

_WORD = re.compile(r"[a-z0-9]+(?:['/-][a-z0-9]+)*")
_DATE_DAY = re.compile(r"(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?")  # "Jan 6th"
_SLASH_DATE = re.compile(r"\b(1[0-2]|0?[1-9])/(3[01]|[12]\d|0?[1-9])\b(?!/\d{1,2}\b)")  # "1/6" (not "1/6/1"..)


def _weekdays(kb: KnowledgeBase) -> dict[str, int]:
    """Weekday names (abbreviations of three letters left out: "sat", "sun" are common words)."""
    return {k: v for k, v in kb.vocabulary.get("weekdays", {}).items() if len(k) > 3}


def days_at(kb: KnowledgeBase, clause: str) -> list[tuple[int, str]]:
    """(character position, day key) of each weekday or calendar date ("Jan 6", "1/6") the clause names, in order."""
    days, months = _weekdays(kb), kb.vocabulary.get("months", {})
    words = [(m.start(), m.group().removesuffix("'s")) for m in _WORD.finditer(clause)]
    found = [(at, str(days[w])) for at, w in words if w in days]
    found += [(at, f"{months[w]}/{int(d)}") for (at, w), (_a, d) in zip(words, words[1:] + [(0, "")])
              if w in months and _DATE_DAY.fullmatch(d)]
    found += [(m.start(), f"{int(m.group(1))}/{int(m.group(2))}") for m in _SLASH_DATE.finditer(clause)]
    return sorted(found)


def nearest_day(found: list[tuple[int, str]], at: int) -> str | None:
    """The day named nearest to character `at`; None when none is named."""
    return min(found, key=lambda f: abs(f[0] - at))[1] if found else None


def visit_day_in(kb: KnowledgeBase, clause: str, words: PhraseSet) -> str | None:
    """The day named nearest to a visit word of the clause ("monday visit"), or None when it has no day or no such word."""
    found = days_at(kb, clause)
    hits = [i for i, _p in words.find(tokens(clause))]
    if not found or not hits:
        return None
    starts = [m.start() for m in _WORD.finditer(clause)]
    return nearest_day(found, starts[hits[0]]) if hits[0] < len(starts) else found[0][1]
