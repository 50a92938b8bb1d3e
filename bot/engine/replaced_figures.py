"""A minutes figure the writer says was wrong, or names as the one sent before ("the 42 minutes I gave you ... included
6 minutes from the front desk. Without hers, staff time is 36 minutes"), is replaced by the figure told after it: it,
its parts and the quoted history repeating it are no time of their own (helper of timewords.minute_facts)."""

from __future__ import annotations

from dataclasses import replace

import re

from bot.engine.patterns import lazy
from bot.engine.scenario import Fact

# "the 40 minutes I reported for October was wrong": said to be wrong in its own sentence
_WRONG = lazy(r"^[^.?!\n]{0,80}?\b(?:was|is|were|are)\s+(?:wrong|incorrect|off|a\s+mistake|a\s+typo|not\s+right|in\s+error)\b", re.I)
# "the 42 minutes I gave you for March": the writer's own figure sent before, inside a message that corrects it
_SENT = lazy(r"^\s*(?:that\s+|which\s+)?(?:i|we)\s+(?:gave|sent|reported|told|quoted|submitted|had\s+(?:given|sent|reported))\b", re.I)
_CORRECTING = lazy(r"\b(?:correction|corrected|correcting|update[ds]?|revised|wrong|incorrect|mistake)\b", re.I)
_END = lazy(r"(?<!\bmr)(?<!\bmrs)(?<!\bms)(?<!\bdr)[.?!](?=\s|$)|\n", re.I)
_COUNTED = ("spent", "additional", "call", "total")


def replaced(text: str, found: list[Fact]) -> list[Fact]:
    """The minutes with each figure a correction replaces, its parts and its later repeats marked `replaced`."""
    timed = sorted((f for f in found if f.role in _COUNTED + ("part",)), key=lambda f: f.at)
    gone: set[int] = set()
    for i, f in enumerate(timed):
        end = _told_until(text, f) if f.role != "part" else None
        if end is None or not any(g.role in _COUNTED and g.value != f.value and g.at > end for g in timed[i + 1:]):
            continue  # not said to be replaced, or nothing told after it takes its place
        gone.add(id(f))
        gone |= {id(g) for g in timed[i + 1:] if g.at < end}  # "... included 6 minutes from the front desk": its parts
        gone |= {id(g) for g in timed[i + 1:] if g.value == f.value}  # the quoted message saying it again
    return [replace(f, role="replaced") if id(f) in gone else f for f in found]


def _told_until(text: str, f: Fact) -> int | None:
    """Where the words saying the figure is replaced end (it was wrong; it is the writer's own, sent before a
    correction: its sentence), or None when they do not say so."""
    end = f.at + len(f.words)
    if wrong := _WRONG().search(text[end:end + 90]):
        return end + wrong.end()
    if _SENT().search(text[end:end + 40]) and _CORRECTING().search(text[:f.at]):
        return _sentence_end(text, end)
    return None


def _sentence_end(text: str, at: int) -> int:
    """Where the sentence holding position `at` ends (the text's end when no sentence mark follows)."""
    found = _END().search(text, at)
    return found.start() if found else len(text)
