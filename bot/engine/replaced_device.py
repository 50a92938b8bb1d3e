"""A device replaced or added in an ongoing episode ("his cuff died and we shipped him a new one", "we just added a
pulse ox"): setup is reported once per episode of care, whatever the devices, so the new device's setup is no new one
(vocabulary device_replaced; a new episode told beside it, vocabulary new_episode, leaves setup billable)."""

from __future__ import annotations

from bot.engine.phrases import PhraseSet, tokens
from bot.engine.scenario import Scenario
from bot.kb.store import KnowledgeBase

_NEGATORS = {"not", "no", "without", "isn't", "never"}  # "not a new plan of care", "no replacement"


def replaced_device(kb: KnowledgeBase, sc: Scenario | None) -> str:
    """The words telling a device replaced or added in the episode, unless a new episode is told; "" when none."""
    if sc is None:
        return ""
    replaced, renewed = _phrases(kb)
    told = tokens(sc.text)
    if _said(renewed, told):
        return ""
    return _said(replaced, told)


def _said(phrases: PhraseSet, told: list[str]) -> str:
    """The first phrase said and not negated just before it ("no replacement"), or ""."""
    return next((phrase for i, phrase in phrases.find(told) if not _NEGATORS & set(told[max(0, i - 2):i])), "")


def _phrases(kb: KnowledgeBase) -> tuple[PhraseSet, PhraseSet]:
    """The replaced-device and new-episode phrases, read once."""
    found = kb.cache.get("replaced_device_words")
    if found is None:
        voc = kb.vocabulary
        found = kb.cache.setdefault("replaced_device_words", (PhraseSet(voc.get("device_replaced") or []),
                                                              PhraseSet(voc.get("new_episode") or [])))
    return found
