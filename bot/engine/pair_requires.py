"""A pair its rule allows, where one side's own requirement is stated as not met for this case ("can we add the CCM
initiation code for the nurse's assessment?": it pays the practitioner's own work): not for these facts, and why."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from bot.answer import PairVerdict
from bot.engine import criteria

if TYPE_CHECKING:
    from bot.engine.handlers import Context


def stated_unmet(ctx: Context, verdict: PairVerdict) -> PairVerdict:
    """The verdict, turned to no when the question's facts state that a side's own requirement is not met."""
    sc, kb = ctx.q.scenario, ctx.kb
    if verdict.allowed is not True or sc is None or verdict.left == verdict.right:
        return verdict
    specs = kb.meta.get("criteria") or {}
    for side in (verdict.left, verdict.right):
        code = kb.codes.get(side)
        if code is None or code.rule.basis != "none":
            continue  # a time or day ladder's own rules are weighed by its billing lines
        rule = kb.rule_for(code, ctx.year)
        # only criteria the case names in words (meta.yaml kind named): a day or a level told may be the other service's
        named = {k: v for k, v in rule.requires.items() if specs.get(k, {}).get("kind") == "named"}
        failed = [c for c in criteria.check_all(kb.meta, sc, named) if c.met is False and not c.assumed]
        if not failed:
            continue
        sc.use(*(f for c in failed for f in c.facts))
        why = " ".join(f"{criteria.criterion_text(kb.meta, c.name, rule.requires[c.name])} The question says {c.why}."
                       for c in failed)
        source = specs.get(failed[0].name, {}).get("source") or rule.source
        return dataclasses.replace(verdict, allowed=False, reason=f"Not for these facts: {why} ({verdict.reason})",
                                   source_ids=list(dict.fromkeys([*verdict.source_ids, str(source)])),
                                   about=f"{side} for this patient's facts")
    return verdict
