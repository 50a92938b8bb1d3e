"""A split (or shared) visit: a physician and a non-physician practitioner each tell their own minutes of one E/M visit
in a facility setting ("hospital-based clinic: NP 22 minutes, the physician 13"). Billed, the times add up for the
level (the visit's time reader already sums them) and `split_notes` says who bills it and with which modifier
(meta.yaml split_shared); asked only who bills it ("hospitalist + PA both saw the pt on the floor: PA 25 min, MD 15
min. who bills, and is there a modifier?"), `split_shared_answer` answers with the modifier (vocabulary.yaml
split_shared.who_bills)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.engine.patterns import lazy
from bot.engine.phrases import PhraseSet, tokens
from bot.kb.store import KnowledgeBase

if TYPE_CHECKING:
    from bot.answer import Answer
    from bot.engine.handlers import Context

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


_MINUTES = r"(\d{1,3})\s*(?:min(?:ute)?s?\b|m\b)"


def _words(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=64)
def _any_word(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"(?<![\w/-])(?:{_words(list(words))})(?![\w/-])", re.I)


def _told(text: str, words: list[str]) -> bool:
    return bool(words) and _any_word(tuple(words)).search(text) is not None


def _minutes_of(text: str, words: list[str], others: list[str]) -> int | None:
    """The minutes told after one of the words ("PA did 25 min", "the hospitalist saw her for 10 minutes"), before the
    other practitioner is named; else told just before it ("25 minutes by the PA")."""
    names, rivals = _words(words), _words(others)
    for m in re.finditer(rf"(?<![\w/-])(?:{names})(?![\w/-])", text, re.I):
        rest = text[m.end():m.end() + 80]
        stop = re.search(rf"(?<![\w/-])(?:{rivals})(?![\w/-])", rest, re.I)
        found = re.search(_MINUTES, rest[:stop.start()] if stop else rest, re.I)
        if found:
            return int(found.group(1))
    before = re.search(rf"{_MINUTES}\W+(?:\w+\W+){{0,2}}?(?:by|for|from)\s+(?:the\s+)?(?:{names})(?![\w/-])", text, re.I)
    return int(before.group(1)) if before else None


_QUESTION = lazy(r"\?")  # the who-bills words asked, not told ("the PA bills it, the MD co-signs.")
_SENTENCE = lazy(r"[^.?!\n]*\?")  # a sentence that asks ("...by time. Who bills it?")


def _asked(text: str) -> str:
    """The question's asking sentences only: "they chose the level by time." tells, it does not ask the level."""
    return " ".join(_SENTENCE().findall(text))


def split_shared_answer(ctx: Context) -> Answer | None:
    """Who bills the shared facility visit, and the modifier; None unless the question tells one and asks it."""
    from bot.engine.claimfacts import modifier_fact  # noqa: PLC0415
    from bot.engine.handlers import finish  # noqa: PLC0415

    kb, text = ctx.kb, ctx.raw_text or ctx.q.text
    data = (kb.vocabulary.get("split_shared") or {}).get("who_bills") or {}
    mod = kb.modifiers.get(str((kb.meta.get("split_shared") or {}).get("modifier") or ""))
    physician, npp = list(data.get("physician") or []), list(data.get("npp") or [])
    if mod is None or not (_told(text, physician) and _told(text, npp) and _told(text, list(data.get("setting") or []))
                           and _told(text, list(data.get("asks") or [])) and _QUESTION().search(text)) \
            or _told(_asked(text), list(data.get("level_asked") or [])):
        return None
    doc, other = _minutes_of(text, physician, npp), _minutes_of(text, npp, physician)
    if doc is None or other is None or doc == other:
        lead = [f"Whoever did more than half of the two practitioners' total time (or the substantive part of the medical "
                f"decision making) bills the visit, with {mod.code}."]
    else:
        total, biller = doc + other, ("the non-physician practitioner" if other > doc else "the physician")
        lead = [f"Total {total} minutes ({other} by the non-physician practitioner, {doc} by the physician): {biller} did "
                f"more than half ({max(doc, other)} of {total}), so {biller} bills the visit under their own NPI and adds "
                f"{mod.code}."]
    ctx.source_ids += list(mod.sources)
    return finish(ctx, status="answered", intent="define", codes=[modifier_fact(mod, ctx.year, lead)],
                  families=["modifier"], asked_label="who bills the split or shared visit")
