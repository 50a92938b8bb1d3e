"""Office visits by time: which families read minutes as a visit's total time, the day's total, and the answer
(the visit level and any prolonged add-on for the payer, from the billing engine's ladders)."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from bot.answer import Answer, Billing, BillingLine
from bot.engine import facts, handlers
from bot.engine.billing import BillRequest, bill, example_request
from bot.engine.office_read import ClaimTerms
from bot.engine.patient_status import story_status
from bot.engine.phrases import PhraseSet, tokens
from bot.engine.tracks import pick_track
from bot.engine.visit_said import cue_said
from bot.kb.records import Track
from bot.kb.store import KnowledgeBase

if TYPE_CHECKING:
    from bot.engine.handlers import Context

# visit_time and mdm_read load inside the functions that read a visit's time or MDM: most questions name no visit

def typed(ctx: Context) -> str:
    """The question as typed, lower-cased: the spelling corrector must not turn "traditional" into another word."""
    return (ctx.raw_text or ctx.q.text).lower()


def visit_minutes(ctx: Context) -> int | None:
    """The practitioner's minutes on the date of the encounter (staff time and other dates left out), or None."""
    from bot.engine.visit_time import read_visit_time  # noqa: PLC0415

    return read_visit_time(ctx.kb, typed(ctx)).minutes


def _cue_families(kb: KnowledgeBase) -> list[str]:
    return [f.id for f in kb.families.values() if f.cue_words or f.weak_cue_words]


def _criteria_story(kb: KnowledgeBase, sc) -> bool:
    """The question's words point to a family chosen by criteria (a discharge: TCM), whose MDM level is its own."""
    cache = kb.cache.setdefault("criteria_families", set(
        t.family for t in kb.tracks if t.basis == "none" and t.when != "explicit"
        and any(c in kb.codes and kb.codes[c].rule.requires for c in t.codes)))
    return sc is not None and any(f.value in cache for f in sc.of("family"))


def _cued(kb: KnowledgeBase, family: str, low: str, sc=None) -> bool:
    """An MDM level; or a ladder hint (new, established, also with words inside: "new Medicare patient") and one of
    the family's cue words (visit, appointment...); a weak cue word (patient) counts only when the question names no
    call or message (then it is a check-in)."""
    cache = kb.cache.setdefault("visit_cues", {})
    if family not in cache:
        fam, inter = kb.families[family], kb.vocabulary.get("interactive", {})
        cache[family] = (PhraseSet([*(h for t in kb.family_tracks(family) for h in t.hints),
                                    *(kb.vocabulary.get("visit_level_cues") or {}).get(family, [])]), PhraseSet(fam.cue_words),
                         PhraseSet(fam.weak_cue_words),
                         PhraseSet([*inter.get("positive", []), *inter.get("asynchronous", [])]))
    hints, cues, weak, contact = cache[family]
    from bot.engine.visit_time import mdm_level, visit_track  # noqa: PLC0415

    story = _criteria_story(kb, sc)
    if story and sc.of("event", "discharge"):
        return False  # a discharge story's visit, follow-up and MDM are TCM's (a visit code named still asks for one)
    if mdm_level(kb, low) is not None and not story:
        return True  # an MDM level names an E/M visit by itself (a TCM story's MDM is TCM's)
    words, track = tokens(low), visit_track(kb, family, low)
    if not hints.any(words) and track is None:
        return False
    visits = sc.of("event", "visit") if sc is not None else []
    if visits and all(v.negated for v in visits) and contact.any(words):
        return False  # "on the phone with the NP ... I have never seen the patient": a call, and no visit took place
    cued = sc.of("family", "cue") if visits else []  # "whether her rash needed a visit": the visit is the call's topic
    if visits and contact.any(words) and all(any(f.value != family and f.at <= v.at < f.at + len(f.words) for f in cued)
                                             for v in visits):
        return False
    # check-ins and e-visits are for established patients: a new patient seen by video is still a visit
    new_patient = track is not None and not track.default
    past = frozenset(kb.vocabulary.get("past_visit_before") or ())
    weighed = kb.cache.setdefault("not_events", PhraseSet(kb.vocabulary.get("not_events") or []))
    return cue_said(cues, sc, words, past, weighed) or (weak.any(words) and (new_patient or not contact.any(words)))


