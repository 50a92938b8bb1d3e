""""Is that CHI or PIN?" after a story: the one of two named families that the story's own cue words point to
("our navigator ... newly diagnosed cancer" is PIN) answers, not a side-by-side comparison."""

from __future__ import annotations

from bot.engine.scenario import Scenario


def told_family(sc: Scenario, codes: list[str], families: list[str]) -> str:
    """The one of two named families (no codes) that the story's cue words point to, else ""."""
    if codes or len(families) != 2:
        return ""
    cued = {str(f.value) for f in sc.of("family", "cue") if not f.negated} & set(families)
    return cued.pop() if len(cued) == 1 else ""
