"""A place of service or modifier asked beside a remote-care code: that family's own claim rule comes first ("RPM is
not a Medicare telehealth service"), so the telehealth POS and modifier facts are not read as applying to it."""

from __future__ import annotations

from bot.engine.handlers import Context

_TOPIC = "claim_place"  # family `requirements` topic (knowledge/families/*.yaml)


def add_family_claim_rules(ctx: Context, codes: list[str]) -> None:
    """Put the claim-place requirement of each named code's family first among the answer's notes."""
    kb = ctx.kb
    fams = list(dict.fromkeys([kb.codes[c].family for c in codes if c in kb.codes] + list(ctx.q.families)))
    rules = [r for f in fams if f in kb.families for r in kb.families[f].requirements if r.topic == _TOPIC]
    for rule in reversed(rules):
        if rule.text not in ctx.notes:
            ctx.notes.insert(0, rule.text)
            ctx.source_ids.append(rule.source)


def claim_ruled_families(ctx: Context) -> list[str]:
    """Families the question names whose own claim-place rule the answer leads with ("for our RPM claims: POS 10
    and 95?": RPM is not telehealth, so the answer is about RPM too)."""
    kb = ctx.kb
    return [f for f in ctx.q.families if f in kb.families and f not in ctx.q.weak_families
            and any(r.topic == _TOPIC for r in kb.families[f].requirements)]


def claim_ruled_codes(ctx: Context, codes: list[str]) -> list[str]:
    """The named codes whose family has its own claim-place rule ("POS 13 or 11 on (a CCM code)?": CCM's rule decides)."""
    kb = ctx.kb
    return [c for c in codes if c in kb.codes and kb.codes[c].family in kb.families
            and any(r.topic == _TOPIC for r in kb.families[kb.codes[c].family].requirements)]