def visit_family(ctx: Context, codes: list[str]) -> str | None:
    """The visit family the question's minutes belong to, or None."""
    kb, q = ctx.kb, ctx.q
    for family in _cue_families(kb):
        if codes:
            if all(kb.codes[c].family == family for c in codes):
                return family
        elif q.families == [family] or (not _timed_families(kb, q.families) and _cued(kb, family, typed(ctx), q.scenario)):
            return family
    return None


def _timed_families(kb: KnowledgeBase, families: list[str]) -> list[str]:
    """The named families whose codes go by minutes, units or criteria: a same-day procedure beside a visit is context."""
    return [f for f in families if any(c.rule.basis != "none" or c.rule.requires for c in kb.codes_by_family.get(f, []))]


def is_em_time(ctx: Context, codes: list[str]) -> bool:
    """Whether the question gives minutes (or an MDM level) for an office visit, by someone whose time a visit
    ladder counts (a clinical social worker's 9-minute call is not a visit's time)."""
    family = visit_family(ctx, codes)
    if family is None or not has_visit_time(ctx):
        return False
    sc = ctx.q.scenario
    if codes and ctx.q.intent == "pair" and _criteria_story(ctx.kb, sc) and sc.of("event", "discharge"):
        return False  # "a 99215 for that same visit on top of the TCM?": the discharge story's MDM is TCM's, a pair asked
    if ctx.q.intent == "pair" and any(c not in ctx.kb.codes for c in ctx.q.codes):
        return False  # "45 more minutes on records: can we bill 99358 with the 99215?": the pair is what is asked
    if codes or pick_track(ctx.kb, family, "minutes", codes, ctx.q.text, None, ctx.q.scenario).track is not None:
        return True
    # "35 minutes in the room, 12 of those the nurse's": a total no one is named for, staff's part taken out
    return sc is not None and any(not f.who for f in sc.of("minutes")) and (visit_minutes(ctx) or 0) > 0


def has_visit_time(ctx: Context) -> bool:
    """Whether the question gives a visit's time or MDM level at all ("each 15 minutes" names a unit, not time)."""
    from bot.engine.visit_time import mdm_level  # noqa: PLC0415

    return visit_minutes(ctx) is not None or mdm_level(ctx.kb, typed(ctx)) is not None


def no_time(ctx: Context, code: str) -> Answer:
    """A visit code without a time threshold (a staff visit) is defined, not climbed to by minutes."""
    ctx.notes.append(f"{code} has no time threshold: minutes do not select it; it is reported when its own rule is met.")
    return define_with_example(ctx, code) or handlers.define(ctx, code)


def as_bill(answer: Answer) -> Answer:
    """A defined code's worked example made the bill of the visit the story told."""
    if answer.billing is None or not answer.billing.lines:
        return answer
    return dataclasses.replace(answer, intent="bill", billing=dataclasses.replace(answer.billing, example=False))


def _staff_visit(kb: KnowledgeBase, family: str, track: Track | None) -> str | None:
    """The family's visit code without a time threshold (the staff visit), unless the ladder is for new patients."""
    if track is not None and not track.default:
        return None
    return next((c.code for c in kb.codes.values() if c.family == family and c.role == "visit"
                 and c.rule.basis == "none" and c.status == "active"), None)


def _ladder(kb: KnowledgeBase, family: str, bases: list[str], low: str) -> Track | None:
    if bases:
        return kb.track_by_code.get(bases[0])
    from bot.engine.visit_time import visit_track  # noqa: PLC0415

    return visit_track(kb, family, low)


def _by_status(ctx: Context, family: str, track: Track | None, bases: list[str]) -> tuple[Track | None, list[str]]:
    """The new or established ladder the three-year rule gives from the story's earlier contact, over a code or a
    word the question offers ("the new-patient code since she is new to Dr. Lee?")."""
    status = story_status(ctx, visit_billed=True)
    ladders = [t for t in ctx.kb.family_tracks(family) if t.basis == "minutes"]
    if status is None or len(ladders) < 2:
        return track, bases
    pick = next((t for t in ladders if t.default == (status[0] == "established")), track)
    if pick is not track:
        ctx.notes.append(f"{'Established' if pick.default else 'New'} patient by the three-year rule ({status[1]}), "
                         "whatever the question's own word.")
    return pick, [c for c in bases if c in (pick.codes if pick else ())]


