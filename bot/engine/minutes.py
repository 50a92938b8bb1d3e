"""Minutes per billing period: which stated minutes add up, within which window, and what was assumed."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from bot.engine.inside_total import less_inside
from bot.engine.recurring import repeat_note
from bot.engine.scenario import Fact, Scenario
from bot.engine.patterns import lazy

ADDING = ("spent", "additional", "base", "call", "almost", "range")


@dataclass(slots=True)
class PeriodMinutes:
    """The minutes that count in one billing period, the facts they came from and any other reading."""

    label: str  # "" for the only period, else the month or the days it covers ("january", "monday-wednesday")
    minutes: int
    facts: list[Fact] = field(default_factory=list)
    other: int | None = None  # the total under the other reading (a call's minutes on top, not inside)
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class MinutesReading:
    """How the question's minutes fall into periods; `below` holds "we did not reach N" when nothing else is given."""

    periods: list[PeriodMinutes] = field(default_factory=list)
    below: Fact | None = None


def read_minutes(sc: Scenario, period: str | None, period_days: dict[str, int], months: dict[str, int],
                 weekdays: dict[str, int], only: set[str] | None = None, family: str | None = None,
                 code_family: dict[str, str] | None = None, skip_at: set[int] | None = None) -> MinutesReading:
    """Group the counted minutes into the rule's periods (calendar months never pool; N-day windows pool within N
    days) and total each; `only` keeps minutes of those performers (and minutes of no stated performer), `family`
    minutes tied to that family or to none (not "30 min of CCM" on an RPM bill); `skip_at` minutes this rule never counts."""
    stated = [f for f in sc.of("minutes") if f.role in ADDING + ("total", "part", "elsewhere")]
    counted = [f for f in stated if f.at not in (skip_at or ())]
    if only is not None:
        counted = [f for f in counted if not f.who or f.who in only]
    if family is not None:
        counted = [f for f in counted if f.role == "elsewhere" or of_family(f, family, code_family or {})]
    # minutes that do not count here: before consent, billed on their own, or another performer's or family's
    kept = {id(f) for f in counted}
    off_facts = [f for f in sc.of("minutes") if f.role in ("uncounted", "apart")] \
        + [f for f in stated if f.role in ADDING and id(f) not in kept]
    off = sum(f.value for f in off_facts)
    if off:  # "30 before consent ... another 70. Total 100", "MA 10 + dr 4, total 14": the asker's total holds them
        spent = sum(f.value for f in counted if f.role in ADDING)
        counted = [f for f in counted if not (f.role == "total" and f.value == spent + off)]
    # "45 minutes including the 12-minute onboarding": a part that does not count comes off the figure holding it
    counted = less_inside(sc.text, counted, off_facts + [f for f in stated if f.role == "part" and id(f) not in kept])
    if not counted:
        below = [f for f in sc.of("minutes", "below")]
        return MinutesReading(below=below[-1] if below else None)
    notes: list[str] = []
    if period == "calendar_month":
        counted, apart = _month_sums_apart(counted, months)
        counted, notes = _across_months(counted, months)
        notes[:0] = apart
        groups = _by_month(counted, months)
    else:
        groups = _by_days(counted, period_days.get(period or "", 0))
    reading = MinutesReading(periods=[_total(label, facts) for label, facts in groups])
    for p in reading.periods[:1]:
        p.notes[:0] = notes
    return reading


def _across_months(facts: list[Fact], months: dict[str, int]) -> tuple[list[Fact], list[str]]:
    """Minutes told for dates that run into another calendar month ("20 min from 3/17 to 4/16") cannot be one month's:
    beside minutes told for a month they are left out; alone they are counted in the month they start, and said."""
    across = [f for f in facts if "-" in f.when and len({_month_word(w, months) for w in f.when.split("-")}) > 1]
    if not across:
        return facts, []
    rest = [f for f in facts if f not in across]
    said = ", ".join(f"'{f.words}' ({f.when})" for f in across)
    if rest:
        return rest, [f"Not counted: {said} runs across two calendar months; minutes never carry from one month to the "
                      "next, so only the minutes told for one month count."]
    start = _month_word(across[0].when.split("-")[0], months)
    return ([dataclasses.replace(f, when=start) for f in across],
            [f"Assumed all of {said} fell in {start.capitalize()}; minutes never carry across calendar months, so if "
             "some fell in the next month, each month is counted on its own."])


def _month_sums_apart(facts: list[Fact], months: dict[str, int]) -> tuple[list[Fact], list[str]]:
    """"12 in January and 10 in February, that's 22 total": a total that sums minutes told for two calendar months
    is the asker's arithmetic, not one month's time (months never pool), so it is left out."""
    told = [f for f in facts if f.role in ADDING and _month_word(f.when, months)]
    if len({_month_word(f.when, months) for f in told}) < 2:
        return facts, []
    whole = sum(f.value for f in told)
    sums = [f for f in facts if f.role == "total" and f.value == whole]
    # "12 min in Jan and 15 in Feb: can we bill 99490 for 27 minutes in February?": a later figure told for one of
    # those months, no one's, that sums the ones before it is the asker's arithmetic too
    months_told = {_month_word(t.when, months) for t in told}
    sums += [f for f in told if not f.who and _month_word(f.when, months) in months_told and
             len({_month_word(t.when, months) for t in told if t.at < f.at}) >= 2 and
             f.value == sum(t.value for t in told if t.at < f.at)]
    return [f for f in facts if f not in sums], [f"Not counted as one month's time: '{f.words}' adds minutes of two "
                                                 "calendar months, and minutes never carry from one month to the next."
                                                 for f in sums[:1]]


