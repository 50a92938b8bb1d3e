"""Answers for timed therapy services: units from minutes (8-minute rule, the per-code reading beside it),
worked examples on define answers, and same-session pairs named among several codes."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from bot.answer import Answer, Billing, BillingLine
from bot.engine.shared_minutes import counts_time_twice
from bot.engine import facts, handlers, pair_handler, therapy_evals, therapy_split
from bot.engine.office_read import ClaimTerms
from bot.engine.phrases import tokens
from bot.engine.units import Allocation, Service, allocate_each, allocate_total
from bot.kb.records import UnitRule
from bot.engine.scenario import COUNTED_MINUTES
from bot.kb.store import KnowledgeBase

if TYPE_CHECKING:
    from bot.engine.handlers import Context


def unit_rule_of(kb: KnowledgeBase, code: str) -> UnitRule | None:
    """The unit rule of a code's family, when its rule is unit-based."""
    c = kb.codes.get(code)
    if c is None or c.rule.basis != "units" or c.family not in kb.families:
        return None
    return kb.families[c.family].unit_rule


def _timed(kb: KnowledgeBase, code: str) -> bool:
    return bool(kb.codes[code].rule.timed)


def has_unit_minutes(kb: KnowledgeBase, terms: ClaimTerms) -> bool:
    """Whether the question ties minutes to at least one unit-based code (timed, or untimed: then one unit)."""
    return any(m is not None and unit_rule_of(kb, c) is not None for c, m in terms.services)


def asks_another_service(kb: KnowledgeBase, sc, terms: ClaimTerms) -> bool:
    """Whether every unit code the minutes are tied to is told as billed already and the question asks a code of
    another family ("PT billed (a unit code) x2 at the visit ...; can we bill (an RTM code)?"): the minutes are the
    other service's, not units to count again."""
    units = [c for c, _m in terms.services if unit_rule_of(kb, c) is not None]
    if sc is None or not units or any(sc.role_of(c) != "billed" for c in units) \
            or not sc.of("minutes", *COUNTED_MINUTES):  # no minutes left to count for the other service
        return False
    held = {kb.codes[c].family for c in units if c in kb.codes}
    return any(c in kb.codes and kb.codes[c].family not in held and unit_rule_of(kb, c) is None for c in sc.codes("asked"))


def _services(kb: KnowledgeBase, terms: ClaimTerms) -> list[Service]:
    return [Service(c, m, _timed(kb, c)) for c, m in terms.services if unit_rule_of(kb, c) is not None]


def _lines(kb: KnowledgeBase, alloc: Allocation) -> list[BillingLine]:
    return [BillingLine(code=c, units=u, title=kb.codes[c].title) for c, u in alloc.lines]


def _show(alloc: Allocation) -> str:
    return ", ".join(f"{c} x{u}" for c, u in alloc.lines) or "nothing"


def per_code_payer(kb: KnowledgeBase, payer: str | None) -> bool:
    """A payer other than the default (Medicare) is read per code, the CPT reading, with Medicare's as the other."""
    return payer is not None and payer != kb.meta.get("default_payer", "medicare")


def billing_for(kb: KnowledgeBase, services: list[Service], year: int, example: bool = False,
                payer: str | None = None) -> tuple[Billing, Allocation, Allocation, UnitRule]:
    """Billing for the day's services: the payer's reading leads (Medicare: total time), the other one beside it."""
    rule = next(unit_rule_of(kb, s.code) for s in services)
    family = kb.codes[services[0].code].family
    services, refused = _accepted(kb, services, payer)
    total = allocate_total(services, rule.unit_minutes, rule.first_unit_minutes)
    each = allocate_each(services, rule.unit_minutes, rule.first_unit_minutes)
    if per_code_payer(kb, payer):
        total, each = each, total
    missing = [s.code for s in services if s.timed and s.minutes is None]
    assumptions = [f"No minutes given for {', '.join(missing)}: counted as 0 timed minutes."] if missing else []
    assumptions += refused
    assumptions.append("All services on one calendar day, one patient, one-on-one time for the timed codes.")
    label = kb.meta.get("payers", {}).get(payer or kb.meta.get("default_payer", "medicare"), {}).get("label", "Medicare")
    if per_code_payer(kb, payer):
        assumptions.append(f"{year} rules of {label}; units follow each code's own minutes (the CPT per-code reading, "
                           f"a unit from {rule.first_unit_minutes} minutes of that code).")
    else:
        assumptions.append(f"{year} {label} rules; units follow {rule.label}.")
    inputs = {"family": family, "minutes": total.timed_minutes, "days": None,
              "interactive": None, "year": year, "services": {s.code: s.minutes for s in services}, "payer": payer}
    billing = Billing(inputs=inputs, lines=_lines(kb, total), unbilled_minutes=total.unbilled_minutes or None,
                      assumptions=assumptions, trace=total.trace, example=example)
    return billing, total, each, rule


