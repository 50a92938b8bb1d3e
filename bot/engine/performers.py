"""Who did the work in a question: performers with their word positions, the subject (not the object of "with" or
"to") a time or an event belongs to, and the performer whose codes are asked ("what does the specialist bill")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.engine.lexicon import Lexicon
from bot.engine.scenario import Fact, Scenario

if TYPE_CHECKING:
    from bot.engine.reader import _Text

_CASE_SENSITIVE = {"pt": "therapist", "ot": "therapist"}  # "PT" is a therapist, "pt" a patient


# "discussed the patient with the PCP", "an e-consult from our PCP", "gave a PCP advice", "asked the psychiatrist":
# the PCP (or psychiatrist) there is not who spent the time
_OBJECT_WORDS = {"with", "to", "w", "for", "from", "gave", "gives", "giving", "advised", "advising", "told", "asked",
                 "asking"}
_SKIPPED = {"the", "a", "an", "our", "her", "his", "their", "your", "referring", "requesting", "treating", "ordering",
            "attending", "consulting", "patient's", "pt's"}


def is_object(tx: "_Text", k: int) -> bool:
    """Whether the performer at word k is the object of "with"/"to" ("discussed the patient with the PCP")."""
    j = k - 1
    while j >= 0 and tx.words[j] in _SKIPPED:
        j -= 1
    return j >= 0 and tx.words[j] in _OBJECT_WORDS


_AUX = {"does", "do", "can", "could", "should", "would", "will", "may", "might"}
_BILL_VERBS = {"bill", "report", "use", "code", "claim", "submit"}


def _is_biller(tx: "_Text", i: int, j: int) -> bool:
    """"What does the rheumatologist bill", "can the PCP bill", "code for the GI doc": whose codes are asked."""
    k = i - 1
    while k >= 0 and tx.words[k] in _SKIPPED:
        k -= 1
    after = [w for w in tx.words[j:j + 2] if w not in ("also", "still", "then")][:1]
    if k >= 0 and tx.words[k] in _AUX and after and after[0] in _BILL_VERBS:
        return True
    return k >= 1 and tx.words[k] == "for" and tx.words[k - 1] in ("code", "codes")


def subject_before(tx: "_Text", performers, i: int, clause: int) -> str:
    """The performer who did what stands at word i: the nearest one before it in its clause that is not the object
    of "with"/"to" (unless only such a one is there: "the patient spoke with the nurse for 10 minutes")."""
    before = [(k, f) for k, f in reversed(performers) if k < i and tx.toks[k].clause == clause and not f.negated]
    subjects = [f for k, f in before if not is_object(tx, k)]
    return (subjects or [f for _k, f in before] or [None])[0].value if before else ""


def read_performers(tx: "_Text", lex: Lexicon, original: str, sc: Scenario) -> list[tuple[int, Fact]]:
    """Who did the work, each with its token index; "PT" in capitals is a therapist, "pt" a patient."""
    cased = {w: [m.group() for m in re.finditer(rf"\b{w}\b", original, re.I)] for w in _CASE_SENSITIVE}
    seen = {w: 0 for w in _CASE_SENSITIVE}
    out = []
    for hit in lex.performers.find(tx.toks):
        if hit.phrase in _CASE_SENSITIVE:
            k = seen[hit.phrase]
            seen[hit.phrase] += 1
            if k >= len(cased[hit.phrase]) or not cased[hit.phrase][k].isupper():
                continue
        if hit.value == "none":  # "pts on the primary care team": a team named, not who did the work
            continue
        role = "biller" if _is_biller(tx, hit.i, hit.j) else "object" if is_object(tx, hit.i) else ""
        fact = sc.add(Fact("performer", str(hit.value), tx.words_of(hit), tx.toks[hit.i].start,
                           negated=lex.negated(tx.toks, hit.i), role=role))
        out.append((hit.i, fact))
    for hit in lex.personally.find(tx.toks):
        if not any(f.value == "physician" for _i, f in out):
            out.append((hit.i, sc.add(Fact("performer", "physician", tx.words_of(hit), tx.toks[hit.i].start))))
        sc.add(Fact("flag", True, tx.words_of(hit), tx.toks[hit.i].start, role="personally"))
    return out