def of_family(f: Fact, family: str, code_family: dict[str, str]) -> bool:
    """Whether minutes may count for a family: tied to it, to one of its codes, or to nothing."""
    return (not f.family or f.family == family) and (not f.code or code_family.get(f.code, family) == family)


def _by_month(facts: list[Fact], months: dict[str, int]) -> list[tuple[str, list[Fact]]]:
    """Minutes in different calendar months never add; minutes with no month join the month before them."""
    groups: dict[str, list[Fact]] = {}
    current = next((_month_word(f.when, months) for f in facts if _month_word(f.when, months)), "")
    for f in facts:
        if _month_word(f.when, months):
            current = _month_word(f.when, months)
        groups.setdefault(current, []).append(f)
    if len(groups) == 1:
        return [("", facts)] if not current else [(current, facts)]
    return list(groups.items())


_DATE = lazy(r"(\d{1,2})/\d{1,2}(?:/\d{2,4})?")


def _month_word(when: str, months: dict[str, int]) -> str:
    """The month a time point names: a month word, or the month of a date ("5/30" is May)."""
    if when in months:  # "feb" and "2/10" are one month: its full name
        return max((w for w, n in months.items() if n == months[when]), key=len) if months[when] > 0 else when
    if "-" in when:  # a range of dates ("3/18-3/31") is its month when both ends are in it
        ends = {_month_word(part, months) for part in when.split("-")}
        return ends.pop() if len(ends) == 1 else ""
    m = _DATE().fullmatch(when or "")
    head = (when or "").split(" ")[0]  # "jan 20": a date told with the month's name
    number = int(m.group(1)) if m else months.get(head, 0) if " " in (when or "") else 0
    if number < 1:  # no calendar month (the relative months, "this month", hold no number)
        return ""
    names = [w for w, n in months.items() if n == number]
    return max(names, key=len) if names else ""  # the month's full name ("may", "june", not "jun")


def _by_days(facts: list[Fact], window: int) -> list[tuple[str, list[Fact]]]:
    """Minutes on stated days pool while they fall within `window` days of the first day of their period (a 1-day
    window pools one day); weekdays run forward ("Friday ... Monday" is three days on)."""
    if not window or not any(f.day is not None for f in facts):
        return [("", facts)]
    groups: list[tuple[str, list[Fact]]] = []
    first = last = None
    for f in facts:
        if f.day is not None:
            day = f.day
            while last is not None and day < last:
                day += 7
            last = day
            if first is None and groups:  # minutes told before any day join the first dated period
                first = day
                groups[-1] = (f.when, groups[-1][1])
            elif first is None or day - first >= window:
                first = day
                groups.append((f.when, []))
            elif f.when not in groups[-1][0].split("-"):
                groups[-1] = (groups[-1][0] + "-" + f.when, groups[-1][1])
        if not groups:
            groups.append(("", []))
        groups[-1][1].append(f)
    return groups if len(groups) > 1 else [("", groups[0][1])]


def _total(label: str, facts: list[Fact]) -> PeriodMinutes:
    """A stated total wins; otherwise spent, additional and base minutes add, and a call's minutes sit inside the
    rest unless nothing else was spent (the other reading, a call on top, is kept)."""
    elsewhere = [f for f in facts if f.role == "elsewhere"]
    if elsewhere:
        reading = _total(label, [f for f in facts if f.role != "elsewhere"])
        off = sum(f.value for f in elsewhere)
        reading.minutes = max(0, reading.minutes - off)
        reading.other = None if reading.other is None else max(0, reading.other - off)
        reading.notes.append(f"Left out {off} minutes counted toward another service ('{elsewhere[0].words}'): "
                             "the same minute never counts toward two services.")
        reading.facts = facts
        return reading
    totals = [f for f in facts if f.role == "total"]
    if totals:
        return PeriodMinutes(label, totals[-1].value, facts)
    calls = [f for f in facts if f.role == "call"]
    rest = [f for f in facts if f.role in ("spent", "additional", "base", "almost", "range")]
    rest, notes = _window_ranges(rest)
    minutes = sum(f.value for f in rest) - sum(1 for f in rest if f.role == "almost")
    notes += [f"Counted '{f.words}' as {f.value - 1} minutes (it stays under {f.value})." for f in rest if f.role == "almost"]
    notes += [f"Counted '{f.words}' as {f.value} minutes, the low end of the range." for f in rest if f.role == "range"]
    notes += [note for f in rest if (note := repeat_note(f))]
    # "a 10-minute call and 15 minutes of review": both add; a call longer than the rest, or told for another day
    # ("Monday (8 min talk) ... Thursday (9 min)"), cannot sit inside it
    apart = any(c.day is not None and all(f.day is not None and f.day != c.day for f in rest) for c in calls)
    if not rest or apart or any(f.role == "additional" for f in rest) or any(f.value > minutes for f in calls):
        return PeriodMinutes(label, minutes + sum(f.value for f in calls), facts, notes=notes)
    other = minutes + sum(f.value for f in calls) if calls else None
    if calls:
        said = " and the ".join(f"{f.value}-minute call" for f in calls)
        notes.append(f"I counted the {said} as part of the {minutes} minutes (not on top of them).")
    return PeriodMinutes(label, minutes, facts, other=other, notes=notes)


def _window_ranges(rest: list[Fact]) -> tuple[list[Fact], list[str]]:
    """The minutes to add without any range told beside a single figure of time spent ("the old table says 40-59 min
    = A + B; this month 45 min"): such a range is a code's time window, not more time."""
    ranges = [f for f in rest if f.role == "range"]
    if not ranges or len(ranges) == len(rest):
        return rest, []
    return [f for f in rest if f.role != "range"], [f"Not counted: '{f.words}' reads as a code's time window beside "
                                                  "the time actually spent, not as more time." for f in ranges]
