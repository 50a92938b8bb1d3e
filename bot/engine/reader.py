"""read_scenario: one question's text into a Scenario of facts (codes and their role, who did the work, minutes,
data days, events and when, counts, levels, flags, practices, device transmission, what is asked)."""

from __future__ import annotations

import bisect
import re

from bot.engine import code_groups, data_days, day_periods, minute_items, subject_denied, timewords as tw
from bot.engine.consent import uncount_before_consent
from bot.engine.day_shares import drop_manual_days
from bot.engine.stay_time import mark_stay_minutes
from bot.engine.dayphrases import day_points
from bot.engine.events import bracketed_visit_codes, read_events
from bot.engine.episode_break import keep_through_break
from bot.engine.care_work import tie_family_work
from bot.engine.cue_minutes import condition_topics, tie_cued_minutes
from bot.engine.family_roles import mark_compared, mark_compared_figures, mark_former
from bot.engine.minutes_family import family_near
from bot.engine.did_minutes import worker_ellipsis
from bot.engine.talk_party import received_requests, team_talk
from bot.engine.performers import agent_after, is_object, read_performers, subject_before
from bot.engine.pronouns import pronoun_subject
from bot.engine.lexicon import NOT_FLAG, Hit, Lexicon, Tok, tokenize
from bot.engine.claims import mark_claims, shares
from bot.engine.minute_shares import restated
from bot.engine.counts import conditions_after_claims, counts, episode_months
from bot.engine.minute_lists import continued, each_of
from bot.engine.recurring import repeated
from bot.engine.minute_more import more_minutes
from bot.engine.scenario import Fact, Scenario
from bot.engine.service_kinds import service_kind_minutes
from bot.engine.time_pick import date_range, pick_point as _when
from bot.engine.patterns import lazy
from bot.engine.which_asked import which_asks

# "two 99421s"; four digits and a plural s ("CMS-1500s", "the 1990s") are no code: no CPT code ends in S
CODE_PATTERN = re.compile(r"(?<![\w$.])([A-Za-z]\d{4}|\d{4}(?![Ss]\b)[A-Za-z]|\d{5})(?:(?=s\b)|(?![\w]))")
_YEAR = re.compile(r"20[1-3]\d")
_BARE_BASE = re.compile(r"\b(?:beyond|after|past|over|on top of|in addition to|above)\s+(?:the\s+|our\s+)?(?:first|initial)\s+"
                        r"(\d{1,4})\b(?!\s*(?:minutes?|mins?|days?|-))")
_NUMBER = re.compile(r"(?<![\w.$/-])(\d{1,9}(?:\.\d+)?)(?![\w/]|\.\d)")
_CODE_TO_MINUTES = {"for", "the", "first", "next", "at", "with", "x", "of", "is", "was", "took"}
_NEAR = 6  # words: how far a time point or a performer may stand from what it describes


