"""A program told as billed already ("we bill APCM for him") beside a code of another program it rules out: the
verdict is no, and the lines are the kept program's own, from the stated facts (the exclusion wins over the minutes);
asked openly what the claim holds, the rest of the case is billed beside it."""

from __future__ import annotations

import dataclasses

from bot.answer import Answer, BillingLine, PairVerdict
from bot.engine.asking import ask_kind
from bot.engine.handlers import Context
from bot.engine.scenario import COUNTED_MINUTES


def chosen_program(ctx: Context, subjects: list[str]) -> list[str]:
    """The one family subject whose own code the question asks for ("which APCM code, and can we add (a CCM code)?"),
    beside codes of other families only; [] otherwise."""
    kb, sc = ctx.kb, ctx.q.scenario
    if sc is None or not sc.asked_words:
        return []
    asked = f" {sc.asked_words} "
    families = [s for s in subjects if s in kb.families]
    others = [s for s in subjects if s not in families]
    if len(families) != 1 or not others or any(s not in kb.codes or kb.codes[s].family == families[0] or s in asked
                                                 for s in others):
        return []
    names = {families[0].lower(), *(a.lower() for a in kb.families[families[0]].aliases)}
    return families if any(f" {n} " in asked for n in names) else []


def kept_program_answer(ctx: Context, subjects: list[str], verdict: PairVerdict, chosen: bool = False) -> Answer | None:
    """The billed family's own lines with the not-allowed verdict beside them, when exactly one subject is a family
    told as billed already (or, `chosen`, the family whose code is asked for) and the facts bill it; None otherwise
    (the plain verdict answers)."""
    from bot.engine.bill_handler import bill_answer

    kb, sc = ctx.kb, ctx.q.scenario
    kept = chosen_program(ctx, subjects) if chosen else \
        [s for s in subjects if s in kb.families and sc is not None and sc.role_of(s) == "billed"]
    if verdict.allowed is not False or len(kept) != 1:
        return None
    ruled = [s for s in subjects if s not in kept]
    sc.use(*(f for f in sc.of("code") if f.value in ruled))  # the ruled-out code is what the verdict is about
    # "which PCM code for 35 minutes ..., and can we add (a CCM code)?": the asked program's ladder counts the minutes
    timed = chosen and any(t.basis == "minutes" for t in kb.family_tracks(kept[0]))
    q = dataclasses.replace(ctx.q, families=kept, codes=[], minutes=ctx.q.minutes if timed else None,
                            days=ctx.q.days if timed else None)
    trial = Context(kb=kb, q=q, year=ctx.year, notes=list(ctx.notes), stopwords=ctx.stopwords,
                    contested=list(ctx.contested), source_ids=list(ctx.source_ids), raw_text=ctx.raw_text)
    answer = bill_answer(trial, [])
    lines = answer.billing.lines if answer.billing is not None and not answer.billing.example else []
    if answer.status != "answered" or not lines or any(kb.family_of(l.code) != kept[0] for l in lines):
        return None
    told = "the program asked about" if chosen else "billed already for this patient and period"
    note = (f"Not billed: {', '.join(ruled)}. {kept[0]} is {told}, and the two may not go together; the lines are "
            f"{kept[0]}'s own.")
    families = list(dict.fromkeys([*answer.families, *(kb.family_of(s) for s in ruled)]))
    return dataclasses.replace(answer, intent="pair", pair=verdict, families=families,
                               caveats=list(dict.fromkeys([note, *answer.caveats])))


def bill_without_ruled_out(ctx: Context, subjects: list[str], codes: list[str], verdict: PairVerdict) -> Answer | None:
    """An open bill ask ("what should November look like?") beside a code billed already that rules out one asked
    (an APCM code billed, a vendor wants a CCM code on top): the claim without the ruled-out code, the rest of the case billed
    from its figures, the verdict beside; None when that bills nothing."""
    from bot.engine.bill_handler import billable_families  # noqa: PLC0415
    from bot.engine.pair_handler import together_answer  # noqa: PLC0415  (it imports this module)

    sc = ctx.q.scenario
    if verdict.allowed is not False or ask_kind(ctx.q) != "bill" or sc is None:
        return None
    billed = [s for s in subjects if sc.role_of(s) == "billed"]
    ruled = [s for s in (verdict.left, verdict.right) if s in subjects and s not in billed]
    rest = [s for s in subjects if s not in ruled]
    if not billed or len(ruled) != 1 or len(rest) < 2:
        return None
    billable_families(ctx, codes)  # each program's minutes tied to it first ("another 30 min of care coordination")
    used, told = set(sc.used), list(sc.facts)
    family = ctx.kb.codes[ruled[0]].family if ruled[0] in ctx.kb.codes else ruled[0]
    sc.facts = [dataclasses.replace(f, role="ruled_out") if f.kind == "minutes" and f.family == family
                and f.role in COUNTED_MINUTES else f for f in sc.facts]  # the ruled-out program's time earns nothing
    sc.use(*(f for f in sc.facts if f.value == ruled[0] and f.kind == "code" or f.role == "ruled_out"))
    trial = dataclasses.replace(ctx, notes=[*ctx.notes], contested=[*ctx.contested],
                                source_ids=[*ctx.source_ids, *verdict.source_ids])
    answer = together_answer(trial, rest, [c for c in codes if c not in ruled])
    lines = answer.billing.lines if answer.billing is not None and not answer.billing.example else []
    if answer.status != "answered" or not lines or any(line.code == ruled[0] for line in lines):
        sc.used, sc.facts = used, told
        return None
    note = f"Not billed: {ruled[0]}. {verdict.reason}"
    return dataclasses.replace(answer, intent="bill", pair=verdict, caveats=list(dict.fromkeys([note, *answer.caveats])))


