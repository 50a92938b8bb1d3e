"""Minutes told as spread over more days than the service's own window ("25 minutes over 10 days" for a 7-day
e-visit): only the time inside one window counts, so the answer asks how much fell inside it, one choice per code."""

from __future__ import annotations

import re

from bot.answer import Answer, Choice
from bot.engine import facts
from bot.engine.billing import BillRequest
from bot.engine.handlers import Context, finish
from bot.engine.scenario import COUNTED_MINUTES
from bot.engine.tracks import pick_track


def span_clarify(ctx: Context, fam: str, req: BillRequest) -> Answer | None:
    """Ask how many minutes fell within the window when one figure of minutes is told over a longer span of days
    than the family's minute codes count in (meta period_days); None when the span fits or is not told."""
    kb, q = ctx.kb, ctx.q
    sc = q.scenario
    dayless = not any(t.basis == "days" for t in kb.family_tracks(fam))  # "across 12 days" is no data days for it
    spans = [f for f in sc.of("days") if (f.role == "period" or (f.role == "data" and dayless))
             and _spreads(ctx, sc.text, f.at)] if sc is not None else []
    figures = [f for f in sc.of("minutes") if f.role in COUNTED_MINUTES] if sc is not None else []
    if req.minutes is None or not spans or len(figures) != 1:
        return None  # minutes told day by day are grouped into windows where they are read
    track = pick_track(kb, fam, "minutes", req.codes, req.text, req.variant, sc).track
    bases = [kb.codes[c] for c in (track.codes if track else ()) if c in kb.codes and not kb.codes[c].add_on_to]
    period = kb.rule_for(bases[0], ctx.year).period if bases else ""
    window = (kb.meta.get("period_days") or {}).get(period or "")
    span = spans[-1]
    if not window or span.value <= window:
        return None
    minutes = figures[0]
    ranges = sorted(((kb.rule_for(c, ctx.year).min_minutes or 0, c.code) for c in bases), reverse=True)
    choices, top = [], minutes.value
    for lo, code in ranges:
        if lo and lo <= top:
            told = f"{lo}-{top}" if top > lo else str(lo)
            choices.append(Choice(label=f"{told} minutes within the first {window} days ({code})",
                                  question=_retold(q.original, span.words, minutes.words, window, top)))
            top = lo - 1
    if not choices:
        return None
    if top >= 0:
        choices.append(Choice(label=f"fewer than {top + 1} minutes within the first {window} days (nothing billable)",
                              question=_retold(q.original, span.words, minutes.words, window, top)))
    sc.use(span)
    return finish(ctx, status="clarify", intent="bill", families=[fam], choices=choices,
                  message=f"The {minutes.value} minutes are told over {span.value} days, but these codes count the time within one "
                          f"{window}-day period. How much of it fell within the first {window} days?",
                  codes=[facts.code_fact(kb, kb.codes[c], ctx.year) for c in req.codes if c in kb.codes],
                  family_info=[facts.family_info(kb, fam)])


def _retold(original: str, span: str, minutes: str, window: int, value: int) -> str:
    """The question again with the span told as the window and the minutes as the chosen figure."""
    told = f"{window}-day" if span.rstrip().endswith("-day") else f"{window} days"
    text = re.sub(re.escape(span), told, original, count=1, flags=re.I)
    return re.sub(r"\b" + re.escape(minutes), f"{value} minutes", text, count=1, flags=re.I)


def _spreads(ctx: Context, text: str, at: int) -> bool:
    """Whether the words just before a span of days spread time over it ("over 10 days", "across a 9-day period"),
    not name another period ("90-day global")."""
    before = re.findall(r"[a-z]+", text[max(0, at - 30):at].lower())
    while before and before[-1] in ("a", "an", "the"):
        before.pop()
    return bool(before) and before[-1] in {str(w) for w in ctx.kb.vocabulary.get("spread_over") or []}
