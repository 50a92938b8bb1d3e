"""Durations written as clock faces or said in hour words ("1:15 of", "exactly 20:00 min", "an hour and a half"),
spelled as minutes before the time spans are read (helper of timewords)."""

from __future__ import annotations

import re

_HALF = re.compile(r"\b(?:(an|one|\d{1,2}) hours? and a half|(one|\d{1,2}) and a half hours?)\b")  # "2 and a half hours"
_ANHOUR = re.compile(r"\b(?:an|one) hour\b")
_HALFHOUR = re.compile(r"\bhalf an hour\b")
_CLOCK = re.compile(r"(?<![\d/:])\b(?:(?=\d{1,2}:[0-5]\d\b\s*(?:\(\s*h{1,2}:mm\s*\)|hrs?\b|hours?\b|of\b))|(?:(?<=spent )|(?<=logged )"
                    r"|(?<=took )|(?<=total ))(?=\d{1,2}:[0-5]\d\b(?!\s*(?:am|pm|a\.m|p\.m)\b)))(\d{1,2}):([0-5]\d)\b", re.I)  # "1:05 of", "spent 1:15"


# "exactly 20:00 min per the timer", "19:45 minutes": a stopwatch's minutes and seconds; the seconds of a minute not
# completed earn nothing (as "19.5 min" is 19)
_STOPWATCH = re.compile(r"(?<![\d/:.])\b(\d{1,3}):[0-5]\d(?:\.\d+)?\s*(?:\(\s*mm:ss\s*\)\s*)?(min(?:ute)?s?\b|mins?\b)", re.I)


def normalize(text: str) -> str:
    """Spell "an hour and a half", "half an hour", "an hour" and clock-face durations as minutes, so every span
    reads the same way."""
    text = _STOPWATCH.sub(lambda m: f"{int(m.group(1))} {m.group(2)}", text)
    text = _CLOCK.sub(lambda m: f"{int(m.group(1)) * 60 + int(m.group(2))} min", text)
    text = _HALF.sub(lambda m: f"{_hours(m.group(1) or m.group(2)) * 60 + 30} minutes", _HALFHOUR.sub("30 minutes", text))
    return _ANHOUR.sub("1 hour", text)


def _hours(word: str) -> int:
    """The whole hours of "2 and a half hours" (2) or of "an hour and a half" (1)."""
    return int(word) if word.isdigit() else 1
