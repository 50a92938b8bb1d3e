"""Whether a reach verb before a number of minutes states time spent ("pt hit 30 min") or a rule ("need to hit 20")."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.engine.lexicon import Lexicon
    from bot.engine.timewords import Around

_ARTICLES = {"the", "a", "an", "full"}


def told_as_reached(at: "Around", lex: "Lexicon") -> bool:
    """A reach verb (knowledge/vocabulary.yaml minute_cues stated_reach) with a subject before it in its clause and
    no word there that makes it a rule, a condition or a question (reach_asks) states the minutes spent."""
    k = at.i
    while k > 0 and at._same_clause(k - 1) and at.words[k - 1] in lex.approximations | _ARTICLES:
        k -= 1
    hit = lex.stated_reach.ending_at(at.words, k)
    if hit is None or not at._same_clause(hit.i - 1):
        return False  # "hit 20 minutes?" with no subject: the figure asked about
    before = [at.words[m] for m in range(hit.i) if at._same_clause(m)]
    return not set(before) & lex.reach_asks


def a_session(at: "Around", lex: "Lexicon") -> bool:
    """"Makes a 10-minute call", "did an 8-minute check-in": a figure written as one word after "a" or "an" tells the
    length of something done, not a threshold, unless a word of reach_asks before it makes it a rule or a question."""
    if at.word(-1) not in ("a", "an") or "-" not in at.words[at.i]:
        return False
    before = [at.words[m] for m in range(at.i) if at._same_clause(m)]
    return not set(before) & lex.reach_asks


_CODE_NOUNS = {"code", "codes", "cpt", "hcpcs"}
_NOUN_REACH = 4  # words from the figure to the noun it describes ("the 10-minute RPM management code")


def names_code(at: "Around") -> bool:
    """"Is (a device code) the new 10-minute RPM management code?": a figure written as one word ("10-minute") that describes a
    code named a few words on names the code by its minutes (a threshold), not time spent."""
    if "-" not in at.words[at.i] or not at.words[at.i].endswith("minute"):
        return False
    ahead = [at.word(k) for k in range(_NOUN_REACH)]
    return any(w in _CODE_NOUNS for w in ahead) and not any(w[:1].isdigit() for w in ahead)
