"""Bill answers: minutes and days to lines, codes chosen by their criteria (TCM, APCM), and the questions back
(clarify) when a stated fact leaves the choice open."""

from __future__ import annotations

import dataclasses

from bot.answer import Answer, Billing, Choice, PairVerdict, Suggestion
from bot.engine import criteria, facts
from bot.engine.condition_family import condition_family, refit_family
from bot.engine.billing import BillRequest, BillResult, bill
from bot.engine.criteria_bill import criteria_billing, expected, stated_met
from bot.engine.handlers import Context, define, finish
from bot.engine.scenario import COUNTED_MINUTES
from bot.engine.search import search_text
from bot.engine.absorbed import absorbing_family
from bot.engine.asking import ask_kind
from bot.engine.one_service import other_service
from bot.engine.billed_again import again_verdict
from bot.engine.billed_base import add_billed_base, later_after_billed_first
from bot.engine.misroled import misroled
from bot.engine.setup_read import renewed_setup, setup_billed_before
from bot.engine.cue_workers import (biller_codes, cued_elsewhere, cued_for_worker, doubted_codes, doubted_families,
                                    story_cue_family, worker_families, worker_refit)
from bot.engine.tracks import days_family, hinted, pick_track, workers
from bot.engine.told_visit import told_untimed
from bot.engine.untimed_named import image_track, retie_untimed, takes_minutes
from bot.kb.records import Code, Track
from bot.engine.patterns import lazy


def _bill_family(ctx: Context, codes: list[str]) -> str | None:
    """The family the lines are for: an asked code's, a named family no billed code stands for, a billed code's,
    then the family the question's words point to."""
    kb, q = ctx.kb, ctx.q
    sc = q.scenario
    asked = [c for c in codes if sc is None or sc.role_of(c) != "billed"]
    billed = list(dict.fromkeys(kb.codes[c].family for c in codes if c not in asked))  # in question order, never a set's
    # a deleted code offered ("he wants to bill 99441"), one quoted in a claim or doubted by the story: the story decides
    deferred = doubted_codes(kb, sc, asked) + [c for c in asked if kb.codes[c].status == "deleted" or (
        sc is not None and all(f.role == "quoted" for f in sc.of("code") if f.value == c) and sc.role_of(c) == "quoted")]
    asked = [c for c in asked if c not in deferred]
    # a billed code of a family with no ladder ("we billed G0136 at the visit") is context for the minutes, not their family
    laddered = [f for f in billed if any(t.basis in ("minutes", "days") for t in kb.family_tracks(f))]
    # a named family with no minute or day ladder ("1 home visit") does not take minutes another family's worker spent
    counted = [f for f in q.families if f not in billed and takes_minutes(kb, q, f)]
    if q.days is not None and (doubted := doubted_families(kb, sc, counted)):  # "inhaler sensor, 18 days: RPM?": RTM's
        counted = list(dict.fromkeys(story_cue_family(sc) if f in doubted else f for f in counted))
        sc.use(*(f for f in sc.facts if f.value in doubted or (f.kind == "code" and kb.family_of(f.value) in doubted)))
        ctx.notes.append(f"The device told is {counted[0]}'s, not {', '.join(doubted)}'s: billed as {counted[0]}.")
    offered = list(dict.fromkeys(kb.codes[c].family for c in asked))
    if len(offered) > 1 and sc is not None:  # "G0019 or G0023?" from a navigator: the family the story's words point to
        cued = {f.value for f in sc.of("family", "cue")}
        offered.sort(key=lambda f: f not in cued)
    story = story_cue_family(sc) if not offered and len(counted) > 1 else None  # "RPM or RTM?" of a CPAP's use data
    fit = (story if story in counted else condition_family(ctx, among=counted)) if not offered and len(counted) > 1 else None
    for fam in [fit] * bool(fit) + offered + counted + laddered:
        # the worker told fits the cued program only; a program the stated count rules out
        return worker_refit(kb, sc, fam, ctx.notes) or (fam if fam not in laddered + offered else refit_family(ctx, fam))
    if sc is not None and not sc.of("family", "cue") and (fam := days_family(kb, q.scenario, q.days)):
        return fam  # days of data outweigh a weak cue ("one phone call" is no check-in beside 19 days of data)
    # a specialist and the treating practitioner both named (the e-consult's performers) outweigh a call's cue words
    return _replaced_family(kb, sc, deferred) or _performer_family(kb, sc) or cued_for_worker(kb, sc, ctx.notes, ctx.source_ids) \
        or days_family(kb, q.scenario, q.days) or next(iter(billed), None) or next((kb.codes[c].family for c in deferred), None)


