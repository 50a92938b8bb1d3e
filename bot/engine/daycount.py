"""Days between two events of a question: calendar days and business days (Monday to Friday, holidays skipped when
the dates are known), from dates, weekdays (resolved against a date when the other event has one), "day N" and
offsets ("5 days later", "1 business day after discharge")."""

from __future__ import annotations

import datetime
import re

from bot.engine.scenario import Fact

DEFAULT_YEAR = 2026  # dates without a year: only the days between them matter (and the holidays of that year)
BUSINESS_DAYS_PER_WEEK = 5
YEAR_TURN_MONTHS = 6  # a later event dated this many months before an earlier one falls in the next year
_ORDINAL = re.compile(r"(?:on\s+)?(?:the\s+)?\d{1,2}(?:st|nd|rd|th)")  # "on the 4th": a day of the month, not "day 4"
_FROM_START = ("day_n", "offset", "within")  # counted from the first event already


def to_date(mmdd: int, year: int = DEFAULT_YEAR) -> datetime.date:
    """A month*100+day value as a date (an impossible day falls back to the 28th)."""
    month, day = divmod(mmdd, 100)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return datetime.date(year, month, 28)


def _dates(a: Fact, b: Fact) -> tuple[datetime.date, datetime.date] | None:
    """Both events as dates: a weekday beside a date is its nearest such day after (or, for the first event,
    before) the other one ("discharged Monday 9/14, reached Thursday" is 9/17)."""
    if a.value == b.value == "date":
        start, end = to_date(int(a.day)), to_date(int(b.day))
        if end < start and start.month - end.month >= YEAR_TURN_MONTHS:  # "discharged 12/29, seen 1/6": the new year
            end = to_date(int(b.day), start.year + 1)
        return start, end
    if a.value == "date" and b.value == "weekday":
        start = to_date(int(a.day))
        ahead = (int(b.day) % 7 - start.weekday()) % 7 or 7
        return start, start + datetime.timedelta(days=ahead + 7 * (int(b.day) >= 7))
    if a.value == "weekday" and b.value == "date":
        end = to_date(int(b.day))
        back = (end.weekday() - int(a.day) % 7) % 7 or 7
        return end - datetime.timedelta(days=back), end
    return None


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WHEN_DATE = re.compile(r"(\d{1,2})/(\d{1,2})|([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?|on the (\d{1,2})(?:st|nd|rd|th)")
NOMINAL_MONTH = 1  # "on the 2nd ... on the 12th": days of one month not named, counted in a 31-day month


def _when_mmdd(when: str) -> int | None:
    """A fact's when ("3/5", "may 5", "on the 12th") as month*100+day; None if it is no date."""
    m = _WHEN_DATE.fullmatch(when or "")
    if not m:
        return None
    month = int(m.group(1)) if m.group(1) else _MONTHS.index(m.group(3)) + 1 if m.group(3) in _MONTHS else \
        NOMINAL_MONTH if m.group(5) else 0
    day = int(m.group(2) or m.group(4) or m.group(5))
    return month * 100 + day if 1 <= month <= 12 and 1 <= day <= 31 else None


def minutes_date(sc) -> Fact | None:
    """The date the service's minutes were told with ("3/5 ... NP spends 8 min", "on May 5 ... 12 minutes"), as a
    dated event; None if none."""
    for f in sc.of("minutes"):
        mmdd = _when_mmdd(f.when)
        if mmdd:
            return Fact("event", "date", f.words, f.at, role="contact", when=f.when, day=mmdd)
    return _date_before_visit(sc)




def _date_before_visit(sc) -> Fact | None:
    """The service's date told away from its minutes ("spent 12 minutes answering messages on 2/3-2/4, then she came in
    on 2/6", "messaged Nov 3-5 ... came in Nov 8"): the first date written before the first dated visit is the service's start."""
    visit = min((f for f in sc.of("event", "visit") if f.value == "date" and not f.negated), key=lambda f: f.at, default=None)
    if visit is None or not sc.of("minutes"):
        return None
    for m in _ANY_DATE.finditer(sc.text.lower(), 0, visit.at):  # "2/3" or "Nov 3" ("portal Nov 3-5, then seen Nov 8")
        mmdd = _when_mmdd(m.group())
        if mmdd and mmdd // 100:
            return Fact("event", "date", m.group(), m.start(), role="contact", when=m.group(), day=mmdd)
    return None