def _accepted(kb: KnowledgeBase, services: list[Service], payer: str | None) -> tuple[list[Service], list[str]]:
    """The services the payer pays on a line of their own, and a note for each one left off (with the payer's own code
    for it, where it has one)."""
    asked = payer or str(kb.meta.get("default_payer", "medicare"))
    label = kb.meta.get("payers", {}).get(asked, {}).get("label", asked)
    kept, notes = [], []
    for s in services:
        code = kb.codes[s.code]
        if code.payer is None or code.payer == asked:
            kept.append(s)
            continue
        alts = [l.target for l in kb.links_of(s.code) if l.target in kb.codes and kb.codes[l.target].payer in (None, asked)
                and unit_rule_of(kb, l.target) is not None]
        if alts and all(k.code != alts[0] for k in kept):  # the payer's own code for the same service takes its place
            kept.append(Service(alts[0], s.minutes, _timed(kb, alts[0])))
            notes.append(f"{s.code} billed as {alts[0]}: {label} does not pay {s.code}; it takes {alts[0]} for that "
                         "service.")
            continue
        notes.append(f"{s.code} left off: {label} does not pay it on a line of its own"
                     + (f"; it takes {' or '.join(alts)} for that service." if alts else " (see its rule)."))
    return kept, notes


def _other_reading(total: Allocation, each: Allocation, per_code_first: bool = False) -> str | None:
    if total.lines == each.lines:
        return None
    lost = ", ".join(f"{c} ({m} min)" for c, m in each.unbilled.items())
    name = "Medicare total-time reading (8-minute rule over all timed minutes)" if per_code_first else \
        "per code, used by some non-Medicare payers"
    return (f"Other reading ({name}): {_show(each)}" + (f"; minutes that earn nothing that way: {lost}." if lost else "."))


def units_answer(ctx: Context, terms: ClaimTerms) -> Answer:
    """Lines and units for the day's therapy services, with the trace and the other reading as a caveat."""
    kb = ctx.kb
    services = _services(kb, terms)
    unmet = [s for s in services if not therapy_evals.requirement_met(kb, ctx.q.scenario, s.code)]
    if unmet and len(unmet) < len(services):  # "routine progress note plus 25 minutes": no re-evaluation line
        services = [s for s in services if s not in unmet]
        ctx.notes.append(therapy_evals.unmet_note(kb, [s.code for s in unmet]))
    evenly = therapy_split.even_split(ctx, services) if therapy_split.shared_figure(ctx, services) else None
    if evenly is not None:  # "split evenly": the figure divided as said
        services = evenly
        terms.services[:] = [(s.code, s.minutes) for s in evenly]
    elif therapy_split.shared_figure(ctx, services) and counts_time_twice(kb, ctx.q.text):
        return pair_handler.pair_answer(ctx, [s.code for s in services if s.timed][:2])  # "done at once, the same 15 minutes"
    elif therapy_split.shared_figure(ctx, services):
        rule = next(unit_rule_of(kb, s.code) for s in services)
        label = kb.meta.get("payers", {}).get(terms.payer or kb.meta.get("default_payer", "medicare"), {})
        return therapy_split.split_clarify(ctx, services, rule, str(label.get("label", "Medicare")).split(" (")[0])
    billing, total, each, rule = billing_for(kb, services, ctx.year, payer=terms.payer)
    other = _other_reading(total, each, per_code_payer(kb, terms.payer))
    billing.assumptions[:0] = _read_as(kb, terms)
    if other:
        ctx.notes.append(other)
        if per_code_payer(kb, terms.payer):
            ctx.notes.append("Read per code because the question names a payer that follows CPT; many commercial "
                             "payers follow Medicare's total-time method instead. Check the payer's policy.")
        elif rule.contested:
            ctx.contested.append(rule.contested)
    ctx.source_ids += [rule.source, *(kb.codes[s.code].rule.source for s in services)]
    codes = [facts.code_fact(kb, kb.codes[c], ctx.year) for c in dict.fromkeys(s.code for s in services)]
    family = kb.codes[services[0].code].family
    return handlers.finish(ctx, status="answered", intent="bill", codes=codes, billing=billing, families=[family],
                            family_info=[facts.family_info(kb, family)])


