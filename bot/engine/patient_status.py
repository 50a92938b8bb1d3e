"""New or established patient: read from the story how long ago the patient was seen, by whom (the same practitioner,
another of the same or a different specialty, in this group or another) and say which the rule makes them, with
the office visit codes of that kind. The rule (three years, same specialty and group) is data in meta.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.answer import Answer, Choice
from bot.engine import facts
from bot.engine.patterns import lazy
from bot.engine.phrases import PhraseSet, tokens

if TYPE_CHECKING:
    from bot.engine.handlers import Context

_ELAPSED_TAIL = (r")\s*(?:\+\s*)?(years?|yrs?|months?|mos?|weeks?|wks?)\b"
                 r"(?:\s+(?:ago|back|before|earlier|since)|\s+(?:prior|previously))")
# "not seen her in 3 years": at least that long since the last contact
_NOT_SEEN = lazy(r"(?:\bnot|n't|\bnever)\s+(?:been\s+)?(?:seen|saw|visited|treated|been in)\b(?:\s+[a-z']+){0,3}?"
                       r"\s+(?:in|for)\s+(?:over\s+|more than\s+)?(\d{1,2}|one|two|three|four|five|six)\s+(years?|months?)\b")
# "3 yrs 4 mos ago", "two years and five months back": both parts count
_YEARS_MONTHS = lazy(r"\b(\d{1,2}|one|two|three|four|five|six)\s*(?:years?|yrs?)\s*(?:,\s*|and\s+|&\s*)?"
                     r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven)\s*(?:months?|mos?)\s+"
                     r"(?:ago|back|before|earlier|since|prior|previously)\b")
_UNIT_MONTHS = {"y": 12, "m": 1, "w": 0}
_MONTH_YEAR = lazy(r"\b([a-z]{3,9})\.?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(20[0-4]\d)\b")
# "saw our NP in march": a month told without its year, so within the past year
_MONTH_ALONE = lazy(r"\b(?:in|last|this past)\s+([a-z]{3,9})\b(?!\.?\s*(?:\d|20))")
_NUMERIC_DATE = lazy(r"\b(\d{1,2})/(\d{1,2})/(20[0-4]\d)\b")
# "saw Dr. A in 2024, now sees Dr. B": a bare year the earlier contact happened in
_IN_YEAR = lazy(r"\b(?:in|during|back in|since)\s+(20[0-4]\d)\b(?!\s*(?:rules?|fee|pfs|cpt|guidelines?|codes?|manual))")


@dataclass(slots=True)
class StatusFacts:
    """What the story says about the earlier contact, each fact None when it is not said."""

    months: float | None = None
    same_practitioner: bool = False
    other_group: bool = False
    different_specialty: bool | None = None
    nonphysician: bool = False
    new_problem: bool = False
    left_group: bool = False
    other_practitioner: bool = False  # another practitioner of the group gave the earlier service
    test_only: bool = False  # the earlier service was a test read without seeing the patient
    said: list[str] = field(default_factory=list)


def _words(kb) -> dict[str, PhraseSet]:
    cached = kb.cache.get("patient_status_words")
    if cached is None:
        vocab = kb.vocabulary.get("patient_status", {})
        cached = {k: PhraseSet(v) for k, v in vocab.items() if isinstance(v, list)}
        cached["asks_plain"] = PhraseSet([a for a in vocab.get("asks", []) if not a.endswith("?")])
        cached["year_words"] = PhraseSet(vocab.get("year_words") or {})
        cached["specialties"] = PhraseSet(_specialty_of(kb))
        cached = kb.cache.setdefault("patient_status_words", cached)
    return cached


def _specialty_of(kb) -> dict[str, str]:
    """Each specialty word and the one specialty it names ("family med" and "family practice": family medicine)."""
    groups = kb.vocabulary.get("patient_status", {}).get("specialties") or {}
    return {str(w).strip(): str(name) for name, words in groups.items() for w in words}


def asks_status(kb, low: str) -> bool:
    """The question asks whether the patient is new or established (with a "?" form read as typed)."""
    asks = kb.vocabulary.get("patient_status", {}).get("asks", [])
    marked = [a for a in asks if a.endswith("?")]
    if any(a in low for a in marked):
        return True
    return bool(_words(kb)["asks_plain"].find(tokens(low)))


def _elapsed(kb) -> re.Pattern:
    """ "2 years ago", "fourteen months back": a figure or a number word (vocabulary number_words), then its unit."""
    cached = kb.cache.get("patient_status_elapsed")
    if cached is None:
        words = sorted({*kb.vocabulary.get("number_words", {}), "a", "an", "eighteen", "thirty", "twenty", "fifteen"},
                       key=len, reverse=True)
        cached = kb.cache.setdefault("patient_status_elapsed", re.compile(
            r"\b(\d{1,2}(?:\.\d)?|" + "|".join(re.escape(str(w)) for w in words) + _ELAPSED_TAIL))
    return cached


def _number(word: str, kb) -> float:
    if word[0].isdigit():
        return float(word)
    if word in ("a", "an"):
        return 1.0
    return float(kb.vocabulary.get("number_words", {}).get(word, {"eighteen": 18, "thirty": 30, "twenty": 20,
                                                                   "fifteen": 15}.get(word, 0)))


def _months(kb, low: str) -> float | None:
    """The time since the earlier contact, in months: "2 years ago", "8 months back", "last year", "over 3 years"."""
    vocab = kb.vocabulary.get("patient_status", {})
    words = tokens(low)
    window = int(kb.meta.get("patient_status", {}).get("window_months", 36))
    sets = _words(kb)
    if sets["beyond"].find(words):
        return window + 1.0
    if (gap := _NOT_SEEN().search(low)) is not None:
        return _number(gap.group(1), kb) * _UNIT_MONTHS[gap.group(2)[0]] + 1.0
    found = [_number(m.group(1), kb) * _UNIT_MONTHS[m.group(2)[0]] for m in _elapsed(kb).finditer(low)]
    found += [_number(m.group(1), kb) * 12 + _number(m.group(2), kb) for m in _YEARS_MONTHS().finditer(low)]
    if found:
        return max(found)
    named = {k: float(v) for k, v in (vocab.get("year_words") or {}).items()}
    hits = sets["year_words"].find(words)
    if hits:
        return max(named[p] for _i, p in hits)
    if sets["within"].find(words):
        return window - 1.0
    if (gap := _dated_gap(kb, low)) is not None:
        return gap
    names = kb.vocabulary.get("months", {})
    return 12.0 if any(m.group(1) in names for m in _MONTH_ALONE().finditer(low)) else None


def _dated_gap(kb, low: str) -> float | None:
    """ "seen in March 2024 ... the visit on Feb 10, 2026": months between the earliest and the latest date told with
    a year (a month without its day counts from its first day); None unless two different dates are told."""
    names = kb.vocabulary.get("months", {})
    dates = [(int(m.group(3)), names[m.group(1)], int(m.group(2) or 1)) for m in _MONTH_YEAR().finditer(low)
             if m.group(1) in names]
    dates += [(int(m.group(3)), int(m.group(1)), int(m.group(2))) for m in _NUMERIC_DATE().finditer(low)
              if 1 <= int(m.group(1)) <= 12]
    if len(set(dates)) < 2:  # one dated contact ("in October 2024"): whole years to the visit's year, as a bare year
        return _year_gap(kb, low, [y for y, _m, _d in dates])
    (y0, m0, d0), (y1, m1, d1) = min(dates), max(dates)
    return (y1 - y0) * 12 + (m1 - m0) + (d1 - d0) / 31


def _year_gap(kb, low: str, dated: list[int] | None = None) -> float | None:
    """ "seen in 2024" with no fuller date: whole years to the latest year told (else the default year), in months;
    a gap of exactly the window's years stays undecided (the dates decide)."""
    years = [int(m.group(1)) for m in _IN_YEAR().finditer(low)] + (dated or [])
    if not years:
        return None
    latest = max(years + [int(kb.meta.get("default_year", 0) or 0)])
    return float((latest - min(years)) * 12) if latest > min(years) else None


