"""A code named right after a family word ("the phone E/M codes (code range)") is the subject the family word
describes, not a visit told as context: the code is asked about and the family word goes."""

from __future__ import annotations

import dataclasses
import re

from bot.engine.scenario import Fact, Scenario

_GAP = re.compile(r"[\s,:(]*(?:(?:cpt|hcpcs)\s+)?(?:codes?\s*)?[\s,:(]*")  # only "codes", a colon or a bracket between


def family_named_codes(sc: Scenario) -> list[str]:
    """The context codes a family word names just before them (the scenario's facts re-read so); else none."""
    families = sc.of("family")
    named: list[Fact] = []
    for code in (f for f in sc.facts if f.kind == "code" and f.role == "context"):
        before = [f for f in families if f.at + len(f.words) <= code.at
                  and _GAP.fullmatch(sc.text[f.at + len(f.words):code.at])]
        if before:
            named.append(code)
            families = [f for f in families if f not in before]
    if not named or families:
        return []  # another family is named apart from the code: the question is about it
    sc.facts = [dataclasses.replace(f, role="asked") if f in named else f for f in sc.facts if f.kind != "family"]
    return list(dict.fromkeys(f.value for f in named))
