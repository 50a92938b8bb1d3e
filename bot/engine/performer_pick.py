""""Our OT reviewed the video she sent and called back: A or B?": two codes of one family that differ only by who
performs them, after a story of who did the work; the worker told picks the code, a case to bill, not a comparison."""

from __future__ import annotations

from dataclasses import replace

from bot.answer import Answer
from bot.engine.handlers import Context
from bot.engine.scenario import Scenario
from bot.kb.store import KnowledgeBase


def performer_picks(kb: KnowledgeBase, sc: Scenario | None, codes: list[str]) -> list[str]:
    """The asked codes whose ladders count the worker the story tells did the work, when the others' do not (else [])."""
    from bot.engine.tracks import counted_by, workers
    if sc is None or len(codes) < 2 or len({kb.codes[c].family for c in codes if c in kb.codes}) != 1:
        return []
    doers = [f for f in sc.of("performer") if not f.negated and not f.role]  # who did it, not who is asked to bill
    told = [f for f in sc.of("event") if f.role in ("contact", "visit")]
    if not doers or not told or any(f.role in ("biller", "bills") for f in sc.of("performer")):
        return []
    who = set(workers(sc, "none", kb.meta.get("performer_counts_as") or {}))
    tracks = [kb.track_by_code.get(c) for c in codes]
    if not who or any(t is None or not t.performed_by for t in tracks):
        return []
    picked = [c for c, t in zip(codes, tracks) if who <= counted_by(kb, t)]
    return picked if 0 < len(picked) < len(codes) else []


def performer_bill(ctx: Context, codes: list[str]) -> Answer | None:
    """The bill answer for the one asked code the told worker's ladder counts, when its own criteria give its line."""
    from bot.engine.bill_handler import criteria_answer  # noqa: PLC0415  (the criteria ladder's own verdict)
    picked = performer_picks(ctx.kb, ctx.q.scenario, codes)
    track = ctx.kb.track_by_code.get(picked[0]) if len(picked) == 1 else None
    if track is None or track.basis != "none":
        return None
    told = criteria_answer(replace(ctx, q=replace(ctx.q, intent="bill")), track.family, track, picked)
    return told if told.status == "answered" and told.billing is not None and any(
        l.code == picked[0] for l in told.billing.lines) else None
