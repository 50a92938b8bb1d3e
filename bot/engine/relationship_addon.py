"""A visit's relationship add-on (a code whose rule needs a non-episodic visit) added to an office visit's bill when
the question names it or tells a continuing care relationship ("she is his ongoing primary care doctor"); not when a
modifier-25 day is told (that rule is the pair answer's) or the visit is told as episodic."""

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


def with_relationship_addon(kb: KnowledgeBase, billing: Billing, low: str, named: list[str], sc=None) -> Billing:
    """The bill with the relationship add-on line when it is named or the relationship is told; else unchanged."""
    from bot.engine.cmsask import modifiers_named  # noqa: PLC0415

    told, blocked = _words(kb)
    words = tokens(low)
    base = {line.code for line in billing.lines}
    on_line = set(modifiers_named(low)) & {str(m) for m in
                                           (kb.vocabulary.get("continuing_relationship") or {}).get("blocked_modifiers", [])}
    if not base or on_line or blocked.any(words) or (sc is not None and sc.flag("episodic")):
        return billing
    for code in kb.codes.values():
        if code.rule.basis != "none" or code.rule.requires.get("episodic") is not False or not base & set(code.add_on_to):
            continue
        if code.code in base or not (code.code in named or told.any(words)):
            continue
        why = "named in the question" if code.code in named else "a continuing care relationship is told"
        line = BillingLine(code=code.code, units=1, title=code.title)
        return dataclasses.replace(billing, lines=[*billing.lines, line], trace=[
            *billing.trace, f"{code.code} x1: added to the visit ({why}); it pays for the ongoing relationship, "
            "not time, and is not paid on a visit billed with modifier 25 beside a procedure."])
    return billing
