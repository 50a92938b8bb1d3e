"""The family a stated flag points to when no cue word does: a flag that only one family's ladders are ruled out by
(`not_when`), such as "there is no psychiatric consultant" (collaborative care: behavioral health integration)."""

from __future__ import annotations

from bot.engine.scenario import Scenario
from bot.kb.store import KnowledgeBase


def flag_family(kb: KnowledgeBase, sc: Scenario | None) -> str | None:
    """The one family whose ladders' `not_when` names a flag the question states (yes or no), or None."""
    if sc is None or not sc.of("minutes"):
        return None
    stated = {f.role for f in sc.of("flag")}
    owners = {fam for fam in kb.families for t in kb.family_tracks(fam) if stated & set(t.not_when)}
    return owners.pop() if len(owners) == 1 else None