def read_facts(kb, low: str) -> StatusFacts:
    """The facts of the earlier contact as the question tells them."""
    sets, words = _words(kb), tokens(low)
    has = {k: [p for _i, p in s.find(words)] for k, s in sets.items()}
    specialties = {_specialty_of(kb).get(p, p) for p in has.get("specialties", [])}
    same = has.get("same_specialty") or (len(specialties) == 1 and len(has.get("specialties", [])) >= 2)  # "ENT ... also ENT"
    different = True if has.get("different_specialty") or len(specialties) >= 2 else (False if same else None)
    found = StatusFacts(months=_months(kb, low), same_practitioner=bool(has.get("same_practitioner")),
                        other_group=bool(has.get("other_group")), different_specialty=different,
                        nonphysician=bool(has.get("nonphysician")), new_problem=bool(has.get("new_problem")),
                        left_group=bool(has.get("left_group")), other_practitioner=bool(has.get("other_practitioner")))
    found.test_only = bool(has.get("test_only") and has.get("not_face_to_face")) and not _seen_by_other(found)
    found.said = [p for k in ("same_practitioner", "other_group", "different_specialty", "same_specialty",
                              "nonphysician", "new_problem", "left_group") for p in has.get(k, [])]
    return found


def _seen_by_other(f: StatusFacts) -> bool:
    """Another practitioner of the group (an NP, a partner) saw the patient: "never met her" is then the new one's."""
    return f.nonphysician or f.other_practitioner


