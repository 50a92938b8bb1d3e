"""A family's codes listed with the ladder the question's stated facts pick first ("an e-consult where the specialist
only sends back a written report": the written-only code leads the family's list)."""

from __future__ import annotations

from bot.engine import criteria
from bot.engine.tracks import counted_by, pick_track
from bot.kb.records import Code


def fact_led(ctx, family_id: str, codes: list[Code]) -> list[Code]:
    """The codes, those of the ladder a hint, the worker, a stated criterion or the device kind picks (never a
    default) first."""
    kb, q = ctx.kb, ctx.q
    sc = q.scenario
    if sc is None or q.changes:
        return codes
    led: list[str] = []
    for basis in dict.fromkeys(t.basis for t in kb.family_tracks(family_id) if t.basis in ("minutes", "days")):
        choice = pick_track(kb, family_id, basis, [], q.text, q.variant, sc)
        if choice.track is not None and (choice.by_facts or (q.variant and choice.track.variant == q.variant)):
            led += [c for c in choice.track.codes if c not in led]
            sc.use(*(f for r in criteria.check_all(kb.meta, sc, choice.track.requires) for f in r.facts),
                   *(f for f in sc.of("performer") if f.value in counted_by(kb, choice.track)))
    return sorted(codes, key=lambda c: c.code not in led) if led else codes
