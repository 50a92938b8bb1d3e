"""What changed in a year across every family ("what changed in 2026?")."""

from __future__ import annotations

from bot.answer import Answer
from bot.engine import facts
from bot.engine.handlers import Context, finish


def all_changes(ctx: Context) -> Answer:
    """What changed in the year across every family, and the codes that took effect that year."""
    kb = ctx.kb
    fams = [f for f in kb.families.values() if any(ch.year == ctx.year for ch in f.changes)]
    changes = [f"{f.id}: {ch.text}" for f in fams for ch in f.changes if ch.year == ctx.year]
    ctx.source_ids += [ch.source for f in fams for ch in f.changes if ch.year == ctx.year]
    new = [c for c in kb.codes.values() if c.effective_year == ctx.year]
    return finish(ctx, status="answered", intent="family", changes=changes, families=[f.id for f in fams],
                   codes=[facts.code_fact(kb, c, ctx.year) for c in new])
