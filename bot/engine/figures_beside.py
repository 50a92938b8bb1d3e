"""A code's own rule asked beside the figures that decide what to bill ("the device code twice for two devices? both sent
readings on 22 days"): the rule, with the lines the figures earn, so no stated figure is left unused."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.answer import Answer
    from bot.engine.handlers import Context


def rule_with_lines(ctx: Context, answer: Answer, codes: list[str]) -> Answer:
    """The rule answer with billing lines added when the question states minutes or data days and they bill
    something; else the rule answer unchanged."""
    from bot.engine.bill_handler import bill_answer, billable_families  # noqa: PLC0415 (only for such questions)

    q = ctx.q
    if answer.pair is None or answer.pair.allowed is None or (q.minutes is None and q.days is None):
        return answer
    if codes and not billable_families(ctx, codes):
        return answer
    lines = bill_answer(ctx, codes, pair=answer.pair)
    if lines.billing is None or not lines.billing.lines:
        return answer
    return dataclasses.replace(lines, intent="pair")
