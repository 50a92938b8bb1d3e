"""The billing lines follow the verdict: no line for a code its own answer's pair verdict rules out beside a code or
family told as billed already (the exclusion wins over the minutes, and a note says so)."""

from __future__ import annotations

import dataclasses

from bot.answer import Billing, PairVerdict
from bot.engine.scenario import Scenario
from bot.kb.store import KnowledgeBase


def ruled_out_lines(kb: KnowledgeBase, sc: Scenario | None, fields: dict) -> tuple[dict, str]:
    """The answer's fields without the lines the not-allowed pair verdict rules out beside a billed-already side, and
    the note saying so ("" when nothing was dropped)."""
    pair: PairVerdict | None = fields.get("pair")
    billing: Billing | None = fields.get("billing")
    if sc is None or pair is None or pair.allowed is not False or billing is None or billing.example or pair.about:
        return fields, ""
    sides = [(pair.left, pair.right), (pair.right, pair.left)]
    # another program's code or family only: within one program the ladder orders its codes by month and minutes
    ruled = {other for kept, other in sides if sc.role_of(kept) == "billed" and sc.role_of(other) != "billed"
             and kb.family_of(kept) != kb.family_of(other)}
    dropped = [l for l in billing.lines if l.code in ruled or kb.family_of(l.code) in ruled]
    if not dropped:
        return fields, ""
    kept = [l for l in billing.lines if l not in dropped]
    total = sum(l.amount for l in kept) if kept and all(l.amount is not None for l in kept) else None
    codes = ", ".join(dict.fromkeys(l.code for l in dropped))
    billed = " and ".join(s for s in (pair.left, pair.right) if s not in ruled)
    note = (f"Not billed: {codes}. {billed} is billed already for this patient and period and the two may not go "
            "together, so the rule wins over the minutes.")
    return {**fields, "billing": dataclasses.replace(billing, lines=kept, total_amount=total)}, note
