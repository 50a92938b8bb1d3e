"""Minutes per billing period on a ladder, the other reading of a call's minutes, and the ladders that may count
the same minutes when the chosen one bills nothing."""

from __future__ import annotations

import re

from bot.engine.billing import BillRequest, Work, run_track
from bot.engine.minutes import read_minutes
from bot.engine.episode_periods import month_track
from bot.engine.patterns import lazy
from bot.engine.period_contact import contact_by_period
from bot.engine.tracks import counted_by, fallbacks, workers
from bot.kb.records import Track
from bot.kb.store import KnowledgeBase


def bill_minutes(kb: KnowledgeBase, track: Track, req: BillRequest, work: Work) -> None:
    """Climb the minutes ladder per period; when it bills nothing, the other ladders that may count the same time."""
    before = len(work.lines)
    _run_periods(kb, track, req, work)
    if len(work.lines) > before or req.example:
        return
    for other in fallbacks(kb, req.family, track, req.scenario):
        scratch = Work(choices=work.choices)
        _run_periods(kb, other, req, scratch)
        work.weighed += [c for c in scratch.weighed if c not in work.weighed]
        if scratch.lines:
            work.trace.append(f"{track.label} ({'/'.join(track.codes)}) bills nothing here; the same minutes count "
                              f"toward {other.label} ({'/'.join(other.codes)}). {track.fallback_note}".rstrip())
            work.sources.append(track.fallback_source)
            work.trace += scratch.trace
            work.lines += scratch.lines
            work.unbilled, work.periods, work.others = scratch.unbilled, scratch.periods, scratch.others
            work.contested += scratch.contested
            work.assumptions += [a for a in scratch.assumptions if a not in work.assumptions]
            if req.interactive is None and any(kb.rule_for(kb.codes[c], req.year).interactive for c in other.codes
                                               if c in kb.codes):  # the named ladder needed no call; this one does
                work.needs_call = True
                work.assumptions.append(f"Assumed at least one real-time interactive communication (call or video) "
                                        f"with the patient this month: {other.label} needs one, {track.label} does not.")
            return
        work.trace += [f"Also weighed: {t}" for t in scratch.trace if " not billed" in t or t.startswith("Not counted")]


def _run_periods(kb: KnowledgeBase, track: Track, req: BillRequest, work: Work) -> None:
    periods = _minute_periods(kb, track, req, work)
    work.periods = periods
    labels = [label for label, _m in periods]
    overall = req.interactive
    for label, minutes in periods:
        work.label = label
        told = work.contact.get(label)
        req.interactive = overall if told is None else told  # "January with a call, February with none"
        ladder = month_track(kb, track, label, labels, req)  # an episode's first month, then its later months
        work.trace += [f"{label}: {ladder.label} (months count from the month the episode started)."] if ladder is not track else []
        run_track(kb, ladder, minutes, req, work)
        _other_reading(kb, ladder, label, minutes, req, work)
    work.label, req.interactive = "", overall


def _minute_periods(kb: KnowledgeBase, track: Track, req: BillRequest, work: Work) -> list[tuple[str, int]]:
    """The minutes per billing period of the track's rule, from the question's facts (or the request's number)."""
    if req.scenario is None:
        return [("", req.minutes)] if req.minutes is not None else []
    base = next((kb.codes[c] for c in track.codes if c in kb.codes and not kb.codes[c].add_on_to), None)
    period = kb.rule_for(base, req.year).period if base else None
    voc = kb.vocabulary
    months = {**voc.get("months", {}), **voc.get("relative_months", {})}  # "last month" is a calendar month too
    who = workers(req.scenario, "minutes", kb.meta.get("performer_counts_as") or {})
    # Minutes of other performers are left out (a named code's ladder counts only its own performers' time), unless
    # a hint chose the ladder over the stated performer.
    named = work.choices.get("minutes") is not None and work.choices["minutes"].named
    counts = counted_by(kb, track)
    only = counts if track.performed_by and (named or not who or set(who) & counts) else None
    timed_by = {f.who for f in req.scenario.of("minutes") if f.who}
    never = set(kb.meta.get("time_not_counted") or [])  # the psychiatric consultant's time is paid inside the codes
    if only is None and timed_by & never:
        only = set(kb.meta.get("performers") or {}) - never
    if only is not None and timed_by and not timed_by & set(who) and set(who) & counts:  # a shared call's asked side
        only = None
        names = " and ".join(str(kb.meta.get("performers", {}).get(w, w)) for w in who)
        note = (f"Counted the stated minutes as the time of {names}, whose code is asked (a call between two "
                "practitioners is time for each of them).")
        work.assumptions += [note] if note not in work.assumptions else []
    rules = {at: kb.meta.get(key) or {} for key, marked in (("stay_time", req.scenario.stay_at),
                                                             ("setup_time", req.scenario.setup_at))
             if track.id in ((kb.meta.get(key) or {}).get("tracks") or ()) for at in marked}
    reading = read_minutes(req.scenario, period, kb.meta.get("period_days", {}), months,
                           voc.get("weekdays", {}), only, req.family, _code_families(kb), set(rules))
    for f in [f for f in req.scenario.of("minutes") if f.at in rules]:  # "while he was admitted": not this ladder's time
        work.trace.append(f"Not counted: '{f.words}': {rules[f.at].get('note', '')}")
        work.sources.append(str(rules[f.at].get("source", "")))
        req.scenario.use(f)
    work.below = reading.below
    for p in reading.periods:
        req.scenario.use(*p.facts)
        work.assumptions.extend(n for n in p.notes if n not in work.assumptions)
    for role, key in (("uncounted", "uncounted_time"), ("apart", "separately_billed_time"), ("excluded", "excluded_time"),
                      ("other_month", "other_month_time")):
        rule = kb.meta.get(key) or {}
        for f in req.scenario.of("minutes", role):
            work.trace.append(f"Not counted: '{f.words}': {rule.get('note', '')}")
            work.sources.append(str(rule.get("source", "")))
            req.scenario.use(f)
    left_out = [f for f in req.scenario.of("minutes") if f.who and only and f.who not in only
                and f.role not in ("threshold", "below", "window", "uncounted")]
    for f in left_out:
        names = kb.meta.get("performers", {})
        whose = (f"counts only the time of {' or '.join(names.get(w, w) for w in track.performed_by)}"
                 if track.performed_by else f"does not count the time of {names.get(f.who, f.who)}")
        work.trace.append(f"Not counted: '{f.words}' ({f.who}); {track.label} {whose}.")
        req.scenario.use(f)
    if len(reading.periods) > 1:
        work.assumptions.append(f"Minutes in different periods ({kb.period_label(period)}) never add up: each one is "
                                "billed on its own.")
    in_story = {_month_no(p.label, months) for p in reading.periods} - {None}
    asked = _asked_month(req.scenario.text, months, in_story) if len(reading.periods) > 1 else None
    starts = [min(f.at for f in p.facts) if p.facts else -1 for p in reading.periods]
    # each month's own call or none, told before the asked month is picked ("mar: 15 min, no call at all in march")
    told = contact_by_period(kb, req.scenario.text, starts, req.scenario.claims) if len(starts) > 1 else None
    contact = dict(zip((id(p) for p in reading.periods), told)) if told else {}
    if asked is not None and any(_month_no(p.label, months) == asked for p in reading.periods):
        # "can we bill it for February?": the asked month's lines; the other months are context
        others = [p for p in reading.periods if _month_no(p.label, months) != asked]
        work.assumptions.append(f"Lines for the month asked about only; {', '.join(_title(p.label) for p in others)} "
                                "told as context (minutes never carry across months).")
        reading.periods = [p for p in reading.periods if p not in others]
    labels = [_title(p.label) if len(reading.periods) > 1 else "" for p in reading.periods]
    work.others = {label: p.other for label, p in zip(labels, reading.periods) if p.other is not None}
    work.contact = {label: contact[id(p)] for label, p in zip(labels, reading.periods) if id(p) in contact}
    return [(label, p.minutes) for label, p in zip(labels, reading.periods)]


