"""A split (or shared) visit: a physician and a non-physician practitioner each tell their own minutes of one E/M visit
in a facility setting ("hospital-based clinic: NP 22 minutes, the physician 13"). The times add up for the level (the
visit's time reader already sums them); this says who bills it and with which modifier (meta.yaml split_shared)."""

from __future__ import annotations

from bot.engine.phrases import PhraseSet, tokens
from bot.kb.store import KnowledgeBase

_NEGATORS = {"not", "no", "never", "isn't", "wasn't", "outside"}


def _sets(kb: KnowledgeBase) -> dict[str, PhraseSet]:
    cached = kb.cache.get("split_shared_words")
    if cached is None:
        voc = kb.vocabulary.get("split_shared") or {}
        sets = {k: PhraseSet(v) for k, v in voc.items() if isinstance(v, list)}
        sets["facility"] = PhraseSet([*(voc.get("setting") or []),
                                      *((kb.vocabulary.get("settings") or {}).get("facility") or [])])
        cached = kb.cache.setdefault("split_shared_words", sets)
    return cached


def _said(phrases: PhraseSet, words: list[str]) -> bool:
    """A phrase said and not denied just before it ("not our private office")."""
    return any(not _NEGATORS & set(words[max(0, i - 2):i]) for i, _p in phrases.find(words))


def facility_setting(kb: KnowledgeBase, low: str) -> bool:
    """Whether the visit is in a facility setting: a facility word said, and no office said (unless denied)."""
    sets, words = _sets(kb), tokens(low)
    return _said(sets["facility"], words) and not _said(sets["office"], words)


def split_notes(kb: KnowledgeBase, low: str) -> tuple[list[str], list[str]]:
    """(notes, source ids) for a split or shared visit told by each practitioner's minutes in a facility setting;
    nothing when the question tells one practitioner only, or an office."""
    from bot.engine.visit_time import practitioner_spans  # noqa: PLC0415

    spec = kb.meta.get("split_shared") or {}
    if not spec or not facility_setting(kb, low):
        return [], []
    sets, shares, told = _sets(kb), {"nonphysician": 0, "physician": 0}, []
    for clause, minutes in practitioner_spans(kb, low):
        words = tokens(clause)
        kind = "nonphysician" if sets["nonphysician"].any(words) else "physician" if sets["physician"].any(words) else ""
        if not kind:
            return [], []  # a practitioner the words do not place: no split told
        shares[kind] += minutes
        told.append(str(minutes))
    if not all(shares.values()):
        return [], []
    total, parts = sum(shares.values()), " + ".join(told)
    who = max(shares, key=shares.get)
    if 2 * shares[who] <= total:
        return [str(spec["even"]).format(parts=parts, total=total)], [str(spec["source"])]
    label = {"nonphysician": "non-physician practitioner (NP or PA)", "physician": "physician"}[who]
    paid = str(spec.get("nonphysician_paid", "")) if who == "nonphysician" else ""
    return [str(spec["note"]).format(parts=parts, total=total, who=label, most=shares[who], paid=paid)], \
        [str(spec["source"])]
