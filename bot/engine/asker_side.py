"""The one asking, when the message opens by naming them ("Clinical psychologist here."), and work told after another
performer asked them for it ("a PCP asked me for advice ...: 18 minutes"): the asker's work, not the requester's."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.engine.reader import _Text

_ASKER_OBJECTS = {"me", "us"}  # the asker named as the one asked ("asked me", "sent us the question")
_INTRO_REACH = 4  # words of a job title before "here" ("licensed clinical psychologist here")
_TITLE_WORDS = {"a", "an", "the", "licensed", "solo"}  # words a job title may open with
_SELF = {"i'm", "im", "we're"}  # "I'm a clinical psychologist", "I am an LCSW", "we're the PCP side"
_SELF_ASKS = {(a, who) for a in ("can", "may", "do", "should", "could", "would") for who in ("i", "we")}


def asks_as_self(tx: "_Text", i: int, bill_verbs: set[str]) -> bool:
    """"I'm a clinical psychologist ... can I bill X?": the one who introduces herself and asks what she may bill."""
    k = i - 1
    while k >= 0 and tx.words[k] in _TITLE_WORDS:
        k -= 1
    if k < 0 or not (tx.words[k] in _SELF or (k > 0 and (tx.words[k - 1], tx.words[k]) in (("i", "am"), ("we", "are")))):
        return False
    asks = zip(tx.words, tx.words[1:], tx.words[2:])
    return any((a, b) in _SELF_ASKS and c in bill_verbs for a, b, c in asks)


def introduced_here(tx: "_Text", i: int) -> bool:
    """Whether the job word at i opens the message and introduces the asker ("Licensed clinical psychologist here.")."""
    return all(w in _TITLE_WORDS for w in tx.words[:i]) and "here" in tx.words[i + 1:i + 1 + _INTRO_REACH]


def asker_asked(tx: "_Text", performers, k: int, i: int) -> str:
    """The asker's performer when the performer at k asked the asker for what stands at i ("A PCP asked me for
    advice: 18 minutes"), else ""."""
    if not _ASKER_OBJECTS & set(tx.words[k + 1:i]):
        return ""
    return next((f.value for m, f in performers if (f.role == "biller" or introduced_here(tx, m)) and not f.negated), "")
