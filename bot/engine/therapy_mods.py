"""The modifiers a therapy units answer carries when the question asks for them ("modifiers?") or names an assistant
(a PTA's lines take CQ, an OTA's CO): the plan of care's discipline modifier (GP, GO, GN) and the assistant's one.
Words are in vocabulary.yaml therapy_claim_modifiers; what each modifier means and limits is in modifiers.yaml."""

from __future__ import annotations

import re

from bot.engine.phrases import PhraseSet, tokens
from bot.kb.store import KnowledgeBase


def _words(kb: KnowledgeBase) -> tuple[dict[str, PhraseSet], dict[str, PhraseSet], dict[str, str]]:
    cached = kb.cache.get("therapy_claim_modifier_words")
    if cached is None:
        voc = kb.vocabulary.get("therapy_claim_modifiers", {})
        cached = kb.cache.setdefault("therapy_claim_modifier_words", (
            {m: PhraseSet(w) for m, w in voc.get("discipline", {}).items()},
            {m: PhraseSet(w) for m, w in voc.get("assistant", {}).items()},
            {str(k): str(v) for k, v in voc.get("capitals", {}).items()}))
    return cached


def together(kb: KnowledgeBase, low: str) -> bool:
    """The therapist and the assistant worked the same minutes together (then the service is the therapist's)."""
    cached = kb.cache.get("therapy_together_words")
    if cached is None:
        voc = kb.vocabulary.get("therapy_claim_modifiers", {})
        cached = kb.cache.setdefault("therapy_together_words", PhraseSet(voc.get("together", [])))
    return cached.any(tokens(low))


def claim_modifiers(kb: KnowledgeBase, low: str, typed: str, asks: bool, named: list[str]) -> list[str]:
    """Modifier codes to add to a therapy units answer (none unless asked or an assistant is named)."""
    discipline, assistant, capitals = _words(kb)
    words = tokens(low)
    helpers = [] if together(kb, low) else [m for m, phrases in assistant.items()
                                            if phrases.any(words) and m in kb.modifiers]
    if not asks and not helpers and not together(kb, low):
        return []
    plans = [m for m, phrases in discipline.items() if phrases.any(words)]
    plans += [m for word, m in capitals.items() if re.search(rf"\b{word}\b", typed)]
    plans = [m for m in dict.fromkeys(plans) if m in kb.modifiers] or [m for m in discipline if m in kb.modifiers]
    return [m for m in dict.fromkeys(plans + helpers) if m not in named]
