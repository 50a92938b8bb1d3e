"""The modifier a story points to when the question asks "which modifier?" without naming one, for modifiers whose
use is told by the case (a visit in a surgery's global period): every group of the modifier's words must occur, and
none of its `none` words. Words are in vocabulary.yaml story_claim_modifiers."""

from __future__ import annotations

from bot.engine.phrases import PhraseSet, tokens
from bot.kb.store import KnowledgeBase


def _groups(kb: KnowledgeBase) -> list[tuple[str, list[PhraseSet], PhraseSet]]:
    cached = kb.cache.get("story_claim_modifier_words")
    if cached is None:
        voc = kb.vocabulary.get("story_claim_modifiers", {}) or {}
        spec = {str(m): (v if isinstance(v, dict) else {"all": v}) for m, v in voc.items()}
        cached = kb.cache.setdefault("story_claim_modifier_words", [
            (m, [PhraseSet(g) for g in v.get("all") or []], PhraseSet(v.get("none") or [])) for m, v in spec.items()
            if m in kb.modifiers])
    return cached


def told(kb: KnowledgeBase, low: str, asks: bool) -> list[str]:
    """The one modifier whose every word group the story holds, when modifiers are asked; else none."""
    if not asks:
        return []
    words = tokens(low)
    found = [m for m, groups, none in _groups(kb) if groups and all(g.any(words) for g in groups) and not none.any(words)]
    return found if len(found) == 1 else []


def instead(kb: KnowledgeBase, low: str, named: list[str]) -> list[str]:
    """The one modifier named, after the one the story points to when a rule of theirs says one is not the other's
    ("put 25 on the visit that decided on tomorrow's hip replacement?": 57, then 25); else the named ones."""
    story = told(kb, low, True) if len(named) == 1 else []
    if not story or story[0] in named:
        return named
    first, other = kb.modifiers[story[0]], kb.modifiers[named[0]]
    linked = any(r.target == other.code and r.kind == "not_with" for r in first.links) or \
        any(r.target == first.code and r.kind == "not_with" for r in other.links)
    return [first.code, *named] if linked else named
