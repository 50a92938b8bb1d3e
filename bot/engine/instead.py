"""Minutes logged under one program and a code of another asked "instead" ("33 minutes of CCM; one condition only,
so can we bill the PCM staff code instead?"): the asker asks whether the same work bills on the asked code's
ladder, so the minutes are tied to that code's family."""

from __future__ import annotations

import dataclasses

from bot.engine.phrases import PhraseSet, tokens
from bot.engine.scenario import Scenario


def retie_instead(sc: Scenario, code_family: dict[str, str], cues: PhraseSet) -> None:
    """Tie the minutes to the family of the one asked code when an "instead" cue follows that code and every
    minutes figure is tied to one other family."""
    asked = [f for f in sc.of("code", "asked") if f.value in code_family]
    if len({f.value for f in asked}) != 1:
        return
    target = code_family[asked[0].value]
    end = asked[-1].at + len(asked[-1].words)
    minutes = sc.of("minutes")
    tied = {f.family for f in minutes}
    if not minutes or len(tied) != 1 or "" in tied or target in tied or not cues.any(tokens(sc.text[end:])):
        return
    sc.facts = [dataclasses.replace(f, family=target) if f.kind == "minutes" else f for f in sc.facts]
