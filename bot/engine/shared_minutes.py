"""One span of time counted toward two services ("can those same 20 minutes count toward both?"): two time-based
services that may go together do so only with their own minutes, so for the shared minutes the verdict is no
(rule: knowledge/meta.yaml shared_minutes; cue words: vocabulary shared_minutes)."""

from __future__ import annotations

import dataclasses
import re

from bot.engine.pairs import PairResult
from bot.engine.phrases import PhraseSet, tokens
from bot.kb.store import KnowledgeBase


def _cues(kb: KnowledgeBase) -> tuple[PhraseSet, PhraseSet, PhraseSet]:
    """The vocabulary's `same`, `time` and `both` phrase sets, compiled once."""
    cached = kb.cache.get("shared_minutes_cues")
    if cached is None:
        voc = kb.vocabulary.get("shared_minutes") or {}
        cached = kb.cache["shared_minutes_cues"] = tuple(PhraseSet(voc.get(k) or []) for k in ("same", "time", "both"))
    return cached


def counts_time_twice(kb: KnowledgeBase, text: str) -> bool:
    """Whether the question counts the same minutes (or the same call) toward two services."""
    same, time, both = _cues(kb)
    words = tokens(text.lower())
    if any(not _negated(kb, words, i, reach=4) for i, _p in both.find(words)):
        return True  # "as long as the minutes aren't double counted", "nothing counted twice": a condition met, no ask
    return any(_time_after(time, words, i + len(p.split())) and not _negated(kb, words, i) and not _not_counted(kb, words, i)
               for i, p in same.find(words))


_COUNT_VERBS = {"count", "counting", "use", "using", "apply", "applying", "log", "logging", "bill", "billing", "put"}


def _not_counted(kb: KnowledgeBase, words: list[str], i: int) -> bool:
    """"we don't count the same minutes twice": a negated count verb before the same time, a condition met."""
    k = i - 1 if i and words[i - 1] in ("the", "those", "these") else i
    return k >= 2 and words[k - 1] in _COUNT_VERBS and _negated(kb, words, k - 1, reach=1)


def _time_after(time: PhraseSet, words: list[str], k: int) -> bool:
    """A time word at word k, or after a number there ("the same 20 minutes"), not after other words ("same PCP,
    separate time logs")."""
    while k < len(words) and words[k].isdigit():
        k += 1
    return any(i == 0 for i, _p in time.find(words[k:k + 2]))


def _negated(kb: KnowledgeBase, words: list[str], i: int, reach: int = 2) -> bool:
    """"Not the same minutes", "never the same call", "aren't double counted": the time is said not to be shared."""
    negators = {str(n).lower() for n in (kb.vocabulary.get("interactive") or {}).get("negators") or []}
    negators |= _NOT_SHARED
    return any(w in negators for w in words[max(0, i - reach):i])


_NOT_SHARED = {"aren't", "arent", "isn't", "isnt", "wasn't", "weren't", "nothing", "without", "avoid", "avoiding",
               "never", "no", "not", "don't", "dont"}  # "nothing counted twice", "without double counting"


def _timed(kb: KnowledgeBase, side: str) -> bool:
    """A code earned by minutes, or a family with such a code."""
    codes = [kb.codes[side]] if side in kb.codes else kb.codes_by_family.get(side, [])
    return any(c.rule.basis == "minutes" or (c.rule.basis == "units" and c.rule.timed) for c in codes)  # timed therapy units


_BILL_ASK = re.compile(r"\b(?:bill|billed|billing|code|codes|claim)\b", re.I)


def pair_asked_first(kb: KnowledgeBase, text: str) -> bool:
    """"CCM and RPM same month? and can the call count toward both": the pair asked as a question of its own before
    the shared minutes are, so the pair's verdict answers and the shared minutes are its caveat."""
    head, mark, rest = text.partition("?")
    asking = re.split(r"[.!\n]", head)[-1]  # "Bill X + Y right?" asks a bill, not the pair: its lines answer
    return bool(mark) and not _BILL_ASK.search(asking) and not counts_time_twice(kb, head) and counts_time_twice(kb, rest)


def for_shared_minutes(kb: KnowledgeBase, result: PairResult, pair_first: bool = False) -> PairResult:
    """An allowed pair of two time-based services, asked about for the same minutes: not for those minutes (with
    `pair_first`, the pair stays allowed and the one-count rule is its caveat)."""
    v = result.verdict
    rule = (kb.meta or {}).get("shared_minutes") or {}
    if v.allowed is not True or not rule or not (_timed(kb, v.left) and _timed(kb, v.right)):
        return result
    reason = (f"{v.left} and {v.right} may be billed for one patient in the same period, but {rule['note']} "
              f"Count each minute once: bill the one these minutes belong to, and the other only with its own time.")
    sources = list(dict.fromkeys(v.source_ids + [rule["source"]]))
    if pair_first:
        return dataclasses.replace(result, verdict=dataclasses.replace(v, reason=reason, source_ids=sources))
    return dataclasses.replace(result, verdict=dataclasses.replace(v, allowed=False, reason=reason, source_ids=sources,
                                                                    about="the same minutes counted toward both"))
