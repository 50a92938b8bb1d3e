"""Minutes told over days that straddle the day of consent ("25 minutes from 1/2 to 1/31", consent on 1/20): only
the time on or after consent counts and the question does not say how much that was, so the answer asks, one
choice per code (CMS: consent before care management, CHI and PIN services; knowledge consent rules)."""

from __future__ import annotations

import re

from bot.answer import Answer, Choice
from bot.engine import facts
from bot.engine.billing import BillRequest
from bot.engine.handlers import Context, finish
from bot.engine.scenario import COUNTED_MINUTES
from bot.engine.tracks import pick_track


def consent_clarify(ctx: Context, fam: str, req: BillRequest) -> Answer | None:
    """Ask how many of the minutes fell on or after consent when their span straddles its day; None otherwise."""
    kb, q = ctx.kb, ctx.q
    sc = q.scenario
    straddle = [f for f in sc.of("flag") if f.role == "consent_straddle"] if sc is not None else []
    figures = [f for f in sc.of("minutes") if f.role in COUNTED_MINUTES] if sc is not None else []
    if not straddle or len(figures) != 1 or req.minutes is None:
        return None
    track = pick_track(kb, fam, "minutes", req.codes, req.text, req.variant, sc).track
    bases = [kb.codes[c] for c in (track.codes if track else ()) if c in kb.codes and not kb.codes[c].add_on_to]
    ranges = sorted(((kb.rule_for(c, ctx.year).min_minutes or 0, c.code) for c in bases), reverse=True)
    minutes, day = figures[0], straddle[0].value
    choices, top = [], minutes.value
    for lo, code in ranges:
        if lo and lo <= top:
            told = f"{lo}-{top}" if top > lo else str(lo)
            choices.append(Choice(label=f"{told} minutes on or after consent ({code})",
                                  question=_retold(q.original, minutes.words, top)))
            top = lo - 1
    if not choices:
        return None
    if top >= 0:
        choices.append(Choice(label=f"fewer than {top + 1} minutes on or after consent (nothing billable)",
                              question=_retold(q.original, minutes.words, top)))
    sc.use(*straddle)
    return finish(ctx, status="clarify", intent="bill", families=[fam], choices=choices,
                  message=f"Time before the patient's consent ({day}) does not count, and the {minutes.value} minutes "
                          "are told over days on both sides of it. How many were on or after the day of consent?",
                  codes=[facts.code_fact(kb, kb.codes[c], ctx.year) for c in req.codes if c in kb.codes],
                  family_info=[facts.family_info(kb, fam)])


def _retold(original: str, minutes: str, value: int) -> str:
    """The question again with the minutes told as the chosen figure, all after consent."""
    number = re.match(r"\d+", minutes)
    told = f"{value} minutes, all after consent,"
    return re.sub(r"\b" + re.escape(number.group()) + r"\s*min(?:ute)?s?\b", told, original, count=1, flags=re.I) \
        if number else original
