"""The rules engine: minutes and data days to billing lines, driven only by knowledge data."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from bot.answer import Billing, BillingLine
from bot.kb.records import Code, Rule, Track
from bot.kb.store import KnowledgeBase

_UNIT = {"minutes": "minutes", "days": "data days"}


@dataclass(slots=True)
class BillRequest:
    """What to bill: one family, minutes and/or data days, and what the question said."""

    family: str
    year: int
    minutes: int | None = None
    days: int | None = None
    interactive: bool | None = None
    setup: bool = False
    asynchronous: bool = False
    variant: str | None = None
    text: str = ""
    codes: list[str] = field(default_factory=list)
    example: bool = False
    payer: str | None = None  # meta.yaml payers; None: the default payer, said in the assumptions


@dataclass(slots=True)
class BillResult:
    """The Billing plus the contested points and sources it relied on."""

    billing: Billing
    contested: list[str] = field(default_factory=list)
    source_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Work:
    lines: list[tuple[str, int]] = field(default_factory=list)
    trace: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    contested: list[str] = field(default_factory=list)
    unbilled: int | None = None
    needs_call: bool = False


def _hinted(track: Track, low: str) -> bool:
    return any(re.search(r"(?<!\w)" + re.escape(h.strip().lower()) + r"(?!\w)", low) for h in track.hints)


def _pick_track(kb: KnowledgeBase, req: BillRequest, basis: str) -> Track | None:
    """Choose the ladder for one basis: a named code's track, then hints, then variant, then the default."""
    low = req.text.lower()
    tracks = [t for t in kb.family_tracks(req.family) if t.basis == basis and t.when != "setup"]
    named = [t for t in tracks if set(req.codes) & set(t.codes)]
    hinted = [t for t in tracks if _hinted(t, low)]
    variant = [t for t in tracks if req.variant and t.variant == req.variant]
    default = [t for t in tracks if t.default and t.when == "always"]
    for group in (named, hinted, variant, default, [t for t in tracks if t.when == "always"]):
        if group:
            return group[0]
    return None


def _bounds(rule: Rule, basis: str) -> tuple[int | None, int | None]:
    return (rule.min_minutes, rule.max_minutes) if basis == "minutes" else (rule.min_days, rule.max_days)


def _qualifies(kb: KnowledgeBase, code: Code, rule: Rule, basis: str, value: int, req: BillRequest, work: _Work) -> bool:
    lo, hi = _bounds(rule, basis)
    unit, period = _UNIT[basis], kb.period_label(rule.period)
    if lo is None:
        return False
    if value < lo:
        work.trace.append(f"{code.code} not billed: needs at least {lo} {unit} in the {period}; {value} is not enough.")
    elif hi is not None and value > hi:
        work.trace.append(f"{code.code} not billed: it covers {lo}-{hi} {unit}; {value} is above that.")
    elif rule.interactive and req.interactive is False:
        work.trace.append(f"{code.code} not billed: it needs at least one real-time interactive communication "
                          f"in the {period}, and none took place.")
    else:
        return True
    return False


def _add_on_units(rule: Rule, extra: int) -> int:
    unit = rule.unit_minutes or 0
    if extra <= 0 or not unit:
        return 0
    if rule.midpoint:
        first = unit // 2 + 1
        units = 0 if extra < first else 1 + (extra - first) // unit
    else:
        units = extra // unit
    return min(units, rule.max_units) if rule.max_units else units


def payer_of(kb: KnowledgeBase, req: BillRequest) -> str:
    """Return the payer whose rules apply: the one asked for, else meta.yaml's default."""
    return req.payer or str(kb.meta.get("default_payer", "medicare"))


def _add_on_start(rule: Rule, base: Code, base_rule: Rule, value: int) -> int:
    """Minutes after which the add-on's blocks count: its own start point for this base, else the base's unit."""
    start = (rule.add_on_start or {}).get(base.code)
    return int(start) if start is not None else (base_rule.unit_minutes or value)