def billed_beside_answer(ctx: Context, subjects: list[str], verdict: PairVerdict, answer: Answer) -> Answer:
    """A program told as billed ("we are billing TCM") beside another that may go with it, when the billed program
    counts no minutes (its own criteria decide it) and the stated facts bill it: its lines join the other's, so the
    claim shows both; the answer as it was otherwise."""
    from bot.engine.bill_handler import bill_answer

    kb, sc = ctx.kb, ctx.q.scenario
    kept = [s for s in subjects if s in kb.families and sc is not None and sc.role_of(s) == "billed"]
    billing = answer.billing
    if (told := _told_code_line(ctx, subjects, verdict, answer)) is not None:
        return told  # "we bill G0557 every month ... what should November look like?": that line is on the claim
    if verdict.allowed is not True or len(kept) != 1 or billing is None or billing.example or not billing.lines \
            or any(t.basis == "minutes" for t in kb.family_tracks(kept[0])) \
            or any(kb.family_of(l.code) == kept[0] for l in billing.lines):
        return answer
    q = dataclasses.replace(ctx.q, families=kept, codes=[], minutes=None, days=None)
    trial = Context(kb=kb, q=q, year=ctx.year, notes=[], stopwords=ctx.stopwords, contested=[], source_ids=[],
                    raw_text=ctx.raw_text)
    own = bill_answer(trial, [])
    lines = own.billing.lines if own.billing is not None and not own.billing.example else []
    if own.status != "answered" or not lines or any(kb.family_of(l.code) != kept[0] for l in lines):
        return answer
    amounts = [l.amount for l in [*billing.lines, *lines]]
    merged = dataclasses.replace(billing, lines=[*billing.lines, *lines],
                                 trace=[*billing.trace, *(f"{kept[0]}: {t}" for t in own.billing.trace)],
                                 total_amount=round(sum(amounts), 2) if all(a is not None for a in amounts) else None)
    codes = [*answer.codes, *(c for c in own.codes if c.code not in {x.code for x in answer.codes})]
    return dataclasses.replace(answer, billing=merged, codes=codes, families=list(dict.fromkeys([*answer.families, kept[0]])),
                               sources=[*answer.sources, *(s for s in own.sources if s not in answer.sources)])


def _told_code_line(ctx: Context, subjects: list[str], verdict: PairVerdict, answer: Answer) -> Answer | None:
    """Asked openly what the claim holds, a code told as billed for the period (one whose family counts no minutes)
    goes on it beside the lines the figures earn for the other program; None otherwise."""
    kb, sc, billing = ctx.kb, ctx.q.scenario, answer.billing
    told = [kb.codes[s] for s in subjects if s in kb.codes and sc is not None and sc.role_of(s) == "billed"]
    if ask_kind(ctx.q) != "bill" or verdict.allowed is not True or len(told) != 1 or billing is None \
            or billing.example or not billing.lines or any(l.code == told[0].code for l in billing.lines) \
            or any(t.basis == "minutes" for t in kb.family_tracks(told[0].family)) or not kb.exists_in(told[0], ctx.year):
        return None
    code = told[0]
    pay = code.payment if ctx.year == kb.default_year else None
    line = BillingLine(code=code.code, units=1, title=code.title, amount=pay.amount if pay else None)
    amounts = [l.amount for l in [line, *billing.lines]]
    merged = dataclasses.replace(billing, lines=[line, *billing.lines], trace=[f"{code.code}: billed for the period, as told.",
                                                                               *billing.trace],
                                 total_amount=round(sum(amounts), 2) if all(a is not None for a in amounts) else None)
    return dataclasses.replace(answer, billing=merged)
