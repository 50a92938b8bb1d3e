"""A figure told as the size of codes ("like the new 10-minute RTM/RPM ones", "a 20-minute CCM code"): it describes
the codes, not time spent on the case, so it becomes a claimed figure and the families it names leave the case."""

from __future__ import annotations

import dataclasses
import re

from bot.engine.patterns import lazy
from bot.engine.scenario import Scenario

_ADJECTIVE = re.compile(r"\d+[- ]min(?:ute)?$")  # "10-minute", "20 minute": a size, not "20 minutes" spent
# the family names and the noun of codes right after the figure ("10-minute RTM/RPM ones", "20-minute CCM code")
_CODES_AFTER = lazy(r"[\s/,a-z-]{1,40}?\b(?:codes?|ones)\b", re.IGNORECASE)


def sized_code_figures(sc: Scenario) -> None:
    """Turn a figure that names the size of the family codes after it into a claimed figure, and drop those
    families' names (they are the codes compared with, not the patient's program)."""
    for f in [f for f in sc.facts if f.kind == "minutes" and f.role != "claimed"]:
        end = f.at + len(f.words)
        hit = _ADJECTIVE.search(f.words.lower()) and _CODES_AFTER().match(sc.text, end)
        named = [g for g in sc.facts if g.kind == "family" and hit and end <= g.at < hit.end()]
        if not named or len([g for g in sc.facts if g.kind == "family" and g.role == "named"]) <= len(named):
            continue  # the case's own family must be named elsewhere ("DMHT ... like the RTM ones")
        sc.facts = [dataclasses.replace(g, role="claimed") if g is f else g for g in sc.facts if g not in named]
