"""An add-on asked about for a second practitioner ("Dr. A bills APCM; can Dr. B at practice B bill the add-on?"):
the add-on goes only with its own biller's primary code (knowledge/meta.yaml `add_on_same_biller`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.answer import PairVerdict
from bot.engine import facts
from bot.engine.handlers import finish

if TYPE_CHECKING:
    from bot.answer import Answer
    from bot.engine.handlers import Context


def add_on_answers(ctx: Context, subjects: list[str]) -> Answer | None:
    """The other-biller verdict when it applies, else an add-on whose base program is left off, else the add-on
    ladder answer (bill_handler.add_on_answer) with its base line when the facts bill it."""
    from bot.engine.addon_base import with_base_line  # noqa: PLC0415
    from bot.engine.base_left_off import base_left_off_answer  # noqa: PLC0415
    from bot.engine.bill_handler import add_on_answer  # noqa: PLC0415

    from bot.engine.foreign_base import foreign_base_answer  # noqa: PLC0415
    from bot.engine.named_together import named_together  # noqa: PLC0415

    if (foreign := foreign_base_answer(ctx)) is not None:  # "G2211 on a hospital visit 99232?": not one of its bases
        return foreign
    if ctx.q.intent == "pair" and named_together(ctx.q.text, ctx.q.codes):
        return None  # "can we bill the add-on X with Y in the same month?": the pair's rule, not which add-on
    return (other_biller_add_on(ctx, subjects) or base_left_off_answer(ctx, subjects)
            or with_base_line(ctx, add_on_answer(ctx, subjects)))


def other_biller_add_on(ctx: Context, subjects: list[str]) -> Answer | None:
    """The one code asked is an add-on, the question says two practitioners or practices, and its primary code's
    family is named as someone's (not asked as a code): the add-on may not go on the other practitioner's primary."""
    kb, q = ctx.kb, ctx.q
    rule = kb.meta.get("add_on_same_biller")
    asked = [c for c in q.codes if c in kb.codes]
    add_ons = [c for c in asked if kb.codes[c].add_on_to]
    if not rule or not q.practices or len(add_ons) != 1:
        return None
    code = kb.codes[add_ons[0]]
    bases = [kb.codes[b] for b in code.add_on_to if b in kb.codes]
    base_families = {b.family for b in bases} - {code.family} or {b.family for b in bases}
    # "Dr. Moreno bills G0557 ... can the NP at another group bill G0570?": the primary told by code as billed
    billed = [b.family for b in bases if q.scenario is not None and q.scenario.role_of(b.code) == "billed"]
    named = [f for f in q.families if f in base_families] or billed[:1]
    # "Dr. A bills G0557. Can Dr. B's clinic bill G0569 on top of our APCM?": the primary named as ours, by code too
    if not named or not set(asked) - {code.code} <= {b.code for b in bases} or (
            len(asked) > 1 and not billed and not _ours(kb, q, named[0])):
        return None
    ctx.source_ids.append(rule["source"])
    if q.scenario is not None:
        q.scenario.use(*(f for f in q.scenario.of("code", "billed") if f.value in {b.code for b in bases}))
    verdict = PairVerdict(code.code, named[0], False, "same patient and period, different practitioner", rule["note"],
                          [rule["source"]], about=f"{code.code} billed by a practitioner other than the one who bills {named[0]}")
    return finish(ctx, status="answered", intent="pair", pair=verdict, families=[named[0]],
                  codes=[facts.code_fact(kb, code, ctx.year)], family_info=[facts.family_info(kb, named[0])])


def _ours(kb, q, family: str) -> bool:
    """Whether the question names the primary's family as the asker's own ("on top of our APCM")."""
    names = [a for a, (kind, target) in kb.aliases.items() if kind == "family" and target == family]
    return any(f"our {n.lower()}" in q.text for n in names)
