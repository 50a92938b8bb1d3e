"""Families a question names as background: what the practice bills now or did before ("switching our CCM
patients to APCM", "instead of CCM") when it asks a code of another named family (vocabulary family_former)."""

from __future__ import annotations

import dataclasses

from bot.engine.lexicon import Lexicon
from bot.engine.scenario import Fact, Scenario

_REACH = 3  # words between a switch cue and the family ("moving all of our CCM patients": "our", "ccm")
_TO_REACH = 2  # words between the family and its "to" ("CCM patients to APCM")


def mark_former(toks: list, lex: Lexicon, sc: Scenario, mentions: list[tuple[int, str]] = ()) -> None:
    """Give the former family of a "which code" question the role `former` (context, not a subject); `mentions`
    are (token, family) of every mention (a family named in a subject line is named again in the body)."""
    named = sc.of("family", "named")
    if len(named) < 2 or not lex.family_from.values:
        return
    words = [t.word for t in toks]
    starts = {t.start: k for k, t in enumerate(toks)}
    spans = {id(f): (starts.get(f.at), _end(toks, f)) for f in named}
    former = [f for f in named if spans[id(f)][0] is not None
              and _is_former(words, toks, lex, *spans[id(f)], [spans[id(g)][0] for g in named if g is not f]
                             + [k for k, value in mentions if value != f.value])]
    if not former or len(former) == len(named):
        return  # every family named as former (or none): nothing says which one is asked
    if sc.asked != "bill" and len(named) - len(former) < 2:
        return  # a pair question keeps a former family unless two others remain to be paired
    sc.facts = [dataclasses.replace(f, role="former") if f in former else f for f in sc.facts]


def _end(toks: list, fact: Fact) -> int:
    """The index of the token after the fact's words."""
    stop = fact.at + len(fact.words)
    return next((k for k, t in enumerate(toks) if t.start >= stop), len(toks))


def _is_former(words: list[str], toks: list, lex: Lexicon, i: int, j: int, others: list[int | None]) -> bool:
    """A `from` cue right before the family, or a switch cue before it with "to" and another family after it."""
    clause = toks[i].clause
    for k in range(i, max(0, i - _REACH) - 1, -1):
        if toks[k].clause != clause or any(o is not None and k <= o < i for o in others):
            break  # a cue before another family is that family's
        if lex.family_from.ending_at(words, k) is not None:
            return True
        if lex.family_switch.ending_at(words, k) is not None:
            return any(lex.family_to.starting_at(words, m) is not None and _family_follows(words, lex, m, others)
                       for m in range(j, min(j + _TO_REACH, len(words)) + 1))
    return False


def _family_follows(words: list[str], lex: Lexicon, m: int, others: list[int | None]) -> bool:
    """Another named family stands right after the "to" at word m (a word such as "the" may sit between)."""
    hit = lex.family_to.starting_at(words, m)
    return hit is not None and any(o is not None and hit.j <= o <= hit.j + 1 for o in others)
