"""Read an office-visit question's time: the billing practitioner's own minutes on the date of the encounter. Spans
of clinical staff time or of another date are left out (and said so), and a span that only restates the others'
sum ("can the doctor document 37 minutes?") is not counted twice. Also reads new or established and an MDM level."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.engine.phrases import PhraseSet, tokens
from bot.engine.mdm_read import read_mdm_story
from bot.engine.spoken_time import minutes_spelled_out
from bot.engine.visit_days import days_at, nearest_day, visit_day_in
from bot.kb.records import Track
from bot.kb.store import KnowledgeBase

_SPAN = re.compile(r"(?<!each )(?<!per )(?<!every )(?<!additional )\b(\d{1,3})\s*(?:-\s*)?(?:more\s+|total\s+)?"
                   r"(?:minutes?|mins?|min\b|m\b)|\b(\d)\s*(?:hours?|hrs?)\b|\b(\d{1,3})\s+total\b"
                   r"|\btotal(?: time)?(?: of| was| is| =|:)?\s+(\d{1,3})\b(?!\s*(?:units?|%))"
                   r"|\b(\d{1,3})(?=\s+of (?:those|these|them|which|that|it)\b)")
_CLAUSE = re.compile(r"[.;!?\n,]|\b(?:and then|then|and|plus|but|while|whereas|including|of which)\b")
_CONTINUES = {",", "and", "plus", "including", "of which"}  # a clause after these keeps the previous clause's performer ("MA 10 min rooming and 5 on vitals")
_CHOICE = {"or", "vs", "vs.", "versus"}
_PORTION_BEFORE = re.compile(r"\b(?:of (?:which|those|these|them|that)|including|includes|included)"
                             r"(?:\s+(?:about|around|roughly|approximately|approx\.?|nearly|almost|~))?\s*$")
_PORTION = re.compile(r"\s*(?:minutes?\s+|mins?\s+)?of (?:those|these|them|which|that|it|this)\b")
_AGAIN = re.compile(r"\b(?:the|those|these|that)\s*$")
_RELATIVE = re.compile(r"\s*which\b")
_REACH = 120  # characters looked back from a figure for the words that make it a threshold or more time
_GAP = 2  # words that may stand inside a hint phrase, when they only say who pays ("new traditional Medicare patient")


@dataclass(slots=True)
class VisitTime:
    """The minutes that count, the spans left out (each said in words) and whether the question said "total"."""

    minutes: int | None = None
    left_out: list[str] = field(default_factory=list)
    restated: int | None = None
    read: list[int] = field(default_factory=list)  # every figure read as a span of time (counted or not)
    staff_only: bool = False  # every span told is clinical staff's: no practitioner time at all


@dataclass(slots=True)
class _Span:
    value: int
    clause: str
    performer: str | None
    stated_total: bool
    day: str | None = None  # the weekday the clause (or the one it continues) names
    portion: bool = False  # "10 of those were the MA's": part of a figure already given, not more time
    again: bool = False  # "bill 99213 for the 20 minutes": a figure told before, named again with "the" / "those"
    more: bool = False  # "another 15 minutes": time on top of a total already told, not part of it
    segment: str = ""  # the clause's words around this figure only, when the clause tells several figures


def _words(kb: KnowledgeBase) -> dict:
    cached = kb.cache.get("visit_time_words")
    if cached is None:
        voc = kb.vocabulary.get("visit_time", {})
        roles = {p: r for r in ("staff", "practitioner") for p in voc.get(r, [])}
        cached = kb.cache.setdefault("visit_time_words", {
            "roles": (PhraseSet(roles), {p.lower(): r for p, r in roles.items()}),
            **{k: PhraseSet(voc.get(k, [])) for k in ("other_date", "encounter", "visit_day", "total", "mdm",
                                                      "separate",
                                                      "more", "threshold", "condition", "mdm_disputed",
                                                      "undocumented", "scheduled")}})
    return cached


def _day_named(kb: KnowledgeBase, clause: str) -> str | None:
    """The first weekday or calendar date ("Jan 6", "1/6") a clause names, as a key that tells one day from another."""
    found = days_at(kb, clause)
    return found[0][1] if found else None


def _performer(kb: KnowledgeBase, clause: str) -> str | None:
    phrases, owner = _words(kb)["roles"]
    words = [t.removesuffix("'s") for t in tokens(clause)]  # the MA's
    found = [owner[p.lower()] for i, p in phrases.find(words) if not _directs(kb, words, i, len(tokens(p)))]
    return "staff" if "staff" in found and "practitioner" not in found else ("practitioner" if found else None)


def _directs(kb: KnowledgeBase, words: list[str], i: int, size: int) -> bool:
    """A practitioner named as the one directing the staff ("under the doctor's orders"), not as who spent time."""
    voc = kb.vocabulary.get("visit_time", {})
    before, after = PhraseSet(voc.get("director_before", [])), PhraseSet(voc.get("director_after", []))
    return any(j == 0 for j, _p in after.find(words[i + size:i + size + 2])) or before.any(words[max(0, i - 3):i])


def _spans(kb: KnowledgeBase, low: str) -> list[_Span]:
    out: list[_Span] = []
    total = _words(kb)["total"]
    clauses, performer, day = [], None, None
    pos = 0
    for m in list(_CLAUSE.finditer(low)) + [None]:
        end = m.start() if m else len(low)
        if clauses and _RELATIVE.match(low[pos:end]):  # ", which we bill separately" tells of the clause before it
            clauses[-1] = (clauses[-1][0] + " " + low[pos:end], clauses[-1][1])
        else:
            clauses.append((low[pos:end], low[max(0, pos - 16):pos]))
        pos = m.end() if m else len(low)
    for clause, joint in clauses:
        own = _performer(kb, clause)
        keeps = any(joint.rstrip().endswith(j) for j in _CONTINUES)
        performer = own or (performer if keeps else None)
        day = _day_named(kb, clause) or (day if keeps else None)
        found = list(_SPAN.finditer(clause))
        named = days_at(kb, clause) if len({d for _a, d in days_at(kb, clause)}) > 1 else []
        for n, m in enumerate(found):
            minutes, hours, bare_total, total_of, part = m.groups()
            value = int(minutes or bare_total or total_of or part) if not hours else int(hours) * 60
            portion = bool(part or _PORTION.match(clause[m.end():]) or _PORTION_BEFORE.search(joint + clause[:m.start()]))
            again = bool(_AGAIN.search(clause[:m.start()])) and any(s.value == value for s in out)
            before = tokens(clause[max(0, m.start() - _REACH):m.start()])  # a bounded look back: linear in the text
            if _threshold(kb, before):
                continue  # "once she passes 55 minutes": a rule's threshold, not time spent
            segment = clause[found[n - 1].end() if n else 0:found[n + 1].start() if n + 1 < len(found) else len(clause)] \
                if len(found) > 1 else ""  # "35 minutes, which includes 10 for the injection": each figure's own words
            out.append(_Span(value, clause, performer, bool(bare_total or total_of) or total.any(tokens(clause)),
                             nearest_day(named, m.start()) or day,
                             portion, again, _words(kb)["more"].any(before[-2:]), segment))
        if own and out and out[-1].clause != clause and (value := _elliptic(kb, clause)) is not None:
            out.append(_Span(value, clause, performer, False, day))  # "NP spent 22 minutes, the physician 13"
    return out


_ELLIPTIC = re.compile(r"^\s*(?:the|our|his|her)?\s*[a-z./-]+(?:\s+[a-z./-]+)?\s+([a-z]+(?:[\s-][a-z]+)?|\d{1,3})\s*$")


def _elliptic(kb: KnowledgeBase, clause: str) -> int | None:
    """The bare number of a clause that names only a practitioner and a figure after minutes were told ("the physician
    thirteen"): that practitioner's minutes; None otherwise."""
    from bot.engine.spoken_time import spoken_number  # noqa: PLC0415

    m = _ELLIPTIC.match(clause)
    if m is None:
        return None
    if m.group(1).isdigit():
        return int(m.group(1))
    numbers = {str(k): int(v) for k, v in (kb.vocabulary.get("number_words") or {}).items()}
    parts = re.split(r"[\s-]", m.group(1))
    if not all(p in numbers for p in parts) or len(parts) > 2:
        return None
    return numbers[parts[0]] if len(parts) == 1 else spoken_number(numbers[parts[0]], numbers[parts[1]])


def _threshold(kb: KnowledgeBase, before: list[str]) -> bool:
    """A figure a rule's condition names ("once she passes 55 minutes", "if he exceeds 40 minutes"): a verb of
    reaching right before it, after a word of condition in the words before it in its clause."""
    words = _words(kb)
    return words["threshold"].any(before[-2:]) and words["condition"].any(before)


def _encounter_day(kb: KnowledgeBase, low: str, spans: list[_Span]) -> str | None:
    """The weekday of the visit: the first one named beside a visit word ("saw the patient Monday"), else the day of
    the first minutes told."""
    for words in (_words(kb)["visit_day"], _words(kb)["encounter"]):
        for clause in _CLAUSE.split(low):
            if clause and (day := visit_day_in(kb, clause, words)) is not None:
                return day
    return next((s.day for s in spans if s.day is not None), None)


def _left_out(kb: KnowledgeBase, span: _Span, visit_day: str | None = None) -> str | None:
    words = _words(kb)
    if span.performer == "staff":
        return f"{span.value} minutes of clinical staff time (only the billing practitioner's own time counts)"
    clause = tokens(span.segment or span.clause)
    if words["scheduled"].any(clause):
        return f"{span.value} minutes of a scheduled slot (only time spent and documented counts)"
    if words["separate"].any(clause):
        return f"{span.value} minutes on a service billed separately (its time never counts toward the visit)"
    if visit_day is not None and span.day is not None and span.day != visit_day:
        return f"{span.value} minutes on another day than the visit (only time on the date of the encounter counts)"
    if words["other_date"].any(clause) and not words["encounter"].any(clause):
        return f"{span.value} minutes on another date (only time on the date of the encounter counts)"
    return None


def read_visit_time(kb: KnowledgeBase, low: str) -> VisitTime:
    """The practitioner's minutes on the encounter date; None when the question gives no time at all."""
    low = minutes_spelled_out(low, kb)
    spans = _spans(kb, low)
    if not spans:
        return VisitTime()
    spans = [s for s in spans if not s.again] or spans
    if _words(kb)["undocumented"].any(tokens(low)):
        return VisitTime(left_out=["the time is not documented in the note (a level or a prolonged add-on chosen by "
                                   "time needs the total time documented)"], read=[s.value for s in spans])
    restated = next((s for s in (spans[0], spans[-1]) if len(spans) >= 3 and 2 * s.value == sum(x.value for x in spans)),
                    None)  # a sum restated opens or closes the spans it adds up, never stands between them
    parts = [s for s in spans if s is not restated]
    visit_day = _encounter_day(kb, low, parts)
    excluded = {id(s): why for s in parts if (why := _left_out(kb, s, visit_day)) is not None}
    staff = {s.value: excluded[id(s)] for s in parts if s.performer == "staff"}  # "bill 99213 on those 25 minutes?"
    excluded.update({id(s): staff[s.value] for s in parts if s.performer is None and s.value in staff})
    if any(s.portion for s in parts) and any(not s.portion for s in parts):  # "30 min, 10 of those the MA's"
        whole = [s for s in parts if not s.portion]
        cut = sum(s.value for s in parts if s.portion and id(s) in excluded)
        return VisitTime(minutes=max(0, sum(s.value for s in whole if id(s) not in excluded) - cut),
                         left_out=list(excluded.values()), read=[s.value for s in spans])
    counted = [s for s in parts if id(s) not in excluded]
    stated = [s for s in counted if s.stated_total]
    if restated is None and stated and len(counted) > 1:  # "another 15 minutes" adds to the total told
        minutes = max(s.value for s in stated) - sum(s.value for s in parts if id(s) in excluded) + \
            sum(s.value for s in counted if s.more and not s.stated_total)
    else:
        minutes = sum(s.value for s in counted)
    return VisitTime(minutes=max(0, minutes), left_out=list(dict.fromkeys(excluded.values())),
                     read=[s.value for s in spans], restated=restated.value if restated is not None else None,
                     staff_only=all(s.performer == "staff" or s.performer is None and s.value in staff for s in spans))


def _fillers(kb: KnowledgeBase) -> set[str]:
    """Words that may stand inside a hint: the payers' words and vocabulary visit_time.hint_fillers ("medicaid")."""
    cached = kb.cache.get("visit_hint_fillers")
    if cached is None:
        words = {w for p in kb.meta.get("payers", {}).values() for phrase in p.get("words", []) for w in tokens(phrase)}
        words |= {w for phrase in kb.vocabulary.get("visit_time", {}).get("hint_fillers", []) for w in tokens(phrase)}
        cached = kb.cache.setdefault("visit_hint_fillers", words)
    return cached


def _gapped(hint: list[str], words: list[str], fillers: set[str]) -> bool:
    """The hint's words in order, with at most _GAP filler words between each ("new Medicare patient" for "new
    patient"; not "new ADHD app patient")."""
    for start, w in enumerate(words):
        if w != hint[0]:
            continue
        at, ok = start, True
        for h in hint[1:]:
            nxt = next((j for j in range(at + 1, min(len(words), at + 2 + _GAP)) if words[j] == h), None)
            if nxt is None or any(x not in fillers for x in words[at + 1:nxt]):
                ok = False
                break
            at = nxt
        if ok:
            return True
    return False


def _offered_choice(words: list[str], tracks: list[Track]) -> list[str]:
    """The words less a choice the question offers ("new or established?"): those name no ladder by themselves."""
    owners: dict[str, set[str]] = {}
    for t in tracks:
        for h in t.hints:
            owners.setdefault(tokens(h)[0], set()).add(t.id)
    single = {w: ids.pop() for w, ids in owners.items() if len(ids) == 1}
    drop = {j for i, w in enumerate(words) if w in _CHOICE and 0 < i < len(words) - 1
            and single.get(words[i - 1]) not in (None, single.get(words[i + 1])) and words[i + 1] in single
            for j in (i - 1, i, i + 1)}
    return [w for i, w in enumerate(words) if i not in drop]


def visit_track(kb: KnowledgeBase, family: str, low: str) -> Track | None:
    """The one ladder (new or established) whose hints the question holds, allowing words inside a hint; else None."""
    tracks = [t for t in kb.family_tracks(family) if t.basis == "minutes"]
    words = _offered_choice(tokens(low), tracks)
    hit = [t for t in tracks if any(_gapped(tokens(h), words, _fillers(kb)) for h in t.hints)]
    return hit[0] if len(hit) == 1 else None


def _named_levels(kb: KnowledgeBase, words: list[str]) -> list[str] | None:
    """The MDM levels written beside "MDM" (None: the question does not say MDM at all)."""
    mdm = _words(kb)["mdm"]
    spots = [j for i, p in mdm.find(words) for j in range(i, i + len(tokens(p)))]
    if not spots:  # "who's right?" asks the level but names none
        return [] if _words(kb)["mdm_disputed"].any(words) else None
    levels = [str(x) for x in kb.meta.get("mdm_levels", [])]
    element = frozenset(kb.vocabulary.get("mdm_element_words") or ())  # "moderate risk": one element's level
    return [w for i, w in enumerate(words) if w in levels and any(abs(i - s) <= 3 for s in spots)
            and (i + 1 >= len(words) or words[i + 1] not in element)]


def mdm_asked(kb: KnowledgeBase, low: str) -> bool:
    """Whether the question asks about MDM without naming a level ("what level does this support?")."""
    return _named_levels(kb, tokens(low)) == []


def mdm_named(kb: KnowledgeBase, low: str) -> bool:
    """Whether the question names an MDM level beside "MDM" ("moderate MDM")."""
    return bool(_named_levels(kb, tokens(low)))


def mdm_level(kb: KnowledgeBase, low: str) -> str | None:
    """The medical decision making level named beside "MDM" ("moderate MDM", "MDM was high"), or read from the
    story's problems and risk when the question asks about MDM without naming a level; else None."""
    near = _named_levels(kb, tokens(low))
    if near is None:
        return None
    if not near:  # "what level does MDM support?" after the story: read it from the problems and the risk
        story = read_mdm_story(kb, low)
        return story.level if story is not None else None
    return near[0] if len(set(near)) == 1 else None


def practitioner_spans(kb: KnowledgeBase, low: str) -> list[tuple[str, int]]:
    """(clause, minutes) of each span of a practitioner's own time on the encounter date, as read_visit_time counts
    them (staff time, another date and restated sums left out)."""
    low = minutes_spelled_out(low, kb)
    spans = [s for s in _spans(kb, low) if not s.again and not s.portion]
    return [(s.clause, s.value) for s in spans if s.performer == "practitioner" and _left_out(kb, s) is None]
