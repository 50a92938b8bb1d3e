"""Days after an event told in words rather than as "day N" or "N days later": "the 12th day post-discharge",
"on the sixth day after", "a week and a half later", "two weeks after discharge" (helpers of reader.read_scenario)."""

from __future__ import annotations

import re

from bot.engine.lexicon import Lexicon
from bot.engine.timewords import TimePoint

DAYS_PER_WEEK = 7
# "the 12th day", "12th day", and "the 8 day" (an ordinal word the reading turned into its digits)
# ... but "the 2 day tcm call", "the 2 day contact": a bare number before "day" and a contact word names a rule's
# window (a visit keeps its day: "the 7 day visit" read as day 7 meets the same window)
_ORDINAL_DAY = re.compile(r"\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\s+(?:calendar\s+)?day\b"
                          r"|\bthe\s+(\d{1,2})\s+(?:calendar\s+)?day\b(?!\s+(?:tcm|call|calls|contact|window|rule|"
                          r"requirement|deadline|mark|limit|interactive|period|phone)\b)")
# "on the 12th" (of a month not named): a day of the month, as day N
_MONTH_DAY = re.compile(r"\bon\s+the\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:calendar\s+)?(?:day|week|month|visit))")
_WORD_DAY = re.compile(r"\b(?:the\s+)?([a-z]+)\s+(?:calendar\s+)?day\b")
_WEEKS = re.compile(r"(?<![\w.])(a|an|one|\d{1,2}(?:\.5)?)\s+(?:weeks?|wks?)(\s+and\s+a\s+half)?\s+(?:later|after|post|following)\b")
_HALF_WEEKS = re.compile(r"(?<![\w.])(?:a|one|1)\s+(?:and\s+a\s+)?half\s+weeks?\s+(?:later|after|post|following)\b")


def day_points(text: str, lex: Lexicon, taken: list[TimePoint]) -> list[TimePoint]:
    """Ordinal days ("the 12th day") as day N, and weeks later ("a week and a half later") as an offset in days
    (a half week counted down to whole days); words an earlier reading already took are left to it."""
    starts = {p.at for p in taken}
    out = []
    for m in _MONTH_DAY.finditer(text) if "on the" in text else ():
        if 1 <= int(m.group(1)) <= 31:
            out.append(TimePoint("day_n", int(m.group(1)), m.group(0), m.start()))
    if "day" not in text and "week" not in text and "wk" not in text:  # the word every other pattern here ends on
        return [p for p in out if not any(p.at <= at < p.at + len(p.words) for at in starts)]
    for m in _ORDINAL_DAY.finditer(text):
        out.append(TimePoint("day_n", int(m.group(1) or m.group(2)), m.group(0), m.start()))
    for m in _WORD_DAY.finditer(text):
        if m.group(1) in lex.day_ordinals:
            out.append(TimePoint("day_n", lex.day_ordinals[m.group(1)], m.group(0), m.start()))
    for m in _WEEKS.finditer(text):
        weeks = 1.0 if not m.group(1)[0].isdigit() else float(m.group(1))
        days = int((weeks + (0.5 if m.group(2) else 0)) * DAYS_PER_WEEK)
        out.append(TimePoint("offset", days, _offset_words(m), m.start()))
    for m in _HALF_WEEKS.finditer(text):
        out.append(TimePoint("offset", int(1.5 * DAYS_PER_WEEK), _offset_words(m), m.start()))
    return [p for p in out if not any(p.at <= at < p.at + len(p.words) for at in starts)]


def _offset_words(m: re.Match) -> str:
    """The offset's words without the anchor word after them ("a week and a half", not "... after"): events read an
    anchor from the word that follows an offset."""
    return m.group(0).rsplit(" ", 1)[0]
