"""Whether a real-time contact took place, told per billing period ("12 minutes in January with one call and 9 in
February with no call"): each month's own words decide its interactive requirement."""

from __future__ import annotations

from bot.engine.interaction import read_interactive
from bot.engine.parse import Vocabulary
from bot.engine.phrases import tokens
from bot.kb.store import KnowledgeBase

_SENTENCE_END = (". ", "? ", "! ", "\n")


def _vocabulary(kb: KnowledgeBase) -> Vocabulary:
    found = kb.cache.get("parse_vocabulary")
    if found is None:
        found = kb.cache.setdefault("parse_vocabulary", Vocabulary(kb))
    return found


def _segments(text: str, starts: list[int]) -> list[str]:
    """The words from each period's first minutes figure up to the next period's (the last: to its sentence end)."""
    out = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        if k + 1 == len(starts):
            ends = [i for i in (text.find(s, start) for s in _SENTENCE_END) if i >= 0]
            end = min(ends) if ends else end
        out.append(text[start:end])
    return out


def contact_by_period(kb: KnowledgeBase, text: str, starts: list[int], claims: list[str] = ()) -> list[bool | None] | None:
    """Each period's own call or no-call, when the periods say different things (one had a call, another none);
    None when they do not differ (the question's overall reading then stands). A quoted claim's words ("manager says
    the 2/27 call covers March") tell no period's contact."""
    if len(starts) < 2 or sorted(starts) != starts:
        return None
    voc = _vocabulary(kb)
    segments = _segments(text, starts)
    for claim in claims:
        segments = [seg.replace(claim, " ") for seg in segments]
    found = [read_interactive(tokens(seg), voc) for seg in segments]
    return found if True in found and False in found else None
