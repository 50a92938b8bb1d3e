"""Two practitioners in one question, each with their own minutes and their own ladder of one family ("the consultant
spent 12 minutes, our PCP 20 minutes preparing the request: what does each of them bill?"): each side's lines, when
the question asks for each of them (vocabulary each_side); otherwise the other side's minutes stay "not counted"."""

from __future__ import annotations

import dataclasses

from bot.engine.billing import BillRequest, BillResult, bill
from bot.engine.phrases import PhraseSet, tokens
from bot.engine.tracks import counted_by, requires_met
from bot.kb.store import KnowledgeBase


def bill_each_side(kb: KnowledgeBase, req: BillRequest) -> BillResult:
    """The lines for the request, and for each other performer whose minutes another ladder of the family counts."""
    first = bill(kb, req)
    sc = req.scenario
    if sc is None or not first.billing.lines or not _asks_each(kb, req.text):
        return first
    billed = {l.code for l in first.billing.lines}
    tracks = kb.family_tracks(req.family)
    mine = [t for t in tracks if billed & set(t.codes)]
    if not mine:
        return first
    counted = set().union(*(counted_by(kb, t) for t in mine))
    out = first
    left = [f for f in sc.of("minutes") if f.who and f.who not in counted]
    for role in dict.fromkeys(t.role for t in tracks if t.role != mine[0].role and t.basis == "minutes"):
        ladders = [t for t in tracks if t.role == role and t.basis == "minutes"]
        # of the role's ladders, one that counts the other side's worker ("our LCSW's referral time": the ladder for
        # practitioners who cannot bill E/M, not the physician's)
        track = _fitting(kb, [t for t in ladders if any(f.who in counted_by(kb, t) for f in left)] or ladders, sc)
        theirs = [f for f in left if track is not None and f.who in counted_by(kb, track)]
        if not theirs:
            continue
        side = bill(kb, dataclasses.replace(req, codes=[track.codes[0]], minutes=sum(f.value for f in theirs)))
        if not side.billing.lines or set(l.code for l in side.billing.lines) & billed:
            continue
        out = _joined(kb, out, side, track.label, [f.words for f in theirs])
    return out


def _fitting(kb: KnowledgeBase, tracks: list, sc):
    """Of one role's ladders, the one the stated facts meet ("written only": the written-report ladder), else the
    first the facts do not rule out."""
    ok = [(t, requires_met(kb, t, sc)) for t in tracks]
    return next((t for t, met in ok if met), None) or next((t for t, met in ok if met is None), None)


def _asks_each(kb: KnowledgeBase, text: str) -> bool:
    cached = kb.cache.get("each_side_words")
    if cached is None:
        cached = kb.cache.setdefault("each_side_words", PhraseSet(kb.vocabulary.get("each_side") or []))
    return cached.any(tokens(text.lower()))


def _joined(kb: KnowledgeBase, first: BillResult, side: BillResult, label: str, words: list[str]) -> BillResult:
    """One Billing with both sides' lines; the other side's minutes are no longer "not counted"."""
    a, b = first.billing, side.billing
    trace = [t for t in a.trace if not any(t.startswith(f"Not counted: '{w}'") for w in words)]
    trace += [f"{label}: {t}" for t in b.trace]
    note = (f"Each practitioner bills their own side: the lines for {label.lower()} ("
            f"{', '.join(l.code for l in b.lines)}) go on that practitioner's claim.")
    lines = [*a.lines, *b.lines]
    total = round(sum(l.amount for l in lines), 2) if all(l.amount is not None for l in lines) else None
    billing = dataclasses.replace(a, lines=lines, trace=trace, assumptions=[*a.assumptions, note], total_amount=total)
    return BillResult(billing, [*first.contested, *side.contested], [*first.source_ids, *side.source_ids],
                      first.below, first.weighed)
