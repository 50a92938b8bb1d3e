"""Events in a question's story (discharge, contact, attempt, visit, death), each tied to when it happened, plus
where a discharge was from and to. A time point names the event it follows ("seen 5 days later") unless the words
anchor it on the event ("3 days after her office visit": the visit came 3 days before the service)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from bot.engine.lexicon import Lexicon
from bot.engine.performers import subject_before
from bot.engine.scenario import Fact, Scenario
from bot.engine.time_pick import item_date
from bot.engine.patterns import lazy

if TYPE_CHECKING:
    from bot.engine.reader import _Text

NEAR = 7  # words: how far a time point may stand after the event it describes
_OFFSETS = ("offset", "within", "within_business", "offset_business")
_ANCHOR_WORDS = {"after": -1, "before": 1, "following": -1, "prior": 1}
_COUNTED_FROM = {*_ANCHOR_WORDS, "post"}  # "day 1 post discharge": a day counted from the discharge
_DETERMINERS = {"the", "a", "an", "her", "his", "their", "our", "its", "this", "that", "to"}
_TO_WORDS = {"to", "into"}
_STAY_WORDS = {"admitted", "readmitted"}  # "admitted to the hospital": the stay, not where the patient went
_DAY_KINDS = ("weekday", "date", "day_n", "relative")


def read_events(tx: "_Text", lex: Lexicon, points, sc: Scenario, performers=()) -> None:
    """Discharges, visits, contacts, attempts and deaths, each with when it happened and who did it (the subject
    performer before it in its clause); one per kind and clause, the first naming told with its own time (one told
    only with a time before it gives way to a later one told with a time after it)."""

    seen: dict[tuple[str, int], Fact | None] = {}
    anchored = {id(p): p for p in points if _anchor_target(tx, p) is not None}
    hits = lex.events.find(tx.toks)
    for n, hit in enumerate(hits):
        # "whether it needed to be seen": a visit weighed, no event; "she doesn't need to come in": a visit denied
        kind, clause = str(hit.value) or ("visit" if lex.negated(tx.toks, hit.i) else ""), tx.toks[hit.i].clause
        earlier = seen.get((kind, clause), False)
        if not kind or earlier is None:
            continue
        seen.setdefault((kind, clause), None)
        words = tx.words_of(hit)
        # "5 days after the SNF discharge": a word or two naming the stay may stand between (no other event's words)
        anchor = next((p for p in anchored.values() if 0 <= hit.i - _anchor_target(tx, p) <= 2
                       and not any(_anchor_target(tx, p) <= h.i < hit.i for h in hits)), None)
        if anchor is not None:
            if earlier is not False:
                continue
            sign = _ANCHOR_WORDS[tx.words[tx.tok_at(anchor.at + len(anchor.words))]]
            sc.add(Fact("event", "offset", words, tx.toks[hit.i].start, role=kind, when=f"{anchor.words} "
                        f"{'before' if sign > 0 else 'after'} it", day=sign * abs(int(anchor.value)),
                        negated=lex.negated(tx.toks, hit.i), who=_doer(tx, performers, hit.i, clause)))
            continue
        later = [h.i for h in hits[n + 1:] if h.value != hit.value]  # a point after another event is that one's
        # "came in for an office visit ... 2 days later": the same event named twice reaches to its second naming
        again = [h.j for h in hits[n + 1:] if h.value == hit.value and tx.toks[h.i].clause == clause and h.i < hit.j + NEAR]
        point = _point_for(tx, points, hit, clause, later[0] if later else len(tx.words), again[-1] if again else hit.j)
        outside = kind in _OURS_ONLY and _by_outside(tx, lex, hit.i, clause)
        negated = lex.negated(tx.toks, hit.i) or outside
        until = _until_point(tx, lex, points, hit, clause) if negated else None
        if until is not None:  # "nobody called or tried until day 5": it did happen, late
            point, negated = until, False
        fact = Fact("event", point.kind if point else "", words, tx.toks[hit.i].start, role=kind,
                    when=point.words if point else "", day=point.value if point else None,
                    negated=negated, who="outside" if outside else _doer(tx, performers, hit.i, clause))
        own = point is not None and tx.tok_at(point.at) >= hit.i  # a time told after the event's words is its own
        if earlier is not False:  # "discharged 2/2 (... at the visit) ... she couldn't come in until 2/12"
            if not own:
                continue  # the first naming stands; only a later one told with its own time replaces it
            sc.facts = [f for f in sc.facts if f is not earlier]
        sc.add(fact)
        seen[(kind, clause)] = None if own else fact  # a naming with no time of its own may give way to a later one
        if kind == "attempt":
            # "we called Thu (no answer) and Fri (no answer)": the unanswered call's own day is the first attempt's
            prior = hits[n - 1] if n else None
            start = prior.i if prior and prior.value == "contact" and tx.toks[prior.i].clause == clause else hit.i
            _attempt_days(tx, points, start, clause, sc, later[0] if later else len(tx.words))
    for matcher, role in ((lex.unrelated, "unrelated"), (lex.soonest, "soonest"), (lex.new_problem, "new_problem")):
        for hit in matcher.find(tx.toks):
            sc.add(Fact("flag", True, tx.words_of(hit), tx.toks[hit.i].start, role=role))
    _planned(tx, lex, sc)
    if sc.of("event", "discharge"):
        _settings(tx, lex, sc)
    # a visit during the stay ("the only visit was an inpatient consult"), in a clause that names no discharge
    _visit_settings(tx, lex, sc, {tx.toks[tx.tok_at(f.at)].clause for f in sc.of("event", "discharge")})


_FIRST_PERSON = {"i", "we"}  # the asker: "a patient I saw ten days ago" is not the PCP named earlier in the clause


def _doer(tx: "_Text", performers, i: int, clause: int) -> str:
    """Who did the event at word i: none named when the asker tells it in the first person ("I saw her"), else the
    subject performer before it in its clause."""
    return "" if tx.words[i] in _FIRST_PERSON else subject_before(tx, performers, i, clause)


_OURS_ONLY = ("contact", "attempt")  # a contact counts only when the practice's own people made it
_OUTSIDE_REACH = 5  # words before the contact where the one who made it is named


def _by_outside(tx: "_Text", lex: Lexicon, i: int, clause: int) -> bool:
    """"The hospital's discharge nurse called her": someone outside the practice made the contact (vocabulary
    outside_parties), so it is not the practice's contact."""
    start = max(0, i - _OUTSIDE_REACH)
    while start < i and tx.toks[start].clause != clause:
        start += 1
    found = lex.outside_parties.find(tx.toks[start:i])
    # "the hospital nurse called, then our MA called": only when no word of ours stands between it and the verb
    return bool(found) and not {"we", "our", "us", "i"} & set(tx.words[start + found[-1].j:i])


