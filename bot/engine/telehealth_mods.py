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