def _other_reading(kb: KnowledgeBase, track: Track, label: str, minutes: int, req: BillRequest, work: Work) -> None:
    """When the call's minutes may sit on top of the rest, say what the other total would bill if it differs."""
    other = work.others.get(label)
    if other is None or other == minutes:
        return
    scratch = Work(label=label)
    run_track(kb, track, other, req, scratch)
    mine = [(c, u) for c, u, lab in work.lines if lab == label]
    if [(c, u) for c, u, _l in scratch.lines] != mine:
        lines = " + ".join(f"{c}" + (f" x{u}" if u > 1 else "") for c, u, _l in scratch.lines) or "nothing"
        work.assumptions.append(f"If the call came on top of the other {minutes} minutes ({other} in all), report "
                                f"{lines} instead.")


def _code_families(kb: KnowledgeBase) -> dict[str, str]:
    """Each code's family, built once per knowledge base."""
    found = kb.cache.get("code_family")
    if found is None:
        found = kb.cache.setdefault("code_family", {c.code: c.family for c in kb.codes.values()})
    return found


_ASKED_MONTH = lazy(r"\b(?:for|in|during)\s+(?:the\s+month\s+of\s+)?([a-z]+)(?:\s+(?:mgmt|management|time|minutes|mins|"
                   r"services?))?\s*\??\s*$")  # "what do i bill for march mgmt"
_MONTH_LINES = lazy(r"\b([a-z]+)\s+(?:lines|codes|claims?|billing|charges)\s*\??\s*$")  # "April lines?"
_BOTH_MONTHS = lazy(r"\b([a-z]+)\s*(?:,|and|&)\s*(?:(?:for|in)\s+)?([a-z]+)\s*\??\s*$")


def _asked_month(text: str, months: dict, told: set[int]) -> int | None:
    """The month the question's last sentence asks about ("... can we bill it for February?"), or None."""
    last = re.split(r"(?<=[.!?])\s+|\n", text.strip())[-1]  # "... into April? What goes on the April claim?"
    named = {months.get(w) for w in re.findall(r"[a-z]+", last.lower())} & told
    if len(named) > 1:
        return None  # "98980 for Oct and 98979 for Nov?": a plan for each told month, every one is asked
    m = _ASKED_MONTH().search(last) or _MONTH_LINES().search(last)
    if (both := _BOTH_MONTHS().search(last)) and all(_month_no(g, months) for g in both.groups()):
        return None  # "what goes out for February and for March?": every month told is asked
    if m and _month_no(m.group(1), months) is not None:
        return _month_no(m.group(1), months)
    # "... can we bill 99426 this month?": a month named by its place, last in the question
    end = re.sub(r"[\s?.!]+$", "", last.lower())
    return next((n for w, n in months.items() if " " in w and end.endswith(" " + w)), None)


def _month_no(label: str, months: dict) -> int | None:
    return months.get(str(label).lower().strip()) if label else None


def _title(label: str) -> str:
    return "-".join(part.capitalize() for part in label.split("-"))
