"""The codes a pair (or one code's own) answer is about: the codes asked, else the ones a quoted claim names for the
family asked ("a vendor says each practice can bill the device code": the family's own rule, about that code)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine import facts

if TYPE_CHECKING:
    from bot.answer import CodeFact
    from bot.engine.handlers import Context


def subject_codes(ctx: "Context", subjects: list[str]) -> list["CodeFact"]:
    """Code facts for the subjects that are codes, with each family subject's first code beside them ("the SDOH risk
    code with CHI"); with only families asked, the codes of those families the question quotes, in its order."""
    kb, year = ctx.kb, ctx.year
    codes = [facts.code_fact(kb, kb.codes[s], year) for s in dict.fromkeys(subjects) if s in kb.codes]
    if codes:
        # one code's own rule asked beside a claim that names its companions ("says 99453 is the monthly code and
        # 99454 the device"): the claim's other codes of that family are shown too
        own = {kb.codes[s].family for s in subjects if s in kb.codes} if len(set(subjects)) == 1 else set()
        quoted = [facts.code_fact(kb, kb.codes[c], year) for c in dict.fromkeys(ctx.q.context_codes)
                  if c in kb.codes and c not in subjects and kb.codes[c].family in own and kb.exists_in(kb.codes[c], year)]
        return codes + quoted + [facts.code_fact(kb, c, year) for s in subjects if s not in kb.codes and s in kb.families
                                 for c in kb.family_codes(s)[:1] if kb.exists_in(c, year)]
    quoted = [c for c in dict.fromkeys(ctx.q.context_codes) if c in kb.codes and kb.codes[c].family in subjects]
    return [facts.code_fact(kb, kb.codes[c], year) for c in quoted if kb.exists_in(kb.codes[c], year)]
