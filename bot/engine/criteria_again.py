"""A criteria-ladder code told as billed already for an earlier event whose period a later event falls inside ("we
billed the TCM code for the 6/1 discharge; readmitted, discharged again 6/18: TCM again?"): not billed again, since
its rule allows it once per period (CPT: no second TCM for a discharge within the 30 days)."""

from __future__ import annotations

from bot.engine.daycount import days_between
from bot.engine.scenario import Scenario
from bot.kb.records import Track
from bot.kb.store import KnowledgeBase

_STARTS = {"tcm_30_day": "discharge"}  # the event that opens each period a ladder's rule counts once


def billed_in_period(kb: KnowledgeBase, sc: Scenario | None, track: Track, year: int) -> str:
    """The trace line that rules the ladder out for a later event inside a billed code's period; "" when none."""
    if sc is None:
        return ""
    for fact in sc.of("code", "billed"):
        code = str(fact.value)
        if code not in track.codes or code not in kb.codes:
            continue
        period = kb.rule_for(kb.codes[code], year).once_per or ""
        days = int((kb.meta.get("period_days") or {}).get(period, 0))
        events = sorted({f.day: f for f in sc.of("event", _STARTS.get(period, "")) if f.day is not None}.values(),
                        key=lambda f: f.at)
        if not days or len(events) < 2:
            continue
        gap = days_between(events[0], events[-1])
        if gap is not None and 0 <= gap < days:
            sc.use(fact, events[0], events[-1])
            name = str((kb.meta.get("periods") or {}).get(period, period))
            return (f"Not billed again: {code} is billed already for the {events[0].when} {events[0].words}, and "
                    f"the {events[-1].when} {events[-1].words} falls {gap} days later, inside its {name}; one "
                    f"{kb.codes[code].family} code is reported once per period, and no second one for a later event within it.")
    return ""
