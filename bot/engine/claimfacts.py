"""Answer pieces for modifiers and places of service: facts, companions, thresholds and the telehealth rate rule."""

from __future__ import annotations

from bot.answer import CodeFact, Companion
from bot.kb.records import Amount, Modifier, Place, Relation
from bot.kb.store import KnowledgeBase

MODIFIER, POS = "modifier", "POS"
_RATE = {"facility": "facility", "non_facility": "non-facility"}


def year_amounts(mod: Modifier, year: int) -> list[Amount]:
    """The modifier's dollar amounts for `year` (thresholds first)."""
    return sorted((a for a in mod.amounts if a.year == year), key=lambda a: a.kind != "threshold")


def _amount_lines(mod: Modifier, year: int) -> list[str]:
    amounts = year_amounts(mod, year)
    if mod.amounts and not amounts:
        return [f"No {mod.code} amounts are on file for {year}."]
    return [f"{year} {'threshold' if a.kind == 'threshold' else 'review threshold'}: ${a.amount:,.0f} ({a.label})."
            for a in amounts]


def modifier_rules(mod: Modifier, year: int) -> list[str]:
    """The modifier's rules in plain sentences: when, payment effect, amounts, limits."""
    lines = [f"When: {mod.when}", f"Level: {mod.level} modifier."]
    if mod.payment_percent is not None:
        lines.append(f"Payment: Medicare pays {mod.payment_percent}% of the fee schedule amount for the line "
                     f"(a {100 - mod.payment_percent}% reduction).")
    lines += _amount_lines(mod, year) + [f"Not: {limit}" for limit in mod.limits]
    return lines


def modifier_fact(mod: Modifier, year: int, lead: list[str] | None = None) -> CodeFact:
    """Return the CodeFact for a modifier (system "modifier"); `lead` lines go before its rules."""
    return CodeFact(code=mod.code, system=MODIFIER, family=mod.kind, title=mod.title, summary=mod.summary,
                    status=mod.status, role=mod.kind, effective_year=mod.effective_year, ended_year=mod.ended_year,
                    rules=(lead or []) + modifier_rules(mod, year),
                    source_ids=list(dict.fromkeys([*mod.sources, *(a.source for a in year_amounts(mod, year))])))


def place_rules(place: Place) -> list[str]:
    """The place's Medicare rate and notes."""
    return [f"Medicare physician fee schedule: paid at the {_RATE.get(place.rate, place.rate)} rate.", *place.notes]


def place_fact(place: Place) -> CodeFact:
    """Return the CodeFact for a place of service (system "POS")."""
    return CodeFact(code=place.code, system=POS, family="telehealth" if place.telehealth else "setting",
                    title=place.title, summary=place.summary, status=place.status, role="place",
                    effective_year=place.effective_year, rules=place_rules(place), source_ids=list(place.sources))


def _title(kb: KnowledgeBase, rel: Relation) -> str:
    table = {MODIFIER: kb.modifiers, POS: kb.places}.get(rel.system)
    if table is not None:
        return table[rel.target].title if rel.target in table else ""
    return kb.codes[rel.target].title if rel.target in kb.codes else ""


def relation_companions(kb: KnowledgeBase, relations: tuple[Relation, ...]) -> list[Companion]:
    """Companions from modifier or place links; `with` is the contract's see_also."""
    return [Companion(code=r.target, relation="not_with" if r.kind == "not_with" else "see_also", note=r.note,
                      title=_title(kb, r)) for r in relations]


def telehealth_rule(kb: KnowledgeBase) -> str:
    """Medicare's telehealth POS rule in one sentence, from the telehealth places on file."""
    tele = [p for p in kb.places.values() if p.telehealth]
    parts = [f"POS {p.code} ({p.title.lower()}) pays the {_RATE.get(p.rate, p.rate)} rate" for p in tele]
    mods = sorted({r.target for p in tele for r in p.links if r.system == MODIFIER})
    paired = f"; the modifier ({' or '.join(mods)}) does not change it" if mods else ""
    return f"Medicare telehealth: {'; '.join(parts)}. The POS sets the rate{paired}." if parts else ""


def relation_between(subject: Modifier | Place, target: str, system: str) -> Relation | None:
    """The link from a modifier or place to a target of a system, if any."""
    return next((r for r in subject.links if r.target == target and r.system == system), None)


def kx_verdict(mod: Modifier, amount: float, year: int) -> str | None:
    """Whether a year-to-date therapy amount needs the threshold modifier, from its amounts; None without one."""
    thresholds = [a for a in year_amounts(mod, year) if a.kind == "threshold"]
    if not thresholds:
        return None
    limit = thresholds[0].amount
    groups = " and ".join(f"{a.label} ${a.amount:,.0f}" for a in thresholds)
    review = next((a for a in year_amounts(mod, year) if a.kind == "review"), None)
    if amount > limit:
        text = (f"Yes: ${amount:,.2f} is above the {year} threshold ({groups}), so add {mod.code} to each therapy line "
                f"of that discipline group from the claim that passes it, with the record supporting medical necessity.")
        if review and amount > review.amount:
            text += f" Above ${review.amount:,.0f} the claims may also be picked for targeted medical review."
        return text
    return (f"Not yet: ${amount:,.2f} does not exceed the {year} threshold ({groups}); {mod.code} is needed once the "
            f"year's allowed therapy amount for the discipline group passes it (PT and SLP count together, OT apart).")
