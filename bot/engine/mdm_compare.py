"""Two visit levels compared ("level 3 or 4?") where the story tells the medical decision making: the level the
story's MDM reaches leads, with how it was read (bot/engine/mdm_read.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.answer import Billing, BillingLine
from bot.engine.mdm_read import read_mdm_story

if TYPE_CHECKING:
    from bot.engine.handlers import Context


def story_first(ctx: Context, a: str, b: str) -> tuple[str, list[str]] | None:
    """The one of two same-ladder visit codes whose MDM level the story reaches, with the reading; else None."""
    kb = ctx.kb
    ca, cb = kb.codes.get(a), kb.codes.get(b)
    if ca is None or cb is None or ca.family != cb.family or not ca.rule.mdm or not cb.rule.mdm \
            or ctx.q.minutes is not None:
        return None
    story = read_mdm_story(kb, (ctx.raw_text or ctx.q.text).lower())
    if story is None:
        return None
    hit = [c.code for c in (ca, cb) if c.rule.mdm == story.level]
    return (hit[0], story.trace) if len(hit) == 1 else None


def story_billing(ctx: Context, code: str, trace: list[str]) -> Billing:
    """The visit level the story's MDM reaches, as the line to report (a "level 3 or 4?" asks what to bill)."""
    c = ctx.kb.codes[code]
    return Billing(inputs={"family": c.family, "year": ctx.year, "mdm": c.rule.mdm}, lines=[
        BillingLine(code=code, units=1, title=c.title)], trace=[*trace, f"{code}: {c.rule.mdm} medical decision "
                                                                  "making by the story's elements."])
