"""Checks of the claim-level knowledge: modifiers, places of service, unit rules, payers, add-on start points, MDM levels."""

from __future__ import annotations

from collections.abc import Iterator

from bot.kb.load import Knowledge
from bot.kb.records import Problem, Relation

MODIFIER_FILE, PLACE_FILE = "knowledge/modifiers.yaml", "knowledge/places.yaml"
VALID_LEVELS = {"CPT", "HCPCS"}
VALID_RATES = {"facility", "non_facility"}
VALID_RELATIONS = {"not_with", "with", "see_also"}
VALID_AMOUNT_KINDS = {"threshold", "review"}


def claim_problems(kn: Knowledge) -> Iterator[Problem]:
    """Every problem in modifiers, places, unit rules, payers and add-on start points."""
    yield from _modifier_problems(kn)
    yield from _place_problems(kn)
    yield from _unit_problems(kn)
    yield from _code_extras(kn)


def _sources(kn: Knowledge, file: str, key: str, ids) -> Iterator[Problem]:
    if not ids:
        yield Problem(file, key, "no source")
    for sid in ids:
        if sid not in kn.sources:
            yield Problem(file, key, f"unknown source '{sid}'")


def _contested(kn: Knowledge, file: str, key: str, cid: str | None) -> Iterator[Problem]:
    if cid and cid not in kn.contested:
        yield Problem(file, key, f"unknown contested point '{cid}'")


def _relation_problems(kn: Knowledge, file: str, key: str, rel: Relation) -> Iterator[Problem]:
    known = {"modifier": kn.modifiers, "POS": kn.places, "code": kn.codes}
    rkey = f"{key}.links[{rel.target}]"
    if rel.system not in known:
        yield Problem(file, rkey, f"system must be one of {sorted(known)}")
    elif rel.target not in known[rel.system]:
        yield Problem(file, rkey, f"unknown {rel.system} {rel.target}")
    if rel.kind not in VALID_RELATIONS:
        yield Problem(file, rkey, f"kind must be one of {sorted(VALID_RELATIONS)}")
    yield from _sources(kn, file, rkey, [rel.source])
    yield from _contested(kn, file, rkey, rel.contested)


def _modifier_problems(kn: Knowledge) -> Iterator[Problem]:
    for mod in kn.modifiers.values():
        key = f"modifiers[{mod.code}]"
        if mod.level not in VALID_LEVELS:
            yield Problem(MODIFIER_FILE, f"{key}.level", f"must be one of {sorted(VALID_LEVELS)}")
        if mod.status not in {"active", "deleted"}:
            yield Problem(MODIFIER_FILE, f"{key}.status", "must be active or deleted")
        if len(mod.code) != 2 or not mod.code.isalnum():
            yield Problem(MODIFIER_FILE, f"{key}.code", "a modifier is two letters or digits")
        yield from _sources(kn, MODIFIER_FILE, f"{key}.sources", mod.sources)
        yield from _contested(kn, MODIFIER_FILE, f"{key}.contested", mod.contested)
        for use in mod.uses:
            if use.target not in kn.families and use.target not in kn.codes:
                yield Problem(MODIFIER_FILE, f"{key}.uses[{use.target}]", "neither a family nor a code")
            yield from _sources(kn, MODIFIER_FILE, f"{key}.uses[{use.target}]", [use.source])
            for role in use.roles:
                if role not in kn.meta.get("roles", {}):
                    yield Problem(MODIFIER_FILE, f"{key}.uses[{use.target}]", f"unknown role '{role}'")
        for amount in mod.amounts:
            akey = f"{key}.amounts[{amount.year}]"
            if amount.kind not in VALID_AMOUNT_KINDS or amount.amount <= 0:
                yield Problem(MODIFIER_FILE, akey, f"needs a positive amount and kind one of {sorted(VALID_AMOUNT_KINDS)}")
            yield from _sources(kn, MODIFIER_FILE, akey, [amount.source])
        if mod.payment_percent is not None and not 0 < mod.payment_percent <= 100:
            yield Problem(MODIFIER_FILE, f"{key}.payment_percent", "must be between 1 and 100")
        for rel in mod.links:
            yield from _relation_problems(kn, MODIFIER_FILE, key, rel)


def _place_problems(kn: Knowledge) -> Iterator[Problem]:
    for place in kn.places.values():
        key = f"places[{place.code}]"
        if place.rate not in VALID_RATES:
            yield Problem(PLACE_FILE, f"{key}.rate", f"must be one of {sorted(VALID_RATES)}")
        if len(place.code) != 2 or not place.code.isdigit():
            yield Problem(PLACE_FILE, f"{key}.code", "a place of service is two digits")
        yield from _sources(kn, PLACE_FILE, f"{key}.sources", place.sources)
        yield from _contested(kn, PLACE_FILE, f"{key}.contested", place.contested)
        for rel in place.links:
            yield from _relation_problems(kn, PLACE_FILE, key, rel)


def _unit_problems(kn: Knowledge) -> Iterator[Problem]:
    """Unit-based codes need their family's unit rule and a timed flag; a unit rule needs sane numbers."""
    for fam in kn.families.values():
        rule = fam.unit_rule
        if rule is None:
            continue
        file = f"knowledge/families/{fam.id.lower()}.yaml"
        if not 0 < rule.first_unit_minutes <= rule.unit_minutes:
            yield Problem(file, "family.unit_rule", "first_unit_minutes must be between 1 and unit_minutes")
        yield from _sources(kn, file, "family.unit_rule", [rule.source])
        yield from _contested(kn, file, "family.unit_rule", rule.contested)
    for code in kn.codes.values():
        if code.rule.basis != "units":
            continue
        file, key = kn.code_files[code.code], f"codes[{code.code}].rule"
        fam = kn.families.get(code.family)
        if fam is None or fam.unit_rule is None:
            yield Problem(file, key, "a unit-based code needs its family's unit_rule")
        if code.rule.timed is None:
            yield Problem(file, key, "a unit-based code needs timed: true or false")


def _code_extras(kn: Knowledge) -> Iterator[Problem]:
    payers = kn.meta.get("payers", {})
    for code in kn.codes.values():
        file, key = kn.code_files[code.code], f"codes[{code.code}]"
        if code.payer is not None and code.payer not in payers:
            yield Problem(file, f"{key}.payer", f"unknown payer '{code.payer}' (see meta.yaml payers)")
        for base, minutes in (code.rule.add_on_start or {}).items():
            if str(base) not in code.add_on_to:
                yield Problem(file, f"{key}.rule.add_on_start", f"{base} is not a base this add-on goes with")
            if not isinstance(minutes, int) or minutes <= 0:
                yield Problem(file, f"{key}.rule.add_on_start", "start points are positive minutes")
        if code.rule.mdm is not None and code.rule.mdm not in kn.meta.get("mdm_levels", []):
            yield Problem(file, f"{key}.rule.mdm", f"unknown MDM level '{code.rule.mdm}' (see meta.yaml mdm_levels)")
        fam = kn.families.get(code.family)
        if fam is not None and fam.payments_held and code.status == "active" and code.payment is None:
            yield Problem(file, f"{key}.payment", "missing (or set payments_held: false on the family)")
