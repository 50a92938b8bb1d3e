"""Who "she"/"he" is in a question's story: the one performer named before as a subject, unless someone named
between starts a clause of their own; and whether a performer opens a clause of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine.performers import PRONOUNS, SKIPPED
from bot.engine.time_pick import closed_aside

if TYPE_CHECKING:
    from bot.engine.reader import _Text

_NEW_SUBJECT = {"and", "but", "while", "then", "or", "so", "whereas"}  # "she called, then the MA spent 10 min"
_REPLIES = {"answered", "replied", "responded", "answers", "replies", "responds", "wrote"}


def pronoun_subject(tx: "_Text", performers, i: int, clause: int) -> str:
    """Who "she"/"he" before word i in its clause is, when no one named between them starts a clause of their own
    ("She spent 8 min reviewing the records the PCP sent", "he called the PCP for 12 min": still she, he): the one
    performer named before as a subject ("Wound care specialist got a call from a PCP ... She": the specialist);
    "" when there is no such pronoun, or no one or more than one to point to."""
    # "(she documented food insecurity), our CHWs logged ...: Luis 55 minutes": a pronoun in a closed aside is not
    # the figure's subject
    k = next((k for k in range(i - 1, -1, -1) if tx.toks[k].clause == clause and tx.words[k] in PRONOUNS
              and not closed_aside(tx.text, tx.toks[k].start, tx.toks[i].start)), None)
    if k is None or k in tx.patient_pronouns:  # "She was just diagnosed ...": the patient, never the worker
        return ""
    # "she called our physical therapist, who spent 7 minutes": the one "who" follows did it, not "she"'s antecedent
    if any(k < m < i and (starts_clause(tx, m) or "who" in tx.words[m + 1:min(m + 4, i)]) for m, _f in performers):
        return ""
    if tx.words[k + 1:k + 2] and tx.words[k + 1] in _REPLIES:  # "the PCP asked our endocrinologist; she answered": the one asked
        asked = {f.value for m, f in performers if m < k and not f.negated and f.role == "object"}
        if len(asked) == 1:
            return asked.pop()
    named = {f.value for m, f in performers if m < k and not f.negated and not _after_by(tx, m)
             and f.role not in ("director", "owner", "object")}
    return named.pop() if len(named) == 1 else ""  # two people named before: "she" could be either


def _after_by(tx: "_Text", m: int) -> bool:
    """"Was asked by a family physician": the agent of a passive, not the story's subject."""
    j = m - 1
    while j >= 0 and tx.words[j] in SKIPPED:
        j -= 1
    return j >= 0 and tx.words[j] == "by"


def starts_clause(tx: "_Text", m: int) -> bool:
    """Whether the performer at word m opens a clause of its own (after a comma or a joining word), not an object."""
    j = m - 1
    while j >= 0 and tx.words[j] in SKIPPED:
        j -= 1
    comma = j >= 0 and "," in tx.text[tx.toks[j].end:tx.toks[j + 1].start]
    return j < 0 or comma or tx.words[j] in _NEW_SUBJECT
