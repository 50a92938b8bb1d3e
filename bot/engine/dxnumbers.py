"""The question's loose numbers and the ranges an ICD-10-CM text states ("BMI 40.0-44.9", "70 or greater")."""

from __future__ import annotations

import re

from bot.engine.dxlex import Reading

_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)")
_AT_MOST = re.compile(r"(\d+(?:\.\d+)?) or less\b")
_AT_LEAST = re.compile(r"(\d+(?:\.\d+)?) or (?:greater|more)\b")


def number_fit(text: str, values: list[float]) -> bool | None:
    """Whether one of the question's numbers falls in a range the text states ("BMI 40.0-44.9", "70 or greater");
    None when the text states no range or the question no number."""
    if not values:
        return None
    spans = [(float(lo), float(hi)) for lo, hi in _RANGE.findall(text)]
    spans += [(float("-inf"), float(v)) for v in _AT_MOST.findall(text)]
    spans += [(float(v), float("inf")) for v in _AT_LEAST.findall(text)]
    if not spans:
        return None
    return any(lo <= v <= hi for v in values for lo, hi in spans)


def numbers(reading: Reading) -> list[float]:
    """The question's loose numbers (not a type, stage or class: those are words of the condition)."""
    return [float(c.said) for c in reading.concepts if c.optional and c.said.isdigit()]
