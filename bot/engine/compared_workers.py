"""A worker named only to compare ("do we bill the same code like our cancer navigators do?"): the job word after a
comparison cue and before a doing verb (vocabulary performer_compared) names other staff's work, not who did this."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.engine.lexicon import Lexicon
    from bot.engine.reader import _Text

_MODIFIERS = 2  # words that may qualify the compared worker ("our cancer navigators", "our oncology nurse navigators")


def _lists(lex: "Lexicon") -> tuple[list[tuple[str, ...]], set[str], set[str]]:
    """The cues (as word tuples), doing verbs and skipped words of vocabulary performer_compared."""
    voc = (getattr(lex, "voc", None) or {}).get("performer_compared") or {}
    cues = [tuple(str(c).lower().split()) for c in voc.get("cues") or []]
    return cues, {str(v).lower() for v in voc.get("verbs") or []}, {str(v).lower() for v in voc.get("skipped") or []}


def is_compared(tx: "_Text", lex: "Lexicon", i: int, j: int) -> bool:
    """Whether the performer at words i..j is named only as a comparison ("like our navigators do")."""
    cues, verbs, skipped = _lists(lex)
    if not cues or j >= len(tx.words) or tx.words[j] not in verbs:
        return False
    k, modifiers = i, 0
    while True:
        if any(k >= len(c) and tuple(tx.words[k - len(c):k]) == c for c in cues):
            return True
        if k == 0:
            return False
        if tx.words[k - 1] not in skipped:
            modifiers += 1
            if modifiers > _MODIFIERS:
                return False
        k -= 1
