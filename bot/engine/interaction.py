"""read_interactive: whether a question tells a real-time call or visit, one denied, or only messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.engine.parse import Vocabulary

_LIST_JOINS = {"or", "nor", "and", "no"}


def read_interactive(words: list[str], voc: "Vocabulary") -> bool | None:
    """True if a call or visit took place; False if negated ("no call"), unanswered or only asynchronous; else None."""
    found_yes = found_no = prev_negated = False  # beside messages, generic words ("we communicated") name them
    prev_end, hits = -1, [h for h in voc.interactive.find(words) if not (h[1] in voc.generic and voc.asynchronous.any(words))]
    for start, phrase in hits:
        before = words[max(0, start - 6):start]
        while before and before[-1] in voc.fillers:
            before.pop()
        joined = prev_negated and all(w in voc.fillers or w in _LIST_JOINS or w in voc.channel for w in words[prev_end:start])
        # "no call or video visit", "never talked to him by phone": both negated; "18 minutes, not 28. One call": not a call
        negated = joined or (any(w in voc.negators for w in before[-2:]) and not before[-1][:1].isdigit())
        # "never got the pt on the phone", "did not reach her by phone": a negated reaching of the one called
        negated |= any(w in voc.negators and before[n + 1:n + 2] and before[n + 1] in voc.reach
                       and not voc.reach_breaks & set(before[n:]) for n, w in enumerate(before))
        if negated and phrase in voc.video and _audio_told(words, voc, hits):
            continue  # "one phone call only, no video": the video is denied, the real-time audio call stands
        found_no |= negated
        found_yes |= not negated
        prev_end, prev_negated = start + len(phrase.split()), negated
    if voc.asynchronous.any(words) and all(p in voc.generic for _i, p in hits):
        return False  # "the only contact was a portal message": contact words name the messages, not a call
    if found_yes and not prev_negated and not voc.failed.any(words):
        return True  # "the doctor never spoke with her, but the MA called": the last statement stands
    if found_no or voc.failed.any(words) or voc.asynchronous.any(words):
        return False
    return None


def _audio_told(words: list[str], voc: "Vocabulary", hits: list[tuple[int, str]]) -> bool:
    """Whether a call other than video is told, not right after a negator ("one phone call only")."""
    return any(p not in voc.video and p not in voc.generic and not (start and words[start - 1] in voc.negators)
               for start, p in hits)
