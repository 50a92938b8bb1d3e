"""After the ladders: windows that absorb a service, what was assumed, and the Billing the answer carries."""

from __future__ import annotations

from bot.answer import Billing, BillingLine
from bot.engine import criteria
from bot.engine.billing import BillRequest, BillResult, Work, payer_of
from bot.engine.minutes import read_minutes
from bot.engine.tracks import counted_by, hinted, workers
from bot.kb.records import Track
from bot.kb.store import KnowledgeBase


def apply_windows(kb: KnowledgeBase, req: BillRequest, work: Work) -> None:
    """Drop lines a related visit absorbs (a check-in that leads to a visit tomorrow, an e-visit after a visit)."""
    family = kb.families.get(req.family)
    sc = req.scenario
    if family is None or sc is None or not family.windows:
        return
    visits = sc.of("event", "visit")
    if any(v.negated for v in visits):
        sc.use(*(v for v in visits if v.negated))
        work.trace.append("No visit followed the contact, as the question says.")
    if sc.flag("unrelated") and any(not v.negated for v in visits):
        sc.use(*visits, *(f for f in sc.of("flag") if f.role == "unrelated"))
        work.assumptions.append("The visit you mention is for another problem, so it does not absorb this service "
                                "(the visit windows bind a related visit only).")
    kept = []
    for code, units, label in work.lines:
        blocked = criteria.window_block(family.windows, kb.codes[code], sc, kb.meta.get("performer_counts_as") or {})
        if blocked is None:
            kept.append((code, units, label))
            continue
        sc.use(blocked.visit, *sc.of("flag", "soonest"))
        when = f" ({blocked.visit.when})" if blocked.visit.when else ""
        work.trace.append(f"{code} not billed: {blocked.window.note} The question says: '{blocked.visit.words}'{when}.")
        work.contested += [blocked.window.contested] if blocked.window.contested else []
    if len(kept) == len(work.lines):
        _outside(sc, work)
        _unplaced_visit(kb, req, work)
    work.lines = kept


def _outside(sc, work: Work) -> None:
    """Visits whose time is known and outside every window: say so (they were read and weighed)."""
    for visit in (f for f in sc.of("event", "visit") if not f.negated and f.day is not None and id(f) not in sc.used):
        sc.use(visit)
        when = f" ({visit.when})" if visit.when else ""
        work.trace.append(f"The visit '{visit.words}'{when} falls outside the windows that would absorb this service.")


def _unplaced_visit(kb: KnowledgeBase, req: BillRequest, work: Work) -> None:
    """A visit is mentioned but not when: say what the answer assumed about it."""
    sc = req.scenario
    visits = [f for f in sc.of("event", "visit") if not f.negated and f.day is None] if sc else []
    if visits and work.lines and not sc.flag("unrelated"):
        family = kb.families[req.family]
        limits = "; ".join(w.note for w in family.windows)
        work.assumptions.append(f"Assumed the visit you mention ('{visits[0].words}') is not within the check-in "
                                f"windows. If it is, the service is not billable: {limits}")
        sc.use(*visits)


def assume(kb: KnowledgeBase, req: BillRequest, work: Work, tracks: list[Track]) -> None:
    """Everything assumed because the question did not say it."""
    needs_call = work.needs_call = any(kb.rule_for(kb.codes[c], req.year).interactive
                                       for t in tracks for c in t.codes if c in kb.codes)
    if needs_call and req.interactive is None:
        work.assumptions.append("Assumed at least one real-time interactive communication (call or video) with the "
                                "patient this month; without one no management code can be billed.")
    if needs_call and req.asynchronous and req.interactive is False:
        work.assumptions.append("Portal, text or e-mail messages were not counted as a real-time interactive "
                                "communication (the conservative reading).")
        contested = kb.vocabulary.get("interactive", {}).get("contested")
        if contested:
            work.contested.append(contested)
    for track in tracks:
        basis_choice = work.choices.get(track.basis)
        others = [t for t in kb.family_tracks(req.family) if t.basis == track.basis and t is not track
                  and t.when != "setup"]
        if others and not (set(req.codes) & set(track.codes)) and not hinted(track, req.text, req.scenario) \
                and not (track.variant and track.variant == req.variant) and not (basis_choice and basis_choice.by_facts):
            work.assumptions.append(f"Assumed {track.label} ({'/'.join(track.codes)}); other options: "
                                    + "; ".join(f"{t.label} {'/'.join(t.codes)}" for t in others) + ".")
    if req.days is not None and req.days > 30:
        work.assumptions.append("A 30-day period holds at most 30 data days; counted 30.")
    if req.days is None and any(t.basis == "days" for t in kb.family_tracks(req.family)) and not req.example:
        work.assumptions.append("No data days given, so no device-supply code is included.")
    if req.minutes is None and any(t.basis == "minutes" for t in kb.family_tracks(req.family)) and not req.example \
            and work.below is None:
        work.assumptions.append("No minutes given, so no treatment-management code is included.")
    _assume_payer(kb, req, work, tracks)
    payer = kb.meta.get("payers", {}).get(payer_of(kb, req), {}).get("label", "Medicare")
    work.assumptions.append(f"{req.year} {payer} rules, one billing practitioner, one patient.")


