"""Data days told for several 30-day periods ("2/1-3/2 17 days, 3/3-4/1 13 days"): each period is its own billing
unit (a device supply code is billed once per 30-day period), so each period's days climb the ladder on their own."""

from __future__ import annotations

import dataclasses
import re

from bot.engine.data_days import MORE_DAYS, one_period
from bot.engine.scenario import Fact

# a date range standing right before a day figure ("2/1-3/2 17 days", "3/3 to 4/1: 13 days"): the figure's period
_RANGE_BEFORE = re.compile(r"(\d{1,2}/\d{1,2})\s*(?:-|\u2013|to|through|thru)\s*(\d{1,2}/\d{1,2})\s*[:=,]?\s*(?:(?:had|has|with|saw|got)\s+)?$")
_LOOKBACK = 30  # characters: a range, its joiner and a colon or a verb ("had")


def spans_before(text: str, facts: list[Fact]) -> list[Fact]:
    """The day facts with each data-days figure tied to the date range right before it, when every data-days figure
    has one (a list told as "range figure, range figure"); otherwise the facts as read."""
    data = [f for f in facts if f.role == "data"]
    if len(data) < 2:
        return facts
    found = {f.at: _RANGE_BEFORE.search(text[max(0, f.at - _LOOKBACK):f.at]) for f in data}
    if not all(found.values()):
        return facts
    return [dataclasses.replace(f, when=f"{found[f.at].group(1)}-{found[f.at].group(2)}") if f.at in found else f
            for f in facts]


def day_periods(facts: list[Fact], month_names: dict[str, int]) -> list[tuple[str, int]]:
    """The data days per 30-day period when the counts are told for periods that cannot be one ("2/1-3/2 17 days,
    3/3-4/1 13 days"); [] when they are one period's (summed or the first count, see data_days.period_days)."""
    if len(facts) < 2 or any(MORE_DAYS.search(f.words) for f in facts[1:]):
        return []
    whens = [f.when for f in facts]
    if not all(whens) or len(set(whens)) < len(whens) or one_period(whens, month_names):
        return []
    if not all(one_period([w], month_names) for w in whens):
        return []  # a period told longer than 30 days is no single billing period: read as told
    return [(w, f.value) for w, f in zip(whens, facts)]


_SENTENCE = re.compile(r"[.;!?](?:\s|$)")
_ANY_RANGE = re.compile(r"\d{1,2}/\d{1,2}\s*(?:-|\u2013|to|through|thru)\s*\d{1,2}/\d{1,2}")
_MONTH_RANGE = re.compile(r"(\d{1,2})/0?1\s*(?:-|\u2013|to|through|thru)\s*(\d{1,2})/(28|29|30|31)")


def _whole_month(span: str) -> bool:
    """Whether a date range is one calendar month ("3/1-3/31")."""
    m = _MONTH_RANGE.fullmatch(span.strip())
    return m is not None and m.group(1) == m.group(2)


def _calendar_month(text: str, fact: Fact, month_names: dict[str, int]) -> bool:
    """Whether a data-days figure is told for a calendar month ("13 days in March", "the June view (6/1-6/30) lists
    12 days": the range nearest before it in its sentence is a whole month)."""
    when = (fact.when or "").lower()
    start = max((m.end() for m in _SENTENCE.finditer(text, 0, fact.at)), default=0)
    last = [m.group(0) for m in _ANY_RANGE.finditer(text, start, fact.at)][-1:]  # the range nearest before it
    return when in month_names or _whole_month(when) or any(_whole_month(r) for r in last)


def device_period_over_month(text: str, facts: list[Fact], lengths: set[int], month_names: dict[str, int]) -> list[Fact]:
    """"The report counts March and shows 13 days, but in her first 30 days she sent 17": a device code counts the
    days of its 30-day period, so beside a figure told in a sentence naming that period (a bare period length before
    it) the figures told for a calendar month are only context (role `month`)."""
    data = [f for f in facts if f.role == "data"]
    periods = [f for f in facts if f.role == "period" and f.value in lengths]
    told = [f for f in data if not _calendar_month(text, f, month_names) and any(
        p.at < f.at and not _SENTENCE.search(text, p.at, f.at) for p in periods)]
    if not told or not any(_calendar_month(text, f, month_names) for f in data):
        return facts
    return [dataclasses.replace(f, role="month") if f in data and _calendar_month(text, f, month_names) else f for f in facts]
