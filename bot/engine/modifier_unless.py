"""A modifier's rule against a code that some same-day services lift ("not paid with 25, unless the other service is
a wellness visit or a vaccine"): the case's words decide it, and when they tell neither, one question back. The words
are on the link in modifiers.yaml (`unless`, `kept_by`, `ask`, `choices`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.answer import Answer, Choice, PairVerdict
from bot.engine import claimfacts, facts, handlers
from bot.engine.office_read import ClaimTerms
from bot.engine.pairs import PairResult
from bot.engine.phrases import PhraseSet, tokens
from bot.kb.records import Relation

if TYPE_CHECKING:
    from bot.engine.handlers import Context

_CODE = re.compile(r"\b(?:\d{5}|[a-z]\d{4})\b")


def _said(words: list[str], phrases: tuple[str, ...]) -> str | None:
    hit = PhraseSet(phrases).find(words)
    return hit[0][1] if hit else None


def _other_service(ctx: Context, focus: str, codes: list[str], rel: Relation) -> bool:
    """The case names another same-day service: a code of another family, an unheld code, or a service word."""
    kb, text = ctx.kb, ctx.q.text.lower()
    family = kb.codes[focus].family if focus in kb.codes else None
    if any(c != focus and c in kb.codes and kb.codes[c].family != family for c in codes):
        return True
    if any(c.upper() not in kb.codes and c.upper() not in kb.modifiers for c in _CODE.findall(text)):
        return True
    return _said(tokens(text), rel.kept_by) is not None


def _rules(ctx: Context, focus: str, terms: ClaimTerms) -> list[tuple[str, Relation]]:
    found = []
    for code in terms.modifiers:
        rel = claimfacts.relation_between(ctx.kb.modifiers[code], focus, "code")
        if rel is not None and rel.kind == "not_with" and rel.unless:
            found.append((code, rel))
    return found


def lifted(ctx: Context, mod: str, rel: Relation, focus: str) -> PairResult | None:
    """A yes when the case names a service that lifts the modifier's rule against the code."""
    word = _said(tokens(ctx.q.text.lower()), rel.unless) if rel.unless else None
    if word is None:
        return None
    note = f"{rel.note}; the other service here is one of those ({word}), so {focus} is payable on that visit"
    return PairResult(PairVerdict(f"modifier {mod}", focus, True, "same visit", note, [rel.source]),
                      [rel.contested] if rel.contested else [])


def _particular(ctx: Context) -> bool:
    """The question is about one real visit ("today's visit with 25"), not the rule in general."""
    return _said(tokens(ctx.q.text.lower()), tuple(ctx.kb.vocabulary.get("particular_case_words") or ())) is not None


def clarify(ctx: Context, focus: str, codes: list[str], terms: ClaimTerms) -> Answer | None:
    """One question back when the rule turns on the other same-day service and one visit's case does not tell it."""
    for mod, rel in _rules(ctx, focus, terms) if _particular(ctx) else ():
        if not rel.ask or len(rel.choices) < 2 or lifted(ctx, mod, rel, focus) is not None \
                or _other_service(ctx, focus, codes, rel):
            continue
        asked = ctx.q.original.rstrip()
        verdicts = (f"{focus} payable", f"{focus} not paid")
        choices = [Choice(label=f"{c[:1].upper()}{c[1:]} ({v})", question=f"{asked} The other service is {c}.")
                   for c, v in zip(rel.choices, verdicts)]
        ctx.source_ids.append(rel.source)
        return handlers.finish(ctx, status="clarify", intent="pair", choices=choices, message=rel.ask,
                               codes=[facts.code_fact(ctx.kb, ctx.kb.codes[c], ctx.year) for c in codes if c in ctx.kb.codes],
                               families=list(dict.fromkeys(ctx.kb.codes[c].family for c in codes if c in ctx.kb.codes)))
    return None
