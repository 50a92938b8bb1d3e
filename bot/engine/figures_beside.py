"""A verdict asked beside the figures that decide what to bill ("the device code twice for two devices? both sent
readings on 22 days", "CHI or PIN? 75 minutes"): the verdict, with the lines the figures earn, so no stated figure is
left unused."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from bot.engine.phrases import PhraseSet, tokens

if TYPE_CHECKING:
    from bot.answer import Answer, Billing, PairVerdict
    from bot.engine.handlers import Context


def lines_beside(ctx: Context, verdict: PairVerdict, codes: list[str], keep_empty: bool = False) -> Answer | None:
    """The bill answer for the codes with the verdict beside it (intent pair), or None when the figures bill nothing
    (unless `keep_empty`). It is tried on a copy of the notes and of the facts used, so a try that bills nothing
    leaves the context as it was."""
    from bot.engine.bill_handler import bill_answer  # noqa: PLC0415 (only for such questions)

    sc = ctx.q.scenario
    trial = dataclasses.replace(ctx, notes=[*ctx.notes], contested=[*ctx.contested],
                                source_ids=[*ctx.source_ids, *verdict.source_ids])
    used = set(sc.used) if sc is not None else set()
    lines = bill_answer(trial, codes, pair=verdict)
    if (apart := months_apart(ctx, verdict, lines.billing)) is not None:
        lines = dataclasses.replace(lines, pair=apart)
    if keep_empty or (lines.billing is not None and lines.billing.lines):
        return dataclasses.replace(lines, intent="pair") if lines.pair is not None else lines
    if sc is not None:
        sc.used = used
    return None


def months_apart(ctx: Context, verdict: PairVerdict, billing: Billing | None) -> PairVerdict | None:
    """"(the 10-minute code) in September and (the 20-minute one) in October: never together?": a pair ruled out only within one calendar month
    (or day), whose lines the story puts in different calendar months, is allowed; None otherwise."""
    month = ctx.kb.period_label("calendar_month")
    if verdict.allowed is not False or billing is None or verdict.period not in (f"same {month}", "same day"):
        return None
    periods = {side: {line.period for line in billing.lines if line.code == side} for side in (verdict.left, verdict.right)}
    left, right = periods[verdict.left], periods[verdict.right]
    if verdict.left == verdict.right or not left or not right or "" in left | right or left & right:
        return None
    return dataclasses.replace(verdict, allowed=True, period=f"different {month}s", reason=(
        f"{verdict.reason} That limit binds one {verdict.period.removeprefix('same ')}: the question puts {verdict.left} "
        f"and {verdict.right} in different calendar months, so each month's code stands on its own."))


def rule_with_lines(ctx: Context, answer: Answer, codes: list[str]) -> Answer:
    """The rule answer with billing lines added when the question states minutes or data days and they bill
    something; else the rule answer unchanged."""
    from bot.engine.bill_handler import billable_families  # noqa: PLC0415

    q = ctx.q
    if answer.pair is None or answer.pair.allowed is None or (q.minutes is None and q.days is None):
        return answer
    if codes and not billable_families(ctx, codes):
        return answer
    # an allowed initiating visit is only a precondition: the stated minutes decide the bill, even when they bill nothing
    precondition = answer.pair.allowed and answer.pair.period == "initiating visit"
    return lines_beside(ctx, answer.pair, codes, keep_empty=precondition) or answer


def told_days_bill(ctx: Context, answer: Answer) -> Answer:
    """One code asked again beside the data days that bill it ("both devices sent readings on 20 days: the device
    code twice?"): a bill of those days (intent bill), its own once-per rule said in the lines' reasons."""
    q, billing, verdict = ctx.q, answer.billing, answer.pair
    if q.intent != "bill" or q.days is None or q.minutes is not None or billing is None or not billing.lines \
            or verdict is None or verdict.allowed is not False or not verdict.about:
        return answer
    why = f"Asked more than once: {verdict.reason}"
    return dataclasses.replace(answer, intent="bill", billing=dataclasses.replace(billing, trace=[*billing.trace, why]))


def claim_names_all(sc, subjects: list[str], kb) -> bool:
    """"A website says the CCM code can't be billed in the same month as TCM. Is that right?": one quoted claim names
    every subject (by a code or a name of its family), so the pair it states is what is asked, with the lines beside."""
    if sc is None or len(subjects) < 2 or not sc.claims:
        return False
    fams = [kb.codes[s].family if s in kb.codes else s for s in subjects]
    names = {fam: [a for a, (kind, t) in kb.aliases.items() if kind == "family" and t == fam]
             + [c.code.lower() for c in kb.family_codes(fam)] for fam in fams}
    claims = [f" {' '.join(tokens(claim))} " for claim in sc.claims]
    return any(all(any(f" {' '.join(tokens(n))} " in claim for n in names[fam]) for fam in fams) for claim in claims)


def pair_with_story(ctx: Context, subjects: list[str]) -> Answer:
    """The pair verdict; asked beside a dated story of a family chosen by criteria ("d/c tues, seen day 6, high MDM:
    a level-5 E/M for that visit on top of the TCM?"), with the lines the story earns for that family."""
    from bot.engine.pair_handler import pair_answer  # noqa: PLC0415

    from bot.engine.modifier_pairs import rule_modifiers  # noqa: PLC0415

    answer, kb, sc = rule_modifiers(ctx, pair_answer(ctx, subjects)), ctx.kb, ctx.q.scenario
    if answer.pair is None or answer.pair.allowed is None or sc is None:
        return answer
    # the family chosen by criteria alone (TCM), not one billed by minutes with an add-on of its own rule (E/M); a
    # code's own family too when the verdict rules the other line out ("put 99214 plus the TCM code on the claim":
    # the claim is TCM's); when both may go, the story's lines alone would drop the line asked about
    families = dict.fromkeys(kb.codes[s].family if s in kb.codes and answer.pair.allowed is False else s for s in subjects)
    named = [s for s in families if s in kb.families and any(c.rule.requires for c in kb.codes_by_family.get(s, []))
             and not any(t.basis in ("minutes", "days") for t in kb.family_tracks(s))]
    dated = [f for f in sc.of("event") if f.role in ("discharge", "visit", "contact") and f.day is not None]
    if len(named) != 1 or len(dated) < 2:
        return answer
    lines = lines_beside(ctx, answer.pair, [])
    return dataclasses.replace(lines, intent="pair", pair=lines.pair or answer.pair) if lines is not None else answer


def asks_both(ctx: Context) -> bool:
    """Whether the question asks whether services go together ("can we bill both programs for the same month?")
    beside minutes two workers spent apart ("different staff, different minutes"): the pair is what is asked, its
    lines come beside; one worker's minutes beside a program named with none stay a bill."""
    sc = ctx.q.scenario
    workers = {f.who for f in sc.of("minutes") if f.who and f.role in ("spent", "total", "call")} if sc else set()
    return len(workers) >= 2 and _intent_phrases(ctx.kb, "pair_strong").any(ctx.q.words)


def ladder_asked(ctx: Context) -> bool:
    """Whether codes of one ladder are asked as the bill the figures choose (no word asking whether they go
    together, or units asked), not whether the codes go together."""
    # "35 min. 99470 + 99458?", "so 99490 + 99437 x2?": a bill; "can we bill 99491 for the doctor and 99490 for
    # the LPN?": a pair
    sc = ctx.q.scenario
    units = sc is not None and bool(sc.of("count", "unit"))
    return ctx.q.intent == "bill" and (units or not _intent_phrases(ctx.kb, "pair").any(ctx.q.words))


def _intent_phrases(kb, name: str) -> PhraseSet:
    """The vocabulary's intent phrases `name`, compiled once per knowledge base."""
    key = f"intent_phrases:{name}"
    if (found := kb.cache.get(key)) is None:
        found = kb.cache.setdefault(key, PhraseSet(kb.vocabulary.get("intents", {}).get(name, [])))
    return found



def visit_ruled_out(ctx: Context, verdict: PairVerdict) -> Billing | None:
    """A bill asked with minutes when the initiating visit told cannot start the family ("a staff-only level-1 visit,
    then 65 CHW minutes: can we bill the CHI code?"): a bill that reports nothing and says why; None otherwise."""
    from bot.answer import Billing  # noqa: PLC0415

    q = ctx.q
    if q.intent != "bill" or q.minutes is None or verdict.allowed is not False:
        return None
    if q.scenario is not None:
        q.scenario.use(*q.scenario.of("minutes"))  # the minutes told are read, and earn nothing
    inputs = {"minutes": q.minutes, "days": q.days, "interactive": None, "family": verdict.right, "year": ctx.year}
    why = f"No {verdict.right} code: {verdict.left} cannot be its initiating visit. {verdict.reason}"
    return Billing(inputs=inputs, lines=[], unbilled_minutes=q.minutes, trace=[why])
