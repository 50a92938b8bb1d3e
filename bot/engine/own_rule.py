"""A code billed already beside one code asked with a repeat cue ("we bill the management code every month; can we
bill the device code twice for two devices?"): the question is the asked code's own rule; the billed code is context."""

from __future__ import annotations

from bot.engine.phrases import PhraseSet, tokens
from bot.engine.scenario import Scenario


def own_rule_codes(sc: Scenario, codes: list[str], repeat: PhraseSet | None) -> tuple[list[str], list[str]]:
    """(the codes the question is about, the billed codes turned context): the one asked code when every other code
    was billed already, all stand before it, and a repeat cue follows it; else the codes unchanged and none."""
    asked = [c for c in codes if sc.role_of(c) == "asked"]
    others = [c for c in codes if c not in asked]
    if repeat is None or len(asked) != 1 or not others or any(sc.role_of(c) != "billed" for c in others):
        return codes, []
    at = min(f.at for f in sc.of("code") if f.value == asked[0])
    if any(f.at > at for f in sc.of("code") if f.value in others) or not repeat.any(tokens(sc.text[at:])):
        return codes, []
    return asked, others
