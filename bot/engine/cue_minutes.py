"""Minutes told with the work they were spent on ("the RN 22 min reviewing cuff readings", "25 minutes on her anxiety
under general BHI"): when the question names several families, a family cue right after the minutes, a family
named a few plain words later behind a word that files the work under it, or the one family cued in the clause a
colon closes right before them, ties them to that family, so each program bills its own time."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from bot.engine.scenario import Fact, Scenario

if TYPE_CHECKING:
    from bot.engine.lexicon import Lexicon

# the words between the minutes and the cue: a few plain words, never a clause break, a number or another figure
_BETWEEN = re.compile(r"[\s(]*(?:[a-z'/-]+[\s(]+){0,3}")
_MAX_GAP = 40
# "on her anxiety under general BHI", "for his mood as part of BHI": a few plain words, then the word filing the work
_FILED = re.compile(r"[\s(]*(?:[a-z'/-]+\s+){0,5}?(?:under|as part of|on|toward|towards|billed as|billed under|counted for|"
                    r"counted toward|for)\s+(?:the\s+|our\s+|her\s+|his\s+|general\s+)*")
_FILED_GAP = 60
# "20 minutes for her anxiety follow-up", "15 min on his depression": the condition the time was spent on
_ON_CONDITION = re.compile(r"\s+(?:of\s+\w+\s+)?(?:for|on|toward|towards|about|addressing|managing|of)\s+"
                           r"(?:(?:her|his|their|the|a|an|our)\s+)?")
# figures in the clause a colon opens ("answered her portal questions: 8 minutes Tuesday and 6 minutes Friday")
_LEADS = re.compile(r":\s+(?:[\w'+]+[ ,]+){0,6}$")
# a cue after these words is the messages' topic, not the work ("portal questions about her home exercise program")
_TOPIC = re.compile(r"\b(?:about|regarding|re|on)\s+(?:(?:her|his|their|the|a|an|my|our)\s+)?$")


def tie_cued_minutes(sc: Scenario, mentions: list[tuple[int, str]], topics: list[tuple[int, str]] = ()) -> None:
    """Tie each minutes figure with no family or code to the named family (`mentions`: where each family is named)
    whose cue words follow it closely, whose name follows behind a word filing the work under it, whose own kind of
    condition the minutes were spent on (`topics`: where each such condition is named, with its program), or whose
    cue the clause a colon closes holds."""
    named = {value for _at, value in mentions}
    if len(named) == 1:  # "22 min of depression follow-up ... 31 min of CCM": the condition's own program is named by it
        named |= _condition_programs(sc, topics, named)
    if len(named) < 2:
        return
    cues = sorted((f for f in sc.of("family", "cue") if f.value in named), key=lambda f: f.at)
    for n, fact in enumerate(sc.facts):
        if fact.kind != "minutes" or fact.family or fact.code:
            continue
        end = fact.at + len(fact.words)
        cue = next((c for c in cues if end <= c.at <= end + _MAX_GAP), None)
        if cue is not None and _BETWEEN.fullmatch(sc.text[end:cue.at]):
            sc.facts[n] = dataclasses.replace(fact, family=str(cue.value))
            continue
        filed = next(((at, value) for at, value in sorted(mentions) if end <= at <= end + _FILED_GAP), None)
        if filed is not None and _FILED.fullmatch(sc.text[end:filed[0]].lower()):
            sc.facts[n] = dataclasses.replace(fact, family=filed[1])
        elif (topic := next((v for at, v in topics if v in named and end <= at <= end + _MAX_GAP
                             and _ON_CONDITION.fullmatch(sc.text[end:at].lower())), None)) is not None:
            sc.facts[n] = dataclasses.replace(fact, family=topic)  # "20 minutes for her anxiety follow-up": BHI's
        elif (lead := _lead_family(sc, cues, fact.at)) is not None:
            sc.facts[n] = dataclasses.replace(fact, family=lead)
        elif (own := _clause_cue(sc, named, fact.at)) is not None:
            sc.facts[n] = dataclasses.replace(fact, family=own)  # "and the doctor answered a portal question for 8 minutes"
    _rest_to_other(sc, named)


def _rest_to_other(sc: Scenario, named: set) -> None:
    """Two programs named, the time of one told ("23 min on the chronic conditions and a separate 21 min on behavioral
    health care management"): the other figures spent are the other program's."""
    spent = [f for f in sc.of("minutes") if not f.code and f.role in ("spent", "total")]
    left = named - {f.family for f in spent}
    untied = [f for f in spent if not f.family]
    if len(named) != 2 or len(left) != 1 or len(untied) != 1 or any(f.family not in named for f in spent if f.family):
        return  # several figures left ("35 on transportation and 25 on food"): a list of one program's work
    other = next(iter(left))
    sc.facts = [dataclasses.replace(f, family=other) if f is untied[0] else f for f in sc.facts]


# where a clause starts: its punctuation, or an "and"/"plus" that joins on another service's story
_CLAUSE_START = re.compile(r"[.;:?!()\n]|,\s*(?:and|plus|also)?\s*|\b(?:and|plus)\s+(?=the\b|our\b|her\b|his\b|a\b)")


def _condition_programs(sc: Scenario, topics: list[tuple[int, str]], named: set) -> set:
    """Programs of conditions a minutes figure with no family was spent right on (each read as named there)."""
    found = set()
    for fact in (f for f in sc.of("minutes") if not f.family and not f.code):
        end = fact.at + len(fact.words)
        for at, value in topics:
            if value not in named and end <= at <= end + _MAX_GAP and _ON_CONDITION.fullmatch(sc.text[end:at].lower()):
                found.add(value)
                sc.facts = [*sc.facts, Fact("family", value, _word_at(sc.text, at), at, role="named")]
    return found


def _clause_cue(sc: Scenario, named: set, at: int) -> str | None:
    """The one family no one named whose cue words tell the work of the minutes' own clause, before them (a third
    service told beside the named ones); none when a named family or another minutes figure shares the clause."""
    start = max((m.end() for m in _CLAUSE_START.finditer(sc.text, 0, at)), default=0)
    inside = [f for f in sc.facts if start <= f.at < at and f.kind in ("family", "minutes", "code")]
    if any(f.kind != "family" or f.value in named or f.role == "named" for f in inside):
        return None
    work = {str(f.value) for f in inside if f.role == "cue" and not f.negated and not _TOPIC.search(sc.text[start:f.at])}
    return work.pop() if len(work) == 1 else None


def _lead_family(sc: Scenario, cues: list, at: int) -> str | None:
    """The one family cued in the clause a colon closes right before the minutes, topics ("about ...") aside."""
    head = sc.text[:at]
    if not (lead := _LEADS.search(head)):
        return None
    start = max(head.rfind(". "), head.rfind("? "), head.rfind("\n")) + 1
    work = {str(c.value) for c in cues if start <= c.at < lead.start() and not _TOPIC.search(sc.text[start:c.at])}
    if any(lead.start() < c.at < at for c in cues):
        return None
    return work.pop() if len(work) == 1 else None


def condition_topics(toks, lex: Lexicon) -> list[tuple[int, str]]:
    """Where a condition with a program of its own is named ("her anxiety": BHI), with that program (vocabulary
    condition_programs)."""
    return [(toks[h.i].start, lex.condition_programs[h.value]) for h in lex.conditions.find(toks) if h.value in lex.condition_programs]


def _word_at(text: str, at: int) -> str:
    """The word that starts at `at` ("depression")."""
    m = re.match(r"[\w'-]+", text[at:])
    return m.group(0) if m else ""
