"""A share of a month's minutes told as falling in another month ("45 minutes for March, but 20 of those were on
Feb 27-28", "50 minutes in May; 15 of them were in April"): those minutes are that month's, not the figure's month's
(minutes never carry across calendar months), so they come off the figure and stand on their own."""

from __future__ import annotations

import dataclasses
import re

from bot.engine.scenario import Fact

_SHARE = (r"(?<![\w.$/-])(\d{{1,3}})\s+(?:(?:minutes?|mins?)\s+)?of\s+(?:those|them|these|it|that|which)\s+"
          r"(?:(?:minutes?|mins?)\s+)?(?:were|was|fell|happened|took\s+place|came)\s+(?:actually\s+|really\s+|all\s+)?"
          r"(?:in|on|during)\s+(?:the\s+)?({months})\b\.?(?:\s+\d{{1,2}}(?:\s*[-\u2013]\s*\d{{1,2}})?\b)?")
_PATTERNS: dict[int, re.Pattern] = {}
_HOLDING = ("spent", "total")


def month_shares(text: str, found: list[Fact], months: dict[str, int]) -> list[Fact]:
    """The minutes with each share told for another month taken off the figure before it and added as its own."""
    if " of " not in text or not found:
        return found
    out = list(found)
    for m in _pattern(months).finditer(text):
        share = int(m.group(1))
        holders = [f for f in out if f.role in _HOLDING and f.at < m.start() and f.value > share]
        if not holders or any(f.at == m.start(1) for f in out):
            continue
        whole = holders[-1]
        out[out.index(whole)] = dataclasses.replace(whole, value=whole.value - share)
        number = months[m.group(2)]
        month = max((k for k, v in months.items() if v == number), key=len)  # "feb" is February's
        out.append(Fact("minutes", share, text[m.start():m.end()], m.start(1), role="spent", when=month))
    return out


def _pattern(months: dict[str, int]) -> re.Pattern:
    found = _PATTERNS.get(id(months))
    if found is None:
        names = "|".join(sorted((re.escape(k) for k in months), key=len, reverse=True)) or "(?!)"
        found = _PATTERNS.setdefault(id(months), re.compile(_SHARE.format(months=names)))
    return found
