"""Minutes told with the work they were spent on ("the RN 22 min reviewing cuff readings"): when the question names
several families, a family cue right after the minutes ties them to that family, so each program bills its own time."""

from __future__ import annotations

import dataclasses
import re

from bot.engine.scenario import Scenario

# the words between the minutes and the cue: a few plain words, never a clause break, a number or another figure
_BETWEEN = re.compile(r"[\s(]*(?:[a-z'/-]+[\s(]+){0,3}")
_MAX_GAP = 40


def tie_cued_minutes(sc: Scenario, named: set[str]) -> None:
    """Tie each minutes figure with no family or code to the named family whose cue words follow it closely."""
    if len(named) < 2:
        return
    cues = sorted((f for f in sc.of("family", "cue") if f.value in named), key=lambda f: f.at)
    for n, fact in enumerate(sc.facts):
        if fact.kind != "minutes" or fact.family or fact.code:
            continue
        end = fact.at + len(fact.words)
        cue = next((c for c in cues if end <= c.at <= end + _MAX_GAP), None)
        if cue is not None and _BETWEEN.fullmatch(sc.text[end:cue.at]):
            sc.facts[n] = dataclasses.replace(fact, family=str(cue.value))
