"""Claim rules answered before the general stages, each for one shape of question and None for any other: the
three-year new-or-established rule, a joint injection's line, Medicare's own codes for a service others bill by CPT, and
who bills a split or shared facility visit, a non-Medicare preventive physical by the patient's age, and a therapy evaluation's level by its components."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.answer import Answer
    from bot.engine.handlers import Context


def early_answer(ctx: Context) -> Answer | None:
    """The first of the early claim rules that answers the question, or None."""
    from bot.engine import eval_levels, joint_claim, medicare_codes, patient_status, preventive_age, split_shared  # noqa: PLC0415

    for route in (preventive_age.preventive_answer, eval_levels.eval_level_answer, patient_status.answer, joint_claim.joint_answer, medicare_codes.medicare_answer,
                  split_shared.split_shared_answer):
        if (answered := route(ctx)) is not None:
            return answered
    return None
