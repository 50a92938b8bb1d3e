"""find_matches: codes in the question looked up exactly; unknown code-shaped tokens get one-edit suggestions."""

from __future__ import annotations

import functools
import string
from dataclasses import dataclass, field

from bot.answer import Suggestion
from bot.kb.store import KnowledgeBase
from bot.engine.parse import Question

_CODE_CHARS = string.digits + string.ascii_uppercase


@dataclass(slots=True)
class Matches:
    """Codes named in the question, code-shaped tokens we do not know, and suggestions for them."""

    codes: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)


@functools.lru_cache(maxsize=64)  # one unknown token is looked up in several systems
def one_edit_neighbours(token: str) -> frozenset[str]:
    """Return every string one substitution, insertion, deletion or adjacent swap away from `token`."""
    out: set[str] = set()
    for i in range(len(token) + 1):
        head, tail = token[:i], token[i:]
        out.update([head + ch + tail for ch in _CODE_CHARS])
        if tail:
            rest = tail[1:]
            out.update([head + ch + rest for ch in _CODE_CHARS])
            out.add(head + rest)
            if rest:
                out.add(head + rest[0] + tail[0] + rest[1:])
    out.discard(token)
    return frozenset(out)


def suggest_codes(kb: KnowledgeBase, token: str) -> list[Suggestion]:
    """Return known codes one edit away from an unknown code-shaped token."""
    near = sorted(one_edit_neighbours(token.upper()) & kb.codes.keys())
    return [Suggestion(code=c, why=f"one character away from {token}", title=kb.codes[c].title) for c in near]


def series_of(kb: KnowledgeBase, token: str) -> list[str]:
    """Known codes a series stem with a trailing x stands for ("the 9944x codes"); empty for any other token."""
    if token in kb.codes or len(token) != 5 or token[-1] not in "xX" or not token[:-1].isdigit():
        return []
    series = [c for c in kb.codes if c[:-1] == token[:-1].upper() and c[-1].isdigit()]
    return series if len(series) >= 2 else []


def find_matches(kb: KnowledgeBase, q: Question) -> Matches:
    """Look up every code in the question exactly; unknown ones get one-edit suggestions."""
    m = Matches()
    for token in q.codes:
        if series_of(kb, token) and (q.families or any(c in kb.codes for c in q.codes)):
            continue  # "that code or one of the 9944x?": a series of known codes named by its stem beside the subjects
        if token in kb.codes:
            m.codes.append(token)
        else:
            m.unknown.append(token)
            m.suggestions.extend(suggest_codes(kb, token))
    for token in q.near_codes:
        near = suggest_codes(kb, token)
        if near:
            m.unknown.append(token)
            m.suggestions.extend(s for s in near if s not in m.suggestions)
    return m


def near_in_story(kb: KnowledgeBase, q: Question, code: str, known: list[str]) -> bool:
    """Whether an unknown code may be a typo of a code the answer would use: a near code of the question's own
    families (a mistyped RTM code beside RTM). One quoted in a claim beside known codes, or near only codes of other
    families (a CPT education code beside a CHI code), is noted beside the answer instead."""
    near, sc = suggest_codes(kb, code), q.scenario
    claimed = sc is not None and sc.in_claim(code)
    if not near or (sc is not None and sc.role_of(code) == "quoted" and known) \
            or (claimed and (q.minutes is not None or q.days is not None)):
        return False  # a code inside someone's claim, beside the case's own figures, is the claim's, not a typo
    fams = set(q.families) | {kb.codes[c].family for c in known}
    return not fams or any(kb.codes[s.code].family in fams for s in near if s.code in kb.codes)


def one_of_the_pair(kb: KnowledgeBase, q: Question, code: str) -> bool:
    """Whether a code we hold nothing on (not even a left-out rule) is one of the two codes a pair question asks about:
    no verdict stands without it."""
    sc = q.scenario
    return q.intent == "pair" and len(q.codes) == 2 and code in q.codes and code not in kb.left_out \
        and sc is not None and sc.role_of(code) == "asked"