class _Text:
    """The read text with its tokens and clause spans."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = tokenize(text)
        self.words = self.toks.words
        self.ends, self.last = [t.end for t in self.toks], max(len(self.toks) - 1, 0)
        self.patient_pronouns: set[int] = set()  # "She was just diagnosed": she is the patient (performers.py)

    def tok_at(self, at: int) -> int:
        """The word at (or just after) a character position."""
        return min(bisect.bisect_right(self.ends, at), self.last)

    def words_of(self, hit: Hit) -> str:
        return self.text[self.toks[hit.i].start:self.toks[hit.j - 1].end]


def read_scenario(text: str, original: str, lex: Lexicon, families: dict[str, str],
                  code_family: dict[str, str] | None = None) -> Scenario:
    """Read clean, lower-cased, number-normalised question text (original: the question as written; `code_family`:
    each code's family)."""
    tx = _Text(text)
    sc = Scenario(text=text, words=tx.words)
    sc.negated_at = lex.negated_indexes(tx.toks)
    codes = _codes(tx, lex, sc)
    mentions = _families(tx, families, sc)
    named = {str(h.value) for h in mentions} | {(code_family or {}).get(c, "") for c, _at in codes}
    performers = read_performers(tx, lex, original, sc, named)
    points = tw.time_points(text, tx.toks, lex)
    items = minute_items.read_items(text, lex)  # "5/2 - 12 min, 5/9 - 9 min": no range, no data days
    day_facts, offsets = tw.day_facts(text, tx.toks, tx.words, tx.tok_at, lex)
    day_facts = data_days.refine(text, tx.toks, lex, day_facts, tx.tok_at, minute_items.spans(items))
    points = sorted(points + offsets, key=lambda p: p.at)
    points = sorted(points + day_points(text, lex, points), key=lambda p: p.at)
    day_facts = day_periods.spans_before(text, [_month_of(tx, f, points) if f.role == "data" else f for f in day_facts])
    for fact in day_periods.device_period_over_month(text, day_facts, lex.day_lengths, lex.months):
        sc.add(fact)
    minutes = [f for f in minute_items.merge(text, tw.minute_facts(text, tx.toks, tx.words, tx.tok_at, lex), items)
               if all(at != f.at for _c, at in codes)]  # "the PTA did the <code> minutes": that code's time, no figure
    taken = [(f.at, f.at + len(f.words)) for f in minutes + day_facts] + [(at, at + 5) for _c, at in codes]
    minutes += tw.elliptical_minutes(text, minutes, points, taken)
    minutes += worker_ellipsis(text, minutes, taken)  # "the RN did 12 minutes and the doctor did 10"
    minutes = more_minutes(text, minutes, taken, lex)  # week by week, another month's share, "PT 12, PTA 9"
    minutes += [Fact("minutes", tw.number(m.group(1)), m.group(0), m.start(1), role="base") for m in _BARE_BASE.finditer(text) if minutes]
    minutes = service_kind_minutes(text, restated(text, minutes))  # "since that's 23 minutes": the sum said again
    starts = sorted(tx.tok_at(f.at) for f in minutes)
    attached = []
    for fact in sorted(minutes, key=lambda f: f.at):
        stop = next((k for k in starts if k > tx.tok_at(fact.at)), None)
        attached.append(_attach(tx, fact, performers, points, codes, mentions, stop))
    for fact in shares(each_of(tx, continued(tx, attached, performers), performers)):
        sc.add(fact)
    sc.facts = repeated(text, sc.facts)  # "a 5-minute call every week - 4 weeks": all the sessions
    tied = {f.who for f in sc.of("minutes")}  # "office manager here": a bystander no minutes are tied to did no work
    sc.facts = [f for f in sc.facts if not (f.kind == "performer" and f.value in lex.bystanders and f.value not in tied)]
    read_events(tx, lex, points, sc, performers)
    counts(tx, lex, sc)
    _words(tx, lex, sc, mentions)
    team_talk(tx, sc, performers)  # "on the phone with the LCSW": two practitioners, no patient call
    received_requests(tx, sc, performers)
    tie_cued_minutes(sc, [(tx.toks[h.i].start, str(h.value)) for h in mentions], condition_topics(tx.toks, lex))  # "RN 22 min on cuff readings"
    tie_family_work(lex.voc, sc, named)  # "the 2-business-day TCM call (15 min)": TCM's own work, never CCM time
    bracketed_visit_codes(tx, sc, code_family or {})  # after the cues: another family's work makes a held code context
    keep_through_break(sc)  # "no CoCM services May through November": a break, not a denial of CoCM
    mark_former(tx.toks, lex, sc, [(h.i, h.value) for h in mentions], code_family)
    mark_compared(tx.toks, lex, sc, code_family or {})
    mark_compared_figures(tx.toks, lex, sc, families, code_family or {})  # "a minimum like CCM's 20 minutes"
    spans = [(f.at, f.at + len(f.words)) for f in sc.of("practices")]
    sc.facts = [f for f in sc.facts if not (f.kind in ("performer", "count") and any(a <= f.at < b for a, b in spans))]
    uncount_before_consent(tx, lex, sc)
    mark_stay_minutes(tx, lex, sc)
    mark_claims(tx, lex, sc)
    drop_manual_days(sc, text)  # "16 days, but 3 of those days she typed in": 13 device days
    conditions_after_claims(tx, lex, sc)
    sc.stray = _stray(tx, lex, sc, codes, points)
    return sc


def _codes(tx: _Text, lex: Lexicon, sc: Scenario) -> list[tuple[str, int]]:
    """Code-shaped tokens with their role: billed already, context (a visit's code) or asked."""
    found, last_role, last_end, last = [], "", -10, None
    for m in CODE_PATTERN.finditer(tx.text):
        code = m.group(1).upper()
        if _YEAR.fullmatch(code):
            continue
        if last is not None and _RANGE_JOIN().fullmatch(tx.text[last.end():m.start()]) and _in_order(last.group(1), code):
            sc.add(Fact("code", code, m.group(0), m.start(), role="range"))  # "G2061-G2063": one range, one subject
            last = None
            continue
        last = m
        i = tx.tok_at(m.start())
        after = lex.code_after.starting_at(tx.words, i + 1)
        before = subject_denied.denied_cue(lex.voc, tx.words, _cue_before(tx, lex, i, last_end))  # "nobody is billing": not billed
        # "(discharged 4/2, 99495 billed)": a code told as billed, its aside or clause closing right after
        role = str(after.value) if after else "billed" if re.match(r"\s+billed\s*[),;]", tx.text[m.end():m.end() + 12]) else str(before.value) if before else ""
        # "apcm pt (g0558) also on rpm": the code in brackets after the patient is what the patient is billed at
        role = role or ("billed" if _LABELLED_PATIENT().search(tx.text, max(0, m.start() - 30), m.start()) else "")
        ident = lex.code_before.ending_at(tx.words, i)  # the words just before: "acct 88213"
        if ident and ident.value == "identifier":
            sc.add(Fact("number", code, m.group(0), m.start(), role="identifier"))  # "acct 88213": no code at all
            continue
        joined = i - last_end <= 2 and all(w in ("and", "or", ",", "plus", "with") for w in tx.words[last_end:i])
        if not role and joined and last_role:
            role = last_role
        role = role or "asked"
        sc.add(Fact("code", code, m.group(0), m.start(), role=role))
        found.append((code, m.start()))
        last_role, last_end = role, i + 1
    return code_groups.share_told_role(tx, lex, sc, found)


_LABELLED_PATIENT = lazy(r"(?<![\w-])(?<!new )(?<!established )(?:pt|patient)\s*\(\s*$")
_RANGE_JOIN = lazy(r"\s*(?:-|–|—|to|through|thru)\s*")


def _in_order(first: str, second: str) -> bool:
    """Two codes that can bound a range: the same letter (or none) and a higher number."""
    a, b = first.upper(), second.upper()
    return a[:1].isalpha() == b[:1].isalpha() and (not a[:1].isalpha() or a[0] == b[0]) and a < b


def _cue_before(tx: _Text, lex: Lexicon, i: int, floor: int) -> Hit | None:
    """A role cue ending at most two words before the code ("we are billing TCM" before the code), or three when the
    code is told by name ("we submitted the initial CoCM code ..."), in its clause."""
    for j in range(i, max(floor, i - (4 if tx.words[i - 1:i] == ["code"] else 3), 0) - 1, -1):
        if j < i and (tx.toks[j].clause != tx.toks[i].clause or CODE_PATTERN.fullmatch(tx.words[j])):
            break
        hit = lex.code_before.ending_at(tx.words, j)
        if hit:
            return hit
    return None


def _families(tx: _Text, families: dict[str, str], sc: Scenario) -> list[Hit]:
    """Named families (one fact each, at the first mention); every mention is returned, for tying minutes to one."""
    from bot.engine.lexicon import Matcher

    matcher = _FAMILY_CACHE.get(id(families))
    if matcher is None:
        matcher = _FAMILY_CACHE.setdefault(id(families), Matcher(families))
    seen = set()
    hits = matcher.find(tx.toks)
    for hit in hits:
        if hit.value not in seen:
            seen.add(hit.value)
            sc.add(Fact("family", hit.value, tx.words_of(hit), tx.toks[hit.i].start, role="named"))
    return hits


_FAMILY_CACHE: dict[int, object] = {}


def _attach(tx: _Text, fact: Fact, performers, points, codes, families=(), stop: int | None = None) -> Fact:
    """Fill in who spent the minutes, when, and the code and family they belong to (`stop`: where the next minutes
    start; a month named before them may still belong to these)."""
    i = tx.tok_at(fact.at)
    clause = tx.toks[i].clause if tx.toks else 0
    end = tx.tok_at(fact.at + len(fact.words) - 1) + 1
    performers = [(k, f) for k, f in performers if f.role != "director"]  # "under Dr. Chen's direction": not the doer
    # "25 minutes of CCM this month by our MA", "25 min of MA management": the agent after "by" (or right after "of")
    # did the work, whoever stands before (not one in an aside: "100 minutes (initiating visit by our psychologist)")
    who = agent_after(tx, performers, fact.at, (i, end), clause, stop) \
        or pronoun_subject(tx, performers, i, clause) or subject_before(tx, performers, i, clause)
    if not who:
        who = next((f.value for k, f in performers if end <= k < end + 4 and tx.toks[k].clause == clause
                    and not f.negated and not is_object(tx, k)), "")
    point = _when(tx, points, i, end, clause, fact.when, stop)
    when = fact.when or date_range(tx, points, point)
    day = _day_number(point) if point else None
    after = [c for c, at in codes if tx.tok_at(at) >= end and _near_code(tx, tx.tok_at(at), i, end, clause)]
    before = [c for c, at in codes if tx.tok_at(at) < i and _near_code(tx, tx.tok_at(at), i, end, clause)]
    code = (before[-1:] or after[:1] or [""])[0]
    return Fact(fact.kind, fact.value, fact.words, fact.at, role=fact.role, who=who, when=when, code=code, day=day,
                family=family_near(tx, families, i, end, clause, {k + n for k, f in performers for n in range(len(f.words.split()))}))


def _month_of(tx: _Text, fact: Fact, points) -> Fact:
    """Data days tied to the month or the dates named right after them ("9 days in February", "10 days 2/1-2/18")."""
    i = tx.tok_at(fact.at)
    end = tx.tok_at(fact.at + len(fact.words) - 1) + 1
    point = _when(tx, points, i, end, tx.toks[i].clause if tx.toks else 0)
    if point is None or point.kind not in ("month", "date") or tx.tok_at(point.at) < end:
        return fact
    return Fact(fact.kind, fact.value, fact.words, fact.at, role=fact.role, when=date_range(tx, points, point))


def _near_code(tx: _Text, k: int, i: int, end: int, clause: int) -> bool:
    """Whether the code at word k names the minutes at words [i, end): "33 minutes of therapeutic exercise CODE",
    "CODE for 33 minutes"; never across another number, an "and" or a clause."""
    if tx.toks[k].clause != clause:
        return False
    if k >= end:
        between = tx.words[end:k]
        return len(between) <= 4 and not any(w[:1].isdigit() or w in ("and", "or", "then") for w in between)
    return set(tx.words[k + 1:i]) <= _CODE_TO_MINUTES  # "CODE for the first 10 minutes", not "CODE and 7 minutes"


def _day_number(point: tw.TimePoint) -> int | None:
    """A day count that orders the minutes in time: weekday index (a week on for "the following Tuesday"), or the
    day of the year for a date; months pool by name instead."""
    if point.kind in ("weekday", "day_n"):  # "day 3", "on the 12th": a day count as told
        return point.value
    if point.kind == "date":
        month, day = divmod(point.value, 100)
        return (month - 1) * 31 + day
    return None


def _words(tx: _Text, lex: Lexicon, sc: Scenario, mentions: list[Hit]) -> None:
    """Facts carried by phrases alone: MDM level, flags, practices, transmission, episode month, asks, cues."""
    groups = ((lex.mdm, "level", "mdm"), (lex.flags, "flag", None), (lex.practices, "practices", None),
              (lex.transmission, "transmission", None), (lex.episode_month, "episode_month", None),
              (lex.asks, "asked", None), (lex.family_cues, "family", "cue"), (lex.weak_family_cues, "family", "weak_cue"))
    for matcher, kind, role in groups:
        for hit in matcher.find(tx.toks):
            if hit.value == "":
                continue
            words, at, neg = tx.words_of(hit), tx.toks[hit.i].start, lex.negated(tx.toks, hit.i)
            if kind == "family" and neg:
                continue  # "no SDOH issues, purely navigating her treatment": the work is not that family's
            neg = neg or (kind == "flag" and (_answered_no(tx, hit.j) or _lost(tx, lex, hit.i)))
            if kind == "flag":
                denial = str(hit.value).startswith(NOT_FLAG)
                sc.add(Fact(kind, True, words, at, role=str(hit.value).lstrip(NOT_FLAG), negated=neg != denial))
            elif kind == "practices":
                sc.add(Fact(kind, 2, words, at, role="practices"))
            else:
                sc.add(Fact(kind, hit.value, words, at, role=role or kind, negated=neg))
    for m in re.finditer(r"\(\s*(" + "|".join(map(re.escape, lex.mdm_order)) + r")\s*\)", tx.text):  # "visit 3/5 (moderate)"
        sc.add(Fact("level", m.group(1), m.group(0), m.start(), role="mdm"))
    episode_months(tx, sc, lex.months)
    for fact in which_asks(tx.text, [(tx.toks[h.i].start, tx.toks[h.j - 1].end) for h in mentions]):
        sc.add(fact)
    asks = sc.of("asked")
    sc.asked = "bill" if any(f.value == "bill" for f in asks) else "rule" if asks else ""
    sc.asked_words = next((f.words for f in asks if f.value == sc.asked), "")


_ANSWER_NO = {"no", "nope", "n"}


def _answered_no(tx: _Text, j: int) -> bool:
    """"QMB? no", "qmb: no": a fact asked and answered no right after its word."""
    if j >= len(tx.toks) or tx.words[j] not in _ANSWER_NO:
        return False
    between = tx.text[tx.toks[j - 1].end:tx.toks[j].start]
    return bool(re.fullmatch(r"\s*[?:=-]+\s*", between))


def _lost(tx: _Text, lex: Lexicon, i: int) -> bool:
    """"She lost her QMB status", "no longer QMB": a status ended before the word (vocabulary flag_ended)."""
    k = i
    while k > 0 and tx.words[k - 1] in ("her", "his", "their", "the", "a", "its") and i - k < 2:
        k -= 1
    return lex.flag_ended.ending_at(tx.words, k) is not None


def _stray(tx: _Text, lex: Lexicon, sc: Scenario, codes, points) -> list[str]:
    """Numbers no fact took (not the "one" of "no one"): they may carry something the answer did not place."""
    spans = [(f.at, f.at + len(f.words)) for f in sc.facts] + [(at, at + 5) for _c, at in codes]
    spans += [(p.at, p.at + len(p.words)) for p in points]
    out = []
    for m in _NUMBER.finditer(tx.text):
        if _YEAR.fullmatch(m.group(1)) or any(a <= m.start() < b for a, b in spans):
            continue
        k = tx.tok_at(m.start())
        if tuple(tx.words[max(0, k - 1):k + 1]) in lex.negated_subjects:
            continue
        lo = max(0, m.start() - 12)
        out.append(tx.text[lo:m.end() + 12].strip())
    return out
