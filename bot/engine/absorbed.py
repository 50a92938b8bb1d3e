"""A service whose related work counts toward another family's service in that family's period (knowledge family
`absorbs`: a call about an e-visit's problem within its 7 days is e-visit time, not a virtual check-in)."""

from __future__ import annotations

from bot.kb.store import KnowledgeBase


def absorbing_family(kb: KnowledgeBase, q, fam: str | None, notes: list[str], sources: list[str]) -> str | None:
    """The family the question's minutes bill: `fam`, or the family the question also names that absorbs it when both
    services are told, the work is about the same problem (no separate problem said) and all the minutes fall within
    its period."""
    sc = q.scenario
    if fam is None or sc is None or q.separate_service:
        return fam
    # both services told: the absorbing one's work and a call of its own ("8 minutes Monday; called her Wednesday")
    if len(sc.of("minutes")) < 2 or not any(not f.negated for f in sc.of("event", "contact")):
        return fam
    named = list(dict.fromkeys(list(q.families) + [f.value for f in sc.of("family")]))
    for other in named:
        family = kb.families.get(other)
        if family is None or other == fam or fam not in family.absorbs:
            continue
        days = [f.day for f in sc.of("minutes") if f.day is not None]
        if days and max(days) - min(days) >= family.absorbs_days:
            continue
        notes.append(f"Counted toward {family.name}: {family.absorbs_note}")
        sources.append(family.absorbs_source)
        return other
    return fam
