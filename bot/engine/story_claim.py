"""A told visit day asked about an add-on or a second code ("can we add (the relationship add-on)?", "besides (the
visit code), is there anything else?", "what all can I bill?") gets the verdict AND the claim's lines for the services
told: the wellness visit, the problem visit, the add-ons the verdict allows and a told procedure code held only in the
practice's CPT import (vocabulary story_claim)."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from bot.answer import Answer, Billing, BillingLine
from bot.engine.phrases import PhraseSet, tokens

if TYPE_CHECKING:
    from bot.engine.handlers import Context

_CPT = re.compile(r"^\d{5}$")


def _spec(ctx: Context) -> dict:
    return ctx.kb.vocabulary.get("story_claim") or {}


def _more_asked(ctx: Context) -> bool:
    """ "besides X, is there anything else?", "what all can I bill?": the whole day's claim is asked."""
    cached = ctx.kb.cache.get("story_claim_more")
    if cached is None:
        cached = ctx.kb.cache.setdefault("story_claim_more", PhraseSet(_spec(ctx).get("more_asked") or []))
    return cached.any(tokens(ctx.q.text.lower()))


def _told(ctx: Context, families: set[str]) -> list[str]:
    """Codes of the families told in the story (not had before, not an add-on), in the question's order."""
    from bot.engine.spent_once import had_before  # noqa: PLC0415

    kb, sc = ctx.kb, ctx.q.scenario
    found = [str(f.value) for f in sorted(sc.of("code"), key=lambda f: f.at)] if sc is not None else list(ctx.q.codes)
    return [c for c in dict.fromkeys(found) if c in kb.codes and kb.codes[c].family in families
            and not kb.codes[c].add_on_to and not had_before(ctx, c) and not _dated_before(ctx, c)
            and sc.role_of(c) not in ("absent", "short")]


def _dated_before(ctx: Context, code: str) -> bool:
    """A code told with an earlier year ("had (the first AWV code) in 2024"): that year's service, not today's."""
    low = ctx.q.text.lower()
    return any(int(y) < ctx.year for m in re.finditer(rf"\b{code.lower()}\b", low)
               for y in re.findall(r"\b(?:in|during)\s+(20\d\d)\b", low[m.end():m.end() + 14]))


def _wellness(ctx: Context) -> list[str]:
    """The wellness visit told: its code, else its name ("subsequent AWV"), else the yearly visit after an earlier one."""
    kb, spec = ctx.kb, _spec(ctx)
    fams = {str(f) for f in spec.get("wellness_families") or []}
    told = _told(ctx, fams)
    if told:
        return told[:1]
    owner = {a: c for a, (kind, c) in kb.aliases.items() if kind == "code" and c in kb.codes and kb.codes[c].family in fams}
    named = [owner[p.lower()] for _i, p in PhraseSet(owner).find(tokens(ctx.q.text.lower()))]
    if named:
        return named[:1]
    sc = ctx.q.scenario
    if sc is not None and any(str(f.value) in fams for f in sc.of("family")) and spec.get("yearly_wellness"):
        return [str(spec["yearly_wellness"])]
    return []


def _visit(ctx: Context, wellness: list[str]) -> list[str]:
    """The problem visit told: its code, else (beside a wellness visit) the level the story's MDM reaches."""
    from bot.engine.mdm_read import read_mdm_story  # noqa: PLC0415

    kb, spec = ctx.kb, _spec(ctx)
    told = _told(ctx, {str(f) for f in spec.get("visit_families") or []})
    if told or not wellness:
        return told[:1]
    story = read_mdm_story(kb, ctx.q.text.lower())
    ladder = next((t for t in kb.family_tracks(str(spec.get("problem_family") or "")) if t.default), None)
    if story is None or ladder is None:
        return []
    return [c for c in ladder.codes if kb.codes[c].rule.mdm == story.level][:1]


