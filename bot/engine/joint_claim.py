"""A joint injection told on the claim ("both knees injected, no ultrasound: the major-joint code x2?", "the knee
drained then injected through one needle: two units?", "an
ultrasound-guided knee injection billed as the unguided code plus the guidance code: what is the correct coding?"): the
one line the story's words name, guided or not (never the unguided code plus the guidance code), and for both sides the
line's bilateral rule (knowledge/vocabulary.yaml drug_administration and joint_claim; the indicators' meanings in
cms_files.yaml)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.answer import Answer, Billing, BillingLine, CodeFact
from bot.engine.drug_given import guidance_told
from bot.engine.phrases import phrase_said

if TYPE_CHECKING:
    from bot.engine.handlers import Context
    from bot.kb.store import KnowledgeBase


def _lines(kb: KnowledgeBase) -> list[dict]:
    """The joint-injection lines: the administration lines that carry a bilateral indicator."""
    return [e for e in (kb.vocabulary.get("drug_administration") or {}).get("lines") or [] if e.get("bilateral")]


def _pick(entries: list[dict], text: str, named: list[str], guided: bool) -> dict | None:
    """The line for the joint the words (or a named joint code) tell, guided as the story says."""
    kinds = [tuple(e["words"]) for e in entries if phrase_said(text, list(e["words"])) or str(e["code"]) in named]
    if len(set(kinds)) != 1:
        return None
    return next((e for e in entries if tuple(e["words"]) == kinds[0] and bool(e.get("guided")) == guided), None)


def joint_answer(ctx: Context) -> Answer | None:
    """The claim line(s) for a joint injection told with both sides or with image guidance, when the question asks how
    to code it; None for any other question (a visit or a drug beside it goes to its own stages)."""
    kb, text = ctx.kb, ctx.raw_text or ctx.q.text
    data = kb.vocabulary.get("joint_claim") or {}
    entries = _lines(kb)
    guidance = {str(c): str(t) for c, t in (data.get("guidance_codes") or {}).items()}
    named = list(dict.fromkeys(c.upper() for c in ctx.q.codes))
    joint_codes = {str(e["code"]) for e in entries}
    if not data or any(c not in joint_codes and c not in guidance for c in named) \
            or not (phrase_said(text, list(data.get("injected") or [])) or set(named) & joint_codes):
        return None
    from bot.engine.quantity import drugs_told  # noqa: PLC0415  (a drug's dose: the units answer carries the line)

    guided = guidance_told(kb, text)
    entry = _pick(entries, text, named, guided)
    both = phrase_said(text, list(data.get("both") or []))
    conflict = guided and any(c in guidance or (c in joint_codes and c != str(entry and entry["code"])) for c in named)
    stick = _one_stick(data, text, both)
    if entry is None or not (both or conflict or stick) or drugs_told(ctx) \
            or not (ctx.q.intent == "bill" or phrase_said(text, list(data.get("asks_coding") or []))):
        return None
    return _answer(ctx, entry, [c for c in named if c != str(entry["code"])], both, guidance, stick)


def _one_stick(data: dict, text: str, both: bool) -> str:
    """The note for one joint both drained and injected at one session (one line), or "" when the story tells no such."""
    told = data.get("one_stick") or {}
    if both or not all(phrase_said(text, list(told.get(k) or [])) for k in ("drained", "injected")):
        return ""
    return str(told.get("note") or "")


def _answer(ctx: Context, entry: dict, left: list[str], both: bool, guidance: dict[str, str], stick: str = "") -> Answer:
    """The one line (with the bilateral modifier when both sides were done), and why the named codes are not billed."""
    from bot.engine.claimfacts import modifier_fact  # noqa: PLC0415
    from bot.engine.cmsfacts import meanings  # noqa: PLC0415
    from bot.engine.handlers import finish  # noqa: PLC0415
    from bot.engine.office_read import read_claim_terms  # noqa: PLC0415

    kb, code = ctx.kb, str(entry["code"])
    rule = meanings()["pfs"]["bilateral"]
    meaning = rule["indicators"].get(str(entry["bilateral"]), {}) if both else {}
    modifier = str(meaning.get("modifier") or "")
    trace = []
    if left:
        named = [f"{c} ({guidance[c][:1].lower()}{guidance[c][1:]})" if c in guidance else c for c in left]
        trace.append(f"{' and '.join(named)} not billed: {code} is the code for this injection"
                     + (" with the ultrasound guidance recorded and reported; the guidance is part of it, never billed "
                        "on its own line beside the guided or the unguided code." if entry.get("guided") else "."))
    if stick:
        trace.append(stick.format(code=code))
    if both:
        trace.append(f"Both sides at one session: {code}'s fee-schedule bilateral indicator is {entry['bilateral']}: "
                     f"{meaning.get('text', '')}.")
    trace += [m for m in (_mue(ctx, code),) if m]
    payer = read_claim_terms((ctx.raw_text or ctx.q.text).lower(), kb, ctx.raw_text).payer
    assumptions = [f"{'Medicare rules (the question names Medicare).' if payer == 'medicare' else 'Medicare rules (the default payer).'}"]
    if both:
        assumptions.append("Payers that follow CPT rules may want the two sides on two lines with RT and LT instead; "
                           "check the payer's policy.")
    title = str(entry.get("title") or "")
    fact = CodeFact(code=code, system="CPT", family=str(entry.get("family") or ""), title=title,
                    summary=f"{title}. Its own rules (NCCI edits, MUE, payment) come from the practice's CPT and CMS "
                            "imports.", status="active", role="procedure", effective_year=int(entry.get("effective_year") or 0),
                    rules=list(trace), source_ids=[str(entry.get("source") or "")])
    codes = [fact] + ([modifier_fact(kb.modifiers[modifier], ctx.year)] if modifier in kb.modifiers else [])
    billing = Billing(inputs={"family": fact.family, "minutes": None, "days": None, "interactive": None, "year": ctx.year},
                      lines=[BillingLine(code=code, units=int(meaning.get("units") or 1),
                                         title=f"{title}, both sides: modifier {modifier}" if modifier else title)],
                      assumptions=assumptions, trace=trace)
    ctx.source_ids += [s for s in (str(entry.get("source") or ""), rule["source"] if both else "", "cms-pfs-rvu-files"
                                   if both else "") if s]
    shown = f"{code}-{modifier}" if modifier else code
    _mark_read(ctx, left + [code])
    return finish(ctx, status="answered", intent="bill", codes=codes, billing=billing, families=[fact.family],
                  asked_label=f"the claim: {shown} for the joint injection"
                              + (f" ({', '.join(left)} not billed)" if left else ""))


def _mark_read(ctx: Context, codes: list[str]) -> None:
    """The named codes, the units and modifiers told of the lines billed before are read: not left aside."""
    sc = ctx.q.scenario
    if sc is None:
        return
    sc.use(*[f for f in sc.facts if (f.kind == "code" and f.value in codes) or (f.kind == "count" and f.role == "unit")])
    told = re.compile(r"\b(?:" + "|".join(re.escape(c.lower()) for c in codes) + r")\b|\blines?\b|\bunits?\b|\bx\s*\d")
    sc.stray[:] = [w for w in sc.stray if not told.search(w.lower())]


def _mue(ctx: Context, code: str) -> str | None:
    """The line's MUE from the imported table, when the question asks about the MUE."""
    from bot.engine.cmsask import asks_mue  # noqa: PLC0415
    from bot.engine.cmsroute import cms_reader  # noqa: PLC0415

    reader = cms_reader() if asks_mue(ctx.raw_text or ctx.q.text) else None
    if reader is None:
        return None
    from bot.engine import cmsfacts, mue  # noqa: PLC0415

    return mue.mue_sentence(cmsfacts.context(ctx, reader), code)
