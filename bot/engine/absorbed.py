"""A service whose related work counts toward another family's service in that family's period (knowledge family
`absorbs`: a call about an e-visit's problem within its 7 days is e-visit time, not a virtual check-in)."""

from __future__ import annotations

from bot.engine.tracks import workers
from bot.kb.store import KnowledgeBase


def worker_family(kb: KnowledgeBase, sc, fam: str | None, notes: list[str], sources: list[str]) -> str | None:
    """The family a worker's minutes bill when the named one is billed as another for them (family `billed_instead`:
    a physical therapist's remote monitoring is RTM, not RPM), said in a note."""
    family = kb.families.get(fam or "")
    if family is None or sc is None or not family.billed_instead_by:
        return fam
    who = set(workers(sc, "minutes", kb.meta.get("performer_counts_as") or {}, kb.meta.get("billed_incident_to") or ()))
    if not who or not who <= set(family.billed_instead_by):
        return fam
    if family.billed_instead_note not in notes:
        notes.append(family.billed_instead_note)
        sources.append(family.billed_instead_source)
    if family.billed_instead_family not in {f.value for f in sc.of("family", "cue", "weak_cue")}:
        return fam  # "the PT checks her blood pressure readings": no therapy data told, so nothing is billed as RTM
    sc.use(*(f for f in sc.of("code") if f.value in kb.codes and kb.codes[f.value].family == fam),
           *(f for f in sc.of("family") if f.value == fam))
    return family.billed_instead_family


def absorbing_family(kb: KnowledgeBase, q, fam: str | None, notes: list[str], sources: list[str]) -> str | None:
    """The family the question's minutes bill: `fam`, or the family the question also names that absorbs it when both
    services are told, the work is about the same problem (no separate problem said) and all the minutes fall within
    its period."""
    sc = q.scenario
    fam = worker_family(kb, sc, fam, notes, sources)
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