def _point_for(tx: "_Text", points, hit, clause: int, next_event: int, end: int):
    """The time point just after the event's words (a date beside a weekday wins: "Thursday 7/2"), else before; an
    offset anchored on a later event ("seen 5 days after discharge") is the day of this one from that event."""
    near = [p for p in points if tx.toks[tx.tok_at(p.at)].clause == clause and p.kind != "month"]
    end = _past_aside(tx, end)
    anchor = _counted_from(tx, hit.i)  # "day 1 post discharge and day 2": no day N is the discharge's own
    after = [p for p in near if hit.i <= tx.tok_at(p.at) < min(end + NEAR, max(next_event, end))
             and not (anchor and p.kind == "day_n")]
    before = [] if anchor else [p for p in near if tx.tok_at(p.at) < hit.i and p.kind not in _OFFSETS]
    point = after[0] if after else before[-1] if before else None
    lead = None if anchor else item_date(tx, near, hit.i)  # "Jan 28 call with pt 9 min, Feb 3 review": Jan 28's
    if lead is not None and (not after or set(tx.text[tx.toks[hit.i].start:after[0].at]) & set(",;")):
        point = lead
    return _dated(tx, near, point)


def _dated(tx: "_Text", near, point):
    """A weekday with its date right after it ("Thursday 7/2", "until Tuesday 10/20"): the date."""
    if point is None or point.kind != "weekday":
        return point
    k = tx.tok_at(point.at)
    return next((p for p in near if p.kind == "date" and 0 < tx.tok_at(p.at) - k <= 2), point)


