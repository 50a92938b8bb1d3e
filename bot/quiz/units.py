"""Units questions: minutes of timed services on one day, how many units of each? Keyed by the units engine."""

from __future__ import annotations

import random

from bot.engine.units import Service, allocate_each, allocate_total, units_for
from bot.kb.store import KnowledgeBase
from bot.quiz.codes import live_codes
from bot.quiz.model import Choice, Question, build_question

NOTHING = "No unit can be reported"
Lines = tuple[tuple[str, int], ...]


def _show(lines: Lines) -> str:
    return ", ".join(f"{c} x{u}" for c, u in lines) or NOTHING


def _mistakes(services: list[Service], key: Lines, unit: int, first: int) -> list[tuple[Lines, str]]:
    """The usual ways to get the 8-minute rule wrong, each as its lines and why it is wrong."""
    each = tuple(allocate_each(services, unit, first).lines)
    total = units_for(sum(s.minutes or 0 for s in services), unit, first)
    longest = max(services, key=lambda s: s.minutes or 0)
    floor = tuple((s.code, (s.minutes or 0) // unit) for s in services if (s.minutes or 0) // unit)
    out = [(each, "That counts each code on its own; Medicare adds the day's timed minutes first."),
           (((longest.code, total),) if total else (), "All units go to one code only when no other code earns one."),
           (floor, "Only full 15-minute blocks were counted; the rest of the day's minutes can still earn a unit.")]
    if key:
        code, units = key[0]
        out.append((((code, units + 1),) + key[1:], "One unit too many for the day's total minutes."))
    return out


def units(kb: KnowledgeBase, family: str, rng: random.Random) -> Question | None:
    """Return a how-many-units question for a family with a unit rule; None for other families."""
    fam = kb.families.get(family)
    rule = fam.unit_rule if fam else None
    timed = [c for c in live_codes(kb, family) if c.rule.basis == "units" and c.rule.timed]
    if rule is None or len(timed) < 3:
        return None
    picks = rng.sample(timed, rng.choice([1, 2, 2, 3, 3, 4]))
    services = [Service(c.code, rng.randint(3, 40), True) for c in picks]
    alloc = allocate_total(services, rule.unit_minutes, rule.first_unit_minutes)
    key: Lines = tuple(alloc.lines)
    seen, wrong = {key}, []
    for lines, note in _mistakes(services, key, rule.unit_minutes, rule.first_unit_minutes):
        if lines not in seen and all(u > 0 for _c, u in lines):
            seen.add(lines)
            wrong.append(Choice(_show(lines), lines, note))
    if len(wrong) < 2:
        return None
    parts = ", ".join(f"{s.minutes} minutes of {s.code} ({kb.codes[s.code].title.lower()})" for s in services)
    prompt = f"{fam.name}, Medicare {kb.default_year}, one day: {parts}. How many units of each?"
    explanation = "\n".join([f"Report: {_show(key)}.", *alloc.trace])
    return build_question(rng, kind="units", family=family, difficulty="hard" if len(services) > 2 else "medium",
                          prompt=prompt, choices=[Choice(_show(key), key, key=True)] + wrong[:3],
                          explanation=explanation, source_ids=[rule.source, *(kb.codes[s.code].rule.source for s in services)],
                          codes=[s.code for s in services], facts={"minutes": {s.code: s.minutes for s in services}})