def _replaced_family(kb, sc, deferred: list[str]) -> str | None:
    """A deleted code the asker offers (a 2020 sheet's e-visit G-code) picks among the families the story cues: its replacement's."""
    cued = {f.value for f in sc.of("family", "cue")} if sc is not None else set()
    hit = {kb.codes[r].family for c in deferred if kb.codes[c].status == "deleted" for r in kb.codes[c].replaced_by if r in kb.codes}
    return next(iter(hit & cued)) if len(hit & cued) == 1 else None


def _performer_family(kb, sc) -> str | None:
    """The one family whose `performer_cues` the question's performers all name (a PCP and a specialist: e-consult)."""
    named = set(sc.performers()) if sc is not None else set()
    found = [f.id for f in kb.families.values() if any(set(cues) <= named for cues in f.performer_cues)]
    return found[0] if len(found) == 1 else None


def add_on_answer(ctx: Context, subjects: list[str]) -> Answer | None:
    """"Which APCM behavioral-health add-on?": a family's explicit ladder of add-ons chosen by criteria, when the
    question asks which add-on and says the ladder's hints; the add-on whose criteria the facts meet is billed."""
    kb, q = ctx.kb, ctx.q
    sc = later_after_billed_first(kb, q.scenario)  # "the first-month add-on went out in April; which one for June?"
    # "what do we bill besides G0557?" (an open bill ask) asks for the add-on as much as "which add-on?" does
    if sc is None or sc.asked not in ("bill", "") or not ("add_on" in q.roles or ask_kind(q) == "bill") or q.days is not None:
        return None  # minutes do not stop it: the add-ons are untimed ("25 min of general BHI, or an APCM add-on?")
    from bot.engine.base_left_off import left_off_families  # noqa: PLC0415 (it imports the handlers)

    left = left_off_families(kb, q.text)  # "not enrolled in APCM": its add-ons have no base to sit on
    for fam in dict.fromkeys(kb.codes[s].family if s in kb.codes else s for s in subjects):
        if fam in left:
            continue
        for track in kb.family_tracks(fam):
            if track.basis == "none" and track.when == "explicit" and track.role == "add_on" and hinted(track, q.text, sc) \
                    and all(c in kb.codes and kb.codes[c].rule.requires for c in track.codes):
                return criteria_answer(ctx, fam, track, [c for c in q.codes if c in kb.codes and kb.codes[c].family == fam])
    return None


def _criteria_track(ctx: Context, fam: str) -> Track | None:
    """The family's ladder of codes chosen by criteria rather than by minutes or days (TCM levels, APCM levels)."""
    kb = ctx.kb
    return next((t for t in kb.family_tracks(fam) if t.basis == "none" and t.when not in ("explicit", "setup")
                 and any(c in kb.codes and kb.codes[c].rule.requires for c in t.codes)), None)


_EACH = lazy(r"\s*(?:each|apiece|for each|per service)\b")


def billable_families(ctx: Context, codes: list[str]) -> list[str]:
    """The families the question's numbers bill: every family its minutes are tied to ("25 min of RPM and 30 min of
    CCM": both, each on its own lines), else the one family the lines are for; none when all the minutes belong to
    other families and no data days are given ("we bill CCM for 25 minutes of CCM; can we add general BHI?")."""
    kb, q = ctx.kb, ctx.q
    sc = q.scenario
    fam = absorbing_family(kb, q, _bill_family(ctx, codes), ctx.notes, ctx.source_ids)
    worker_families(kb, sc, list(dict.fromkeys([kb.codes[c].family for c in codes if c in kb.codes] + q.families)))
    minutes = [f for f in sc.of("minutes") if f.role in COUNTED_MINUTES] if sc is not None else []
    tied = list(dict.fromkeys(f.family or kb.codes[f.code].family for f in minutes if f.family or f.code in kb.codes))
    asked = {kb.codes[c].family for c in codes if sc is None or sc.role_of(c) != "billed"}
    # "99490 billed for April; 40 min of CoCM: can we bill 99493 too?", "her portal questions: 8 and 6 min; on RTM too"
    if len(tied) == 1 and tied[0] != fam and (tied[0] in asked or (tied[0] in q.families and all(f.family for f in minutes))):
        return tied
    if len(tied) > 1 and all(t in kb.families for t in tied):
        return sorted(tied, key=lambda t: t != fam)
    loose = [f for f in minutes if not f.family and f.code not in kb.codes]
    if tied and fam is not None and fam not in tied and loose and all(t in kb.families for t in tied) and (q.days is not None or fam in q.families):
        # "RPM: 20 days, the MA 25 min ... Also CCM: the RN 30 min", "RPM management was 14 min ... the RN did 25 min of CCM": the loose minutes are RPM's
        sc.facts = [dataclasses.replace(f, family=fam) if f in loose else f for f in sc.facts]
        return [fam] + tied
    named = list(dict.fromkeys([kb.codes[c].family for c in codes if c in kb.codes and sc.role_of(c) != "billed"]
                               + [f for f in q.families if f in kb.families and f not in q.weak_families]))
    if len(named) > 1 and any(_EACH().match(sc.text, f.at + len(f.words)) for f in minutes):
        return named  # "99457 and 99490, 20 minutes each": the same figure for each service
    if fam is None:
        return []
    return [fam] if q.days is not None or loose or fam in tied or not minutes else []


