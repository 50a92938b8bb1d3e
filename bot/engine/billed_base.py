"""A base code billed already with more minutes told after it ("the staff CCM code went out for March; later the RN did
another 25 minutes"): the base code's own minutes come first, so the further minutes reach its add-on."""

from __future__ import annotations

from bot.engine.billed_first_month import later_after_billed_first
from bot.engine.patterns import lazy
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
    for fact in sc.of("code", "billed") + [f for f in sc.of("code", "asked") if _on_top_of(sc.text, f, minutes)]:
        code = kb.codes.get(str(fact.value))
        if code is None or code.family != family or code.add_on_to:
            continue
        rule = kb.rule_for(code, year)
        base = rule.unit_minutes or rule.min_minutes
        if rule.basis == "minutes" and base:
            sc.add(Fact("minutes", int(base), fact.words, fact.at, role="base", code=code.code, family=family))
            return


_BEYOND = lazy(r"\b(?:on top of|beyond|past|over and above|in addition to|above|after)\s+(?:the\s+|our\s+|a\s+)?$")
_THEN = lazy(r"^\s*(?:,\s*)?(?:plus|and then|then|and|\+|with)\s+(?:we did\s+|did\s+|an?\s+|another\s+)?")


def _on_top_of(text: str, code: Fact, minutes: list[Fact]) -> bool:
    """"the extra 30 min on top of the later-month code", "the base code and then an additional 20 minutes": the
    further minutes come after the asked code's own."""
    before = text[max(0, code.at - 30):code.at].lower()
    after = text[code.at + len(code.words):min(f.at for f in minutes)] if any(f.at > code.at for f in minutes) else ""
    return bool(_BEYOND().search(before)) or (bool(after) and len(after) < 40 and bool(_THEN().match(after.lower())))