def _counted_from(tx: "_Text", event_at: int) -> bool:
    """"called on day 1 and day 2 after (the hospital) discharge": days before "after <event>" are counted from that
    event, so none of them is the event's own day (a word or two naming the stay may stand between)."""
    named = 0
    for k in range(event_at - 1, max(-1, event_at - 5), -1):
        if tx.text[tx.toks[k].end:tx.toks[k + 1].start].strip():  # "after discharge, office visit": set apart
            return False
        if tx.words[k] in _COUNTED_FROM:
            return True
        named += tx.words[k] not in _DETERMINERS
        if named > 2 or not tx.words[k].isalpha():
            return False
    return False


_ASIDE = 8  # words: the longest aside set off by commas ("his daughter, who is his caregiver, by phone on 4/14")


def _until_point(tx: "_Text", lex: Lexicon, points, hit, clause: int):
    """The time point after "until" later in a negated event's clause ("nobody called or tried to reach her until the
    following week"): the event did happen, at that time; None when there is none."""
    for p in points:
        k = tx.tok_at(p.at)
        if tx.toks[k].clause != clause or k < hit.j:
            continue
        k -= 1
        while k > hit.j and tx.words[k] in _DETERMINERS - _TO_WORDS:
            k -= 1
        if tx.words[k] in lex.negation_until:
            return _dated(tx, points, p)
    return None


def _past_aside(tx: "_Text", end: int) -> int:
    """Where the words after an event go on past an aside set off by two commas (", the caregiver,"), else `end`."""
    comma = [k for k in range(end, min(end + 4, len(tx.toks))) if k and "," in tx.text[tx.toks[k - 1].end:tx.toks[k].start]]
    if not comma:
        return end
    close = next((m for m in range(comma[0] + 1, min(comma[0] + _ASIDE, len(tx.toks)))
                  if "," in tx.text[tx.toks[m - 1].end:tx.toks[m].start]), None)
    return close if close is not None else end


def _anchor_target(tx: "_Text", point) -> int | None:
    """The word index of the event an offset is counted from ("3 days after her office visit" -> "office")."""
    if point.kind not in ("offset", "offset_business"):
        return None
    k = tx.tok_at(point.at + len(point.words))
    if k >= len(tx.words) or tx.words[k] not in _ANCHOR_WORDS:
        return None
    k += 1
    while k < len(tx.words) and tx.words[k] in _DETERMINERS:
        k += 1
    return k if k < len(tx.words) and tx.toks[k].clause == tx.toks[tx.tok_at(point.at)].clause else None


def _attempt_days(tx: "_Text", points, start: int, clause: int, sc: Scenario, next_event: int) -> None:
    """"Tried calling Tuesday and again Wednesday": each day named from word `start` of a failed attempt (before the
    next event's words: "..., came in on day 6" is the visit's day) is one attempt."""
    days = [p for p in points if p.kind in _DAY_KINDS and tx.toks[tx.tok_at(p.at)].clause == clause
            and start <= tx.tok_at(p.at) < next_event]
    days = [p for p in days if not any(_dated(tx, days, w) is p for w in days if w is not p)]  # "thurs 11/5": one day
    if len(days) >= 2 and not sc.of("count", "attempts"):
        first, last = days[0], days[-1]
        sc.add(Fact("count", len(days), tx.text[first.at:last.at + len(last.words)], first.at, role="attempts"))


def _visit_settings(tx: "_Text", lex: Lexicon, sc: Scenario, skip: set[int]) -> None:
    """Where a visit (or the encounter that found a need) took place ("saw her in the ED"), in the visit's clause (not
    one of `skip`, a discharge's): a setting the visit was "at"."""
    found = {t.clause for t, w in zip(tx.toks, tx.words) if w in lex.need_found}  # "identified it during his stay"
    clauses = ({tx.toks[tx.tok_at(f.at)].clause for f in sc.of("event", "visit")} | found) - skip
    for hit in lex.settings.find(tx.toks):
        if tx.toks[hit.i].clause in clauses and hit.value != "community" and not lex.negated(tx.toks, hit.i):
            sc.add(Fact("setting", str(hit.value), tx.words_of(hit), tx.toks[hit.i].start, role="at"))


_PENDING_REACH = 3  # words from the lead ("until") to the verb ("goes"): a subject stands between


