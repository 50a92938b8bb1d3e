"""A CPT preventive physical of a patient not on Medicare ("commercial, established 47-year-old, annual physical"):
the patient's age picks the band and new or established the row (meta.yaml preventive_visits), and a problem managed
the same day is its own office visit with modifier 25 beside it (its level from the story's MDM)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.answer import Answer, Billing, BillingLine
from bot.engine import facts
from bot.engine.patterns import lazy
from bot.engine.phrases import PhraseSet, tokens

if TYPE_CHECKING:
    from bot.engine.handlers import Context

# "47-year-old", "52 y/o", "66yo", "71y" (a written-out age), "aged 40", "patient is 66"
_AGE = lazy(r"\b(\d{1,3})[\s-]*(?:y/o|yo|y\.o\.|yrs?[\s-]+old|years?[\s-]+old|year[\s-]+old|y)\b"
            r"|\baged?\s+(\d{1,3})\b|\b(?:patient|pt|he|she)\s+is\s+(\d{1,3})\b(?!\s*(?:min|minutes|days|%))")
_NOT_BEFORE = {"not", "no", "non", "isn't", "without"}


def _words(ctx: Context) -> dict[str, PhraseSet]:
    cached = ctx.kb.cache.get("preventive_visit_words")
    if cached is None:
        voc = ctx.kb.vocabulary.get("preventive_visit") or {}
        cached = ctx.kb.cache.setdefault("preventive_visit_words", {k: PhraseSet(v) for k, v in voc.items()})
    return cached


def _ages(low: str) -> set[int]:
    return {int(next(g for g in m.groups() if g)) for m in _AGE().finditer(low)}


def _medicare(words: list[str]) -> bool:
    """Whether the patient is told to be on Medicare ("(not Medicare)" is not)."""
    return any(w == "medicare" and not _NOT_BEFORE & set(words[max(0, i - 2):i]) for i, w in enumerate(words))


def _status(ctx: Context, words: list[str]) -> str | None:
    """New or established: the three-year rule on a dated earlier visit, else the question's own words."""
    from bot.engine.patient_status import story_status  # noqa: PLC0415

    told = story_status(ctx, visit_billed=True)
    if told is not None:
        return told[0]
    sets = _words(ctx)
    new, est = sets["new"].any(words), sets["established"].any(words)
    return "new" if new and not est else "established" if est and not new else None


def _band_code(spec: dict, kind: str, age: int) -> str | None:
    rows = [str(c) for c in spec.get(kind) or []]
    return next((c for c, (lo, hi) in zip(rows, spec.get("bands") or []) if int(lo) <= age <= int(hi)), None)


def preventive_answer(ctx: Context) -> Answer | None:
    """The preventive visit code (and a problem visit with 25) for a non-Medicare physical told with the patient's age
    and status; None for any other question."""
    from bot.engine.handlers import finish  # noqa: PLC0415
    from bot.engine.wellness_bill import problem_visit  # noqa: PLC0415

    kb, spec = ctx.kb, ctx.kb.meta.get("preventive_visits") or {}
    low = (ctx.raw_text or ctx.q.text).lower()
    words = tokens(low)
    named = {str(c) for c in (spec.get("new") or []) + (spec.get("established") or [])}
    if not spec or _medicare(words) or not (_words(ctx)["visit"].any(words) or named & set(ctx.q.codes)):
        return None
    ages, kind = _ages(low), _status(ctx, words)
    if len(ages) != 1 or kind is None or (code := _band_code(spec, kind, min(ages))) is None or code not in kb.codes:
        return None
    age = min(ages)
    lines = [BillingLine(code=code, units=1, title=kb.codes[code].title)]
    trace = [f"{code} x1: the {kind} patient's preventive visit for age {age}."]
    problem = problem_visit(ctx, low) if kind == "established" else None
    if problem is not None:
        lines.append(BillingLine(code=problem[0], units=1, title=kb.codes[problem[0]].title))
        trace += problem[1] + [f"{problem[0]} x1 with modifier {spec['modifier']} on the problem visit (not on the "
                               "preventive code): the problem's own, separately documented work."]
    if sc := ctx.q.scenario:  # the age, the status and the payer were all weighed
        sc.use(*sc.facts)
        sc.stray[:] = []
    ctx.source_ids.append(str(spec["source"]))
    billing = Billing(inputs={"family": kb.codes[code].family, "minutes": None, "days": None, "interactive": None,
                              "year": ctx.year}, lines=lines, trace=trace,
                      assumptions=["A payer that covers CPT preventive visits (Original Medicare does not: it pays the "
                                   "Welcome to Medicare visit and the annual wellness visits instead)."])
    return finish(ctx, status="answered", intent="bill", families=[kb.codes[code].family], billing=billing,
                  codes=[facts.code_fact(kb, kb.codes[line.code], ctx.year) for line in lines],
                  asked_label="the preventive visit code")
