"""An add-on billed by criteria beside the base code the same facts earn ("diabetes, CHF and CKD, a QMB; her first
month of collaborative care: which APCM code and which add-on?"): the base level goes on the claim with it."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from bot.answer import BillingLine
from bot.engine import criteria
from bot.engine.asking import ask_kind

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
    named = [c for c in track.codes if c in q.codes] if track is not None else []
    # "we bill G0557 ... the full claim?", "what do we bill besides G0557?": the named base goes on the claim too
    whole = _whole_claim(q.scenario, kb.vocabulary.get("whole_claim") or []) or ask_kind(q) == "bill"
    if track is None or (named and not whole):
        return answer
    told = []
    for code in (kb.codes[c] for c in named or track.codes if kb.exists_in(kb.codes[c], ctx.year)):
        checks = criteria.check_all(kb.meta, q.scenario, kb.rule_for(code, ctx.year).requires)
        # a named base ("we bill G0557 ... the full claim?") goes on it unless a stated fact fails its rule
        fits = (c.met is not False if named else c.met is True and c.facts and not c.assumed for c in checks)
        if checks and all(fits):
            told.append(code)
    if len(told) != 1 or any(ln.code == told[0].code for ln in bill.lines):
        return answer
    code = told[0]
    pay = code.payment if ctx.year == kb.default_year else None
    line = BillingLine(code=code.code, units=1, title=code.title, amount=pay.amount if pay else None)
    amounts = [ln.amount for ln in [line, *bill.lines]]
    total = sum(a for a in amounts if a is not None) if all(a is not None for a in amounts) else None
    why = f"{code.code}: the base level the add-on goes with, {'as you bill it' if named else 'met by the facts told'}."
    billing = dataclasses.replace(bill, lines=[line, *bill.lines], trace=[why, *bill.trace], total_amount=total)
    return dataclasses.replace(answer, billing=billing)


def _whole_claim(sc, cues: list[str]) -> bool:
    """Whether the question asks for every line of the claim (vocabulary whole_claim)."""
    return any(sc.says(c) for c in cues)
