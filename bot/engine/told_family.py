""""Is that CHI or PIN?" after a story: the one of two named families that the story's own cue words point to
("our navigator ... newly diagnosed cancer" is PIN) answers, not a side-by-side comparison; a search that names
nothing but tells a story of one family's cue words is about that family."""

from __future__ import annotations

from bot.engine.cue_workers import story_cue_family
from bot.engine.scenario import Scenario

STORY_CUES = 2  # a story, not a phrase ("exercise app for her knee" still gets its did-you-mean choices)


def told_family(sc: Scenario, codes: list[str], families: list[str], intent: str = "compare") -> str:
    """The one of two named families (no codes) that the story's cue words point to, else ""; for a search with no
    code, family or figure ("a prescription CBT app for her depression: any way to bill it?"), the family the story's
    cue words clearly point to."""
    if intent == "search":
        told = sc is not None and not (codes or families or sc.of("minutes") or sc.of("days"))
        story = story_cue_family(sc) if told else None
        return story if story and len([f for f in sc.of("family", "cue") if f.value == story]) >= STORY_CUES else ""
    if codes or len(families) != 2:
        return ""
    cued = {str(f.value) for f in sc.of("family", "cue") if not f.negated} & set(families)
    return cued.pop() if len(cued) == 1 else ""