def bill_answer(ctx: Context, codes: list[str], pair: PairVerdict | None = None) -> Answer:
    """Minutes, data days or criteria into lines for one family (or each family the minutes are tied to), `pair` beside."""
    kb, q, codes = ctx.kb, ctx.q, biller_codes(ctx.kb, ctx.q.scenario, codes)  # the told biller's own ladder
    fams = billable_families(ctx, codes) if pair is not None or len(q.families) > 1 else []
    beside = _criteria_beside(ctx, fams)
    if len(fams) + len(beside) > 1:
        return _families_bill(ctx, fams + list(beside), codes, pair, beside)
    fam = fams[0] if fams else absorbing_family(kb, q, _bill_family(ctx, codes), ctx.notes, ctx.source_ids) \
        or condition_family(ctx)
    if fam is None:
        hit = search_text(kb, q, ctx.year, ctx.stopwords)  # "practitioner data interpretation, 30 minutes"
        if hit.code and not cued_elsewhere(kb, q.scenario, hit.code):  # cues tied between two programs: ask, not a third
            return define(ctx, hit.code, intent="search")
        if hit.family is None:
            return told_untimed(ctx) or _which_family(ctx)
        fam = hit.family
    add_billed_base(kb, q.scenario, fam, ctx.year)
    track = image_track(kb, q, fam, workers(q.scenario, "minutes", kb.meta.get("performer_counts_as") or {})) or _criteria_track(ctx, fam)
    timeless = not any(t.basis in ("minutes", "days") for t in kb.family_tracks(fam)) or (track is not None and track.when == "explicit")
    if track is not None and ((q.minutes is None and q.days is None) or timeless) and q.scenario is not None:
        if timeless and q.minutes is not None:  # "staff only spent ~5 min on her: can we still bill G0557?"
            ctx.notes.append(f"{fam if track.when != 'explicit' else track.label} has no time requirement: the minutes stated do not decide the code.")
        return criteria_answer(ctx, fam, track, codes)
    retie_untimed(kb, q.scenario, fam)  # "during the AWV ... 50 minutes on advance directives": the ACP ladder's time
    req = _request(ctx, fam, codes)
    from bot.engine.ladder_clarify import ladder_clarify
    from bot.engine.other_sides import bill_each_side
    if pair is None and (asked := ladder_clarify(ctx, fam, req)) is not None:
        return asked
    result = bill_each_side(kb, req)
    if result.below is not None and not result.billing.lines and q.minutes is None:
        return _below_clarify(ctx, fam, req, result.below)
    if len(q.families) > 1 and pair is None:
        ctx.notes.append(f"The question names {', '.join(q.families)}; these lines are for {fam} only.")
    fams = [fam]
    if (other := other_service(ctx, fam, pair)) is not None:  # "30 minutes total on both": one service's minutes
        fams, codes = [fam, other[0]], list(dict.fromkeys([*codes, other[1]]))
    ctx.contested += result.contested
    ctx.source_ids += result.source_ids
    billed = [l.code for l in result.billing.lines]
    pair = pair or again_verdict(kb, q.scenario, billed)  # the asked code another practice billed this period
    if q.open_choice and billed and (offered := [c for c in codes if c not in billed and kb.family_of(c) == fam]):
        ctx.notes.append(f"You offered {', '.join(offered)}; the stated facts (who did the work, the figures) fit "
                         f"{', '.join(billed)} instead.")
    return _bill_finish(ctx, fams, codes, result.billing, [] if result.billing.lines else result.weighed, pair)


