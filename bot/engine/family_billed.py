"""Families a question tells as billed already or running for the patient ("pt is on APCM with us", "we bill CCM for
her", "she gets PCM from us") beside a code or family of another program asked about: the code role cues
(vocabulary code_roles) read for a family's name as for a code, so the family is the month's service, not a subject
to bill again."""

from __future__ import annotations

import dataclasses

from bot.engine.lexicon import Lexicon, tokenize
from bot.engine.scenario import Fact, Scenario
from bot.engine.subject_denied import denied_cue

_FILLERS = {"our", "the", "a", "an", "their", "her", "his", "its"}  # "enrolled in our APCM program"
_REACH = 2  # filler words between the cue and the family's name


def mark_billed_families(lex: Lexicon, sc: Scenario, code_family: dict[str, str]) -> None:
    """Give a named family told as billed already or running the role `billed` when the question asks a code or
    family of another program beside it (a family of an asked code stays a subject)."""
    named = sc.of("family", "named")
    if not named:
        return
    toks = tokenize(sc.text)
    words = [t.word for t in toks]
    starts = {t.start: k for k, t in enumerate(toks)}
    asked = {code_family.get(c, "") for c in sc.codes("asked")} - {""}
    billed = [f for f in named if f.value not in asked and f.at in starts
              and _told_billed(words, toks, lex, starts[f.at], _end(toks, f))]
    for fact in billed:
        others = asked | {str(g.value) for g in named if g is not fact and g not in billed}
        if others - {fact.value}:
            sc.facts = [dataclasses.replace(f, role="billed") if f is fact else f for f in sc.facts]


def _told_billed(words: list[str], toks: list, lex: Lexicon, i: int, j: int) -> bool:
    """A billed cue right before the family's name (fillers may sit between) in its clause, or a billed cue of more
    than one word right after it ("APCM was billed", not "an APCM patient")."""
    k = i
    while k > 0 and i - k < _REACH and words[k - 1] in _FILLERS:
        k -= 1
    before = denied_cue(lex.voc, words, lex.code_before.ending_at(words, k))  # "nobody bills CCM": not billed
    if before is not None and before.value == "billed" and toks[before.i].clause == toks[i].clause:
        return True
    after = lex.code_after.starting_at(words, j)
    return after is not None and after.value == "billed" and after.j - after.i > 1 and toks[after.i].clause == toks[i].clause


def _end(toks: list, fact: Fact) -> int:
    """The index of the token after the fact's words."""
    stop = fact.at + len(fact.words)
    return next((k for k, t in enumerate(toks) if t.start >= stop), len(toks))
