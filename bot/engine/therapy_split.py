"""One figure of minutes for several timed therapy services ("45 minutes of one code and another combined"): the
day's total units follow from it, but which code gets each unit depends on each one's own minutes, so ask."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.answer import Answer, Choice
from bot.engine import facts, handlers
from bot.engine.phrases import PhraseSet, tokens
from bot.engine.units import Service, allocate_total
from bot.kb.records import UnitRule

if TYPE_CHECKING:
    from bot.engine.handlers import Context


def _shared_words(ctx: Context) -> PhraseSet:
    cached = ctx.kb.cache.get("shared_minute_words")
    if cached is None:
        cached = ctx.kb.cache.setdefault("shared_minute_words", PhraseSet(
            ctx.kb.vocabulary.get("therapy_time", {}).get("shared", [])))
    return cached


def shared_figure(ctx: Context, services: list[Service]) -> bool:
    """Only one timed service has minutes, another timed one has none, and the words say the figure covers them all
    (or the minutes-less one is named with nothing else to go on)."""
    timed = [s for s in services if s.timed]
    given = [s for s in timed if s.minutes is not None]
    bare = [s for s in timed if s.minutes is None]
    if len(given) != 1 or not bare:
        return False
    return _shared_words(ctx).any(tokens(ctx.raw_text or ctx.q.text)) or len(timed) == 2


def even_split(ctx: Context, services: list[Service]) -> list[Service] | None:
    """ "<A> and <B>, 53 minutes, split evenly": the one figure divided between the timed services as said."""
    words = ctx.kb.cache.get("even_minute_words")
    if words is None:
        words = ctx.kb.cache.setdefault("even_minute_words", PhraseSet(
            ctx.kb.vocabulary.get("therapy_time", {}).get("even", [])))
    if not words.any(tokens(ctx.raw_text or ctx.q.text)):
        return None
    timed = [s for s in services if s.timed]
    total = next(s.minutes for s in timed if s.minutes is not None) or 0
    split = {s.code: total // len(timed) + (1 if i < total % len(timed) else 0) for i, s in enumerate(timed)}
    return [Service(s.code, split[s.code], True) if s.timed else s for s in services]


def _splits(total: int, codes: list[str], unit: int) -> list[list[int]]:
    """A few ways the minutes may fall: even, and (for two codes) most to one or to the other."""
    even = [total // len(codes) + (1 if i < total % len(codes) else 0) for i in range(len(codes))]
    out = [even]
    if len(codes) == 2 and total >= 2 * unit:
        out = [[total - unit, unit], even, [unit, total - unit]]
    return [s for i, s in enumerate(out) if s not in out[:i]]


def split_clarify(ctx: Context, services: list[Service], rule: UnitRule, payer_label: str) -> Answer:
    """Ask how the one figure splits between the timed services, with the day's total units and each split's lines."""
    kb = ctx.kb
    timed = [s for s in services if s.timed]
    total = next(s.minutes for s in timed if s.minutes is not None) or 0
    codes = [s.code for s in timed]
    units = allocate_total([Service(codes[0], total, True)], rule.unit_minutes, rule.first_unit_minutes).timed_units
    choices, seen = [], set()
    for split in _splits(total, codes, rule.unit_minutes):
        alloc = allocate_total([Service(c, m, True) for c, m in zip(codes, split)], rule.unit_minutes,
                               rule.first_unit_minutes)
        if tuple(alloc.lines) in seen:
            continue  # another split with the same lines adds nothing to choose from
        seen.add(tuple(alloc.lines))
        said = " and ".join(f"{m} minutes of {c}" for c, m in zip(codes, split))
        lines = ", ".join(f"{c} x{u}" for c, u in alloc.lines) or "nothing"
        choices.append(Choice(label=f"{said.replace(' minutes of', ' min')} ({lines})",
                              question=f"{payer_label} patient: {said}. How many units of each?"))
    message = (f"The {total} minutes cover {' and '.join(codes)} together: under {rule.label} that is {units} "
               f"unit(s) in all, but which code gets each unit follows each one's own minutes. How many minutes "
               f"was each?")
    ctx.source_ids.append(rule.source)
    family = kb.codes[codes[0]].family
    return handlers.finish(ctx, status="clarify", intent="bill", families=[family], message=message, choices=choices,
                           codes=[facts.code_fact(kb, kb.codes[c], ctx.year) for c in codes],
                           family_info=[facts.family_info(kb, family)])