def _procedures(ctx: Context) -> list[str]:
    """Procedure codes told on the day (by code or by the words of vocabulary procedure_words) that only the practice's
    CPT import holds, or held in a procedure family ("a knee injection (a CPT code)", "a shave biopsy")."""
    kb, spec = ctx.kb, _spec(ctx)
    words = {str(k).lower(): str(v) for k, v in (spec.get("procedure_words") or {}).items()}
    told = list(ctx.q.codes) + [words[p.lower()] for _i, p in PhraseSet(words).find(tokens(ctx.q.text.lower()))]
    fams = {str(f) for f in spec.get("procedure_families") or []}
    return [c for c in dict.fromkeys(told) if _CPT.match(c) and c not in kb.left_out
            and (c not in kb.codes or kb.codes[c].family in fams)]


def _procedure_line(billing: Billing, code: str) -> None:
    """Add the told procedure's line, named as a code of the practice's CPT import."""
    billing.lines.append(BillingLine(code=code, units=1, title="procedure (CPT code from the practice's CPT import)"))
    billing.trace.append(f"{code} x1: the procedure told; a CPT code whose own rules (NCCI edits, payment, global "
                         "days) come from the practice's CPT import, not the curated knowledge.")


def _beside_bill(ctx: Context, answer: Answer) -> Answer:
    """A visit's bill with the procedure told the same day as its own line (the visit then carries modifier 25)."""
    billing, fams = answer.billing, {str(f) for f in _spec(ctx).get("visit_families") or []}
    if billing is None or billing.example or not set(answer.families) & fams:
        return answer
    added = [c for c in _procedures(ctx) if c not in {l.code for l in billing.lines}]
    if not added:
        return answer
    billing = dataclasses.replace(billing, lines=list(billing.lines), trace=list(billing.trace))
    for c in added:
        _procedure_line(billing, c)
    visit = next((l.code for l in billing.lines if l.code in ctx.kb.codes and ctx.kb.codes[l.code].family in fams), "")
    billing.trace.extend([f"Modifier 25 goes on {visit}: a significant, separately identifiable problem visit on the "
                          "day of the procedure."] * bool(visit))
    return dataclasses.replace(answer, billing=billing)


def _add_ons(ctx: Context, answer: Answer, base: list[str]) -> list[str]:
    """The asked add-ons of the day's codes the verdict allows (none the verdict rules out)."""
    kb, pair = ctx.kb, answer.pair
    out = []
    if pair is None or pair.allowed is not True:
        return []
    sides = {pair.left: pair.right, pair.right: pair.left}
    for c in dict.fromkeys(ctx.q.codes):
        code, other = kb.codes.get(c), sides.get(c)
        if code is None or c in base or other is None:
            continue
        # the verdict's other side is one of the day's codes or their family ("the add-on with a home visit: yes")
        day = other in base or other in {kb.codes[b].family for b in base}
        if not code.add_on_to:  # "can we add (the CCM initiation code) to the visit's claim?": a one-time service of the day
            if kb.rule_for(code, ctx.year).basis == "none" and ctx.q.scenario.role_of(c) == "asked" and day:
                out.append(c)
            continue
        if day or set(code.add_on_to) & set(base):
            out.append(c)
    return out


def _ruled_against(ctx: Context, answer: Answer, base: list[str]) -> bool:
    """The verdict rules a day's code out beside another held service of that day (not an add-on asked, not one had
    before): the story's claim is that verdict's to decide, not these lines'."""
    from bot.engine.spent_once import had_before  # noqa: PLC0415

    pair, kb = answer.pair, ctx.kb
    if pair is None or pair.allowed is not False:
        return False
    for kept, other in ((pair.left, pair.right), (pair.right, pair.left)):
        code = kb.codes.get(other)
        if kept in base and code is not None and not code.add_on_to and not had_before(ctx, other) \
                and not _dated_before(ctx, other):
            return True
    return False


