"""Minutes told as a list that shares one unit ("3 calls (8, 9 and 6 minutes)"): each number is minutes."""

from __future__ import annotations

import re

from bot.engine.scenario import Fact

_LISTED = re.compile(r"(?<![\w.$/-])((?:\d{1,3}\s*,\s*)*\d{1,3}\s*,?\s*(?:and|&)\s*)(\d{1,3})\s*(?:minutes?|mins?)\b")
_LIST_ITEM = re.compile(r"\d{1,3}")
_WORD_BEFORE = re.compile(r"([a-z]+)\.?\s*$")


def listed(text: str, found: list[Fact], months: dict[str, int]) -> list[Fact]:
    """The numbers of a list that ends in a minutes figure, each with that figure's role; "between 5 and 10
    minutes" is a range and "jan 31, and 18 minutes" a date, not a list."""
    out = []
    for m in _LISTED.finditer(text):
        last = next((f for f in found if f.at == m.start(2)), None)
        before = _WORD_BEFORE.search(text[max(0, m.start() - 12):m.start()])
        if last is None or (before and (before.group(1) == "between" or before.group(1) in months)):
            continue
        for item in _LIST_ITEM.finditer(m.group(1)):
            out.append(Fact("minutes", int(item.group()), item.group(), m.start(1) + item.start(), role=last.role))
    return out
