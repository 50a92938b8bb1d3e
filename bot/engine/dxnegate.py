"""Negated findings in a diagnosis question ("no falls", "not documented as unsteady", "denies pain", "hasn't
actually fallen"): the words a negation cue governs are said to be absent, never searched for as present."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.engine.dxwords import NOISE

# Cues as the tokenizer sees them ("hasn't" -> hasn t, "w/o" -> w o); a lexicon phrase meaning "without" is one too.
# "rule out" and "r/o" too: an uncertain diagnosis is not coded in the office, its symptoms are (guideline IV.H).
CUES = (("no",), ("not",), ("never",), ("nothing",), ("none",), ("denies",), ("denied",), ("deny",), ("without",),
        ("w", "o"), ("negative", "for"), ("free", "of"), ("ruled", "out"), ("rule", "out"), ("r", "o"), ("hasn", "t"),
        ("hadn", "t"), ("haven", "t"), ("didn", "t"), ("doesn", "t"), ("don", "t"), ("isn", "t"), ("wasn", "t"),
        ("aren", "t"), ("weren", "t"))
LONGEST_CUE = max(len(c) for c in CUES)
# The classification's own phrases, not a finding denied ("not elsewhere classified", "not otherwise specified").
NOT_CUES = (("not", "elsewhere"), ("not", "otherwise"), ("not", "classified"), ("not", "specified"))
# Words between a cue and what it denies ("not documented as unsteady", "hasn't actually fallen", "no history of").
LEAD_INS = {"actually", "really", "ever", "yet", "documented", "documenting", "as", "say", "said", "mention",
            "mentioned", "mentions", "have", "has", "had", "been", "any", "a", "an", "the", "report", "reported",
            "reports", "complain", "complained", "complaining", "complains", "of", "show", "showed", "shows", "state",
            "stated", "states", "note", "noted", "notes", "call", "called", "calls", "it", "experience",
            "experienced", "having", "write", "wrote", "written", "chart", "charted", "specify", "specified",
            "due", "to", "caused", "by", "from", "secondary", "related", "attributed", "about",  # "not due to stroke"
            "diagnosis", "diagnoses", "diagnosed", "dx"}  # "no dx of htn yet", "not diagnosed with"
CONTINUERS = {"or", "and", "nor", "of", "with", "to", "in", "on", "the", "a", "an", "any"}  # "no pain or swelling"


def cue_at(words: list[str], i: int) -> int:
    """The length of the negation cue starting at word i (0 when none starts there)."""
    if tuple(words[i:i + 2]) in NOT_CUES:
        return 0
    for size in range(min(LONGEST_CUE, len(words) - i), 0, -1):
        if tuple(words[i:i + size]) in CUES:
            return size
    return 0


def lead_in(words: list[str], i: int) -> int:
    """Where the denied words start after a cue that ends at word i (past "documented as", "actually" ...)."""
    while i < len(words) and words[i] in LEAD_INS:
        i += 1
    return i


SERIES_ITEM = 2  # words of one item of a denied series ("no behavioral, psychotic, mood or anxiety symptoms")
_SERIES_END = {"or", "nor", "and"}
# a clause that starts a new fact is no item of the series before it ("no complications, on Lantus and metformin")
_FRESH = {"on", "with", "but", "takes", "taking", "uses", "using", "started", "now"}


def _denies_to_end(clause: list[str]) -> bool:
    """Whether the clause ends in a negation cue and at most one item's words after it ("... no behavioral")."""
    return any(cue_at(clause, i) and len(clause) - lead_in(clause, i + cue_at(clause, i)) in range(1, SERIES_ITEM + 1)
               for i in range(len(clause)))


def clause_starts(clauses: list[list[str]]) -> set[int]:
    """Where each clause starts in the joined words, save the items of a denied series: "no A, B, C or D" denies
    all four (items of at most two words, the last clause joined by "or" / "nor" / "and"); "no falls, unsteady" does not."""
    starts, k = set(), 0
    offsets = [sum(len(c) for c in clauses[:j]) for j in range(len(clauses))]
    while k < len(clauses):
        starts.add(offsets[k])
        end = k + 1
        while _denies_to_end(clauses[k]) and end < len(clauses) and len(clauses[end]) <= SERIES_ITEM \
                and not _SERIES_END & set(clauses[end]):
            end += 1
        joined = end < len(clauses) and _denies_to_end(clauses[k]) and _SERIES_END & set(clauses[end][1:SERIES_ITEM + 1]) \
            and clauses[end][0] not in _FRESH
        k = end + 1 if joined else k + 1
    return starts


def ends_scope(word: str) -> bool:
    """Whether a word closes what a negation denies: a word of the story (noise), not of the condition."""
    return word in NOISE and word not in CONTINUERS


# A code's own denials up to the next comma ("without aura, not intractable, ..."): what it says is not there.
_DENIED_SPAN = re.compile(r"\b(?:without|not)\s+(?!elsewhere\b|otherwise\b)[^,;]*")
# the same, ending before a preposition or "with" ("without complications in remission": the remission is said;
# "without foreign body of left index finger": the finger is)
_DENIED_UNTIL = re.compile(r"\b(?:without|not)\s+(?!elsewhere\b|otherwise\b)"
                           r"(?:(?!\b(?:of|in|at|to|for|with|due|following)\b)[^,;])*")  # "without foreign body of <site>"
_UNCOMPLICATED = re.compile(r"\buncomplicated\b")  # a default too, when the question is silent (F10.10)
# "Parkinson's disease with dyskinesia, without mention of fluctuations": the default when the question is silent
UNMENTIONED = re.compile(r"\b(?:without mention of|not specified as) [^,;]*")


def denials(text: str) -> list[str]:
    """What a code's text says is not there ("without coma", "not intractable"): unsaid, the default, no detail."""
    return _DENIED_UNTIL.findall(text.lower()) + _UNCOMPLICATED.findall(text.lower())


def undenied(text: str) -> str:
    """A code's text with what it denies left out ("not intractable", "without status migrainosus" -> "without"):
    a detail the question says is there is not said by a code that says it is not."""
    return _DENIED_UNTIL.sub(" without ", UNMENTIONED.sub(" without ", text.lower()))


def absent_score(absent: list, text: str, words_of: Callable[[str], frozenset[str]],
                 present_of: Callable[[str], frozenset[str]], bonus: float, penalty: float) -> float:
    """What the question says is absent, scored against a code's text: a code that says it is there ("Repeated
    falls" for "no falls") loses `penalty`; one that denies it too, and says it nowhere else, gains `bonus`."""
    said = [c for c in absent if c.held_by(words_of(text))] if absent else []
    if not said:
        return 0.0
    present = [c for c in said if c.held_by(present_of(text))]  # outside any "without ..." to the end
    elsewhere = words_of(_DENIED_SPAN.sub(" ", text.lower()))  # "Migraine without aura, intractable": said
    denied = [c for c in said if c not in present and not c.held_by(elsewhere)]
    return bonus * len(denied) - penalty * len(present)


def only_denied(text: str, denied: list[str], tokens: Callable[[str], list[str]]) -> list[str]:
    """The words of a text's denials it does not also say outside them ("hypertensive heart and chronic kidney disease
    without heart failure": failure only; heart is said)."""
    rest = text
    for phrase in denied:
        rest = rest.replace(phrase, " ", 1)
    outside = set(tokens(rest))
    return [w for w in tokens(" ".join(denied)) if w not in outside]
