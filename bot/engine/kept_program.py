"""A program told as billed already ("we bill APCM for him") beside a code of another program it rules out: the
verdict is no, and the lines are the kept program's own, from the stated facts (the exclusion wins over the minutes)."""

from __future__ import annotations

import dataclasses

from bot.answer import Answer, PairVerdict
from bot.engine.handlers import Context


def kept_program_answer(ctx: Context, subjects: list[str], verdict: PairVerdict) -> Answer | None:
    """The billed family's own lines with the not-allowed verdict beside them, when exactly one subject is a family
    told as billed already and the facts bill it; None otherwise (the plain verdict answers)."""
    from bot.engine.bill_handler import bill_answer

    kb, sc = ctx.kb, ctx.q.scenario
    kept = [s for s in subjects if s in kb.families and sc is not None and sc.role_of(s) == "billed"]
    if verdict.allowed is not False or len(kept) != 1:
        return None
    ruled = [s for s in subjects if s not in kept]
    sc.use(*(f for f in sc.of("code") if f.value in ruled))  # the ruled-out code is what the verdict is about
    q = dataclasses.replace(ctx.q, families=kept, codes=[], minutes=None, days=None)
    trial = Context(kb=kb, q=q, year=ctx.year, notes=list(ctx.notes), stopwords=ctx.stopwords,
                    contested=list(ctx.contested), source_ids=list(ctx.source_ids), raw_text=ctx.raw_text)
    answer = bill_answer(trial, [])
    lines = answer.billing.lines if answer.billing is not None and not answer.billing.example else []
    if answer.status != "answered" or not lines or any(kb.family_of(l.code) != kept[0] for l in lines):
        return None
    note = (f"Not billed: {', '.join(ruled)}. {kept[0]} is billed already for this patient and period, and the two "
            f"may not go together; the lines are {kept[0]}'s own.")
    families = list(dict.fromkeys([*answer.families, *(kb.family_of(s) for s in ruled)]))
    return dataclasses.replace(answer, intent="pair", pair=verdict, families=families,
                               caveats=list(dict.fromkeys([note, *answer.caveats])))
