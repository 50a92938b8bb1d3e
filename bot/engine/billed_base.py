"""A base code billed already with more minutes told after it ("the staff CCM code went out for March; later the RN did
another 25 minutes"): the base code's own minutes come first, so the further minutes reach its add-on."""

from __future__ import annotations

from bot.engine.billed_first_month import later_after_billed_first
from bot.engine.scenario import Fact, Scenario
from bot.kb.store import KnowledgeBase


def add_billed_base(kb: KnowledgeBase, sc: Scenario | None, family: str, year: int) -> None:
    """When every stated figure is "another N minutes" and a timed base code of the family was billed already, add
    that code's minutes as the base the further minutes come on top of (and a first-month code billed in an earlier
    month makes this month a later one)."""
    later_after_billed_first(kb, sc)
    if sc is None:
        return
    minutes = [f for f in sc.of("minutes") if f.role in ("spent", "additional", "base", "total", "part", "call")]
    if not minutes or any(f.role != "additional" for f in minutes):
        return
    for fact in sc.of("code", "billed"):
        code = kb.codes.get(str(fact.value))
        if code is None or code.family != family or code.add_on_to:
            continue
        rule = kb.rule_for(code, year)
        base = rule.unit_minutes or rule.min_minutes
        if rule.basis == "minutes" and base:
            sc.add(Fact("minutes", int(base), fact.words, fact.at, role="base", code=code.code, family=family))
            return
