"""Criteria and windows from the knowledge (rule/track `requires`, family `windows`) checked against a scenario."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from bot.engine.scenario import Fact, Scenario
from bot.kb.records import Code, Window

_YEAR = 2026  # dates without a year: only the days between them matter
BUSINESS_DAYS_PER_WEEK = 5


@dataclass(slots=True)
class Check:
    """One criterion against the scenario: met (True/False) or unknown (None), why, and the facts used."""

    name: str
    met: bool | None
    why: str
    facts: list[Fact] = field(default_factory=list)
    assumed: str = ""
    contested: str = ""  # the contested point this reading of the facts rests on (meta.yaml criteria `contested`)
    ambiguous: bool = False  # the facts leave it open (no default is assumed then: the answer asks)


def _level(meta: dict, name: str, value: str) -> int:
    levels = ((meta.get("criteria") or {}).get(name) or {}).get("levels") or []
    return levels.index(value) if value in levels else -1


def criterion_text(meta: dict, name: str, value: object) -> str:
    """The requirement in words, from meta.yaml criteria."""
    spec = (meta.get("criteria") or {}).get(name) or {}
    shown = value if not isinstance(value, dict) else " to ".join(
        str(v) for v in (value.get("min", ""), value.get("max", "")) if v != "") + (" or more" if "max" not in value else "")
    if isinstance(value, dict) and "min" not in value:
        shown = f"at most {value['max']}"
    if isinstance(value, bool):
        shown = "yes" if value else "no"
    return str(spec.get("text", f"{name}: {{value}}")).replace("{value}", str(shown))


def check(meta: dict, sc: Scenario, name: str, expected: object) -> Check:
    """Check one criterion; an unstated one with a default in meta.yaml is assumed (and says so)."""
    spec = (meta.get("criteria") or {}).get(name) or {}
    # a criterion without its own reading is read by its kind: a bool from the flag of its name, a count from counts
    result = _CHECKS.get(name, _BY_KIND.get(str(spec.get("kind")), _unknown))(meta, sc, name, expected)
    if result.met is None and "default" in spec and not result.ambiguous:
        default = spec["default"]
        result.met = True if spec.get("kind") == "days" else default == expected
        text = criterion_text(meta, name, expected if result.met else default).rstrip(".")
        result.assumed = f"Assumed: {text[:1].lower()}{text[1:]} (the question does not say)."
    return result


def _unknown(meta, sc, name, expected) -> Check:
    return Check(name, None, f"the question does not say ({criterion_text(meta, name, expected)})")


def _mdm(meta, sc: Scenario, name, expected) -> Check:
    facts = sc.of("level", "mdm")
    if not facts:
        return _unknown(meta, sc, name, expected)
    got = str(facts[-1].value)
    met = _level(meta, name, got) >= _level(meta, name, str(expected))
    return Check(name, met, f"decision making is {got} (needs at least {expected})", facts[-1:])


def _count(meta, sc: Scenario, name, expected) -> Check:
    facts = sc.of("count", name)
    bound = ((meta.get("criteria") or {}).get(name) or {}).get("lower_bound")
    if not facts and bound and sc.of("count", bound):
        return _at_least(name, expected, sc.of("count", bound)[-1])
    if not facts:
        return _unknown(meta, sc, name, expected)
    got = int(facts[-1].value)
    met = got >= expected.get("min", 0) and got <= expected.get("max", got)
    noun = name.replace("_", " ")
    return Check(name, met, f"{got} {noun[:-1] if got == 1 and noun.endswith('s') else noun}", facts[-1:])


def _at_least(name: str, expected: dict, fact: Fact) -> Check:
    """A count known only from below ("diabetes and COPD": at least 2 conditions): it meets a minimum it reaches
    and fails a maximum it exceeds; otherwise the question leaves it open."""
    low, noun = int(fact.value), name.replace("_", " ")
    why = f"at least {low} {noun} named ('{fact.words}')"
    if "max" in expected and low > expected["max"]:
        return Check(name, False, why, [fact])
    if low >= expected.get("min", 0) and "max" not in expected:
        return Check(name, True, why, [fact])
    return Check(name, None, why, [fact])


def _bool(meta, sc: Scenario, name, expected) -> Check:
    state = sc.flag(name)
    if state is None:
        return _unknown(meta, sc, name, expected)
    facts = [f for f in sc.of("flag") if f.role == name]
    return Check(name, state == expected, f"{name.replace('_', ' ')}: {'yes' if state else 'no'}", facts[-1:])


def _choice(meta, sc: Scenario, name, expected) -> Check:
    facts = [f for f in sc.of(name) if not f.negated]
    if not facts:
        return _unknown(meta, sc, name, expected)
    values = {str(f.value) for f in facts}
    got = str(expected) if str(expected) in values and len(values) == 1 else sorted(values - {str(expected)} or values)[0]
    if name == "episode_month" and "later" in values:
        got = "later"
    return Check(name, got == str(expected), f"{name.replace('_', ' ')}: {got}", facts)


def event(sc: Scenario, role: str) -> Fact | None:
    """The first event of a kind the question states (not negated)."""
    return next((f for f in sc.of("event", role) if not f.negated), None)


def days_between(a: Fact | None, b: Fact | None) -> int | None:
    """Calendar days from event a to event b, from weekdays, dates, "day N" or an offset; None if unknown."""
    if b is None or b.day is None:
        return None
    if b.value in ("day_n", "offset", "within"):
        return int(b.day)
    if a is None or a.day is None:
        return None
    if a.value == b.value == "weekday":
        return (int(b.day) - int(a.day)) % 7 or 7
    if a.value == b.value == "date":
        return (_date(int(b.day)) - _date(int(a.day))).days
    return None


def business_days_between(a: Fact | None, b: Fact | None) -> int | None:
    """Business days after event a up to event b (weekends skipped), or None."""
    if b is not None and b.value == "within_business":
        return int(b.day)
    if a is None or b is None or a.day is None or b.day is None or a.value != b.value or a.value not in ("weekday", "date"):
        return days_between(a, b) if b is not None and b.value in ("day_n", "offset") else None
    start = int(a.day) if a.value == "weekday" else _date(int(a.day)).weekday()
    total = days_between(a, b) or 0
    return sum(1 for k in range(1, total + 1) if (start + k) % 7 < BUSINESS_DAYS_PER_WEEK)


def _date(mmdd: int) -> datetime.date:
    month, day = divmod(mmdd, 100)
    try:
        return datetime.date(_YEAR, month, day)
    except ValueError:
        return datetime.date(_YEAR, month, 28)


def _visit_within(meta, sc: Scenario, name, expected) -> Check:
    discharge, visit = event(sc, "discharge"), event(sc, "visit")
    days = days_between(discharge, visit)
    if days is None:
        return _unknown(meta, sc, name, expected)
    return Check(name, days <= int(expected), f"the visit came {days} days after discharge (needs {expected} or fewer)",
                 [f for f in (discharge, visit) if f])


def _contact_within(meta, sc: Scenario, name, expected) -> Check:
    discharge = event(sc, "discharge")
    attempts = sum(int(f.value) for f in sc.of("count", "attempts")) or len(sc.of("event", "attempt"))
    missed = [f for f in sc.of("event", "contact") if f.negated]
    if missed and attempts < 2:
        return Check(name, False, f"'{missed[0].words}' is negated: no contact in time and fewer than two documented "
                                  "attempts", missed[:1])
    contact = next((f for f in sc.of("event", "contact") if not f.negated and (discharge is None or f.at > discharge.at)),
                   None)
    days = business_days_between(discharge, contact)
    calendar = contact is not None and contact.value in ("day_n", "offset")
    if calendar and days is not None and int(expected) < days <= int(expected) + 2 and attempts < 2:
        return Check(name, None, f"the contact came on calendar day {days}; whether that is within {expected} business "
                                 "days depends on the weekend", [contact], ambiguous=True)
    if days is not None and days <= int(expected):
        return Check(name, True, f"the contact came {days} business day{'s' * (days != 1)} after discharge",
                     [f for f in (discharge, contact) if f])
    if attempts >= 2:
        spec = (meta.get("criteria") or {}).get(name) or {}
        return Check(name, True, f"{attempts} documented contact attempts", sc.of("count", "attempts") or
                     sc.of("event", "attempt"), contested=str(spec.get("contested", "")))
    if days is not None:
        return Check(name, False, f"the first contact came {days} business days after discharge (needs {expected})",
                     [f for f in (discharge, contact) if f])
    return _unknown(meta, sc, name, expected)


def _performer(meta, sc: Scenario, name, expected) -> Check:
    from bot.engine.tracks import workers

    who = workers(sc, "minutes")
    if not who:
        return _unknown(meta, sc, name, expected)
    return Check(name, set(who) <= {str(expected)}, f"the work was done by {', '.join(who)}",
                 [f for f in sc.of("performer") if f.value in who])


_CHECKS = {"performer": _performer, "mdm": _mdm, "chronic_conditions": _count, "qmb": _bool, "transmission": _choice,
           "episode_month": _choice, "visit_within_days": _visit_within, "contact_within_business_days": _contact_within}
_BY_KIND = {"bool": _bool, "count": _count, "choice": _choice}


def check_all(meta: dict, sc: Scenario, requires: dict) -> list[Check]:
    """Every criterion of a `requires` mapping."""
    return [check(meta, sc, name, expected) for name, expected in (requires or {}).items()]


@dataclass(slots=True)
class Blocked:
    """A window that makes a code not separately billable here."""

    window: Window
    visit: Fact


def window_block(windows: tuple[Window, ...], code: Code, sc: Scenario) -> Blocked | None:
    """The first window a stated (related, not negated) visit falls in, for this code's role."""
    if sc.flag("unrelated"):
        return None
    soonest = sc.flag("soonest")
    ref = _service_day(sc)
    for w in windows:
        if w.roles and code.role not in w.roles:
            continue
        for visit in (f for f in sc.of("event", "visit") if not f.negated):
            offset = _visit_offset(visit, ref)
            if w.side == "after" and ((w.soonest and soonest) or (offset is not None and 0 <= offset and
                                      offset <= (w.days if w.days is not None else max(1, (w.hours or 0) // 24)))):
                return Blocked(w, visit)
            if w.side == "before" and offset is not None and offset < 0 and -offset <= (w.days or 0):
                return Blocked(w, visit)
    return None


_PAST_VISIT = ("seen", "saw", "came in", "was seen", "had")  # a visit told in the past tense already happened


def _service_day(sc: Scenario) -> tuple[int, int] | None:
    """(weekday, position) of the service itself: the first weekday tied to its minutes or to the contact."""
    dated = [f for f in sc.of("minutes") if f.day is not None and f.day < 14]
    dated += [f for f in sc.of("event", "contact") if f.value == "weekday" and f.day is not None]
    first = min(dated, key=lambda f: f.at, default=None)
    return (int(first.day), first.at) if first else None


def _visit_offset(visit: Fact, ref: tuple[int, int] | None = None) -> int | None:
    """Days from the contact to the visit: "tomorrow" +1, "yesterday" -1, "3 days ago" -3, "within 24 hours" 0;
    a weekday counts from the service's own weekday (a later weekday told after it is the next week)."""
    if visit.value == "weekday" and visit.day is not None and ref is not None:
        offset = int(visit.day) - ref[0]
        if offset < 0 and visit.at > ref[1] and not any(visit.words.startswith(w) for w in _PAST_VISIT):
            offset += 7
        return offset
    if visit.value in ("relative", "offset") and visit.day is not None:
        return int(visit.day)
    if visit.value == "within_hours" and visit.day is not None:
        return int(visit.day) // 24
    if visit.value == "within" and visit.day is not None:
        return int(visit.day)
    return None
