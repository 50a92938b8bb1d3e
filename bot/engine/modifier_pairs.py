"""Office pairs told with modifiers: a code with a family's service asked with which modifier, and a code not held
whose family the words tell ("with the injection code (the knee injection)")."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from bot.answer import Answer
from bot.engine import claimfacts, pair_handler
from bot.engine.office_read import ClaimTerms
from bot.engine.patterns import lazy

if TYPE_CHECKING:
    from bot.engine.handlers import Context


def family_stands_in(ctx: Context, codes: list[str], terms: ClaimTerms) -> Answer | None:
    """ "the visit code with modifier 25 beside a joint-injection code?" where the procedure code is not held but its family is told in words ("the knee
    injection"): the pair is the code (or the visit family) with that family, with the modifiers named."""
    kb, q = ctx.kb, ctx.q
    outside = [c for c in q.codes if c not in kb.codes and c not in q.context_codes]
    held = {kb.codes[c].family for c in codes}
    subjects = list(dict.fromkeys(codes + [f for f in q.families if f not in held]))
    if q.intent != "pair" or not outside or len(subjects) != 2 or not any(s in kb.families for s in subjects):
        return None
    answer = pair_handler.pair_answer(ctx, subjects)
    # the rule's own modifier when the pair is allowed ("...billed with modifier 25 on the E/M line"), after any named
    ruled = _NAMED_MODIFIER().findall(answer.pair.reason) if answer.pair is not None and answer.pair.allowed else []
    mods = [claimfacts.modifier_fact(kb.modifiers[m], ctx.year)
            for m in dict.fromkeys([*terms.modifiers, *ruled]) if m in kb.modifiers]
    named = [c for c in answer.codes if c.code in codes]  # not the family's first code standing for the one not held
    return dataclasses.replace(answer, codes=named + mods)


def code_with_family(ctx: Context, codes: list[str], terms: ClaimTerms) -> bool:
    """One code asked with another family's service (or two held codes asked together) and which modifier, none
    named: a pair question."""
    own = {ctx.kb.codes[c].family for c in codes if c in ctx.kb.codes}
    if ctx.q.intent == "pair" and terms.asks_modifiers and not terms.modifiers and len(codes) == 2:
        # "can A and B both be paid, what modifier?": two families, or two codes of one family with a rule of their own
        return all(c in ctx.kb.codes for c in codes) and (len(own) == 2 or _linked(ctx, codes))
    return ctx.q.intent == "pair" and terms.asks_modifiers and not terms.modifiers and len(codes) == 1 \
        and bool(set(ctx.q.families) - own)


def _linked(ctx: Context, codes: list[str]) -> bool:
    """Whether either code has a link of its own to the other (knowledge/ `links`)."""
    a, b = (ctx.kb.codes[c] for c in codes)
    return any(l.target == b.code for l in a.links) or any(l.target == a.code for l in b.links)


_NAMED_MODIFIER = lazy(r"\bmodifier\s+([0-9A-Z]{2})\b")


def pair_with_modifiers(ctx: Context, codes: list[str]) -> Answer:
    """The code and the other family's service as a pair, with the modifiers its rule names shown beside it."""
    own = {ctx.kb.codes[c].family for c in codes if c in ctx.kb.codes}
    answer = pair_handler.pair_answer(ctx, codes if len(codes) == 2 else codes + [f for f in ctx.q.families if f not in own][:1])
    named = _NAMED_MODIFIER().findall(answer.pair.reason) if answer.pair is not None else []
    mods = [claimfacts.modifier_fact(ctx.kb.modifiers[m], ctx.year) for m in dict.fromkeys(named) if m in ctx.kb.modifiers]
    return dataclasses.replace(answer, codes=answer.codes + mods, families=answer.families + [claimfacts.MODIFIER] * bool(mods))


def rule_modifiers(ctx: Context, answer: Answer) -> Answer:
    """Two families allowed together on the condition of a modifier their rule names ("an office E/M with modifier 25
    on the day of a wellness visit"): that modifier shown beside the verdict, as the way to bill both."""
    pair = answer.pair
    if pair is None or not pair.allowed or answer.codes or not {pair.left, pair.right} <= set(ctx.kb.families):
        return answer
    mods = [claimfacts.modifier_fact(ctx.kb.modifiers[m], ctx.year)
            for m in dict.fromkeys(_NAMED_MODIFIER().findall(pair.reason)) if m in ctx.kb.modifiers]
    return dataclasses.replace(answer, codes=mods, families=answer.families + [claimfacts.MODIFIER] * bool(mods))