def _procedure_only(ctx: Context, answer: Answer) -> Answer:
    """ "Visit-25 plus the procedure, or the procedure only?" when nothing beyond the procedure's problem was addressed:
    the procedure's line alone (its own evaluation is part of it); else unchanged."""
    spec = _spec(ctx)
    mods = {str(m) for m in spec.get("separate_visit_modifiers") or []}
    only = PhraseSet(spec.get("procedure_only") or [])
    pair, fams = answer.pair, {str(f) for f in spec.get("visit_families") or []}
    visit_denied = answer.intent == "pair" and pair is not None and pair.allowed is False and any(
        s in ctx.kb.codes and ctx.kb.codes[s].family in fams for s in (pair.left, pair.right))  # "(a visit)-25 too, or just (it)?": no
    if not answer.codes or (answer.codes[0].code not in mods and not visit_denied) or not only.any(tokens(ctx.q.text.lower())):
        return answer
    procedures = _procedures(ctx)
    if not procedures:
        return answer
    billing = Billing(inputs={"family": "", "minutes": None, "days": None, "interactive": None, "year": ctx.year},
                      lines=[], assumptions=[f"{ctx.year} Medicare rules, one billing practitioner, one patient."],
                      trace=[f"No office visit line: nothing beyond the procedure's own problem was addressed, and a "
                             f"minor procedure includes the evaluation that decides on it (modifier "
                             f"{next(iter(sorted(mods)), '25') if visit_denied else answer.codes[0].code} needs a "
                             f"significant, separately identifiable visit)."])
    for c in procedures:
        _procedure_line(billing, c)
    return dataclasses.replace(answer, billing=billing)


def with_story_claim(ctx: Context, answer: Answer) -> Answer:
    """The pair (or defined code's example) answer about a told visit day, with the day's claim lines."""
    if answer.status == "answered" and answer.intent == "bill" and ctx.q.scenario is not None:
        return _beside_bill(ctx, answer)  # "follow-up with med changes, and a shave biopsy: what do we bill?"
    if answer.status != "answered" or answer.intent not in ("pair", "define") or ctx.q.scenario is None \
            or (answer.billing is not None and not answer.billing.example):
        return answer
    if answer.billing is None and (only := _procedure_only(ctx, answer)) is not answer:
        return only  # "99213-25 plus the procedure? Nothing else addressed": the procedure alone
    first = ctx.kb.codes.get(answer.codes[0].code) if answer.codes else None
    add_on_asked = first is not None and bool(first.add_on_to)  # "should we tack (the add-on) onto it?"
    if answer.intent == "define" and not ((_more_asked(ctx) or add_on_asked) and answer.billing is not None):
        return answer
    if answer.intent == "pair" and answer.pair is None:
        return answer
    kb = ctx.kb
    wellness = _wellness(ctx)
    visit = _visit(ctx, wellness)
    if not visit:
        return answer
    base = wellness + visit
    if _ruled_against(ctx, answer, base):
        return answer  # "is the TCM visit billed as (an office visit)?": no, so no visit line
    procedures = _procedures(ctx) if answer.intent == "pair" else []
    lines = [BillingLine(code=c, units=1, title=kb.codes[c].title) for c in base]
    trace = [f"{c} x1: the {kb.codes[c].title.lower()} told in the question." for c in base]
    if wellness and visit:
        trace.append(f"Modifier 25 goes on {visit[0]}, the problem visit significant and separate from {wellness[0]}.")
    billing = Billing(inputs={"family": kb.codes[visit[0]].family, "minutes": None, "days": None, "interactive": None,
                              "year": ctx.year}, lines=lines, trace=trace,
                      assumptions=[f"{ctx.year} Medicare rules, one billing practitioner, one patient."])
    if answer.intent == "define":
        from bot.engine.relationship_addon import with_relationship_addon  # noqa: PLC0415

        billing = with_relationship_addon(kb, billing, ctx.q.text.lower(), list(ctx.q.codes), ctx.q.scenario)
    else:
        for c in _add_ons(ctx, answer, base):
            billing.lines.append(BillingLine(code=c, units=1, title=kb.codes[c].title))
            billing.trace.append(f"{c} x1: asked beside the day's visit, allowed by the verdict.")
    for c in procedures:
        _procedure_line(billing, c)
    return dataclasses.replace(answer, billing=billing)
