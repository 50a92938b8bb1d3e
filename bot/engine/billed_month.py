"""A month told as billed already ("she had 25 in March and we billed March"): its minutes went out on March's claim,
so they are another month's time, never billed again nor carried into the month asked about (vocabulary
month_billed; meta other_month_time)."""

from __future__ import annotations

import dataclasses
import re

from bot.engine.scenario import COUNTED_MINUTES, Fact, Scenario

_REACH = 3  # words between the billing words and the month ("we already billed for March")


def billed_month_minutes(sc: Scenario, months: dict[str, int], voc: dict) -> list[Fact]:
    """The scenario's facts with the minutes of a month told as billed already read as another month's (role
    other_month), when minutes of another month are told too; the facts unchanged otherwise."""
    said = voc.get("month_billed") or {}
    billed = _billed_months(sc.text, months, [str(p) for p in said.get("before") or []],
                            [str(p) for p in said.get("after") or []])
    counted = [f for f in sc.of("minutes") if f.role in COUNTED_MINUTES and f.when]
    month_of = {id(f): months.get(str(f.when).lower()) for f in counted}
    if not billed or not any(m not in billed for m in month_of.values() if m):
        return sc.facts
    return [dataclasses.replace(f, role="other_month") if month_of.get(id(f)) in billed else f for f in sc.facts]


def _billed_months(text: str, months: dict[str, int], before: list[str], after: list[str]) -> set[int]:
    """The calendar months the text tells as billed ("we billed March", "March was billed")."""
    names = "|".join(sorted((re.escape(m) for m in months if m != "may"), key=len, reverse=True))
    if not names or not (before or after):
        return set()
    gap = r"(?:\s+\w+){0,%d}?\s+" % _REACH
    lead = "|".join(re.escape(p) for p in before) or "(?!)"
    tail = "|".join(re.escape(p) for p in after) or "(?!)"
    found = re.finditer(rf"\b(?:{lead}){gap}({names})\b|\b({names})\s+(?:{tail})\b", text.lower())
    return {months[m.group(1) or m.group(2)] for m in found}
