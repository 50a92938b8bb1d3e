"""Timed-service units from minutes (Medicare's 8-minute rule and the per-code midpoint reading), from unit-rule data."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Service:
    """One service of the day: its code, minutes (timed codes) and whether minutes make its units."""

    code: str
    minutes: int | None
    timed: bool


@dataclass(slots=True)
class Allocation:
    """Units per code, the day's timed total, the minutes that earn nothing, and why."""

    lines: list[tuple[str, int]] = field(default_factory=list)
    timed_minutes: int = 0
    timed_units: int = 0
    unbilled: dict[str, int] = field(default_factory=dict)
    trace: list[str] = field(default_factory=list)

    @property
    def unbilled_minutes(self) -> int:
        """Return the timed minutes that earn no unit, all codes together."""
        return sum(self.unbilled.values())


def units_for(minutes: int, unit: int, first: int) -> int:
    """Units that `minutes` earn: none below `first`, then one more for each further `unit` minutes."""
    return 0 if minutes < first else 1 + (minutes - first) // unit


def unit_span(units: int, unit: int, first: int) -> tuple[int, int]:
    """The minutes that earn exactly `units` units (the CMS table row, computed)."""
    low = first + (units - 1) * unit
    return low, low + unit - 1


def _merge(services: list[Service]) -> list[Service]:
    """The same code named twice is one service with the minutes added."""
    merged: dict[str, Service] = {}
    for s in services:
        old = merged.get(s.code)
        if old is None:
            merged[s.code] = s
        elif s.timed:
            merged[s.code] = Service(s.code, (old.minutes or 0) + (s.minutes or 0), True)
    return list(merged.values())


def _untimed(services: list[Service], out: Allocation) -> None:
    for s in services:
        if not s.timed:
            out.lines.append((s.code, 1))
            out.trace.append(f"{s.code}: untimed, 1 unit whatever its length; its minutes do not count toward the timed total.")


def allocate_total(services: list[Service], unit: int, first: int) -> Allocation:
    """Medicare's reading: units from the day's total timed minutes, full units to each code, the rest to the
    codes with the most minutes left over (ties to the code named first); untimed codes one unit each."""
    services = _merge(services)
    timed = [s for s in services if s.timed and (s.minutes or 0) > 0]
    out = Allocation(timed_minutes=sum(s.minutes or 0 for s in timed))
    out.timed_units = units_for(out.timed_minutes, unit, first)
    if timed:
        out.trace.append(_total_line(timed, out.timed_minutes, out.timed_units, unit, first))
    full = {s.code: (s.minutes or 0) // unit for s in timed}
    left = {s.code: (s.minutes or 0) - full[s.code] * unit for s in timed}
    for s in timed:
        out.trace.append(f"{s.code}: {s.minutes} minutes = {full[s.code]} full {unit}-minute unit(s), {left[s.code]} minutes left over.")
    remaining = out.timed_units - sum(full.values())
    ranked = sorted((s for s in timed if left[s.code] > 0), key=lambda s: -left[s.code])
    extra = {s.code for s in ranked[:max(0, remaining)]}
    if remaining > 0:
        out.trace.append(_remainder_line(ranked, extra, left, remaining))
    for s in timed:
        units = full[s.code] + (s.code in extra)
        if units:
            out.lines.append((s.code, units))
        if not units:  # minutes of a code that ends with no unit at all earn nothing
            out.unbilled[s.code] = s.minutes or 0
    _untimed(services, out)
    return out


def allocate_each(services: list[Service], unit: int, first: int) -> Allocation:
    """The per-code reading some payers use: each code's own minutes make its units (a unit from `first`)."""
    services = _merge(services)
    timed = [s for s in services if s.timed and (s.minutes or 0) > 0]
    out = Allocation(timed_minutes=sum(s.minutes or 0 for s in timed))
    for s in timed:
        units = units_for(s.minutes or 0, unit, first)
        out.timed_units += units
        if units:
            out.lines.append((s.code, units))
        covered = min(s.minutes or 0, units * unit)
        if (s.minutes or 0) > covered:
            out.unbilled[s.code] = (s.minutes or 0) - covered
        low, high = unit_span(max(units, 1), unit, first)
        span = f"{low}-{high} minutes earn {units}" if units else f"fewer than {first} minutes earn none"
        out.trace.append(f"{s.code}: {s.minutes} minutes on their own earn {units} unit(s) ({span}; "
                         f"{units + 1} need {unit_span(units + 1, unit, first)[0]}).")
    _untimed(services, out)
    return out


def _total_line(timed: list[Service], total: int, units: int, unit: int, first: int) -> str:
    parts = " + ".join(str(s.minutes) for s in timed)
    if units == 0:
        return f"Timed minutes: {parts} = {total}; fewer than {first} minutes in all earn no unit."
    low, high = unit_span(units, unit, first)
    return f"Timed minutes: {parts} = {total}; {low}-{high} minutes in all earn {units} unit(s) (8-minute rule table)."


def _remainder_line(ranked: list[Service], extra: set[str], left: dict[str, int], remaining: int) -> str:
    winners = [s for s in ranked if s.code in extra]
    losers = [s for s in ranked if s.code not in extra]
    won = ", ".join(f"{s.code} ({left[s.code]} min)" for s in winners)
    text = f"{remaining} more unit(s) go to the code(s) with the most minutes left over: {won}"
    if losers:
        text += "; not to " + ", ".join(f"{s.code} ({left[s.code]} min)" for s in losers)
        if winners and left[winners[-1].code] == left[losers[0].code]:
            text += f" (a tie: either may take it; given to {winners[-1].code}, named first)"
    return text + "."
