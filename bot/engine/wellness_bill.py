"""A Medicare wellness visit told as a story ("Part B started 7 months ago", "had her first AWV with her old PCP",
"also c/o new knee pain"): which wellness code the rules give (meta.yaml wellness_visit) and the problem visit
beside it with modifier 25, its level from the story's MDM, or advance care planning beside it with modifier 33
(meta.yaml wellness_visit.beside); added as the lines of an answer that had no wellness line (the wellness visit the
question names when the story's facts do not give one)."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from bot.answer import Answer, Billing, BillingLine
from bot.engine.phrases import PhraseSet, tokens
from bot.engine.wellness_interval import part_b_months, too_soon

if TYPE_CHECKING:
    from bot.engine.handlers import Context

_MONTHS = re.compile(r"\b(\d{1,2})\s*(?:months?|mos?)\b")
_THIS_YEAR = re.compile(r"\bthis year\b")
_NEVER = {"never", "not", "hasn't", "hadn't", "didn't"}  # "she never had the first one": no wellness visit had


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
    dated = None
    if sets["part_b_start"].find(words):
        months = [int(m.group(1)) for m in _MONTHS.finditer(low)]
        if months and max(months) < int(spec["window_months"]) or not months and _THIS_YEAR.search(low):
            return str(spec["first_year"])
        if not months and (dated := part_b_months(ctx, low)) is not None and dated < int(spec["window_months"]):
            return str(spec["first_year"])  # "Part B started 5/1/2026 ... today 12/4"
    had = [i for i, _p in sets["had_any"].find(words) if not set(words[max(0, i - 2):i]) & _NEVER]
    if had or had_before(ctx, str(spec["first"])):
        return str(spec["later"])
    if had_before(ctx, str(spec["first_year"])) or dated is not None:
        return str(spec["first"])  # after the Welcome visit, or past Part B's first year with none had: the first AWV
    return None


def _told_code(ctx: Context, spec: dict) -> str | None:
    """The wellness visit the question names by its code or its name ("her first annual wellness visit"); None else."""
    from bot.engine.told_visit import codes_told  # noqa: PLC0415

    wellness = {str(spec[k]) for k in ("first_year", "first", "later")}
    return next((c for c in [*ctx.q.codes, *codes_told(ctx)] if c in wellness and c in ctx.kb.codes), None)


def problem_visit(ctx: Context, low: str) -> tuple[str, list[str]] | None:
    """The office visit of the problem managed beside it, by the MDM level told ("moderate MDM") or read from the
    story; None when no problem or level is told."""
    from bot.engine.mdm_read import read_mdm_story  # noqa: PLC0415
    from bot.engine.visit_time import mdm_named, mdm_level  # noqa: PLC0415

    kb = ctx.kb
    if not _words(ctx)["problem"].find(tokens(low)):
        return None
    story = None if mdm_named(kb, low) else read_mdm_story(kb, low)
    level = mdm_level(kb, low) if story is None else story.level
    trace = story.trace if story is not None else [f"The MDM level told: {level}."]
    family = str(kb.meta.get("patient_status", {}).get("family", ""))
    track = next((t for t in kb.family_tracks(family) if t.default), None)
    if level is None or track is None:
        return None
    code = next((c for c in track.codes if kb.codes[c].rule.mdm == level), None)
    return (code, trace) if code is not None else None


def _beside_lines(ctx: Context, low: str, had: list[BillingLine],
                  answer: Answer) -> tuple[list[BillingLine], list[str]]:
    """The lines beside the wellness visit, and why: the answer's own (`had`: an office visit, advance care planning),
    else the problem visit the story's MDM gives; none when the story tells neither."""
    if had or (answer.billing is not None and not answer.billing.example and answer.billing.trace):
        return had, list(answer.billing.trace)  # "14 minutes of ACP": why its code is not billed stays said
    problem = problem_visit(ctx, low)
    if problem is None:
        return [], []
    return [BillingLine(code=problem[0], units=1, title=ctx.kb.codes[problem[0]].title)], problem[1]


def _modifier_notes(ctx: Context, spec: dict, lines: list[BillingLine]) -> list[str]:
    """Why each line beside the wellness visit carries its modifier: 25 on the problem visit, the code's own (33 on
    advance care planning)."""
    family = str(ctx.kb.meta.get("patient_status", {}).get("family", ""))
    notes, beside = [], {str(k): str(v) for k, v in (spec.get("beside") or {}).items()}
    for line in lines:
        if line.code in beside:
            notes.append(f"{line.code} x{line.units} with modifier {beside[line.code]}: {spec['beside_note']}")
            ctx.source_ids.append(str(spec["beside_source"]))
        elif ctx.kb.codes[line.code].family == family and ctx.kb.codes[line.code].role == "visit":
            notes.append(f"{line.code} x1 with modifier {spec['modifier']} on the office visit (not on the wellness "
                         "code): a significant, separately identifiable problem visit.")
    return notes