def verdict(kb, f: StatusFacts) -> tuple[str | None, str]:
    """("new" | "established" | None, why) under the three-year, same-specialty, same-group rule."""
    window = int(kb.meta.get("patient_status", {}).get("window_months", 36))
    if f.test_only:
        return "new", "the only earlier service was reading a test, with no face-to-face service"
    if f.months is not None and f.months > window:
        return "new", f"the last face-to-face service was more than {window // 12} years ago"
    if f.different_specialty and f.months is not None:  # another specialty's visit makes no one established, whenever
        return "new", "the earlier visit was with a practitioner of a different specialty"
    if f.months is not None and f.months == window:
        return None, f"exactly {window // 12} years: compare the dates (established only if less than {window // 12} years to the day)"
    if f.same_practitioner and not f.different_specialty:
        return ("established" if f.months is not None else None,
                "the same practitioner saw the patient" + (" within the three years" if f.months is not None else ""))
    if f.different_specialty:
        return "new", "the earlier visit was with a practitioner of a different specialty"
    if f.other_group:
        return "new", "the earlier visit was with a different practitioner in another group"
    if f.other_practitioner and f.different_specialty is None and f.months is not None:
        return None, "another practitioner of the group gave the earlier service and the question does not say " \
            "whether of the same specialty"
    if f.months is None:
        return None, "the question does not say when the patient was last seen"
    return "established", "seen within the three years by a practitioner of the same specialty in the same group"


def answer(ctx: Context) -> Answer | None:
    """Answer "new or established?" from the story's facts; None when the question does not ask it."""
    from bot.engine.handlers import finish  # noqa: PLC0415  (handlers routes here)

    kb, low = ctx.kb, (ctx.raw_text or ctx.q.text).lower()
    rule = kb.meta.get("patient_status")
    if not rule or not asks_status(kb, low) or ctx.q.minutes is not None \
            or any(f != rule["family"] for f in ctx.q.families):
        return None  # "a new first month of CoCM?": another family's own start
    f = read_facts(kb, low)
    if f.months is None and not (f.said or _words(kb)["prior_contact"].find(tokens(low))):
        return None  # "new patient code for a rash?": no earlier contact told, not this question
    kind, why = verdict(kb, f)
    ctx.source_ids += [rule["source"], *rule.get("also", [])]
    ctx.notes += _notes(rule, f)
    if kind is None and f.other_practitioner and f.different_specialty is None and f.months is not None:
        asked = ctx.q.original.rstrip()
        return finish(ctx, status="clarify", intent="define", families=[rule["family"]], message=f"{rule['rule']} Here {why}.",
                      choices=[Choice("The earlier practitioner is of the same specialty (established)",
                                      f"{asked} The earlier practitioner was the same specialty."),
                               Choice("The earlier practitioner is of a different specialty (new)",
                                      f"{asked} The earlier practitioner was a different specialty.")])
    if kind is None:
        return finish(ctx, status="clarify", intent="define", families=[rule["family"]], message=f"{rule['rule']} Here {why}.",
                      choices=[Choice("Seen within the last 3 years (established)",
                                      "The patient was seen within the last 3 years: new or established?"),
                               Choice("Last seen more than 3 years ago (new)",
                                      "The patient was last seen more than 3 years ago: new or established?")])
    codes = _by_level(kb, _track_codes(kb, kind), ctx.q.scenario)
    ctx.notes.insert(0, f"{kind.capitalize()} patient: {why}.")
    billing = _level_line(ctx, kind, why, codes)
    return finish(ctx, status="answered", intent="bill" if billing else "define", families=[rule["family"]],
                  message=rule["rule"], codes=[facts.code_fact(kb, kb.codes[c], ctx.year) for c in codes], billing=billing)