def _request(ctx: Context, fam: str, codes: list[str]) -> BillRequest:
    kb, q = ctx.kb, ctx.q
    # a billed setup: not again, unless asked of again in a new episode ("billed 98975 in April ... new plan of care")
    asked = [c for c in codes if q.scenario is None or q.scenario.role_of(c) != "billed" or renewed_setup(kb, q.scenario, c)]
    setup = q.setup or any(t.when == "setup" and set(asked) & set(t.codes) for t in kb.family_tracks(fam))
    if setup and (before := setup_billed_before(kb, q.scenario, fam)):
        setup = False
        ctx.notes.append(f"{', '.join(before)} is not billed again: the question says it was billed already, and setup is "
                         "reported once per episode of care (a new plan of care or a new condition starts a new one).")
    from bot.engine.disclaimed import disowned  # a code the asker disowns ("X seems wrong") picks no ladder

    return BillRequest(family=fam, year=ctx.year, minutes=q.minutes, days=q.days, day_periods=q.day_periods,
                       interactive=q.interactive, setup=setup, asynchronous=q.asynchronous, variant=q.variant, text=q.text,
                       codes=[] if q.open_choice else [c for c in codes if not disowned(q.text, c, kb.vocabulary)],
                       scenario=q.scenario)


def _criteria_beside(ctx: Context, fams: list[str]) -> dict[str, Billing]:
    """A named criteria-ladder family (TCM) told beside another family's numbers ("TCM: call on the 4th, visit on the
    12th ... and 25 min of RPM"): its billing, when one of its codes is met on stated facts."""
    kb, q = ctx.kb, ctx.q
    sc = q.scenario
    if not fams or sc is None or sc.asked not in ("bill", ""):
        return {}
    out = {}
    for fam in (f for f in q.families if f not in fams and f in kb.families and f not in q.weak_families):
        track = _criteria_track(ctx, fam)
        if track is None or any(t.basis in ("minutes", "days") for t in kb.family_tracks(fam)) \
                or not any(f.value == fam for f in sc.of("family", "named")) or any(f.value == fam for f in sc.of("family", "billed")) \
                or any(kb.family_of(str(f.value)) == fam for f in sc.of("code", "billed")):  # "APCM G0556 patient": context
            continue
        result = criteria_billing(ctx, fam, track, may_ask=False)
        if result.billing is not None and stated_met(result):
            out[fam] = result.billing
    return out


def _families_bill(ctx: Context, fams: list[str], codes: list[str], pair: PairVerdict | None,
                   done: dict[str, Billing] | None = None) -> Answer:
    """Minutes tied to several families: each family's lines from its own minutes (or criteria, `done`), in one Billing."""
    kb = ctx.kb
    done = {f: BillResult(b) for f, b in (done or {}).items()}  # its sources are already in ctx
    results = [(fam, done.get(fam) or bill(kb, _request(ctx, fam, [c for c in codes if kb.codes[c].family == fam])))
               for fam in fams]
    lines = [l for _f, r in results for l in r.billing.lines]
    assumptions = list(dict.fromkeys(a for _f, r in results for a in r.billing.assumptions))
    unbilled = [r.billing.unbilled_minutes for _f, r in results if r.billing.unbilled_minutes is not None]
    inputs = {**results[0][1].billing.inputs, "families": fams}
    billing = Billing(inputs=inputs, lines=lines, unbilled_minutes=sum(unbilled) if unbilled else None,
                      assumptions=assumptions, trace=[f"{fam}: {t}" for fam, r in results for t in r.billing.trace],
                      total_amount=round(sum(l.amount for l in lines), 2) if lines and all(
                          l.amount is not None for l in lines) else None)
    for _fam, r in results:
        ctx.contested += r.contested
        ctx.source_ids += r.source_ids
    return _bill_finish(ctx, fams, codes, billing, [], pair)


def _bill_finish(ctx: Context, fams: list[str], codes: list[str], billing: Billing, weighed: list[str] = (),
                 pair: PairVerdict | None = None) -> Answer:
    kb = ctx.kb
    line_codes = list(dict.fromkeys(l.code for l in billing.lines))
    shown = line_codes + [c for c in codes if c not in line_codes and kb.codes[c].family in fams]
    shown += [c for c in weighed if c not in shown]  # nothing billed: the codes whose rules the facts did not reach
    first = kb.codes[line_codes[0]] if line_codes else None
    shown, note = misroled(ctx, shown, line_codes)  # "98979 = the device code, right?": what 98979 is, first
    ctx.notes += [note] if note else []
    return finish(ctx, status="answered", intent="bill", codes=[facts.code_fact(kb, kb.codes[c], ctx.year) for c in shown],
                  companions=facts.companions(kb, first, ctx.year) if first else [], billing=billing,
                  families=list(fams), family_info=[facts.family_info(kb, f) for f in fams], pair=pair)


