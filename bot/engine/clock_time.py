"""Durations written as clock faces or said in hour words ("1:15 of", "exactly 20:00 min", "an hour and a half"),
spelled as minutes before the time spans are read (helper of timewords)."""

from __future__ import annotations

import re

_HALF = re.compile(r"\b(?:(an|one|\d{1,2}) hours? and a half|(one|\d{1,2}) and a half hours?)\b")  # "2 and a half hours"
# "the first hour of navigation", "a full hour": one hour, said without a number ("20 minutes past the first hour"
# names the base code's hour as a mark, not time told, and keeps its words)
_ANHOUR = re.compile(r"\b(?:an|one|a full|a whole|an entire) hour\b|(?<=\bfirst )hour\b")
_PAST_MARK = re.compile(r"\b(?:past|beyond|over|after|than|on top of|above)\s+(?:the|her|his|their|our)\s+first\s+$", re.I)
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
    return _ANHOUR.sub(lambda m: m.group(0) if _PAST_MARK.search(text, max(0, m.start() - 30), m.start())
                       else "1 hour", text)


def _hours(word: str) -> int:
    """The whole hours of "2 and a half hours" (2) or of "an hour and a half" (1)."""
    return int(word) if word.isdigit() else 1
