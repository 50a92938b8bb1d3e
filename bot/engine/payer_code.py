"""A code the payer the question names does not accept, asked about beside that payer ("is the CPT code ok for
Medicare, or do they want their own?"): the payer's own code leads the answer and the code asked stays beside it."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from bot.answer import Answer
from bot.engine import facts, handlers, office_pairs
from bot.engine.office_read import read_claim_terms

if TYPE_CHECKING:
    from bot.engine.handlers import Context


def payer_led(ctx: Context, code: str) -> Answer | None:
    """The define answer for the named payer's own code in place of `code`; None when no payer is named or the payer
    has no single code of its own for it."""
    terms = read_claim_terms(ctx.q.text, ctx.kb, ctx.raw_text)
    if terms.payer is None:  # no payer named: the code asked is the subject, with the default payer's note
        return None
    alternatives = office_pairs.payer_alternatives(ctx, [code], terms)
    if len(alternatives) != 1 or len(alternatives[0][1]) != 1:
        return None
    own = alternatives[0][1][0]
    answer = office_pairs.with_payer_notes(ctx, handlers.define(ctx, own), [code], terms)
    asked = facts.code_fact(ctx.kb, ctx.kb.codes[code], ctx.year)
    return dataclasses.replace(answer, codes=[*answer.codes, asked])