def _level_line(ctx: Context, kind: str, why: str, codes: list[str]):
    """The visit to bill when the story also tells its MDM level ("last seen 2022 ... MDM is moderate"), else None."""
    from bot.answer import Billing, BillingLine  # noqa: PLC0415

    kb, sc = ctx.kb, ctx.q.scenario
    level = next((f.value for f in (sc.facts if sc is not None else ()) if f.kind == "level" and f.role == "mdm"), None)
    code = next((c for c in codes if level is not None and kb.codes[c].rule.mdm == level), None)
    if code is None:
        return None
    sc.use_kind("level", "mdm")
    sc.use_kind("code")  # the code the system suggested is answered by the line
    return Billing(inputs={"family": kb.codes[code].family, "minutes": None, "days": None, "interactive": None,
                           "year": ctx.year}, lines=[BillingLine(code=code, units=1, title=kb.codes[code].title)],
                   trace=[f"{kind.capitalize()} patient: {why}.", f"{code}: {level} medical decision making, as told."],
                   assumptions=[f"Level chosen by {level} medical decision making, as documented."])


def _notes(rule: dict, f: StatusFacts) -> list[str]:
    notes = []
    if f.nonphysician:
        notes.append(rule["nonphysician"])
    if f.same_practitioner:
        notes.append(rule["same_practitioner"])
    if f.new_problem:
        notes.append(rule["new_problem"])
    if f.left_group:
        notes.append(rule["left_group"])
    return notes


def _track_codes(kb, kind: str) -> list[str]:
    """The visit codes of the new or the established track (by the track's own hint words)."""
    family = kb.meta["patient_status"]["family"]
    return [c.code for c in kb.codes.values() if c.family == family and c.role == "visit" and kind in c.title.lower()]


def _by_level(kb, codes: list[str], sc) -> list[str]:
    """The visit codes with the one of the story's MDM level ("MDM was low") first."""
    level = next((f.value for f in (sc.facts if sc is not None else ()) if f.kind == "level" and f.role == "mdm"), None)
    return sorted(codes, key=lambda c: level is None or kb.codes[c].rule.mdm != level)


def story_status(ctx: Context, visit_billed: bool = False) -> tuple[str, str] | None:
    """("new" | "established", why) when a visit to bill ("low MDM, new or established code?") sits beside an earlier
    contact the story dates: the three-year rule decides it, over the question's own words ("she's new to Dr. Lee")."""
    kb, sc, low = ctx.kb, ctx.q.scenario, (ctx.raw_text or ctx.q.text).lower()
    rule = kb.meta.get("patient_status")
    visit = rule and (visit_billed or rule["family"] in ctx.q.families or any(
        kb.codes[c].family == rule["family"] for c in ctx.q.codes if c in kb.codes)
        or (sc is not None and any(f.role == "mdm" or f.kind == "mdm" for f in sc.facts)))
    if sc is None or not visit:
        return None
    f = read_facts(kb, low)
    if f.test_only:
        return verdict(kb, f)
    if _words(kb)["not_face_to_face"].find(tokens(low)) and not _seen_by_other(f):
        return None  # the dated contact was no visit: the ladder the question's words name stands
    contact = bool(_words(kb)["prior_contact"].find(tokens(low)))  # "a lump she found last week" dates no visit
    told = f.months is not None and contact or f.different_specialty and contact
    kind, why = verdict(kb, f) if told else (None, "")  # another specialty's earlier visit: new whenever it was
    return (kind, why) if kind is not None else None


def mark(ctx: Context) -> None:
    """Give the scenario the story's new or established status (story_status), for the criteria that ask it."""
    from bot.engine.scenario import Fact  # noqa: PLC0415

    status = story_status(ctx)
    if status is not None:
        sc = ctx.q.scenario
        sc.add(Fact("flag", True, status[1], len(sc.text), role="established" if status[0] == "established"
                    else "new_patient"))