def _by_mdm(kb: KnowledgeBase, family: str, track: Track | None, level: str | None):
    if level is None:
        return None
    ladder = track or next((t for t in kb.family_tracks(family) if t.default), None)
    return next((kb.codes[c] for c in (ladder.codes if ladder else ()) if kb.codes[c].rule.mdm == level), None)


def _choose_mdm(kb: KnowledgeBase, billing: Billing, by_mdm, level: str, minutes: int | None) -> Billing:
    """Time or MDM, whichever supports the higher level; prolonged add-ons only follow a level chosen by time."""
    by_time = next((kb.codes[l.code] for l in billing.lines if not kb.codes[l.code].add_on_to), None)
    told = f"By MDM: {level} medical decision making supports {by_mdm.code}."
    if by_time is not None and (by_time.rule.min_minutes or 0) >= (by_mdm.rule.min_minutes or 0):
        return dataclasses.replace(billing, trace=billing.trace + [told + f" Time supports {by_time.code}, the same "
                                                                   "or higher level, so the level follows time."])
    timed = f"by time, {minutes} minutes reach {by_time.code if by_time else 'no level'}" if minutes is not None else \
        "no time was given"
    line = BillingLine(code=by_mdm.code, units=1, title=by_mdm.title)
    inputs = {**billing.inputs, "minutes": minutes}  # no time told: the title shows no "0 minutes"
    return dataclasses.replace(billing, inputs=inputs, lines=[line], unbilled_minutes=None, trace=[
        told, f"Either time or MDM may select the level; {timed}, so the level follows MDM "
              "(prolonged-time add-ons apply only to a level chosen by time)."])


def em_answer(ctx: Context, codes: list[str], terms: ClaimTerms) -> Answer:
    """The visit level the day's total time (or the MDM) reaches, and the payer's prolonged add-on by time."""
    kb, q = ctx.kb, ctx.q
    family = visit_family(ctx, codes) or ""
    bases = [c for c in codes if kb.codes[c].family == family and not kb.codes[c].add_on_to]
    if (untimed := next((c for c in bases if kb.codes[c].rule.basis == "none"), None)) is not None:
        return no_time(ctx, untimed)
    low = typed(ctx)
    from bot.engine.mdm_read import read_mdm_story, unclaimed  # noqa: PLC0415
    from bot.engine.status_clarify import status_clarify  # noqa: PLC0415
    from bot.engine.visit_time import mdm_level, mdm_named, read_visit_time  # noqa: PLC0415

    own = unclaimed(q.scenario, low)  # a level someone else claims is not the visit's
    time, track, level = read_visit_time(kb, low), _ladder(kb, family, bases, low), mdm_level(kb, own)
    if level is None and own != low and time.minutes is None and (told := read_mdm_story(kb, own)) is not None:
        level = told.level
    track, bases = _by_status(ctx, family, track, bases)
    if track is None and not bases and level is None and not time.staff_only and (
            asked := status_clarify(ctx, family, time.minutes, terms.payer)) is not None:
        return asked  # "40 minutes for today's visit: which code?": new or established decides the level
    if time.staff_only and level is None and (staff := _staff_visit(kb, family, track)) is not None:
        ctx.notes.append(f"Only clinical staff time is told ({', '.join(map(str, time.read))} min): the practitioner's "
                         f"time ladder does not apply; a staff visit of an established patient is {staff}.")
        return as_bill(no_time(ctx, staff))  # the visit told is billed as the staff visit, not shown as an example
    named = bases or ([track.codes[0]] if track is not None else [])
    req = BillRequest(family=family, year=ctx.year, minutes=time.minutes or 0, text=q.text, codes=named,
                      payer=terms.payer)
    result = bill(kb, req)
    billing = result.billing
    if (by_mdm := _by_mdm(kb, family, track, level)) is not None:
        billing = _choose_mdm(kb, billing, by_mdm, level or "", time.minutes)
        story = read_mdm_story(kb, own) if not mdm_named(kb, own) else None
        if story is not None and story.level == level:
            billing = dataclasses.replace(billing, trace=story.trace + billing.trace)
            ctx.source_ids += [str(s) for s in (kb.meta.get("mdm_elements") or {}).get("also", [])] + \
                [str((kb.meta.get("mdm_elements") or {}).get("source", ""))]
        ctx.source_ids.append("codingintel-time-or-mdm")
    story_told = by_mdm is not None and not mdm_named(kb, own)
    by_time = by_mdm is None or any(l.code != by_mdm.code for l in billing.lines)
    lead = [f"Level chosen by {time.minutes} minutes of the billing practitioner's own total time on the date of the "
            "encounter; medical decision making may support another level."] if time.minutes is not None and by_time \
        else [f"Level chosen by {level} medical decision making, as "
              f"{'read from the problems and management described' if story_told else 'documented'}."] \
        if by_mdm is not None else []
    lead += [f"Not counted: {why}." for why in time.left_out] + _split(ctx, low)
    if time.restated is not None:
        lead.append(f"The {time.restated} minutes named are the other spans added up, not more time.")
    billing.assumptions[:0] = lead
    _placed(ctx, time.read)
    ctx.contested += result.contested
    ctx.source_ids += result.source_ids + list(kb.families[family].sources)
    from bot.engine.relationship_addon import with_relationship_addon  # noqa: PLC0415

    billing = with_relationship_addon(kb, billing, low, list(q.codes), q.scenario)
    line_codes = [kb.codes[l.code] for l in billing.lines]
    first = line_codes[0] if line_codes else None
    return handlers.finish(ctx, status="answered", intent="bill",
                            codes=[facts.code_fact(kb, c, ctx.year) for c in line_codes],
                            companions=facts.companions(kb, first, ctx.year) if first else [], billing=billing,
                            families=[family], family_info=[facts.family_info(kb, family)])