def _planned(tx: "_Text", lex: Lexicon, sc: Scenario) -> None:
    """A discharge still to come ("do we wait until he goes home from the SNF?") is the question's condition: role
    planned, so the story's discharge and its settings stay the ones that happened."""
    leads, verbs = lex.pending_event.get("leads", set()), lex.pending_event.get("verbs", set())
    for f in sc.of("event", "discharge"):
        i = tx.tok_at(f.at)
        if i and tx.words[i - 1] in verbs and any(tx.words[k] in leads and tx.toks[k].clause == tx.toks[i].clause
                                                  for k in range(max(0, i - 1 - _PENDING_REACH), i - 1)):
            sc.facts = [dataclasses.replace(g, role="planned") if g is f else g for g in sc.facts]


def _settings(tx: "_Text", lex: Lexicon, sc: Scenario) -> None:
    """Where a discharge was from and to: "discharged home", "to a skilled nursing facility", "treated in the ED";
    none inside a planned discharge's clause after its words begin."""
    planned = [(f.at, tx.toks[tx.tok_at(f.at)].clause) for f in sc.of("event", "planned")]
    discharges = sc.of("event", "discharge")
    for hit in lex.settings.find(tx.toks):
        if lex.negated(tx.toks, hit.i) or any(at <= tx.toks[hit.i].start and c == tx.toks[hit.i].clause for at, c in planned):
            continue  # "not home"; "until he goes home from the SNF"
        k = hit.i - 1
        while k >= 0 and tx.words[k] in _DETERMINERS - _TO_WORDS:
            k -= 1
        to = k >= 0 and tx.words[k] in _TO_WORDS and not (k and tx.words[k - 1] in _STAY_WORDS)
        # "went to the ER Saturday, treated and released": where she came before a discharge is where it was from
        to = to and not (k and tx.words[k - 1] in _ARRIVED and any(d.at > tx.toks[hit.i].start for d in discharges))
        came_from = k >= 0 and tx.words[k] in ("from", "out")  # "at home", "in assisted living": where she went
        role = "to" if to or (hit.value == "community" and not came_from) else "from"
        sc.add(Fact("setting", str(hit.value), tx.words_of(hit), tx.toks[hit.i].start, role=role))


_ARRIVED = {"went", "came", "presented", "taken", "brought", "rushed", "walked", "showed"}  # "went to the ER"


_VISIT_REACH = 8  # words: how far after a visit a bracketed code may stand and still be that visit's code


_VISIT_CODE_LEAD = lazy(r"(?:\(|\b(?:was|is|as|coded|billed)(?: an?)?)\s*$")  # "(code", "the intake was a code"


def bracketed_visit_codes(tx: "_Text", sc: Scenario, held: dict[str, str]) -> None:
    """"Saw her in the ED last week (a visit code)", "her intake was a (code)": a code the knowledge does not hold, in
    brackets or told as what the visit was just after a visit in its clause, is that visit's code (context), not a code asked about; a held one (a wellness visit code in brackets) stays."""
    visits = [tx.tok_at(f.at) for f in sc.of("event", "visit")]
    asked = [f for f in sc.of("code") if f.role == "asked"]
    out = []
    for f in sc.facts:
        k = tx.tok_at(f.at)
        if f.kind == "code" and f.role == "asked" and (f.value not in held or _others_work(sc, held, f, asked)) \
                and (_VISIT_CODE_LEAD().search(tx.text[:f.at]) or k - 1 in visits) and any(  # "an ED visit CODE"
                0 < k - v <= _VISIT_REACH and tx.toks[v].clause == tx.toks[k].clause for v in visits):
            f = dataclasses.replace(f, role="context")
        out.append(f)
    sc.facts = out


def _others_work(sc: Scenario, held, code: Fact, asked: list[Fact]) -> bool:
    """A held visit code, the only code asked, is the visit's (context) when the question is about another family's
    work, every minute done by someone other than the visit's practitioner ("Dr. Walsh saw him (a visit code); in
    March our community health worker spent 95 minutes")."""
    visit_who = {f.who for f in sc.of("event", "visit")}
    minutes = sc.of("minutes")
    others = {f.value for f in sc.of("family") if f.role in ("named", "cue")} - {held[code.value]}
    return asked == [code] and bool(others) and bool(minutes) and all(m.who and m.who not in visit_who for m in minutes)