_ANY_DATE = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}(?![\d/])|\b[a-z]{3}[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?!\d)")


def month_dated(visit: Fact, dated: Fact | None) -> Fact:
    """A visit "on the 2nd" beside a service "on the 12th" (days of one month not named) as a date of that month."""
    if visit.value != "day_n" or dated is None or not dated.when.startswith("on the ") or \
            not (visit.when or "").startswith("on the "):
        return visit
    mmdd = _when_mmdd(visit.when)
    return Fact(visit.kind, "date", visit.words, visit.at, visit.role, visit.who, visit.when, mmdd, visit.negated) \
        if mmdd else visit


def days_between(a: Fact | None, b: Fact | None) -> int | None:
    """Calendar days from event a to event b, from weekdays, dates, "day N" or an offset; None if unknown."""
    if b is None or b.day is None:
        return None
    if b.value == "day_n" and a is not None and a.value == "day_n" and a.day is not None and 0 < int(a.day) <= int(b.day) \
            and all(_ORDINAL.fullmatch(f.when.lower()) for f in (a, b)):
        return int(b.day) - int(a.day)  # "discharged on the 3rd, called on the 4th": both days of one month
    if b.value in _FROM_START:
        return int(b.day)
    if b.value == "relative":  # "the next day": from the event before it ("discharged yesterday, called today")
        return int(b.day) - int(a.day) if a is not None and a.value == "relative" and a.day is not None \
            else int(b.day) if int(b.day) > 0 else None
    if a is None or a.day is None:
        return None
    if a.value == b.value == "weekday":
        if int(b.day) >= 7 > int(a.day) >= 0:  # "Friday next week": the week-on shift the weekday carries
            return int(b.day) - int(a.day)
        return (int(b.day) - int(a.day)) % 7 or 7
    dates = _dates(a, b)
    return (dates[1] - dates[0]).days if dates else None


def business_days_between(a: Fact | None, b: Fact | None, holidays: frozenset[str] = frozenset()) -> int | None:
    """Business days after event a up to event b (weekends, and holidays when the dates are known, skipped)."""
    if b is not None and b.value in ("within_business", "offset_business") and b.day is not None:
        return int(b.day)
    if b is None or b.day is None:
        return None
    if b.value in ("day_n", "offset", "relative"):
        return days_between(a, b)
    if a is None or a.day is None:
        return None
    if a.value == b.value == "weekday":
        total = days_between(a, b) or 0
        return sum(1 for k in range(1, total + 1) if (int(a.day) + k) % 7 < BUSINESS_DAYS_PER_WEEK)
    dates = _dates(a, b)
    if dates is None:
        return None
    start, end = dates
    days = (start + datetime.timedelta(days=k) for k in range(1, (end - start).days + 1))
    return sum(1 for d in days if d.weekday() < BUSINESS_DAYS_PER_WEEK and d.isoformat() not in holidays)


def holidays_of(meta: dict) -> frozenset[str]:
    """The holidays business days skip (meta.yaml business_days.holidays, ISO dates)."""
    return frozenset(str(d) for d in ((meta.get("business_days") or {}).get("holidays") or []))


def holidays_between(a: Fact | None, b: Fact | None, holidays: frozenset[str]) -> list[str]:
    """The weekday holidays between two dated events (they do not count as business days)."""
    dates = _dates(a, b) if a is not None and b is not None and a.day is not None and b.day is not None else None
    if dates is None:
        return []
    start, end = dates
    days = (start + datetime.timedelta(days=k) for k in range(1, (end - start).days + 1))
    return [d.isoformat() for d in days if d.weekday() < BUSINESS_DAYS_PER_WEEK and d.isoformat() in holidays]
