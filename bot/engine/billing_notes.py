"""After the ladders: windows that absorb a service, what was assumed, and the Billing the answer carries."""

from __future__ import annotations

from bot.answer import Billing, BillingLine
from bot.engine import criteria
from bot.engine.billing import BillRequest, BillResult, Work, payer_of
from bot.engine.tracks import hinted
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
        sc.use(blocked.visit, *sc.of("flag", "soonest"), *sc.of("flag", "new_problem"))
        when = f" ({blocked.visit.when})" if blocked.visit.when else ""
        work.trace.append(f"{code} not billed: {blocked.window.note} The question says: '{blocked.visit.words}'{when}.")
        work.assumptions.append(f"Assumed the visit '{blocked.visit.words}' was for the same problem; if this service "
                                f"is about a new or unrelated problem, the visit does not absorb it ({code}).")
        work.contested += [blocked.window.contested] if blocked.window.contested else []
    if len(kept) == len(work.lines) and sc.flag("new_problem") and any(not v.negated for v in visits):
        sc.use(*(f for f in sc.of("flag") if f.role == "new_problem"))
        work.assumptions.append("The contact is about a new problem, so an earlier visit does not absorb it; a visit "
                                "it leads to (for that problem) would.")
    if len(kept) == len(work.lines):
        _outside(sc, work)
        _unplaced_visit(kb, req, work)
    work.lines = kept


def visit_absorbs(kb: KnowledgeBase, family: str, code: str, sc, trace: list[str], assumptions: list[str]) -> bool:
    """Whether a stated related visit absorbs an untimed code chosen by its criteria ("seen for the rash 3 days ago;
    she sent a photo": the review is part of that visit); says why in `trace` and `assumptions`."""
    fam = kb.families.get(family)
    blocked = criteria.window_block(fam.windows, kb.codes[code], sc, kb.meta.get("performer_counts_as") or {}) \
        if fam is not None and fam.windows and sc is not None else None
    if blocked is None:
        return False
    sc.use(blocked.visit)
    when = f" ({blocked.visit.when})" if blocked.visit.when else ""
    trace.append(f"{code} not billed: {blocked.window.note} The question says: '{blocked.visit.words}'{when}.")
    assumptions.append(f"Assumed the visit '{blocked.visit.words}' was for the same problem; if this service is about "
                       f"a new or unrelated problem, the visit does not absorb it ({code}).")
    return True


def _outside(sc, work: Work) -> None:
    """Visits whose time is known and outside every window: say so (they were read and weighed)."""
    for visit in (f for f in sc.of("event", "visit") if not f.negated and f.day is not None and id(f) not in sc.used):
        sc.use(visit)
        when = f" ({visit.when})" if visit.when else ""
        if visit.value == "weekday" and not _service_weekday_known(sc):  # "Wednesday" counted from which day?
            work.assumptions.append(f"Assumed the visit '{visit.words}'{when} is not within the days around this "
                                    "service that would absorb it (the question does not say which day the service was).")
            continue
        work.trace.append(f"The visit '{visit.words}'{when} falls outside the windows that would absorb this service.")


def _service_weekday_known(sc) -> bool:
    """Whether the service's own weekday is stated (its minutes' or its contact's), so a visit's weekday has a base."""
    return any(f.day is not None for f in sc.of("minutes")) or any(
        c.value == "weekday" and c.day is not None for c in sc.of("event", "contact"))


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
    split = [f for f in req.scenario.of("days", "data") if f.when] if req.scenario is not None else []
    if req.days is not None and len(split) > 1 and req.days == sum(f.value for f in split):
        work.assumptions.append(f"Counted the data days of {' and '.join(f.when for f in split)} together "
                                f"({' + '.join(str(f.value) for f in split)} = {req.days}): a 30-day period may span two "
                                "calendar months. If they fall in different 30-day periods, each period is billed on its own.")
    if len(req.day_periods) > 1:
        work.assumptions.append("Data days in different 30-day periods never add up: each period's device code is "
                                "billed on its own (" + ", ".join(f"{d} days {p}" for p, d in req.day_periods) + ").")
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
    lines, sources = [], list(work.sources)
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
    return BillResult(billing=billing, contested=list(dict.fromkeys(work.contested)), source_ids=sources,
                      below=work.below, weighed=list(dict.fromkeys(work.weighed)))
