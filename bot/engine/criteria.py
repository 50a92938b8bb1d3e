"""Criteria and windows from the knowledge (rule/track `requires`, family `windows`) checked against a scenario."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.engine.discussion import discussion_share, spoken_contacts
from bot.engine.first_contact import PLANNED_VISIT, early_visit, first_contact, lone_failed_attempt
from bot.engine.namedwords import named_check
from bot.engine.daycount import business_days_between, days_between, holidays_between, holidays_of, minutes_date, month_dated
from bot.engine.scenario import Fact, Scenario
from bot.engine.story_days import WEEK, came_the_week_before, farthest_ahead, farthest_before_today, service_week_day
from bot.kb.records import Code, Window


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
        if spec.get("assumed") and result.met:  # the short words of a usual default ("the patient lived through ...")
            text = str(spec["assumed"])
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
    """The first event of a kind the question states (not negated), a dated one first ("bill TCM on every discharge.
    Example: discharged 4/2"); for a visit, one that took place ("seen") before one only booked."""
    found = [f for f in sc.of("event", role) if not f.negated]
    held = [f for f in found if role != "visit" or not f.words.startswith(PLANNED_VISIT)]
    if not held and any(f.negated for f in sc.of("event", role)):
        return None  # "refused every appointment and was never seen": only booked, and said not to have happened
    return (sorted(held, key=lambda f: not f.when) or found or [None])[0]


def _visit_within(meta, sc: Scenario, name, expected) -> Check:
    discharge, visit, death = event(sc, "discharge"), event(sc, "visit"), event(sc, "death")
    days = days_between(discharge, visit)
    if death is not None and visit is not None and (days is None or death.day is None or int(death.day) < days):
        return Check(name, False, f"the patient died ('{death.words}') before the face-to-face visit "
                                  f"('{visit.words}'), so it did not take place", [f for f in (discharge, death, visit) if f])
    missed = [f for f in sc.of("event", "visit") if f.negated] if visit is None else []
    if missed:  # "he never came in for a visit": no face-to-face visit took place
        return Check(name, False, f"'{missed[0].words}' is negated: no face-to-face visit took place", missed[:1])
    if days is None:
        return _unknown(meta, sc, name, expected)
    return Check(name, days <= int(expected), f"the visit came {days} days after discharge (needs {expected} or fewer)",
                 [f for f in (discharge, visit) if f])


def _contact_within(meta, sc: Scenario, name, expected) -> Check:
    discharge = event(sc, "discharge")
    visit = early_visit(sc, discharge, int(expected), holidays_of(meta))
    if visit is not None:
        return Check(name, True, f"the face-to-face visit ('{visit[0].words}') came {visit[1]} business day"
                                 f"{'s' * (visit[1] != 1)} after discharge, and a visit is an interactive contact",
                     [f for f in (discharge, visit[0]) if f])
    attempts = sum(int(f.value) for f in sc.of("count", "attempts")) or len(sc.of("event", "attempt"))
    missed = [f for f in sc.of("event", "contact") if f.negated]
    if missed and attempts < 2:
        why = "not the practice's own contact" if missed[0].who == "outside" else "negated"
        return Check(name, False, f"'{missed[0].words}' is {why}: no contact in time and fewer than two documented attempts",
                     missed[:1])
    unanswered = ((meta.get("criteria") or {}).get(name) or {}).get("unanswered") or []
    contact = first_contact(sc, discharge, unanswered)
    if sc.flag("scheduling_only"):
        flag = [f for f in sc.of("flag") if f.role == "scheduling_only"]
        return Check(name, False, f"the call only scheduled the visit ('{flag[-1].words}'); the contact must address the "
                                  "patient's status and needs", flag[-1:] + ([contact] if contact else []))
    days = business_days_between(discharge, contact, holidays_of(meta))
    calendar = contact is not None and contact.value in ("day_n", "offset", "relative")
    if calendar and days is not None and int(expected) < days <= int(expected) + 2 and attempts < 2:
        return Check(name, None, f"the contact came on calendar day {days}; whether that is within {expected} business "
                                 "days depends on the weekend", [contact], ambiguous=True)
    skipped = holidays_between(discharge, contact, holidays_of(meta))
    note = f" ({', '.join(skipped)} is a holiday, not a business day)" if skipped else ""
    if days is not None and days <= int(expected):
        return Check(name, True, f"the contact came {days} business day{'s' * (days != 1)} after discharge{note}",
                     [f for f in (discharge, contact) if f])
    if attempts >= 2:
        spec = (meta.get("criteria") or {}).get(name) or {}
        return Check(name, True, f"{attempts} documented contact attempts", sc.of("count", "attempts") or
                     sc.of("event", "attempt"), contested=str(spec.get("contested", "")))
    if days is not None:
        return Check(name, False, f"the first contact came {days}{'' if calendar else ' business'} days after discharge "
                                  f"(needs {expected} business days)",
                     [f for f in (discharge, contact) if f])
    if contact is None and (lone := lone_failed_attempt(sc, unanswered)) is not None:  # CMS MLN908628: two or more attempts, not one
        return Check(name, False, f"'{lone.words}': one unanswered attempt and no contact (needs two or more "
                                  "documented attempts)", [lone])
    return _unknown(meta, sc, name, expected)


def _performer(meta, sc: Scenario, name, expected) -> Check:
    from bot.engine.tracks import workers

    who, kinds = workers(sc, "minutes"), meta.get("performer_counts_as") or {}  # a consultant is a kind of physician
    if not who:
        return _unknown(meta, sc, name, expected)
    return Check(name, all(str(expected) in (w, kinds.get(w)) for w in who), f"the work was done by {', '.join(who)}",
                 [f for f in sc.of("performer") if f.value in who])


def _setting(meta, sc: Scenario, name, expected) -> Check:
    """Where the discharge was from ("from") or to ("to"): a stay in a facility qualifies even beside an ED visit
    ("seen in the ED, admitted"); only an ED visit, or a discharge to another facility, does not."""
    role = "to" if name == "discharge_to" else "from"
    facts = [f for f in sc.of("setting", role) if role == "to" or f.value != "community"]  # "went home from home"
    if not facts:
        return _unknown(meta, sc, name, expected)
    matching = [f for f in facts if f.value == expected]
    shown = matching[-1:] if (matching and role == "from") or (matching and len(matching) == len(facts)) else \
        [f for f in facts if f.value != expected][:1]
    # a chain of stays ("to a SNF for two weeks, then home"): where the patient went last is the destination
    met = bool(matching) if role == "from" else facts[-1].value == expected
    shown = shown if role == "from" or met is (len(matching) == len(facts)) else facts[-1:]
    return Check(name, met, f"the discharge was {role} '{shown[0].words}'", shown)


def _verbal(meta, sc: Scenario, name, expected) -> Check:
    """Whether the practitioners talked: "answered in writing only" or "no call" says no, "discussed by phone" yes."""
    flags = [f for f in sc.of("flag") if f.role in ("written_only", "verbal")]
    contacts = spoken_contacts(sc, ((meta.get("criteria") or {}).get(name) or {}).get("written_words") or [])
    if any(f.role == "written_only" and not f.negated for f in flags):
        said = next(f for f in flags if f.role == "written_only")
        return Check(name, expected is False, f"the answer was in writing only ('{said.words}')", [said])
    stated = [f for f in flags if f.role == "verbal"] or contacts
    if not stated:
        return _unknown(meta, sc, name, expected)
    talked = any(not f.negated for f in stated)
    share = discussion_share(sc, ((meta.get("criteria") or {}).get(name) or {}).get("talk_words") or []) if talked else None
    if share and 2 * share[0] <= share[1]:  # a call, but most of the time went to review and writing
        return Check(name, expected is False, f"only {share[0]} of the {share[1]} minutes were discussion", stated)
    return Check(name, talked == expected, f"{'a' if talked else 'no'} verbal discussion ('{stated[-1].words}')", stated)


def _outside_global(meta, sc: Scenario, name, expected) -> Check:
    said = [f for f in sc.of("flag") if f.role == "global_period"]
    if not said:
        return _unknown(meta, sc, name, expected)
    inside = not said[-1].negated
    return Check(name, (not inside) == expected, f"{'' if inside else 'not '}in a global surgical period "
                                                 f"('{said[-1].words}')", said[-1:])


def _established(meta, sc: Scenario, name, expected) -> Check:
    said = [f for f in sc.of("flag") if f.role in ("established", "new_patient") and not f.negated]
    if not said:
        return _unknown(meta, sc, name, expected)
    established = said[-1].role == "established"
    return Check(name, established == expected, f"{'an established' if established else 'a new'} patient "
                                                f"('{said[-1].words}')", said[-1:])


def _alive(meta, sc: Scenario, name, expected) -> Check:
    death = event(sc, "death")
    if death is None:
        return _unknown(meta, sc, name, expected)
    return Check(name, expected is False, f"the patient died ('{death.words}') within the period", [death])


_CHECKS = {"established_patient": _established, "verbal": _verbal, "outside_global": _outside_global, "performer": _performer, "discharge_from": _setting, "discharge_to": _setting, "alive_through_period": _alive, "mdm": _mdm, "chronic_conditions": _count, "qmb": _bool, "transmission": _choice,
           "episode_month": _choice, "visit_within_days": _visit_within, "contact_within_business_days": _contact_within}
_BY_KIND = {"bool": _bool, "count": _count, "choice": _choice, "named": named_check}


def check_all(meta: dict, sc: Scenario, requires: dict) -> list[Check]:
    """Every criterion of a `requires` mapping."""
    return [check(meta, sc, name, expected) for name, expected in (requires or {}).items()]


@dataclass(slots=True)
class Blocked:
    """A window that makes a code not separately billable here."""

    window: Window
    visit: Fact


def window_block(windows: tuple[Window, ...], code: Code, sc: Scenario, kinds: dict | None = None) -> Blocked | None:
    """The first window a stated, related visit falls in for this code's role (a soonest-slot visit: one it led to)."""
    soonest, ref = sc.flag("soonest"), _service_day(sc)
    dated = next((c for c in sc.of("event", "contact") if c.value == "date"), None) or minutes_date(sc)  # its date
    for w in (w for w in windows if not sc.flag("unrelated") or (w.side == "after" and w.soonest and soonest)):
        if (w.roles and code.role not in w.roles) or (w.side == "before" and sc.flag("new_problem")):
            continue  # a new problem: no earlier visit addressed it
        for visit in (month_dated(f, dated) for f in sc.of("event", "visit") if not f.negated and _visit_by(w, f, kinds or {})):
            offset = _visit_offset(visit, ref, sc.text) if visit.value != "date" or dated is None else days_between(dated, visit)
            ahead = farthest_ahead(visit) if offset is None else offset  # "scheduled her next Tuesday": 13 at most
            if w.side == "after" and ((w.soonest and soonest) or (ahead is not None and 0 <= ahead and
                                      ahead <= (w.days if w.days is not None else max(1, (w.hours or 0) // 24)))):
                return Blocked(w, visit)
            offset = farthest_before_today(visit, sc) if offset is None and w.side == "before" else offset
            if w.side == "before" and offset is not None and offset < 0 and -offset <= (w.days or 0):
                return Blocked(w, visit)
    return None


def _visit_by(window: Window, visit: Fact, kinds: dict) -> bool:
    """Whether the visit's performer is one the window binds (or may be: "the doctor" could be the consultant)."""
    if not window.visit_by or not visit.who:
        return True
    return visit.who in window.visit_by or any(kinds.get(w) == visit.who for w in window.visit_by)


_PAST_VISIT = ("seen", "saw", "came in", "was seen", "had")  # a visit told in the past tense already happened


def _service_day(sc: Scenario) -> tuple[int, int] | None:
    """(weekday, position) of the service itself: the first weekday tied to its minutes or to the contact."""
    dated = [f for f in sc.of("minutes") if f.day is not None and f.day < 14]
    dated += [f for f in sc.of("event", "contact") if f.value == "weekday" and f.day is not None]
    first = min(dated, key=lambda f: f.at, default=None)
    return (int(first.day), first.at) if first else None


def _visit_offset(visit: Fact, ref: tuple[int, int] | None = None, text: str = "") -> int | None:
    """Days from the contact to the visit: "tomorrow" +1, "yesterday" -1, "3 days ago" -3, "within 24 hours" 0;
    a weekday counts from the service's own weekday (story order: see story_days, and a weekday told after it is the next week)."""
    if visit.value == "weekday" and visit.day is not None and ref is not None:
        offset = int(visit.day) - service_week_day(visit, ref)
        ahead = offset < 0 and int(visit.day) >= 0 and visit.at > ref[1] and not visit.words.startswith(_PAST_VISIT)
        return offset + WEEK if ahead else offset - WEEK if came_the_week_before(visit, ref, offset, text) else offset
    if visit.value in ("relative", "offset") and visit.day is not None:
        return int(visit.day)
    if visit.value == "within_hours" and visit.day is not None:
        return int(visit.day) // 24
    if visit.value == "within" and visit.day is not None:  # "she was seen within 7 days": a visit before the contact
        return -int(visit.day) if text[max(0, visit.at - 12):visit.at].split()[-1:] in (["was"], ["were"], ["been"]) else int(visit.day)
    return None
