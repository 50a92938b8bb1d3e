"""A family the question names only to say it is not used ("we are NOT using the RTM codes for this", "we don't bill
CCM here"), beside another family it does tell of: the named one is no subject of the bill (vocabulary
program_left_off)."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.engine.scenario import Fact, Scenario

_FILLERS = r"(?:(?:our|the|a|an|any|their|her|his|its|your)\s+)*"


@lru_cache(maxsize=8)
def _cue(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """The program_left_off phrases, then fillers, at the end of the text before a family name."""
    if not phrases:
        return None
    alts = "|".join(sorted((re.escape(p.lower()).replace(r"\ ", r"\s+") for p in phrases), key=len, reverse=True))
    return re.compile(rf"(?<![a-z'])(?:{alts})\s+{_FILLERS}$")


def without_refused(sc: Scenario, named: list[Fact], voc: dict) -> list[Fact]:
    """The named family facts without those said not used, when another family the question tells of remains."""
    cue = _cue(tuple(str(p) for p in voc.get("program_left_off") or []))
    if cue is None:
        return named
    refused = [f for f in named if cue.search(sc.text[max(0, f.at - 60):f.at].lower())]
    kept = {f.value for f in sc.of("family")} - {f.value for f in refused}
    return [f for f in named if f not in refused] if refused and kept else named
