"""The telehealth modifier a visit answer carries when the question asks "which modifier?" without naming one: the
modality the story tells (audio only, or audio and video). Words are in vocabulary.yaml telehealth_claim_modifiers."""

from __future__ import annotations

from bot.engine.phrases import PhraseSet, tokens
from bot.kb.store import KnowledgeBase


def _words(kb: KnowledgeBase) -> list[tuple[str, PhraseSet]]:
    cached = kb.cache.get("telehealth_claim_modifier_words")
    if cached is None:
        voc = kb.vocabulary.get("telehealth_claim_modifiers", {}) or {}
        cached = kb.cache.setdefault("telehealth_claim_modifier_words",
                                     [(str(m), PhraseSet(w)) for m, w in voc.items() if str(m) in kb.modifiers])
    return cached


def modality(kb: KnowledgeBase, low: str, asks: bool, named: list[str]) -> list[str]:
    """The one telehealth modifier the story's modality points to, when modifiers are asked and none is named."""
    if not asks or named:
        return []
    words = tokens(low)
    return next(([m] for m, phrases in _words(kb) if phrases.any(words)), [])


def with_visit_line(ctx, answer, target: str):
    """A visit code asked "which modifier?" with the modality told ("a level 3, by phone only, at home"): the answer with
    the visit's line, its telehealth modifier and place in the trace; unchanged otherwise."""
    import dataclasses  # noqa: PLC0415

    from bot.answer import Billing, BillingLine  # noqa: PLC0415

    kb, low = ctx.kb, (ctx.raw_text or ctx.q.text).lower()
    track, spec = kb.track_by_code.get(target), kb.meta.get("telemed_visit") or {}
    mods = modality(kb, low, True, [])
    if answer.billing is not None or track is None or track.role != "visit" or track.basis != "minutes" or not mods \
            or kb.codes[target].family != spec.get("office_family"):
        return answer
    home = PhraseSet((kb.vocabulary.get("telemed_visit") or {}).get("home") or []).any(tokens(low))
    place = spec["home_place"] if home else f"{spec['home_place']} (patient at home) or {spec['other_place']}"
    code = kb.codes[target]
    billing = Billing(inputs={"family": code.family, "year": ctx.year}, lines=[
        BillingLine(code=target, units=1, title=code.title)], trace=[
        f"{target} x1 with modifier {mods[0]} (the modality told) and POS {place}."])
    return dataclasses.replace(answer, billing=billing)