def _split(ctx: Context, low: str) -> list[str]:
    """Who bills a split or shared visit and with which modifier (bot/engine/split_shared.py), as assumptions."""
    from bot.engine.split_shared import split_notes  # noqa: PLC0415

    notes, ids = split_notes(ctx.kb, low)
    ctx.source_ids += ids
    return notes


def _placed(ctx: Context, figures: list[int]) -> None:
    """Numbers the visit's time was read from ("15 of those") are placed: not listed as unused."""
    sc = getattr(ctx.q, "scenario", None)
    if sc is None or not figures:
        return
    used = {str(f) for f in figures}
    sc.stray[:] = [w for w in sc.stray if not set(re.findall(r"\d+", w)) & used]


def define_with_example(ctx: Context, code: str) -> Answer | None:
    """A visit family's code without a time ladder of its own (a staff visit, a relationship add-on) still gets a
    worked example: its base visit's example, with the add-on as one more line."""
    kb = ctx.kb
    from bot.engine.level_asked import unread_level  # noqa: PLC0415

    if (asked := unread_level(ctx, code)) is not None:
        return asked  # "is (level 5) supportable?" with neither time nor two MDM elements told: ask the MDM level
    c = kb.codes.get(code)
    if c is None or not kb.families.get(c.family) or not kb.families[c.family].cue_words or c.rule.basis != "none":
        return None
    answer = handlers.define(ctx, code)
    if answer.billing is not None:
        return answer
    bases = [kb.codes[b] for b in c.add_on_to if b in kb.track_by_code]
    base = next((b for b in bases if kb.track_by_code[b.code].default), bases[0] if bases else None)
    if base is None:
        line = BillingLine(code=c.code, units=1, title=c.title)
        billing = Billing(inputs={"family": c.family, "minutes": None, "days": None, "interactive": None,
                                  "year": ctx.year}, lines=[line], example=True,
                          trace=[f"{c.code} x1: no time threshold; the visit is reported on its own rule."],
                          assumptions=[f"{ctx.year} Medicare rules, one billing practitioner, one patient."])
        return dataclasses.replace(answer, billing=billing)
    req = example_request(kb, base, ctx.year)
    if req is None:
        return answer
    result = bill(kb, req).billing
    lines = result.lines + [BillingLine(code=c.code, units=1, title=c.title)]
    trace = result.trace + [f"{c.code} x1: added to {base.code}; it is not time-based (its own rule decides)."]
    return dataclasses.replace(answer, billing=dataclasses.replace(result, lines=lines, trace=trace))
