"""Counted things in a question: chronic conditions (stated or named), contact attempts, calls, times, and the month
of an episode ("month 4 of collaborative care")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.engine import timewords as tw
from bot.engine.episode_break import read_breaks
from bot.engine.lexicon import Lexicon
from bot.engine.scenario import Fact, Scenario

if TYPE_CHECKING:
    from bot.engine.reader import _Text as Text

_CONDITIONS = re.compile(r"(?<![\w.])(\d{1,2})\s+(?:or more\s+|\+\s*)?(?:[a-z][\w-]*\s+){0,2}?(?:chronic\s+)?(?:conditions?|"
                         r"conds?|diagnoses|dx|comorbidities|chronic illnesses|chronic problems?)\b")
_NOT_COUNT = re.compile(r"\b(?:doesn'?t|does not|don'?t|do not|not|isn'?t|never)\s+(?:have|has|got|had)?\s*(?:at least\s+|even\s+)?$")
_SEVERAL = re.compile(r"\b(?:multiple|several|many)\s+chronic conditions\b")
# "CCM needs two conditions": the rule's count, said by the asker, not the patient's
_RULE_COUNT = re.compile(r"\b(?:needs?|requires?|required|must have|calls for|is for)\s+(?:at least\s+|a minimum of\s+)?$")
_ONE_CONDITION = re.compile(r"\b(?:only|single|sole|just one|lone)\s+(?:(?:serious|high-risk|high risk|complex)\s+)?(?:chronic\s+(?:condition|problem|illness|diagnosis|disease)|"
                            r"(?:qualifying\s+)?(?:condition|diagnosis|illness))\b")
_ATTEMPTS = re.compile(r"(?<![\w.])(\d{1,2})\s+(?:\w+\s+)?(?:attempts?|tries|calls? that went unanswered)\b|"
                       r"\b(?:called|tried|phoned|attempted|rang|tried calling|tried to call|tried to reach)\s+"
                       r"(?:her\s+|him\s+|them\s+|the patient\s+)?(twice|2 times|3 times)\b|"
                       r"\bboth\s+(?:\w+\s+)?(?:attempts|tries|calls)\b")  # "both attempts documented": two
_COUNTED = re.compile(r"(?<![\w./])(\d{1,2})\s+(?:\w+\s+)?(calls?|conversations?|messages?|visits?|practices?|providers?|"
                      r"practitioners?|devices?|readings?|units?|patients?|months?|weeks?)\b")
_CODE_UNITS = re.compile(r"(?<=[a-z0-9]\d{4})\s*[x×]\s*(\d{1,2})\b", re.I)
_ONLY = {"only", "just", "solely"}
# "3 times a day", "twice daily": how often readings were taken, not a service billed again
FREQUENCY = re.compile(r"\b(?:twice|(?:\d{1,2}|two|three|four) times)\s+(?:(?:a|per|each|every)\s+(?:day|week|morning|"
                       r"evening)|daily)\b")
_TIMES = re.compile(r"\b(?:twice|more than once|more than twice|(\d{1,2}) times)\b")
# "as long as the minutes aren't counted twice": the same minutes toward two services, not a service billed again
_COUNTED_AGAIN = re.compile(r"\b(?:counted|count|counting|used|applied)\s+(?:toward\s+\w+\s+)?$")
_FAMILY_MONTH = re.compile(r"\b(first|initial|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|sixth|6th|later|subsequent)\s+"
                           r"([a-z][\w/-]*(?:\s+[a-z][\w/-]*)?)\s+month\b")
_CODE_NAME = re.compile(r"(?:[ -]+(?:cocm|bhi|collaborative|care|month|apcm|add-on|addon))*[ -]+codes?\b")
# "this month (his first)", "this month, her first,": the month named, then which of the patient's months it is
_OWN_MONTH = re.compile(r"\bthis\s+month\s*[(,]\s*(?:his|her|their|the\s+patient's)\s+(first|second|third|\d{1,2}(?:st|nd|rd|th))\b")
_ONE_OF = re.compile(r"\s+of\s+(?:our|my|their|them|these|those)\b")  # "this month one of our patients"
_EPISODE_MONTH = re.compile(r"\bmonth\s+(\d{1,2})\b(?!\s*(?:minutes?|mins?|days?|of\b))|\b(\d{1,2})(?:st|nd|rd|th)\s+month\b")


def counts(tx: "Text", lex: Lexicon, sc: Scenario) -> None:
    """Counted things: chronic conditions and contact attempts."""
    for m in _CONDITIONS.finditer(tx.text):
        if _NOT_COUNT.search(tx.text[max(0, m.start() - 30):m.start()]):
            continue  # "she doesn't have two conditions": how many she does not have
        rule = _RULE_COUNT.search(tx.text[max(0, m.start() - 30):m.start()])
        sc.add(Fact("count", tw.number(m.group(1)), m.group(0), m.start(), role="claimed" if rule else "chronic_conditions"))
    one = _ONE_CONDITION.search(tx.text)
    if one and not sc.of("count", "chronic_conditions"):
        sc.add(Fact("count", 1, one.group(0), one.start(), role="chronic_conditions"))
    if (m := _SEVERAL.search(tx.text)) and not sc.of("count", "chronic_conditions"):
        sc.add(Fact("count", 2, m.group(0), m.start(), role="chronic_conditions"))
    if not sc.of("count", "chronic_conditions"):
        _named_conditions(tx, lex, sc)
    else:
        _added_conditions(tx, lex, sc)
    for m in _COUNTED.finditer(tx.text):
        if tx.text[:m.start()].split()[-1:] and tx.text[:m.start()].split()[-1].strip(".,") in lex.months:
            continue  # "Jan 28 phone call": a day of the month, not 28 calls
        if not any(f.at == m.start() for f in sc.facts):
            sc.add(Fact("count", tw.number(m.group(1)), m.group(0), m.start(), role=m.group(2).rstrip("s")))
    _one_reading_day(sc)
    for m in _CODE_UNITS.finditer(tx.text):  # "G0024 x2": units of a code, asked as a claim line
        lead = len(m.group(0)) - len(m.group(0).lstrip())
        sc.add(Fact("count", tw.number(m.group(1)), m.group(0).strip(), m.start() + lead, role="unit"))
    often = [(f.start(), f.end()) for f in FREQUENCY.finditer(tx.text)]
    for m in _TIMES.finditer(tx.text):
        if any(a <= m.start() < b for a, b in often) or _COUNTED_AGAIN.search(tx.text[max(0, m.start() - 30):m.start()]):
            continue
        times = 2 if m.group(0) in ("twice", "more than once") else 3 if m.group(0) == "more than twice" \
            else tw.number(m.group(1) or "2")
        sc.add(Fact("count", times, m.group(0), m.start(), role="times"))
    for m in _ATTEMPTS.finditer(tx.text):
        value = tw.number(m.group(1)) if m.group(1) else 2 if not m.group(2) or m.group(2) in ("twice", "2 times") else 3
        sc.add(Fact("count", value, m.group(0), m.start(), role="attempts"))


def _one_reading_day(sc: Scenario) -> None:
    """"Sent one reading that evening, then admitted": a single reading and no days told is one day with data."""
    one = [f for f in sc.of("count", "reading") if f.value == 1 and not f.negated]
    if len(one) == 1 and not sc.of("count", "reading")[1:] and not sc.of("days", "data"):
        sc.add(Fact("days", 1, one[0].words, one[0].at, role="data"))


def conditions_after_claims(tx: "Text", lex: Lexicon, sc: Scenario) -> None:
    """When the only stated count of chronic conditions was a claim's ("a blog says CCM needs 3"), the conditions the
    question names count for the patient."""
    if any(f.role == "claimed" for f in sc.of("count")) and not sc.of("count", "chronic_conditions") \
            and not sc.of("count", "named_conditions"):
        _named_conditions(tx, lex, sc)


def _named_conditions(tx: "Text", lex: Lexicon, sc: Scenario) -> None:
    """Chronic conditions named ("diabetes and COPD"): at least that many distinct conditions (a lower bound: the
    question need not name them all)."""
    hits = lex.conditions.find(tx.toks)
    if not hits:
        return
    first, last = tx.toks[hits[0].i].start, tx.toks[hits[-1].j - 1].end
    words = tx.text[first:last] if last - first <= 60 else ", ".join(tx.words_of(h) for h in hits)
    kinds = {h.value for h in hits}
    lead = hits[0].i
    while lead > 0 and hits[0].i - lead < 4 and tx.words[lead - 1] in lex.sole_condition_lead:
        lead -= 1  # "only dx is hypertension": the words that lead up to the one condition
    before = tx.words[max(0, min(lead - 1, hits[0].i - 2)):hits[0].i]
    after = tx.words[hits[-1].j:hits[-1].j + 1]
    if len(kinds) == 1 and (set(before) & _ONLY or set(after) & _ONLY):  # "only hypertension": exactly one
        sc.add(Fact("count", 1, words, first, role="chronic_conditions"))
        return
    sc.add(Fact("count", len(kinds), words, first, role="named_conditions"))


def _first_month_before(tx: "Text", sc: Scenario, months: dict[str, int]) -> None:
    """"March was month 1 ... in April the care manager logged 50 minutes": the first month named for another
    calendar month than the latest minutes' month makes that month a later one."""
    counted = [m for m in sc.of("minutes") if m.role in ("spent", "additional", "total")]
    latest = months.get(counted[-1].when) if counted else None
    for f in sc.of("episode_month"):
        i, end = tx.tok_at(f.at), tx.tok_at(f.at + len(f.words) - 1) + 1
        after = [months[w] for k, w in enumerate(tx.words[end:end + 6], end) if w in months  # "month 1 was March",
                 and tx.toks[k].clause == tx.toks[end - 1].clause]  # "started CoCM with us in November"
        before = [months[w] for w in tx.words[max(0, i - 3):i] if w in months]  # "March was month 1"
        near = (after[:1] or before[-1:])
        if f.value == "first" and near and latest is not None and latest != near[0]:
            sc.facts = [g for g in sc.facts if g is not f]
            sc.add(Fact("episode_month", "later", f.words, f.at, role="episode_month"))


