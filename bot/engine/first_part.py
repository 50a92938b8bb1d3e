"""A figure told as the first part of the month's time and a later figure told as the next part ("the first 15
minutes with the nurse and a separate 15 minutes after"): "first" numbers a part, not a code's threshold, so both
figures are time spent (vocabulary first_part; helper of minute_more.more_minutes)."""

from __future__ import annotations

import dataclasses
import functools
import re

from bot.engine.lexicon import Lexicon
from bot.engine.scenario import Fact

_CODE = re.compile(r"\b(?:\d{4}[0-9ft]|[a-z]\d{4})\b", re.I)
_NEAR = 40  # characters around a figure that its cue words may take
_CODE_WORDS = 3  # words from a code to "the first" that still state the code's threshold ("is billed for")
_NEXT_BLOCK = re.compile(r"\bthe\s+(?:next|following|remaining)\s+$")  # a second block of the same session


def _alternation(words: list[str]) -> str:
    """A regex alternation of the phrases, longest first, each a whole-word match."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=4)
def _patterns(first: tuple[str, ...], before: tuple[str, ...],
              after: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern | None, re.Pattern | None]:
    """The lead, next-before and next-after patterns of the cue words, compiled once per vocabulary."""
    lead = re.compile(rf"\b(?:{_alternation(list(first))})\s+(?:about\s+|roughly\s+|~\s*)?$")
    told_before = re.compile(rf"\b(?:{_alternation(list(before))})\b") if before else None
    told_after = re.compile(rf"^\W*(?:\w+\W+)?(?:{_alternation(list(after))})\b") if after else None
    return lead, told_before, told_after


def _code_before(low: str, at: int) -> bool:
    """Whether a code stands a few words before `at` ("the code is for the first 20"), not ending the clause before
    ("...with the code. our pt did manual the first 15 min": the code names no threshold)."""
    return any(not re.search(r"[.?!;\n]", low[c.end():at]) and len(low[c.end():at].split()) <= _CODE_WORDS
               for c in _CODE.finditer(low, max(0, at - 25), at))


def first_parts(text: str, found: list[Fact], lex: Lexicon) -> list[Fact]:
    """The minutes with a "first N minutes" threshold read as time spent when a later figure is told as the next part."""
    cues = lex.voc.get("first_part") or {}
    first, before, after = ([str(w).lower() for w in cues.get(k) or []] for k in ("first", "next_before", "next_after"))
    if not first or not (before or after):
        return found
    low = text.lower()
    lead, told_before, told_after = _patterns(tuple(first), tuple(before), tuple(after))
    minutes = sorted((f for f in found if f.kind == "minutes"), key=lambda f: f.at)
    changed = set()
    for k, fact in enumerate(minutes[:-1]):
        m = lead.search(low, max(0, fact.at - 20), fact.at)
        if fact.role != "threshold" or m is None or _code_before(low, m.start()):
            continue  # "99457 is for the first 20 minutes": the code's own threshold
        nxt = minutes[k + 1]
        block = nxt.role == "window" and bool(_NEXT_BLOCK.search(low, max(0, nxt.at - 16), nxt.at))
        if nxt.role not in ("spent", "additional") and not block:
            continue  # "manual the first 15 min then activities the next 15 min": the next block, not a window
        gap_start = max(fact.at + len(fact.words), nxt.at - _NEAR)
        end = nxt.at + len(nxt.words)
        if (told_before and told_before.search(low, gap_start, nxt.at)) or (told_after and told_after.search(low[end:end + _NEAR])):
            changed |= {id(fact), id(nxt)} if block else {id(fact)}
    return [dataclasses.replace(f, role="spent") if id(f) in changed else f for f in found]