def _assume_payer(kb: KnowledgeBase, req: BillRequest, work: Work, tracks: list[Track]) -> None:
    """When a ladder holds payer-specific codes and the question named no payer, say which payer's codes were used."""
    if req.payer is not None:
        return
    chosen = payer_of(kb, req)
    others = sorted({kb.codes[c].code for t in tracks for c in t.codes if c in kb.codes
                     and kb.codes[c].payer not in (None, chosen)})
    if others:
        mine = sorted({c for t in tracks for c in t.codes if c in kb.codes and kb.codes[c].payer == chosen})
        labels = kb.meta.get("payers", {})
        other = next(iter({kb.codes[c].payer for c in others}))
        work.assumptions.append(f"Assumed {labels.get(chosen, {}).get('label', chosen)} ({', '.join(mine)}); "
                                f"{labels.get(other, {}).get('label', other)} use {', '.join(others)} instead.")


def result(kb: KnowledgeBase, req: BillRequest, work: Work) -> BillResult:
    """The Billing with amounts, inputs as understood, and the sources and contested points it used."""
    lines, sources = [], []
    priced = req.year == kb.default_year
    for code, units, label in work.lines:
        c = kb.codes[code]
        pay = c.payment if priced else None
        amount = round(pay.amount * units, 2) if pay and pay.amount is not None else None
        if pay and pay.contested:
            work.contested.append(pay.contested)
        lines.append(BillingLine(code=code, units=units, title=c.title, amount=amount, period=label))
        sources += [kb.rule_for(c, req.year).source] + ([pay.source] if pay else [])
    total = round(sum(l.amount for l in lines), 2) if lines and all(l.amount is not None for l in lines) else None
    minutes = req.minutes
    if work.periods and len(work.periods) == 1:
        minutes = work.periods[0][1]
    inputs = {"family": req.family, "minutes": minutes, "days": req.days,
              "interactive": (True if req.interactive is None else req.interactive) if work.needs_call else None,
              "year": req.year, "setup": req.setup}
    if len(work.periods) > 1:
        inputs["periods"] = [{"period": label, "minutes": m} for label, m in work.periods]
    billing = Billing(inputs=inputs, lines=lines, unbilled_minutes=work.unbilled, assumptions=work.assumptions,
                      trace=work.trace, example=req.example, total_amount=total)
    return BillResult(billing=billing, contested=list(dict.fromkeys(work.contested)), source_ids=sources + work.sources,
                      below=work.below, tracks=work.tracks)


def minute_periods(kb: KnowledgeBase, track: Track, req: BillRequest, work: Work) -> list[tuple[str, int]]:
    """The minutes per billing period of the track's rule, from the question's facts (or the request's number)."""
    if req.scenario is None:
        return [("", req.minutes)] if req.minutes is not None else []
    base = next((kb.codes[c] for c in track.codes if c in kb.codes and not kb.codes[c].add_on_to), None)
    period = kb.rule_for(base, req.year).period if base else None
    voc = kb.vocabulary
    who = workers(req.scenario, "minutes", kb.meta.get("performer_counts_as") or {})
    # Minutes of other performers are left out, unless a hint chose the ladder over the stated performer.
    counts = counted_by(kb, track)
    only = counts if track.performed_by and (not who or set(who) & counts) else None
    timed_by = {f.who for f in req.scenario.of("minutes") if f.who}
    if only is not None and timed_by and not timed_by & set(who):  # the asked practitioner's share of a shared call
        only = None
        names = " and ".join(str(kb.meta.get("performers", {}).get(w, w)) for w in who)
        work.assumptions.append(f"Counted the stated minutes as the time of {names}, whose code is asked "
                                "(a call between two practitioners is time for each of them).")
    reading = read_minutes(req.scenario, period, kb.meta.get("period_days", {}), voc.get("months", {}),
                           voc.get("weekdays", {}), only)
    work.below = reading.below
    for p in reading.periods:
        req.scenario.use(*p.facts)
        work.assumptions.extend(n for n in p.notes if n not in work.assumptions)
    rule = kb.meta.get("uncounted_time") or {}
    for f in req.scenario.of("minutes", "uncounted"):
        work.trace.append(f"Not counted: '{f.words}': {rule.get('note', '')}")
        work.sources.append(str(rule.get("source", "")))
        req.scenario.use(f)
    left_out = [f for f in req.scenario.of("minutes") if f.who and only and f.who not in only
                and f.role not in ("threshold", "below", "window", "uncounted")]
    for f in left_out:
        work.trace.append(f"Not counted: '{f.words}' ({f.who}); {track.label} counts only the time of "
                          f"{' or '.join(kb.meta.get('performers', {}).get(w, w) for w in track.performed_by)}.")
        req.scenario.use(f)
    if len(reading.periods) > 1:
        work.assumptions.append(f"Minutes in different periods ({kb.period_label(period)}) never add up: each one is "
                                "billed on its own.")
    labels = [_title(p.label) if len(reading.periods) > 1 else "" for p in reading.periods]
    work.others = {label: p.other for label, p in zip(labels, reading.periods) if p.other is not None}
    return [(label, p.minutes) for label, p in zip(labels, reading.periods)]


def _title(label: str) -> str:
    return "-".join(part.capitalize() for part in label.split("-"))
