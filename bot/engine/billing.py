"""The rules engine: minutes and data days to billing lines, driven only by knowledge data."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from bot.answer import Billing
from bot.engine import criteria
from bot.engine.replaced_device import replaced_device
from bot.engine.scenario import Scenario
from bot.engine.tracks import TrackChoice, pick_track
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
    day_periods: list[tuple[str, int]] = field(default_factory=list)  # (period label, data days), when several
    interactive: bool | None = None
    setup: bool = False
    asynchronous: bool = False
    variant: str | None = None
    text: str = ""
    codes: list[str] = field(default_factory=list)
    example: bool = False
    scenario: Scenario | None = None  # the question's facts: who did the work, when, criteria, visits
    payer: str | None = None  # meta.yaml payers; None: the default payer, said in the assumptions


@dataclass(slots=True)
class BillResult:
    """The Billing plus the contested points and sources it relied on."""

    billing: Billing
    contested: list[str] = field(default_factory=list)
    source_ids: list[str] = field(default_factory=list)
    below: object = None  # "we did not reach N minutes" with no other time: the handler asks how many
    weighed: list[str] = field(default_factory=list)  # base codes whose rules were weighed (shown when none is billed)


@dataclass(slots=True)
class Work:
    """What the engine builds up while it climbs the ladders."""

    lines: list[tuple[str, int, str]] = field(default_factory=list)  # code, units, period label
    trace: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    contested: list[str] = field(default_factory=list)
    unbilled: int | None = None
    needs_call: bool = False
    periods: list[tuple[str, int]] = field(default_factory=list)
    others: dict[str, int] = field(default_factory=dict)  # period label -> minutes under the other reading
    choices: dict[str, TrackChoice] = field(default_factory=dict)
    below: object = None
    label: str = ""  # the period being billed ("january"), prefixed to its trace lines
    weighed: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # sources of the reading beyond the billed codes' rules
    contact: dict[str, bool | None] = field(default_factory=dict)  # period label -> its own call/no-call


def _bounds(rule: Rule, basis: str) -> tuple[int | None, int | None]:
    return (rule.min_minutes, rule.max_minutes) if basis == "minutes" else (rule.min_days, rule.max_days)


def _say(work: Work, text: str) -> None:
    work.trace.append(f"{work.label}: {text}" if work.label else text)


def _assumed(criterion: str) -> str:
    """ "Medical decision making of at least moderate complexity." as an assumption the answer states."""
    return f"Assumed {criterion[:1].lower()}{criterion[1:].rstrip('.')} (the question does not say)."


def _meets_requires(kb: KnowledgeBase, code: Code, rule: Rule, req: BillRequest, work: Work) -> bool:
    """The code's own criteria (e.g. readings the device sends itself) against the question's facts."""
    if req.scenario is None or not rule.requires:
        return True
    for result in criteria.check_all(kb.meta, req.scenario, rule.requires):
        if result.met is False:
            _say(work, f"{code.code} not billed: {criteria.criterion_text(kb.meta, result.name, rule.requires[result.name])} "
                       f"The question says {result.why}.")
            req.scenario.use(*result.facts)
            return False
        req.scenario.use(*result.facts)
        if result.assumed and result.assumed not in work.assumptions:
            work.assumptions.append(result.assumed)
    return True


def _qualifies(kb: KnowledgeBase, code: Code, rule: Rule, basis: str, value: int, req: BillRequest, work: Work) -> bool:
    lo, hi = _bounds(rule, basis)
    unit, period = _UNIT[basis], kb.period_label(rule.period)
    if lo is None:
        return False
    if value < lo:
        _say(work, f"{code.code} not billed: needs at least {lo} {unit} in the {period}; {value} is not enough.")
    elif hi is not None and value > hi:
        _say(work, f"{code.code} not billed: it covers {lo}-{hi} {unit}; {value} is above that.")
    elif rule.interactive and req.interactive is False:
        _say(work, f"{code.code} not billed: it needs at least one real-time interactive communication "
                   f"in the {period}, and none took place.")
    else:
        return _meets_requires(kb, code, rule, req, work)
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


def _add_ons(kb: KnowledgeBase, track: Track, base: Code, base_rule: Rule, value: int, req: BillRequest, work: Work) -> int:
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
            work.lines.append((code.code, units, work.label))
            _say(work, f"{code.code} x{units}: {extra} minutes beyond the first {start}, counted in {how}{cap}.")
        elif extra > 0:
            _say(work, f"{code.code} not billed: {extra} minutes beyond the first {start} do not make a unit ({how}).")
        elif rule.add_on_start:
            _say(work, f"{code.code} not billed: it starts after {start} minutes with {base.code} "
                       f"(first unit at {start + (rule.unit_minutes or 0)}).")
        covered += units * (rule.unit_minutes or 0)
    return covered


def run_track(kb: KnowledgeBase, track: Track, value: int, req: BillRequest, work: Work) -> None:
    """Pick the highest qualifying base code of a ladder, then its add-on units."""
    basis, qualifying, start = track.basis, [], len(work.trace)
    for code in (kb.codes[c] for c in track.codes if c in kb.codes):
        if code.add_on_to:
            continue
        work.weighed.append(code.code)
        if not kb.exists_in(code, req.year):
            _say(work, f"{code.code} not billed: it cannot be billed in {req.year}.")
            continue
        rule = kb.rule_for(code, req.year)
        if _qualifies(kb, code, rule, basis, value, req, work):
            qualifying.append((_bounds(rule, basis)[0], code, rule))
    if not qualifying:
        if basis == "minutes":
            work.unbilled = (work.unbilled or 0) + value
        return
    _lo, base, rule = max(qualifying, key=lambda q: q[0])
    for _l, other, _r in qualifying:
        if other is not base:
            _say(work, f"{other.code} not billed: {base.code} applies instead at {value} {_UNIT[basis]}.")
    need = " with a real-time interactive communication" if rule.interactive else ""
    label = f"{work.label}: " if work.label else ""
    work.trace.insert(start, f"{label}{base.code}: {value} {_UNIT[basis]}{need} meets its rule ({_rule_span(rule, basis)}).")
    work.lines.append((base.code, 1, work.label))
    if rule.contested:
        work.contested.append(rule.contested)
    if basis == "minutes":
        covered = (rule.unit_minutes or value) + _add_ons(kb, track, base, rule, value, req, work)
        work.unbilled = (work.unbilled or 0) + max(0, value - covered)


def _rule_span(rule: Rule, basis: str) -> str:
    lo, hi = _bounds(rule, basis)
    return f"{lo}-{hi} {_UNIT[basis]}" if hi is not None else f"{lo}+ {_UNIT[basis]}"


def _later_month(sc) -> str:
    """The words stating a later month of the episode ("month 2 of the same episode"), or ""."""
    later = [f for f in sc.of("episode_month") if (f.value == "later") != f.negated] if sc is not None else []
    return later[-1].words if later else ""


def _setup(kb: KnowledgeBase, req: BillRequest, work: Work) -> None:
    for track in (t for t in kb.family_tracks(req.family) if t.when == "setup"):
        names = ", ".join(track.codes)
        once = kb.period_label(kb.codes[track.codes[0]].rule.once_per or "episode") if track.codes else "episode of care"
        if not req.setup:
            work.assumptions.append(f"Setup ({names}) is not included: it is billed once per {once}; "
                                    "add it in the first month of monitoring.")
            continue
        if (later := _later_month(req.scenario)) and all(kb.codes[c].rule.once_per == "episode" for c in track.codes):
            _say(work, f"{names} not billed: it is billed once per {once}, and '{later}' is a later month of the same "
                       "episode (setup belongs to the first).")
            continue
        if all(kb.codes[c].rule.once_per == "episode" for c in track.codes) and (swap := replaced_device(kb, req.scenario)):
            _say(work, f"{names} not billed: it is billed once per {once}, whatever the devices; '{swap}' tells a device "
                       "replaced or added in the same episode, which is no new setup.")
            continue
        if track.basis == "none":  # supply and onboarding, not counted in days: the question says it happened
            for code in (kb.codes[c] for c in track.codes if kb.exists_in(kb.codes[c], req.year)):
                if not _meets_requires(kb, code, kb.rule_for(code, req.year), req, work):
                    continue  # "a consumer app, not FDA cleared": no device to supply
                work.lines.append((code.code, 1, ""))
                _say(work, f"{code.code}: set up and onboarded this period, as the question says (once per {once}).")
            continue
        if req.days is None:
            work.assumptions.append(f"Setup ({names}) included on the assumption that the monitoring days reach its minimum.")
            work.lines.extend((c, 1, "") for c in track.codes if kb.exists_in(kb.codes[c], req.year)
                              and _meets_requires(kb, kb.codes[c], kb.rule_for(kb.codes[c], req.year), req, work))
            continue
        run_track(kb, track, req.days, req, work)


def bill(kb: KnowledgeBase, req: BillRequest) -> BillResult:
    """Return the lines to report for the request, with assumptions, a trace and the contested points used."""
    from bot.engine.billed_again import drop_billed_again, drop_months_billed
    from bot.engine.billing_notes import apply_windows, assume, result
    from bot.engine.periods import bill_minutes

    work = Work()
    tracks = []
    for basis in ("days", "minutes"):
        given = req.days if basis == "days" else req.minutes
        below = basis == "minutes" and req.scenario is not None and bool(req.scenario.of("minutes", "below"))
        if given is None and not below:
            continue
        choice = pick_track(kb, req.family, basis, req.codes, req.text, req.variant, req.scenario)
        work.choices[basis] = choice
        work.trace.extend(t for t in dict.fromkeys(f"Not used: {why}" for why in choice.ruled_out) if t not in work.trace)
        if choice.track is None:  # every ladder ruled out: the answer is still about their codes
            work.weighed += [c for t in choice.dropped for c in t.codes if c in kb.codes and not kb.codes[c].add_on_to]
            continue
        tracks.append(choice.track)
        if req.scenario is not None:  # the facts that chose the ladder ("by phone": the verbal one) are read
            req.scenario.use(*(f for r in criteria.check_all(kb.meta, req.scenario, choice.track.requires) for f in r.facts))
            stated = criteria.check_all(kb.meta, req.scenario, choice.track.stated_requires)
            work.assumptions += [_assumed(criteria.criterion_text(kb.meta, r.name, choice.track.stated_requires[r.name]))
                                 for r in stated if r.met is None]
            req.scenario.use(*(f for r in stated for f in r.facts))
        if basis == "days":
            for work.label, days in req.day_periods or [("", req.days)]:  # each 30-day period is billed on its own
                run_track(kb, choice.track, min(days, 30), req, work)
            work.label = ""
            continue
        bill_minutes(kb, choice.track, req, work)
    supply = any(t.when == "setup" and t.basis == "none" for t in kb.family_tracks(req.family))
    if req.days is not None or req.setup or (supply and not req.example):
        _setup(kb, req, work)
    apply_windows(kb, req, work)
    drop_billed_again(kb, req, work)
    drop_months_billed(kb, req, work)
    assume(kb, req, work, tracks)
    return result(kb, req, work)


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
    return BillRequest(family=code.family, year=year, minutes=minutes, days=days, interactive=True if rule.interactive
                       else None, codes=named, example=True, variant=track.variant, payer=code.payer)
