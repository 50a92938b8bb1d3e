"""When the next yearly wellness visit is due: the story dates the last one ("last AWV was January 12th 2026") and
the visit asked about ("here today, December 4 2026"); the subsequent visit is paid only once the full months the
rule names have passed after the month of the last one (meta.yaml wellness_visit.later_interval)."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from bot.engine.patterns import lazy

if TYPE_CHECKING:
    from bot.engine.handlers import Context

_NAMED = lazy(r"\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(20[0-4]\d)\b")
_NUMERIC = lazy(r"\b(\d{1,2})/(\d{1,2})/(20[0-4]\d)\b")
_TODAY = re.compile(r"\btoday\b")
_REACH = 40  # characters after a last-visit word within which its date stands ("last AWV was January 12th 2026")


def _dates(ctx: Context, low: str) -> list[tuple[int, dt.date]]:
    """(where it stands, the date) of every full date the text writes."""
    months = {str(k): int(v) for k, v in (ctx.kb.vocabulary.get("months") or {}).items()}
    found = [(m.start(), (int(m.group(3)), months[m.group(1)], int(m.group(2)))) for m in _NAMED().finditer(low)
             if m.group(1) in months]
    found += [(m.start(), (int(m.group(3)), int(m.group(1)), int(m.group(2)))) for m in _NUMERIC().finditer(low)]
    out = []
    for at, (y, mo, d) in found:
        try:
            out.append((at, dt.date(y, mo, d)))
        except ValueError:
            continue
    return sorted(out)


def _last_visit(ctx: Context, low: str, dates: list[tuple[int, dt.date]],
                keys: tuple[str, ...]) -> tuple[int, dt.date] | None:
    """The date told right after a last-visit word of `keys` (a wellness visit told as had: "had his subsequent AWV
    on January 20"; the Welcome visit: "had her Welcome to Medicare visit on March 10"), or None."""
    vocab = ctx.kb.vocabulary.get("wellness_visit") or {}
    words = [str(w).lower() for k in keys for w in vocab.get(k) or []]
    spots = [m.end() for w in words for m in re.finditer(rf"\b{re.escape(w)}\b", low)]
    return next(((at, d) for at, d in dates if any(0 <= at - s <= _REACH for s in spots)), None)


def too_soon(ctx: Context, low: str, spec: dict, code: str) -> str | None:
    """Why the annual wellness visit `code` is not yet billable on the visit's date (too soon after the last one, or
    after the Welcome visit), or None (due, or dates untold)."""
    first = code == str(spec["first"])
    if code not in (str(spec["later"]), str(spec["first"])):
        return None
    rule = spec.get("first_interval" if first else "later_interval") or {}
    dates = _dates(ctx, low)
    last = _last_visit(ctx, low, dates, ("welcome_had",) if first else ("last_visit", "had_any"))
    if not rule or last is None:
        return None
    later = [d for at, d in dates if at != last[0] and d > last[1]]
    seen = max(later) if later else (dt.date.today() if _TODAY.search(low) else None)
    if seen is None:
        return None
    months = int(rule["full_months"])
    month = last[1].month + months + 1  # the first day after the full months that follow the last visit's month
    due = dt.date(last[1].year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    if seen >= due:
        return None
    ctx.source_ids.append(str(rule["source"]))
    return str(rule["note"]).format(code=code, last=last[1].isoformat(), months=months,
                                    seen=seen.isoformat(), due=due.isoformat())


_MONTH_DAY = lazy(r"\b(1[0-2]|0?[1-9])/(3[01]|[12]\d|0?[1-9])\b(?!/)")  # "today 12/4": the visit's day, year untold


def part_b_months(ctx: Context, low: str) -> int | None:
    """Full months from the Part B start date the story writes ("Part B started 5/1/2026") to the visit's date (a
    later full date, or a month/day after it in the same or the next year); None when either is untold."""
    words = [str(w).lower() for w in (ctx.kb.vocabulary.get("wellness_visit") or {}).get("part_b_start") or []]
    spots = [m.end() for w in words for m in re.finditer(rf"\b{re.escape(w)}\b", low)]
    dates = _dates(ctx, low)
    start = next(((at, d) for at, d in dates if any(0 <= at - s <= _REACH for s in spots)), None)
    if start is None:
        return None
    seen = next((d for at, d in dates if at > start[0] and d > start[1]), None)
    if seen is None:
        days = [(int(m.group(1)), int(m.group(2))) for m in _MONTH_DAY().finditer(low) if m.start() > start[0] + 10]
        if not days:
            return None
        year = start[1].year + (days[0] < (start[1].month, start[1].day))
        seen = dt.date(year, *days[0]) if days[0][1] <= 28 or days[0][0] != 2 else dt.date(year, 3, 1)
    return (seen.year - start[1].year) * 12 + seen.month - start[1].month - (seen.day < start[1].day)
