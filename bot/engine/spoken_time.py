"""Spans of time said in words, written as minutes before office-visit and therapy minutes are read: number words
("forty five minutes"), "an hour", "half an hour", "an hour and a half", "1.5 hours", "1 hour 15 minutes"."""

from __future__ import annotations

import re

from bot.engine.patterns import lazy
from bot.kb.store import KnowledgeBase

_HOUR = r"(?:hours?|hrs?|hr)\b"
_MIN = r"(?:minutes?|mins?|min)\b"
_HOURS_AND_MINUTES = lazy(rf"\b(\d{{1,2}}|an?|one)\s*{_HOUR}\s*(?:and\s+|,\s*)?(\d{{1,2}})\s*{_MIN}")
_AND_A_HALF = lazy(rf"\b(?:an?|1)\s+{_HOUR}\s+and\s+a\s+half\b|\b(\d)\s+and\s+a\s+half\s+{_HOUR}|\b(\d)\.5\s*{_HOUR}")
_HALF_HOUR = lazy(rf"\bhalf\s+an?\s+{_HOUR}|\ba\s+half[\s-]{_HOUR}|\bhalf[\s-]{_HOUR}")
_AN_HOUR = lazy(rf"\b(?:an|a|one)\s+(?:full\s+|whole\s+)?{_HOUR}")
_PRIME = lazy(r"\b(\d{1,3})\s*['\u2019\u2032](?![\w'])")  # 30' is thirty minutes in therapy notes
_OPEN_QUOTE = lazy(r"(?:^|[\s(\[:])['\u2018](?=\S)")  # a quote opened: its closing mark is no minute sign
_QUARTER = lazy(rf"\b(?:a\s+)?quarter\s+(?:of\s+)?an?\s+{_HOUR}")


def _number_pattern(kb: KnowledgeBase) -> tuple[re.Pattern, dict[str, int]]:
    cached = kb.cache.get("spoken_numbers")
    if cached is None:
        numbers = {str(k).lower(): int(v) for k, v in kb.vocabulary.get("number_words", {}).items()}
        words = "|".join(sorted(numbers, key=len, reverse=True)) or "(?!)"
        cached = kb.cache.setdefault("spoken_numbers",
                                     (re.compile(rf"\b({words})(?:[\s-]+({words}))?(?=\s*-?\s*(?:{_MIN}|{_HOUR}))"),
                                      numbers))
    return cached


def _digits(low: str, kb: KnowledgeBase) -> str:
    """ "forty five minutes" -> "45 minutes", "two hours" -> "2 hours" (only numbers that count minutes or hours)."""
    pattern, numbers = _number_pattern(kb)

    def value(m: re.Match) -> str:
        first, second = numbers[m.group(1)], m.group(2)
        joined = spoken_number(first, numbers[second]) if second else None
        if joined is not None:
            return str(joined)
        return f"{m.group(1)} {numbers[second]}" if second else str(first)
    return pattern.sub(value, low)


def spoken_number(first: int, second: int) -> int | None:
    """Two number words said as one number ("forty five" 45, "two hundred" 200, "hundred twenty" 120), or None."""
    if first >= 20 and first % 10 == 0 and first < 100 and second < 10:
        return first + second
    if second == 100 and first < 10:
        return first * 100
    if first == 100 and second < 100:
        return first + second
    return None


def _hour_count(word: str) -> int:
    """The hours of "2 hours" (2) or of "an hour" (1)."""
    return int(word) if word.isdigit() else 1


def _closes_quote(low: str, at: int) -> bool:
    """ "pta says its 'almost 23'": the mark after the number closes a quote opened earlier on its line."""
    line = low[low.rfind("\n", 0, at) + 1:at]
    opened = list(_OPEN_QUOTE().finditer(line))
    return bool(opened) and "'" not in line[opened[-1].end():] and "\u2019" not in line[opened[-1].end():]


def minutes_spelled_out(low: str, kb: KnowledgeBase) -> str:
    """Lower-cased text with spans of time said in words rewritten as "<N> minutes"."""
    if "min" in low or "hour" in low or "hr" in low:  # a number word counts minutes or hours only beside the unit
        low = _digits(low, kb)
    if "'" in low or "\u2019" in low or "\u2032" in low:
        low = _PRIME().sub(lambda m: m.group(0) if _closes_quote(low, m.start()) else f"{m.group(1)} min", low)
    if "hour" not in low and "hr" not in low:  # every pattern below names hours
        return low
    low = _AND_A_HALF().sub(lambda m: f"{int(m.group(1) or m.group(2) or 1) * 60 + 30} minutes", low)
    low = _HOURS_AND_MINUTES().sub(lambda m: f"{_hour_count(m.group(1)) * 60 + int(m.group(2))} minutes", low)
    low = _HALF_HOUR().sub("30 minutes", low)
    low = _QUARTER().sub("15 minutes", low)
    return _AN_HOUR().sub("60 minutes", low)
