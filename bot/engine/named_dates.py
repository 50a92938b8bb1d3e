"""A calendar date written with the month's name ("June 2", "Dec 18th", "on the 12th of March" is not read): the
same point as "6/2", so a discharge, a visit or a call told that way is dated like one told in figures."""

from __future__ import annotations

from bot.engine.lexicon import Tok
from bot.engine.patterns import lazy

_DAY = lazy(r"(\d{1,2})(?:st|nd|rd|th)?")
# what may follow the day number of a date: an end of clause, a year, or a word that is not a unit of time or count
_NOT_A_DATE_AFTER = lazy(r"\s*(?:[-\u2013/]|to\b|through\b|thru\b|\d|(?:minutes?|mins?|min|m|hours?|hrs?|h|days?|"
                         r"units?|calls?|times|readings?|visits?|sessions?|patients?|%)\b)")
_SINGULAR_COUNTS = {"call", "visit", "session", "reading", "unit", "patient"}


def month_day(text: str, toks: list[Tok], i: int, month: int) -> int | None:
    """The date (month * 100 + day) when the month at word i is followed by a day of the month; None otherwise
    ("in March 14 min" gives March its minutes, "jan 16-31" is a span, "April 2026" a year)."""
    if i + 1 >= len(toks):
        return None
    nxt = toks[i + 1]
    m = _DAY().fullmatch(nxt.word)
    if m is None or text[toks[i].end:nxt.start].strip(" .") != "" or not 1 <= int(m.group(1)) <= 31:
        return None
    after = _NOT_A_DATE_AFTER().match(text, nxt.end)
    # "in March 3 calls" counts calls; "Mar 30 call with her" dates one (a count above one takes the plural)
    if after and not (int(m.group(1)) > 1 and after.group().strip() in _SINGULAR_COUNTS):
        return None
    return month * 100 + int(m.group(1))


_YEAR_AFTER_MONTH = lazy(r"\b([a-z]{3,9})\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(20[1-3]\d)\b")


def service_year(text: str, months: dict[str, int], service: tuple[str, int] | None, years: list[str]) -> int | None:
    """The year the question is about: the one told with the month of the service's figure (its minutes' month, or a
    month-and-year in the figure's own sentence before it: "in March 2026 the meter sent 9 days", though "started in
    November 2025" comes first), else the first year named. `service` is (the figure's month word, where it stands)."""
    month, at = service or ("", -1)
    low = text.lower()
    for m in _YEAR_AFTER_MONTH().finditer(low):
        if m.group(1) not in months:
            continue
        if months.get(month) == months[m.group(1)] or (not month and m.end() <= at and "." not in low[m.end():at]):
            return int(m.group(2))
    return int(years[0]) if years else None