def _read_as(kb: KnowledgeBase, terms: ClaimTerms) -> list[str]:
    """What each service was read as, so a wrong reading shows ("moderate complexity eval" -> the PT code)."""
    said = [f"{c} {kb.codes[c].title} ({m} min)" if m is not None else f"{c} {kb.codes[c].title}"
            for c, m in terms.services if unit_rule_of(kb, c) is not None]
    return [f"Read as: {'; '.join(said)}."] if said else []


def unit_family(ctx: Context) -> str | None:
    """The family with a unit rule the question names (and nothing else), if any, unless inside a code's own name."""
    # "occupational therapy evaluation, moderate complexity": the family's name is part of the code asked
    fams = ctx.q.families
    if len(fams) != 1 or ctx.kb.families[fams[0]].unit_rule is None:
        return None
    from bot.engine.office_minutes import unit_aliases  # noqa: PLC0415  (only for a question naming a unit family)

    aliases, _owner = unit_aliases(ctx.kb)
    words = [w for w in tokens(ctx.q.text) if w not in {",", ";", ":"}]
    named = {a for a, (kind, f) in ctx.kb.aliases.items() if kind == "family" and f == fams[0]}
    held = [p for _i, p in aliases.find(words) if any(f" {n} " in f" {p} " and n != p for n in named)]
    return None if held else fams[0]


def family_example(ctx: Context, family: str) -> Answer:
    """The unit rule itself, shown as a worked example on the family's first two timed codes."""
    kb = ctx.kb
    rule = kb.families[family].unit_rule
    timed = [c.code for c in kb.codes_by_family[family] if c.rule.basis == "units" and c.rule.timed][:2]
    minutes = [2 * rule.unit_minutes + rule.first_unit_minutes // 2 - 1, rule.first_unit_minutes - 1]
    services = [Service(c, m, True) for c, m in zip(timed, minutes)]
    billing, total, each, rule = billing_for(kb, services, ctx.year, example=True)
    if (other := _other_reading(total, each)) is not None:
        ctx.notes.append(other)
        ctx.contested += [rule.contested] if rule.contested else []
    ctx.source_ids += [rule.source, *kb.families[family].sources]
    return handlers.finish(ctx, status="answered", intent="bill", billing=billing, families=[family],
                            codes=[facts.code_fact(kb, kb.codes[c], ctx.year) for c in timed],
                            family_info=[facts.family_info(kb, family)])


def define_with_units(ctx: Context, code: str) -> Answer | None:
    """A timed unit-based code's define answer with a worked units example; None for any other code."""
    rule = unit_rule_of(ctx.kb, code)
    if rule is None or not _timed(ctx.kb, code):
        return None
    answer = handlers.define(ctx, code)
    minutes = 2 * rule.unit_minutes + rule.first_unit_minutes // 2
    billing, *_ = billing_for(ctx.kb, [Service(code, minutes, True)], ctx.year, example=True)
    return dataclasses.replace(answer, billing=billing)


def linked_pair(ctx: Context, codes: list[str]) -> Answer | None:
    """Among three or more codes, the pair with an explicit rule (an NCCI edit) is the one to answer."""
    kb = ctx.kb
    for i, a in enumerate(codes):
        for b in codes[i + 1:]:
            if any(l.target == b and l.kind in ("not_with", "with") for l in kb.links_of(a)):
                answer = pair_handler.pair_answer(ctx, [a, b])
                others = [c for c in codes if c not in (a, b)]
                if others:
                    answer = dataclasses.replace(answer, caveats=answer.caveats + [
                        f"Answered for the pair with a rule on file; {', '.join(others)} have no pair rule with them here."])
                return answer
    return None