def _add_ons(kb: KnowledgeBase, track: Track, base: Code, base_rule: Rule, value: int, req: BillRequest, work: _Work) -> int:
    """Add the base's add-on units; return the minutes they cover."""
    covered = 0
    for code in (kb.codes[c] for c in track.codes if c in kb.codes):
        if base.code not in code.add_on_to or not kb.exists_in(code, req.year):
            continue
        if code.payer is not None and code.payer != payer_of(kb, req):
            continue
        rule = kb.rule_for(code, req.year)
        start = _add_on_start(rule, base, base_rule, value)
        extra = value - start
        units = _add_on_units(rule, extra)
        how = "the CPT midpoint rule" if rule.midpoint else f"full {rule.unit_minutes}-minute blocks"
        cap = f", at most {rule.max_units} a {kb.period_label(rule.period)}" if rule.max_units else ""
        if rule.contested and _add_on_units(dataclasses.replace(rule, midpoint=not rule.midpoint), extra) != units:
            work.contested.append(rule.contested)  # the other reading of the rounding would change the units
        if units:
            work.lines.append((code.code, units))
            work.trace.append(f"{code.code} x{units}: {extra} minutes beyond the first {start}, "
                              f"counted in {how}{cap}.")
        elif extra > 0:
            work.trace.append(f"{code.code} not billed: {extra} minutes beyond the first {start} "
                              f"do not make a unit ({how}).")
        elif rule.add_on_start:
            work.trace.append(f"{code.code} not billed: it starts after {start} minutes with {base.code} "
                              f"(first unit at {start + (rule.unit_minutes or 0)}).")
        covered += units * (rule.unit_minutes or 0)
    return covered


def _run_track(kb: KnowledgeBase, track: Track, value: int, req: BillRequest, work: _Work) -> None:
    """Pick the highest qualifying base code of a ladder, then its add-on units."""
    basis, qualifying, start = track.basis, [], len(work.trace)
    for code in (kb.codes[c] for c in track.codes if c in kb.codes):
        if code.add_on_to:
            continue
        if not kb.exists_in(code, req.year):
            work.trace.append(f"{code.code} not billed: it cannot be billed in {req.year}.")
            continue
        rule = kb.rule_for(code, req.year)
        if _qualifies(kb, code, rule, basis, value, req, work):
            qualifying.append((_bounds(rule, basis)[0], code, rule))
    if not qualifying:
        if basis == "minutes":
            work.unbilled = value
        return
    _lo, base, rule = max(qualifying, key=lambda q: q[0])
    for _l, other, _r in qualifying:
        if other is not base:
            work.trace.append(f"{other.code} not billed: {base.code} applies instead at {value} {_UNIT[basis]}.")
    need = " with a real-time interactive communication" if rule.interactive else ""
    work.trace.insert(start, f"{base.code}: {value} {_UNIT[basis]}{need} meets its rule ({_rule_span(rule, basis)}).")
    work.lines.append((base.code, 1))
    if rule.contested:
        work.contested.append(rule.contested)
    if basis == "minutes":
        covered = _add_ons(kb, track, base, rule, value, req, work)
        covered += value if rule.unit_minutes is None else rule.unit_minutes
        work.unbilled = max(0, value - covered)


def _rule_span(rule: Rule, basis: str) -> str:
    lo, hi = _bounds(rule, basis)
    return f"{lo}-{hi} {_UNIT[basis]}" if hi is not None else f"{lo}+ {_UNIT[basis]}"


def _setup(kb: KnowledgeBase, req: BillRequest, work: _Work) -> None:
    for track in (t for t in kb.family_tracks(req.family) if t.when == "setup"):
        names = ", ".join(track.codes)
        if not req.setup:
            work.assumptions.append(f"Setup ({names}) is not included: it is billed once per episode of care; "
                                    "add it in the first month of monitoring.")
            continue
        if req.days is None:
            work.assumptions.append(f"Setup ({names}) included on the assumption that the monitoring days reach its minimum.")
            work.lines.extend((c, 1) for c in track.codes if kb.exists_in(kb.codes[c], req.year))
            continue
        _run_track(kb, track, req.days, req, work)


