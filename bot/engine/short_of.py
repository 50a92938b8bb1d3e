"""A code named as a threshold the case does not reach ("is there a CoCM code for a month where the care manager
doesn't reach the first- or later-month code's minimum?"): the codes of its ladder that count less time."""

from __future__ import annotations

from bot.answer import Answer
from bot.engine.handlers import Context, define
from bot.kb.records import Code
from bot.kb.store import KnowledgeBase


def short_of_answer(ctx: Context) -> Answer | None:
    """The highest code of the named codes' ladders whose minimum is below all of theirs, with why; None when no
    code is told short, the time or days are told (the ladder then bills them) or no lower code exists."""
    kb, q = ctx.kb, ctx.q
    sc = q.scenario
    short = [kb.codes[c] for c in dict.fromkeys(sc.codes("short")) if c in kb.codes] if sc is not None else []
    # "if we don't hit (the management code), can we still bill (the device code)?": the other code's rule answers;
    # "we fall short of (the device code)'s 16 days": the days told climb its ladder
    if not short or set(q.codes) - {c.code for c in short} or q.minutes is not None or q.days is not None:
        return None
    lower = lower_codes(kb, short, ctx.year)
    if not lower:
        return None
    floors = " and ".join(f"{c.code} ({_floor(kb, c, ctx.year)} {_unit(kb, c, ctx.year)})" for c in short)
    first = lower[0]
    # the codes not reached, and their figures ("fell below (the code)'s 20 minutes"), are read
    sc.use(*sc.of("code", "short"), *sc.of("minutes", "below"), *sc.of("minutes", "threshold"))
    ctx.notes.append(f"Below the minimum of {floors}: {first.code} ({first.title}) counts from "
                     f"{_floor(kb, first, ctx.year)} {_unit(kb, first, ctx.year)}.")
    return define(ctx, first.code, intent="search")


def lower_codes(kb: KnowledgeBase, short: list[Code], year: int) -> list[Code]:
    """Base codes (no add-ons) of the ladders holding every short code, of the same basis, whose minimum is below
    each short code's, highest minimum first."""
    found: list[Code] | None = None
    for code in short:
        basis = kb.rule_for(code, year).basis
        floor = _floor(kb, code, year)
        if basis not in ("minutes", "days") or floor is None:
            return []
        held = {c for t in kb.family_tracks(code.family) if code.code in t.codes and t.basis == basis for c in t.codes}
        below = [kb.codes[c] for c in held if c in kb.codes and not kb.codes[c].add_on_to and kb.exists_in(kb.codes[c], year)
                 and kb.codes[c].status == "active" and (f := _floor(kb, kb.codes[c], year)) is not None and f < floor]
        found = below if found is None else [c for c in found if c in below]
    return sorted(found or [], key=lambda c: -(_floor(kb, c, year) or 0))


def _floor(kb: KnowledgeBase, code: Code, year: int) -> int | None:
    rule = kb.rule_for(code, year)
    return rule.min_minutes if rule.basis == "minutes" else rule.min_days if rule.basis == "days" else None


def _unit(kb: KnowledgeBase, code: Code, year: int) -> str:
    return "minutes" if kb.rule_for(code, year).basis == "minutes" else "data days"
