"""A Medicare wellness visit told as a story ("Part B started 7 months ago", "had her first AWV with her old PCP",
"also c/o new knee pain"): which wellness code the rules give (meta.yaml wellness_visit) and the problem visit
beside it with modifier 25, its level from the story's MDM; added as the lines of an answer that had none."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from bot.answer import Answer, Billing, BillingLine
from bot.engine.phrases import PhraseSet, tokens

if TYPE_CHECKING:
    from bot.engine.handlers import Context

_MONTHS = re.compile(r"\b(\d{1,2})\s*(?:months?|mos?)\b")
_THIS_YEAR = re.compile(r"\bthis year\b")


def _words(ctx: Context) -> dict[str, PhraseSet]:
    kb = ctx.kb
    cached = kb.cache.get("wellness_words")
    if cached is None:
        vocab = kb.vocabulary.get("wellness_visit") or {}
        cached = kb.cache.setdefault("wellness_words", {k: PhraseSet(v) for k, v in vocab.items()})
    return cached


def _wellness_code(ctx: Context, low: str, spec: dict) -> str | None:
    """The wellness code the story's facts give; None when they do not say which."""
    from bot.engine.spent_once import had_before  # noqa: PLC0415

    words, sets = tokens(low), _words(ctx)
    if sets["part_b_start"].find(words):
        months = [int(m.group(1)) for m in _MONTHS.finditer(low)]
        if months and max(months) < int(spec["window_months"]) or not months and _THIS_YEAR.search(low):
            return str(spec["first_year"])
    if sets["had_any"].find(words) or had_before(ctx, str(spec["first"])):
        return str(spec["later"])
    return None


def _problem_visit(ctx: Context, low: str) -> tuple[str, list[str]] | None:
    """The office visit of the problem managed beside it, by the story's MDM; None when no problem or level is told."""
    from bot.engine.mdm_read import read_mdm_story  # noqa: PLC0415

    kb = ctx.kb
    if not _words(ctx)["problem"].find(tokens(low)):
        return None
    story = read_mdm_story(kb, low)
    family = str(kb.meta.get("patient_status", {}).get("family", ""))
    track = next((t for t in kb.family_tracks(family) if t.default), None)
    if story is None or track is None:
        return None
    code = next((c for c in track.codes if kb.codes[c].rule.mdm == story.level), None)
    return (code, story.trace) if code is not None else None


def _told_beside(ctx: Context, answer: Answer, spec: dict) -> Answer | None:
    """A bill for a service done as part of the wellness visit (ACP during the AWV), the wellness visit told by its
    code or its name: the lines with the wellness visit's line first; None when that is not the case."""
    from bot.engine.told_visit import codes_told  # noqa: PLC0415

    kb, billing = ctx.kb, answer.billing
    if billing is None or billing.example or not billing.lines or answer.intent != "bill" \
            or not {kb.codes[l.code].family for l in billing.lines if l.code in kb.codes} <= set(spec.get("beside") or []):
        return None
    told = [c for c in ctx.q.codes + codes_told(ctx) if c in kb.codes and kb.codes[c].family == spec["family"]
            and kb.codes[c].role == "preventive"]
    code = told[0] if told else _wellness_code(ctx, (ctx.raw_text or ctx.q.text).lower(), spec)
    if code is None or code not in kb.codes or any(l.code == code for l in billing.lines):
        return None
    from bot.engine import facts  # noqa: PLC0415
    from bot.engine.pairs import pair_verdict  # noqa: PLC0415

    rule = pair_verdict(kb, billing.lines[0].code, code).verdict
    lines = [BillingLine(code=code, units=1, title=kb.codes[code].title), *billing.lines]
    trace = [f"{code} x1: the wellness visit the service was part of, on the same claim." +
             (f" {rule.reason}" if rule.allowed else ""), *billing.trace]
    caveats = [c for c in answer.caveats if not c.endswith(f"these lines are for {kb.codes[billing.lines[0].code].family} only.")]
    return dataclasses.replace(answer, billing=dataclasses.replace(billing, lines=lines, trace=trace), caveats=caveats,
                               codes=[facts.code_fact(kb, kb.codes[code], ctx.year), *answer.codes])


def with_wellness_lines(ctx: Context, answer: Answer) -> Answer:
    """The answer with the wellness visit (and the problem visit, modifier 25) as its lines, when it had none."""
    kb, spec = ctx.kb, ctx.kb.meta.get("wellness_visit") or {}
    if spec and answer.status == "answered" and (beside := _told_beside(ctx, answer, spec)) is not None:
        return beside
    if not spec or answer.status not in ("answered",) or (answer.billing is not None and answer.billing.lines):
        return answer
    family = str(spec["family"])
    if family not in ctx.q.families and not any(kb.codes[c].family == family for c in ctx.q.codes if c in kb.codes):
        return answer
    low = (ctx.raw_text or ctx.q.text).lower()
    code = _wellness_code(ctx, low, spec)
    if code is None or code not in kb.codes:
        return answer
    why = {str(spec["first_year"]): "Part B began less than 12 months ago: the Welcome to Medicare visit",
           str(spec["later"]): "the patient had a wellness visit before (anywhere): the subsequent annual wellness "
                               "visit"}.get(code, "")
    lines, trace = [BillingLine(code=code, units=1, title=kb.codes[code].title)], [f"{code} x1: {why}."]
    if (problem := _problem_visit(ctx, low)) is not None:
        lines.append(BillingLine(code=problem[0], units=1, title=kb.codes[problem[0]].title))
        trace += [*problem[1], f"{problem[0]} x1 with modifier {spec['modifier']} on the office visit (not on the "
                                f"wellness code): a significant, separately identifiable problem visit."]
    from bot.engine import facts  # noqa: PLC0415

    billing = Billing(inputs={"family": family, "minutes": None, "days": None, "interactive": None, "year": ctx.year},
                      lines=lines, trace=trace)
    first = [facts.code_fact(kb, kb.codes[line.code], ctx.year) for line in lines]  # the codes billed lead
    return dataclasses.replace(answer, billing=billing, codes=first + [c for c in answer.codes
                                                                      if c.code not in {f.code for f in first}])
