"""Therapy units questions without per-code minutes: "how many units is 38 minutes?" (the 8-minute rule table for
the day's total, no code named) and "how many minutes do 3 units of a code need?" (the table read backwards)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from bot.answer import Answer, Billing
from bot.engine import facts, handlers
from bot.engine.patterns import lazy
from bot.engine.phrases import PhraseSet, tokens
from bot.engine.spoken_time import minutes_spelled_out
from bot.engine.units import unit_span, units_for

if TYPE_CHECKING:
    from bot.engine.handlers import Context

_UNITS_ASKED = lazy(r"\b(?:how many|number of|no\.? of|#\s*of)\s+(?:\w+\s+){0,2}units?\b|\bunits?\s*\?"
                          r"|\bunits? (?:for|is|are|do|does|from|in)\b")
_UNITS_GIVEN = lazy(r"(?:\bx\s*)?\b(\d{1,2})\s*units?\b")
_MINUTES = lazy(r"\b(\d{1,3})\s*(?:(?:total|timed|treatment|therapy|dedicated|direct|skilled|actual|documented|billable)\s+){0,2}(?:minutes?|mins?|min)\b")
_MINUTES_ASKED = lazy(r"\bhow (?:many|much) (?:minutes|mins|time)\b|\bminutes? (?:do i|does it|is) need")


def _unit_family(ctx: Context) -> str | None:
    """The one family with a unit rule (the question names it or names no family at all)."""
    fams = [f for f in ctx.kb.families.values() if f.unit_rule is not None]
    if not ctx.q.families and _other_story(ctx, {f.id for f in fams}):
        return None
    if ctx.q.families:
        named = [f.id for f in fams if f.id in ctx.q.families]
        return named[0] if len(named) == 1 and len(ctx.q.families) == 1 else None
    return fams[0].id if len(fams) == 1 else None


def _other_story(ctx: Context, unit_families: set[str]) -> bool:
    """Another family's cue, or minutes spent by someone no unit family's ladder names ("our peer support specialist
    logged 1 hr 40 min ... which codes and units?"): not a therapy day's total."""
    sc, kb = ctx.q.scenario, ctx.kb
    if sc is None:
        return False
    if any(f.value not in unit_families for f in sc.of("family")):
        return True
    if any(f.role in ("named_conditions", "chronic_conditions") for f in sc.of("count")) \
            and PhraseSet(kb.vocabulary.get("care_management_cues", [])).any(ctx.q.words):
        return True  # "diabetes, hypertension and arthritis ... her care-plan calls: how many units?": care management
    therapists = {p for fam in unit_families for t in kb.family_tracks(fam) for p in t.performed_by}
    return bool(therapists) and any(m.who and m.who not in therapists for m in sc.of("minutes"))


def _units_word(kb, low: str) -> bool:
    cached = kb.cache.get("units_cue")
    if cached is None:
        cached = kb.cache.setdefault("units_cue", PhraseSet(["unit", "units"]))
    return cached.any(tokens(low))


def total_units(ctx: Context, codes: list[str]) -> Answer | None:
    """ "How many units is 38 minutes?": the units the day's timed total earns, and how they go to the codes."""
    low = minutes_spelled_out(ctx.q.text, ctx.kb)
    spans = [int(m.group(1)) for m in _MINUTES().finditer(low)]
    minutes = spans[0] if len(spans) == 1 else ctx.q.minutes
    if codes or minutes is None or not _units_word(ctx.kb, low) or not _UNITS_ASKED().search(low):
        return None
    family = _unit_family(ctx)
    if family is None:
        return None
    rule = ctx.kb.families[family].unit_rule
    units = units_for(minutes, rule.unit_minutes, rule.first_unit_minutes)
    span = unit_span(units, rule.unit_minutes, rule.first_unit_minutes) if units else (0, rule.first_unit_minutes - 1)
    trace = [f"Timed minutes: {minutes}; {span[0]}-{span[1]} minutes in all earn {units} unit(s) ({rule.label}).",
             f"The units go to the codes by each one's minutes: a unit for each full {rule.unit_minutes} minutes of a "
             "code, the rest to the codes with the most minutes left over; untimed codes are one unit each."]
    billing = Billing(inputs={"family": family, "minutes": minutes, "days": None, "interactive": None,
                              "year": ctx.year}, lines=[], trace=trace,
                      assumptions=[f"Read as {minutes} timed therapy minutes in the day, one patient "
                                   f"({ctx.year} Medicare rules); name each code's minutes for the lines."])
    ctx.source_ids += [rule.source, *ctx.kb.families[family].sources]
    if rule.contested:
        ctx.contested.append(rule.contested)
    return handlers.finish(ctx, status="answered", intent="bill", billing=billing, families=[family],
                           family_info=[facts.family_info(ctx.kb, family)],
                           message=f"{minutes} timed minutes in all earn {units} unit(s) under the {rule.label}.")


def units_needed(ctx: Context, answer: Answer, code: str) -> Answer:
    """A define answer for a timed code whose question gives units and asks minutes: the example at that many units."""
    low = ctx.q.text
    given = _UNITS_GIVEN().search(low)
    if given is None or not _MINUTES_ASKED().search(low) or answer.billing is None:
        return answer
    from bot.engine.therapy import billing_for, unit_rule_of
    from bot.engine.units import Service

    rule = unit_rule_of(ctx.kb, code)
    units = int(given.group(1))
    if rule is None or units < 1:
        return answer
    low_end, high_end = unit_span(units, rule.unit_minutes, rule.first_unit_minutes)
    billing, *_ = billing_for(ctx.kb, [Service(code, low_end, True)], ctx.year, example=True)
    billing.trace.insert(0, f"{units} unit(s) need {low_end}-{high_end} timed minutes in the day ({rule.label}); "
                            f"as the only timed code, {code} needs at least {low_end} minutes.")
    return dataclasses.replace(answer, billing=billing)
