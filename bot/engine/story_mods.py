"""The modifier a story points to when the question asks "which modifier?" without naming one, for modifiers whose
use is told by the case (a visit in a surgery's global period): every group of the modifier's words must occur.
Words are in vocabulary.yaml story_claim_modifiers."""

from __future__ import annotations

from bot.engine.phrases import PhraseSet, tokens
from bot.kb.store import KnowledgeBase


def _groups(kb: KnowledgeBase) -> list[tuple[str, list[PhraseSet]]]:
    cached = kb.cache.get("story_claim_modifier_words")
    if cached is None:
        voc = kb.vocabulary.get("story_claim_modifiers", {}) or {}
        cached = kb.cache.setdefault("story_claim_modifier_words", [
            (str(m), [PhraseSet(g) for g in groups]) for m, groups in voc.items() if str(m) in kb.modifiers])
    return cached


def told(kb: KnowledgeBase, low: str, asks: bool) -> list[str]:
    """The one modifier whose every word group the story holds, when modifiers are asked; else none."""
    if not asks:
        return []
    words = tokens(low)
    found = [m for m, groups in _groups(kb) if groups and all(g.any(words) for g in groups)]
    return found if len(found) == 1 else []