def _with_sources(ctx: Context, answer: Answer, source_ids: list[str]) -> Answer:
    """The answer with more sources listed (the wellness rules the lines rest on)."""
    from bot.engine import facts  # noqa: PLC0415

    ids = {x.id for x in answer.sources}
    return dataclasses.replace(answer, sources=[*answer.sources, *(r for r in facts.source_refs(ctx.kb, source_ids)
                                                                   if r.id not in ids)])


def _fits_beside(ctx: Context, spec: dict, lines: list[BillingLine]) -> bool:
    """Whether every line goes beside a wellness visit: the problem visit's family (an office visit and its add-ons) or
    a code billed with it (advance care planning), and no wellness line yet."""
    family = str(ctx.kb.meta.get("patient_status", {}).get("family", ""))
    beside = {str(k) for k in spec.get("beside") or {}}
    return all(line.code in beside or (line.code in ctx.kb.codes and ctx.kb.codes[line.code].family == family)
               for line in lines)


def _beside_asked(ctx: Context, spec: dict, had: list[BillingLine]) -> bool:
    """Whether a code billed beside the wellness visit is asked or billed ("can the ACP code go on the claim too?")."""
    beside = {str(k) for k in spec.get("beside") or {}}
    return bool(beside & ({*ctx.q.codes} | {line.code for line in had}))


def with_wellness_lines(ctx: Context, answer: Answer) -> Answer:
    """The answer with the wellness visit and what goes beside it (the problem visit with modifier 25, advance care
    planning with 33) as its lines, when it had no wellness line."""
    kb, spec = ctx.kb, ctx.kb.meta.get("wellness_visit") or {}
    had = list(answer.billing.lines) if answer.billing is not None and not answer.billing.example else []
    if not spec or answer.status not in ("answered",) or not _fits_beside(ctx, spec, had):
        return answer
    family = str(spec["family"])
    if family not in ctx.q.families and not any(kb.codes[c].family == family for c in ctx.q.codes if c in kb.codes):
        return answer
    low, assumed = (ctx.raw_text or ctx.q.text).lower(), []
    if _words(ctx)["none"].find(tokens(low)):
        return answer  # "ACP-only visit, no AWV": no wellness visit to bill beside
    code = _wellness_code(ctx, low, spec)
    named = None if code or not had or answer.intent != "bill" else _told_code(ctx, spec)  # a bill for ACP beside it
    code = code or named
    if code is None and _beside_asked(ctx, spec, had) and answer.billing is not None:  # "during the AWV, 14 min of ACP"
        code, assumed = str(spec["later"]), [str(spec["later_assumed"])]
    if code is None or code not in kb.codes:
        return answer
    why = {str(spec["first_year"]): "Part B began less than 12 months ago: the Welcome to Medicare visit",
           str(spec["later"]): "the patient had a wellness visit before (anywhere): the subsequent annual wellness "
                               "visit", str(spec["first"]): str(spec.get("first_why", ""))}.get(code, "") if named is None else "the wellness visit the question names"
    soon = too_soon(ctx, low, spec, code)  # "last AWV January 12th, today December 4"
    lines, trace = ([], [soon]) if soon else ([BillingLine(code=code, units=1, title=kb.codes[code].title)],
                                              [f"{code} x1: {why}."])
    extra, told = _beside_lines(ctx, low, had, answer)
    lines, trace = lines + extra, trace + told + ([] if soon else _modifier_notes(ctx, spec, extra))
    from bot.engine import facts  # noqa: PLC0415

    sources = [str(spec["later_interval"]["source"])] * bool(soon) + [str(spec["beside_source"])] * bool(
        _beside_asked(ctx, spec, had))
    answer = _with_sources(ctx, answer, sources) if sources else answer
    billing = Billing(inputs={"family": family, "minutes": None, "days": None, "interactive": None, "year": ctx.year},
                      lines=lines, trace=trace, assumptions=assumed + (list(answer.billing.assumptions) if had else []))
    from bot.engine.relationship_addon import with_relationship_addon  # noqa: PLC0415

    billing = with_relationship_addon(kb, billing, low, list(ctx.q.codes), ctx.q.scenario)  # "we are her PCP"
    shown = [code] * bool(soon) + [line.code for line in lines]  # the codes billed lead (or the one not yet due)
    first = [facts.code_fact(kb, kb.codes[c], ctx.year) for c in shown]
    # ... unless a pair is asked ("can we add G0506 again at this AWV?"): the codes it asks about lead, the lines beside
    first, rest = (list(answer.codes), first) if answer.intent == "pair" and answer.codes else (first, list(answer.codes))
    return dataclasses.replace(answer, billing=billing, codes=first + [c for c in rest if c.code not in {f.code for f in first}])