def _assume(kb: KnowledgeBase, req: BillRequest, work: _Work, tracks: list[Track]) -> None:
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
        others = [t for t in kb.family_tracks(req.family) if t.basis == track.basis and t is not track
                  and t.when != "setup"]
        if others and not (set(req.codes) & set(track.codes)) and not _hinted(track, req.text.lower()) \
                and not (track.variant and track.variant == req.variant):
            work.assumptions.append(f"Assumed {track.label} ({'/'.join(track.codes)}); other options: "
                                    + "; ".join(f"{t.label} {'/'.join(t.codes)}" for t in others) + ".")
    if req.days is not None and req.days > 30:
        work.assumptions.append("A 30-day period holds at most 30 data days; counted 30.")
    if req.days is None and any(t.basis == "days" for t in kb.family_tracks(req.family)) and not req.example:
        work.assumptions.append("No data days given, so no device-supply code is included.")
    if req.minutes is None and any(t.basis == "minutes" for t in kb.family_tracks(req.family)) and not req.example:
        work.assumptions.append("No minutes given, so no treatment-management code is included.")
    _assume_payer(kb, req, work, tracks)
    payer = kb.meta.get("payers", {}).get(payer_of(kb, req), {}).get("label", "Medicare")
    work.assumptions.append(f"{req.year} {payer} rules, one billing practitioner, one patient.")


def _assume_payer(kb: KnowledgeBase, req: BillRequest, work: _Work, tracks: list[Track]) -> None:
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


def bill(kb: KnowledgeBase, req: BillRequest) -> BillResult:
    """Return the lines to report for the request, with assumptions, a trace and the contested points used."""
    work = _Work()
    tracks = []
    for basis, value in (("days", req.days), ("minutes", req.minutes)):
        track = _pick_track(kb, req, basis) if value is not None else None
        if track is not None:
            tracks.append(track)
            _run_track(kb, track, min(value, 30) if basis == "days" else value, req, work)
    if req.days is not None or req.setup:
        _setup(kb, req, work)
    _assume(kb, req, work, tracks)
    return _result(kb, req, work)


def _result(kb: KnowledgeBase, req: BillRequest, work: _Work) -> BillResult:
    lines, sources = [], []
    priced = req.year == kb.default_year
    for code, units in work.lines:
        c = kb.codes[code]
        pay = c.payment if priced else None
        amount = round(pay.amount * units, 2) if pay and pay.amount is not None else None
        if pay and pay.contested:
            work.contested.append(pay.contested)
        lines.append(BillingLine(code=code, units=units, title=c.title, amount=amount))
        sources += [kb.rule_for(c, req.year).source] + ([pay.source] if pay else [])
    total = round(sum(l.amount for l in lines), 2) if lines and all(l.amount is not None for l in lines) else None
    inputs = {"family": req.family, "minutes": req.minutes, "days": req.days,
              "interactive": True if req.interactive is None and work.needs_call else req.interactive, "year": req.year,
              "setup": req.setup}
    billing = Billing(inputs=inputs, lines=lines, unbilled_minutes=work.unbilled, assumptions=work.assumptions,
                      trace=work.trace, example=req.example, total_amount=total)
    return BillResult(billing=billing, contested=list(dict.fromkeys(work.contested)), source_ids=sources)


def example_request(kb: KnowledgeBase, code: Code, year: int) -> BillRequest | None:
    """Return inputs that exercise a time- or day-based code, for a worked example; None if it has none."""
    track = kb.track_by_code.get(code.code)
    rule = kb.rule_for(code, year)
    if track is None or track.when == "setup" or rule.basis == "none":
        return None
    if code.add_on_to:
        base = kb.codes.get(code.add_on_to[0])
        covers = _add_on_start(rule, base, kb.rule_for(base, year), 0) if base else 0
        value = (covers or 0) + (rule.unit_minutes or 0) + 5
    else:
        lo, hi = _bounds(rule, rule.basis)
        if lo is None:
            return None
        value = (lo + hi) // 2 if hi is not None else lo + 5
    minutes, days = (value, None) if rule.basis == "minutes" else (None, value)
    named = [code.code, *code.add_on_to[:1]]  # an add-on's example climbs its first base's ladder
    needs_call = any(kb.rule_for(kb.codes[c], year).interactive for c in track.codes if c in kb.codes)
    return BillRequest(family=code.family, year=year, minutes=minutes, days=days, interactive=True if needs_call else None,
                       codes=named, example=True, variant=track.variant, payer=code.payer)
