"""An add-on asked on a code outside its base codes (the office-visit complexity add-on asked on a hospital inpatient
visit's code): the add-on goes only on the codes it is an add-on to (a code's `add_on_to` in knowledge/), and on the
families a pair rule allows it with on the same visit, so on any other code it is not billed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.answer import PairVerdict
from bot.engine.patterns import lazy

if TYPE_CHECKING:
    from bot.answer import Answer
    from bot.engine.handlers import Context

# "be added to", "add it to", "on top of", "with": the add-on asked on the other code
_ON = lazy(r"\b(?:add(?:ed)?\s+(?:it\s+)?(?:on\s*)?to|on\s+top\s+of|(?:billed|go|goes|used|reported)\s+with|"
           r"add-on\s+(?:to|for)|append(?:ed)?\s+to|with)\b", re.I)


def _ranges(codes: list[str]) -> str:
    """Codes written as runs of consecutive numbers ("a-b, c-d")."""
    runs: list[list[str]] = []
    for c in codes:
        if runs and c.isdigit() and runs[-1][-1].isdigit() and int(c) == int(runs[-1][-1]) + 1:
            runs[-1].append(c)
        else:
            runs.append([c])
    parts = [r[0] if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs]
    return " or ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)


def foreign_base_answer(ctx: Context) -> Answer | None:
    """The pair verdict for the one add-on we hold asked on one named code we do not hold, or on a base of its family
    that is not its own; None otherwise."""
    from bot.engine import facts  # noqa: PLC0415
    from bot.engine.handlers import finish  # noqa: PLC0415

    kb, q = ctx.kb, ctx.q
    named = list(dict.fromkeys(c.upper() for c in [*q.codes, *q.context_codes]))
    add_ons = [c for c in named if c in kb.codes and kb.codes[c].add_on_to and kb.codes[c].status == "active"]
    # or, asked without a case's figures (those are billed from the story), a code of the add-on's own family and of
    # its bases' role that is not one of them ("G0146 as the add-on to G0023")
    bases = {kb.codes[b].role for a in add_ons for b in kb.codes[a].add_on_to if b in kb.codes}
    figures = q.minutes is not None or q.days is not None
    others = [c for c in named if c not in kb.codes and c[:1].isdigit() or c in kb.codes and add_ons and not figures
              and c != add_ons[0] and kb.codes[c].role in bases and kb.codes[c].family == kb.codes[add_ons[0]].family]
    if len(add_ons) != 1 or len(others) != 1 or len(named) != 2 or not _ON().search(ctx.raw_text or q.text):
        return None
    code, other = kb.codes[add_ons[0]], others[0]
    if other in code.add_on_to:
        return None
    # a pair rule that allows the add-on on the same visit of another family's codes ("G2211 with home visits, 2026")
    families = sorted({r.right if r.left == code.code else r.left for r in kb.pairs if r.allowed and r.period == "same visit"
                       and code.code in (r.left, r.right) and (r.effective_year or 0) <= ctx.year} & set(kb.families))
    also = f" (and on the codes of {' and '.join(kb.families[f].name for f in families)})" if families else ""
    reason = (f"{code.code} is an add-on only to {_ranges(list(code.add_on_to))}{also}; {other} is not one of those "
              f"codes, so {code.code} is not billed on it.")
    ctx.source_ids += [code.rule.source, *code.sources]
    span = f"same {kb.period_label(code.rule.period)}" if other in kb.codes and code.rule.period else "same visit"
    sc = q.scenario
    if sc is not None:
        sc.use(*[f for f in sc.of("code") if f.value in named])
    return finish(ctx, status="answered", intent="pair", codes=[facts.code_fact(kb, code, ctx.year)],
                  pair=PairVerdict(code.code, other, False, span, reason, [code.rule.source]),
                  families=[code.family], family_info=[facts.family_info(kb, code.family)],
                  companions=facts.companions(kb, code, ctx.year) if other in kb.codes else [])
