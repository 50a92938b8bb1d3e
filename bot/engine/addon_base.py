"""An add-on billed by criteria beside the base code the same facts earn ("diabetes, CHF and CKD, a QMB; her first
month of collaborative care: which APCM code and which add-on?"): the base level goes on the claim with it."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from bot.answer import BillingLine
from bot.engine import criteria

if TYPE_CHECKING:
    from bot.answer import Answer
    from bot.engine.handlers import Context


def with_base_line(ctx: Context, answer: Answer | None) -> Answer | None:
    """The add-on answer with the base ladder's one level whose every requirement the question states (none
    assumed) put first; unchanged when a base code is named, or no level is fully told."""
    kb, q = ctx.kb, ctx.q
    bill = answer.billing if answer is not None else None
    if bill is None or not bill.lines or q.scenario is None or len(answer.families) != 1:
        return answer
    track = next((t for t in kb.family_tracks(answer.families[0]) if t.basis == "none" and t.when not in ("explicit", "setup")
                  and t.role != "add_on" and all(c in kb.codes and kb.codes[c].rule.requires for c in t.codes)), None)
    if track is None or any(c in q.codes for c in track.codes):
        return answer
    told = []
    for code in (kb.codes[c] for c in track.codes if kb.exists_in(kb.codes[c], ctx.year)):
        checks = criteria.check_all(kb.meta, q.scenario, kb.rule_for(code, ctx.year).requires)
        if checks and all(c.met is True and c.facts and not c.assumed for c in checks):
            told.append(code)
    if len(told) != 1:
        return answer
    code = told[0]
    pay = code.payment if ctx.year == kb.default_year else None
    line = BillingLine(code=code.code, units=1, title=code.title, amount=pay.amount if pay else None)
    amounts = [ln.amount for ln in [line, *bill.lines]]
    total = sum(a for a in amounts if a is not None) if all(a is not None for a in amounts) else None
    why = f"{code.code}: the base level the add-on goes with, met by the facts told."
    billing = dataclasses.replace(bill, lines=[line, *bill.lines], trace=[why, *bill.trace], total_amount=total)
    return dataclasses.replace(answer, billing=billing)
