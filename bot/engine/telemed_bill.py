"""A CPT telemedicine visit code asked for a Medicare visit ("video visit, moderate MDM: which new video code?"):
Medicare does not recognise those codes, so the lines are the office visit of the same kind and level, with the
place of service and the telehealth modifier (meta.yaml telemed_visit)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from bot.answer import Answer, Billing, BillingLine
from bot.engine.phrases import PhraseSet, tokens

if TYPE_CHECKING:
    from bot.engine.handlers import Context


def _told(ctx: Context, name: str, words: list[str]) -> bool:
    vocab = ctx.kb.vocabulary.get("telemed_visit") or {}
    return bool(PhraseSet(vocab.get(name) or []).find(words))


def _office_code(ctx: Context, family: str, low: str) -> tuple[str, str] | None:
    """(office code, why) by the MDM level named or read, else by the practitioner's minutes; None when neither."""
    from bot.engine.mdm_read import read_mdm_story  # noqa: PLC0415
    from bot.engine.visit_time import mdm_level, read_visit_time, visit_track  # noqa: PLC0415

    kb = ctx.kb
    track = visit_track(kb, family, low) or next((t for t in kb.family_tracks(family) if t.default), None)
    if track is None:
        return None
    ladder = [kb.codes[c] for c in track.codes if not kb.codes[c].add_on_to and kb.codes[c].rule.mdm]
    level = mdm_level(kb, low) or (story.level if (story := read_mdm_story(kb, low)) is not None else None)
    if level is not None:
        hit = next((c for c in ladder if c.rule.mdm == level), None)
        return (hit.code, f"{level} medical decision making") if hit is not None else None
    minutes = read_visit_time(kb, low).minutes
    reached = [c for c in ladder if minutes is not None and (c.rule.min_minutes or 0) <= minutes]
    return (reached[-1].code, f"{minutes} minutes of the practitioner's total time") if reached else None


def beside_other_service(ctx: Context, codes: list[str]) -> list[str]:
    """The codes less the CPT telemedicine ones when the story tells another family's service by its words ("a 15 min
    phone check-in ... the page lists the audio-only visit codes"): that service is the subject, the visit codes are only named."""
    kb, spec, sc = ctx.kb, ctx.kb.meta.get("telemed_visit") or {}, ctx.q.scenario
    tele = [c for c in codes if c in kb.codes and kb.codes[c].family == spec.get("family")]
    cued = {f.value for f in sc.of("family", "cue")} if sc is not None else set()
    if not tele or len(tele) < len(codes) or not cued - {spec.get("family"), spec.get("office_family")}:
        return codes
    return []


def _named(ctx: Context, spec: dict, words: list[str]) -> list[str]:
    """The CPT telemedicine codes named, and a deleted telephone E/M code named beside a visit told as done by audio
    only ("the video failed, finished by phone"): both are billed as the office visit."""
    kb = ctx.kb
    named = [c for c in ctx.q.codes if c in kb.codes and kb.codes[c].family == spec["family"]]
    if _told(ctx, "audio", words) and _told(ctx, "visit", words):
        named += [c for c in ctx.q.codes if c in {str(x) for x in spec.get("former_phone_codes") or []} and c in kb.codes]
    return named


def with_telemed_lines(ctx: Context, answer: Answer) -> Answer:
    """The answer with the Medicare office visit line when it names CPT telemedicine codes and had no lines."""
    kb, spec = ctx.kb, ctx.kb.meta.get("telemed_visit") or {}
    if not spec or answer.status != "answered" or (answer.billing is not None and answer.billing.lines):
        return answer
    low = (ctx.raw_text or ctx.q.text).lower()
    named = _named(ctx, spec, tokens(low))
    others = (kb.meta.get("payers") or {}).get("other", {}).get("words") or []
    if not named or PhraseSet(others).find(tokens(low)):
        return answer  # a payer that follows CPT may take the telemedicine code itself
    found = _office_code(ctx, str(spec["office_family"]), low)
    if found is None:
        return answer
    words = tokens(low)
    audio = _told(ctx, "audio", words)
    mod = spec["audio_modifier"] if audio else spec["video_modifier"]
    place = spec["home_place"] if _told(ctx, "home", words) else f"{spec['home_place']} (home) or {spec['other_place']}"
    code = kb.codes[found[0]]
    former = [c for c in named if kb.codes[c].status == "deleted"]
    why = (f"{', '.join(former)}: deleted telephone E/M code{'s' if len(former) > 1 else ''} (ended "
           f"{kb.codes[former[0]].ended_year}); an audio-only visit is billed as an office visit now.") if former else (
        f"{', '.join(named)}: CPT telemedicine code{'s' if len(named) > 1 else ''} Medicare does not recognise in "
        f"{ctx.year} (status I).")
    trace = [why, f"{code.code} x1 by {found[1]}, with POS {place} and modifier {mod} "
             f"({'audio only' if audio else 'real-time audio-video'})."]
    if former:
        ctx.source_ids.append(str(spec["former_phone_source"]))
    billing = Billing(inputs={"family": code.family, "year": ctx.year}, lines=[
        BillingLine(code=code.code, units=1, title=code.title)], trace=trace)
    from bot.engine import facts  # noqa: PLC0415

    first = facts.code_fact(kb, code, ctx.year)
    return dataclasses.replace(answer, billing=billing, codes=[first, *[c for c in answer.codes if c.code != code.code]])
