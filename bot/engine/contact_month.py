"""Whether the calls a question dates all fell outside the one calendar month its minutes belong to ("24 min in
April; the only call was on March 30"): a call in another month does not meet this month's interaction."""

from __future__ import annotations

import re

from bot.engine.scenario import COUNTED_MINUTES, Fact, Scenario

_NUMERIC_MONTH = re.compile(r"(\d{1,2})/\d{1,2}\b")
_CONTACT_ROLES = ("contact", "visit")
_NEAR = 40  # characters after the call's words its own date stands within ("the only call was on March 30")
_RANGE_MARKS = ("-", "\u2013", "to", "through", "thru")  # "3/4-4/2", "Nov 3 - Dec 2": a period, not the call's day


def _month_number(when: str, months: dict[str, int]) -> int | None:
    """The calendar month a fact's time words name ("april", "march 30", "6/22"), or None."""
    low = when.strip().lower()
    head = low.split()[0] if low.split() else ""
    if head in months:
        return months[head]
    m = _NUMERIC_MONTH.fullmatch(low) or _NUMERIC_MONTH.match(low)
    return int(m.group(1)) if m and 1 <= int(m.group(1)) <= 12 else None


def _minutes_month(sc: Scenario, months: dict[str, int]) -> int | None:
    """The one month every counted minutes figure is tied to by name ("April management time was 24 min")."""
    spent = [f for f in sc.of("minutes") if f.role in COUNTED_MINUTES]
    found = {f.when.strip().lower() for f in spent}
    if not spent or len(found) != 1 or next(iter(found)) not in months:
        return None
    return months[next(iter(found))]


def _own_date(text: str, f: Fact) -> bool:
    """Whether the call's date follows its words in the same sentence and is no end of a date range."""
    after = f.at + len(f.words)
    found = text.find(f.when, after, after + _NEAR + len(f.when))
    if found < 0 or re.search(r"[.;!?()]", text[after:found]):
        return False
    before, rest = text[:found].rstrip().lower(), text[found + len(f.when):].lstrip().lower()
    last, first = (before.split() or [""])[-1], (rest.split() or [""])[0]
    return not any(last.endswith(m) if len(m) == 1 else last == m for m in _RANGE_MARKS) \
        and not any(first.startswith(m) if len(m) == 1 else first == m for m in _RANGE_MARKS)


def _contacts(sc: Scenario) -> list[Fact]:
    return [f for f in sc.of("event") if f.role in _CONTACT_ROLES and not f.negated]


def contact_in_month(sc: Scenario, interactive: bool | None, months: dict[str, int]) -> bool | None:
    """`interactive` as read, or False when every stated call is dated in a month other than the minutes' month."""
    if interactive is not True:
        return interactive
    month, contacts = _minutes_month(sc, months), _contacts(sc)
    if month is None or not contacts:
        return interactive
    dated = [_month_number(f.when, months) if _own_date(sc.text.lower(), f) else None for f in contacts]
    if None in dated or month in dated:
        return interactive
    return False