def _added_conditions(tx: "Text", lex: Lexicon, sc: Scenario) -> None:
    """"Her only condition was hypertension ... in August she was diagnosed with diabetes": a condition diagnosed
    after the stated count (vocabulary condition_added) adds to it."""
    stated = sc.of("count", "chronic_conditions")[-1]
    hits = lex.conditions.find(tx.toks)
    end = stated.at + len(stated.words)
    known = {h.value for h in hits if tx.toks[h.i].start < end + 40 and not _added(tx, lex, h.i)}
    new = {h.value for h in hits if tx.toks[h.i].start >= end and _added(tx, lex, h.i)} - known
    if new:
        sc.facts = [f for f in sc.facts if f is not stated]
        words = tx.text[stated.at:tx.toks[max(h.j for h in hits if h.value in new) - 1].end]
        sc.add(Fact("count", stated.value + len(new), words, stated.at, role="chronic_conditions"))


def _added(tx: "Text", lex: Lexicon, i: int) -> bool:
    """Whether a phrase of a newly diagnosed condition ends within two words before word i."""
    return any(lex.condition_added.ending_at(tx.words, k) for k in range(max(0, i - 2), i + 1))


def episode_months(tx: "Text", sc: Scenario, months: dict[str, int] | None = None) -> None:
    """"month 4 of collaborative care", "the 3rd month": the first month, or a later one."""
    for m in _EPISODE_MONTH.finditer(tx.text):
        if any(f.at <= m.start() < f.at + len(f.words) for f in sc.of("episode_month")):
            continue
        n = tw.number(m.group(1) or m.group(2))
        if n >= 1:
            sc.add(Fact("episode_month", "first" if n == 1 else "later", m.group(0), m.start(), role="episode_month"))
    for m in _OWN_MONTH.finditer(tx.text):
        if not any(f.at <= m.start() < f.at + len(f.words) for f in sc.of("episode_month")):
            sc.add(Fact("episode_month", "first" if m.group(1) in ("first", "1st") else "later", m.group(0), m.start(),
                        role="episode_month"))
    for m in _FAMILY_MONTH.finditer(tx.text):  # "first CoCM month", "her second collaborative care month"
        named = any(m.start(2) <= f.at < m.end(2) for f in sc.of("family", "named", "billed"))
        if named and not any(f.at <= m.start() < f.at + len(f.words) for f in sc.of("episode_month")):
            first = m.group(1) in ("first", "initial", "1st")
            sc.add(Fact("episode_month", "first" if first else "later", m.group(0), m.start(), role="episode_month"))
    _first_month_before(tx, sc, months or {})
    read_breaks(tx.text, sc, months or {})
    # "we submitted the initial CoCM code ... last month": words naming a code billed already, not this month's case
    billed = [f.at for f in sc.of("code", "billed")]
    sc.facts = [f for f in sc.facts if not (f.kind == "episode_month" and (m := _CODE_NAME.match(tx.text, f.at + len(f.words)))
                                            and any(m.end() <= at <= m.end() + 2 for at in billed))
                and not (f.kind == "episode_month" and f.value == "first" and _ONE_OF.match(tx.text, f.at + len(f.words)))]
