"""Year-to-date therapy amounts told per discipline ("$1,900 of PT ... and $650 of speech"): the disciplines that share
one threshold add up (PT and SLP count together, OT apart; vocabulary kx_groups), so the amount the threshold modifier
is weighed against is the sum of the group told most, not the first figure alone."""

from __future__ import annotations

import re

from bot.engine.phrases import PhraseSet, tokens
from bot.kb.store import KnowledgeBase

_MONEY = re.compile(r"\$\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?")
_AFTER = 40  # characters after a figure that its discipline's words may take


def year_to_date(kb: KnowledgeBase, low: str, first: float | None) -> float | None:
    """The summed amount of the discipline group told with the most figures; `first` when fewer than two are placed."""
    groups = {str(g): PhraseSet(words or []) for g, words in (kb.vocabulary.get("kx_groups") or {}).items()}
    if first is None or not groups:
        return first
    told: dict[str, float] = {}
    counts: dict[str, int] = {}
    for m in _MONEY.finditer(low):
        words = tokens(low[m.end():m.end() + _AFTER])
        group = next((g for g, p in groups.items() if p.any(words[:4])), None)
        if group is None:
            return first  # a figure of no discipline told: the first figure stands
        told[group] = told.get(group, 0.0) + float(f"{m.group(1).replace(',', '')}.{m.group(2) or 0}")
        counts[group] = counts.get(group, 0) + 1
    if sum(counts.values()) < 2:
        return first
    best = max(counts, key=lambda g: (counts[g], told[g]))
    return told[best]
