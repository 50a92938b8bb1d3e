"""A visit code told as done ("we booked her the next morning and did a (visit code)") in a question whose minutes
belong to another, timed service it cues ("Do we bill the check-in too?") is the visit's code: context for that
service's rules (a check-in that leads to a visit), not the ladder the minutes climb."""

from __future__ import annotations

import dataclasses

from bot.engine.plain_visit import name_plain_visit
from bot.engine.scenario import Scenario


def billed_visits_as_context(sc: Scenario, code_family: dict[str, str], meta: dict) -> None:
    """Give billed visit-family codes the role `context` when no code is asked and another family is cued or named
    beside minutes (visit families: meta separately_billed_time.visit_families)."""
    name_plain_visit(sc, code_family, meta)  # "is (a check-in code) billable along with the visit?"
    visit_families = set((meta.get("separately_billed_time") or {}).get("visit_families") or [])
    if not visit_families or not sc.of("minutes") or sc.codes("asked"):
        return
    others = {str(f.value) for f in sc.of("family") if f.role in ("cue", "named") and not f.negated} - visit_families
    billed = [f for f in sc.of("code", "billed") if code_family.get(f.value) in visit_families]
    if not others or not billed:
        return
    sc.facts = [dataclasses.replace(f, role="context") if f in billed else f for f in sc.facts]
