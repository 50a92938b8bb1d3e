"""A visit's relationship add-on (a code whose rule needs a non-episodic visit) added to an office visit's bill when
the question names it or tells a continuing care relationship ("she is his ongoing primary care doctor"); not when a
modifier-25 day is told (that rule is the pair answer's) unless another line of the day lifts it (a wellness visit from
2025), nor when the visit is told as episodic."""

from __future__ import annotations

import dataclasses

from bot.answer import Billing, BillingLine
from bot.engine.phrases import PhraseSet, tokens
from bot.kb.store import KnowledgeBase


def _words(kb: KnowledgeBase) -> tuple[PhraseSet, PhraseSet]:
    cached = kb.cache.get("relationship_addon_words")
    if cached is None:
        voc = kb.vocabulary.get("continuing_relationship") or {}
        cached = kb.cache.setdefault("relationship_addon_words", (
            PhraseSet(voc.get("told") or []), PhraseSet(voc.get("blocked") or [])))
    return cached


def _lifted(kb: KnowledgeBase, add_on: str, billing: Billing) -> bool:
    """Whether another line of the day lifts the modifier-25 block on the add-on: a pair rule of the add-on with that
    line's code or family allows both, in effect in the bill's year (an AWV or a vaccine's administration from 2025)."""
    from bot.engine.pairs import explicit_verdict  # noqa: PLC0415

    year = int(billing.inputs.get("year") or 0) if billing.inputs else 0
    for line in billing.lines:
        rule = next((r for r in kb.pairs if r.left == add_on and r.right in (line.code, kb.family_of(line.code))), None)
        found = explicit_verdict(kb, add_on, line.code) if rule is not None else None
        if found is not None and found.verdict.allowed and (rule.effective_year or 0) <= year:
            return True
    return False


def with_relationship_addon(kb: KnowledgeBase, billing: Billing, low: str, named: list[str], sc=None) -> Billing:
    """The bill with the relationship add-on line when it is named or the relationship is told; else unchanged."""
    from bot.engine.cmsask import modifiers_named  # noqa: PLC0415

    told, blocked = _words(kb)
    words = tokens(low)
    base = {line.code for line in billing.lines}
    on_line = set(modifiers_named(low)) & {str(m) for m in
                                           (kb.vocabulary.get("continuing_relationship") or {}).get("blocked_modifiers", [])}
    if not base or (sc is not None and sc.flag("episodic")):
        return billing
    for code in kb.codes.values():
        if code.rule.basis != "none" or code.rule.requires.get("episodic") is not False or not base & set(code.add_on_to):
            continue
        if (on_line or blocked.any(words)) and not _lifted(kb, code.code, billing):
            continue
        if code.code in base or not (code.code in named or told.any(words)):
            continue
        why = "named in the question" if code.code in named else "a continuing care relationship is told"
        line = BillingLine(code=code.code, units=1, title=code.title)
        return dataclasses.replace(billing, lines=[*billing.lines, line], trace=[
            *billing.trace, f"{code.code} x1: added to the visit ({why}); it pays for the ongoing relationship, "
            "not time, and is not paid on a visit billed with modifier 25 beside a procedure."])
    return billing