def _which_family(ctx: Context) -> Answer:
    """Minutes or days without a family: offer what each family would bill."""
    suggestions = []
    for fam in ctx.kb.families:
        req = BillRequest(family=fam, year=ctx.year, minutes=ctx.q.minutes, days=ctx.q.days,
                          interactive=ctx.q.interactive, text=ctx.q.text)
        lines = bill(ctx.kb, req).billing.lines
        if lines:
            what = " + ".join(f"{l.code}" + (f" x{l.units}" if l.units > 1 else "") for l in lines)
            suggestions.append(Suggestion(code=lines[0].code, why=f"if this is {fam}: {what}", title=lines[0].title))
    return finish(ctx, status="did_you_mean", intent="bill", suggestions=suggestions,
                  message="Which program is this for? Name it (e.g. \"RTM 45 minutes with a call\").")


def _value(expected: object) -> object:
    if isinstance(expected, dict):
        return expected.get("min", expected.get("max"))
    return expected


def criteria_answer(ctx: Context, fam: str, track: Track, named: list[str]) -> Answer:
    """Pick the code of a criteria ladder (TCM, APCM) whose every requirement the question's facts meet."""
    result = criteria_billing(ctx, fam, track)
    if result.billing is None:
        return _criteria_clarify(ctx, fam, track, result.ask)
    lines = result.billing.lines
    return _bill_finish(ctx, [fam], named, result.billing, [] if lines else [c.code for c, _ch in result.evaluated])


def _criteria_clarify(ctx: Context, fam: str, track: Track, candidates: list[tuple[Code, list[criteria.Check]]]) -> Answer:
    """Ask the one fact that decides between the candidate codes, each choice a full question."""
    kb, q = ctx.kb, ctx.q
    first = next(x for _c, checks in candidates for x in checks if x.met is None)
    spec = (kb.meta.get("criteria") or {}).get(first.name) or {}
    ordered = sorted(candidates, key=lambda cc: -track.codes.index(cc[0].code))
    values = {str(_value(expected(code, first.name))) for code, _ch in ordered}
    choices = []
    if len(values) == 1:  # every candidate needs the same thing: ask whether it happened
        phrase = str(spec.get("choice", "{value}")).replace("{value}", values.pop())
        choices = [Choice(label=f"Yes: {phrase} ({ordered[0][0].code})", question=f"{q.original.rstrip()} {phrase[:1].upper()}{phrase[1:]}."),
                   Choice(label=f"No: no {phrase} (nothing billable)", question=f"{q.original.rstrip()} No {phrase}.")]
    for code, _checks in ordered if not choices else ():
        phrase = str(spec.get("choice", "{value}")).replace("{value}", str(_value(expected(code, first.name))))
        choices.append(Choice(label=f"{phrase[:1].upper()}{phrase[1:]} ({code.code})",
                              question=f"{q.original.rstrip()} {phrase[:1].upper()}{phrase[1:]}."))
    message = str(spec.get("question", f"Which applies: {', '.join(c.label for c in choices)}?"))
    codes = [facts.code_fact(kb, c, ctx.year) for c, _ch in candidates]
    return finish(ctx, status="clarify", intent="bill", codes=codes, families=[fam], message=message, choices=choices,
                  family_info=[facts.family_info(kb, fam)])


def _below_clarify(ctx: Context, fam: str, req: BillRequest, below) -> Answer:
    """"We did not reach 20 minutes": ask how many, with the codes each range of minutes would bill."""
    kb, q = ctx.kb, ctx.q
    track = pick_track(kb, fam, "minutes", req.codes, req.text, req.variant, q.scenario).track
    bases = [kb.codes[c] for c in (track.codes if track else ()) if c in kb.codes and not kb.codes[c].add_on_to]
    ranges = sorted(((kb.rule_for(c, ctx.year).min_minutes or 0, c) for c in bases
                     if (kb.rule_for(c, ctx.year).min_minutes or 0) < below.value), key=lambda r: -r[0])
    choices, top = [], below.value - 1
    for lo, code in ranges:
        choices.append(Choice(label=f"{lo}-{top} minutes ({code.code})",
                              question=f"{q.original.rstrip()} It came to {lo} minutes."))
        top = lo - 1
    if top >= 0:
        choices.append(Choice(label=f"fewer than {top + 1} minutes (nothing billable)",
                              question=f"{q.original.rstrip()} It came to {top} minutes."))
    q.scenario.use(below)
    return finish(ctx, status="clarify", intent="bill", families=[fam], choices=choices,
                  message=f"How many minutes did the month reach? You said under {below.value}; the code depends on "
                          "the exact total.", family_info=[facts.family_info(kb, fam)])
