"""A question that tells of more than one patient ("two patients: Ann had 25 min ... Bob 15 min"): codes go per
patient, so the minutes are not pooled; the answer asks which patient's month to bill, one choice per figure."""

from __future__ import annotations

from bot.answer import Answer, Choice
from bot.engine import facts
from bot.engine.handlers import Context, finish
from bot.engine.phrases import PhraseSet, tokens
from bot.engine.scenario import COUNTED_MINUTES


def patients_clarify(ctx: Context, fam: str, req) -> Answer | None:
    """Ask which patient when the question names several patients (vocabulary several_patients) and gives more
    than one figure of minutes; None otherwise."""
    kb, q = ctx.kb, ctx.q
    sc = q.scenario
    words = kb.cache.get("several_patients")
    if words is None:  # built once per knowledge base
        words = kb.cache.setdefault("several_patients", PhraseSet(kb.vocabulary.get("several_patients") or []))
    if sc is None or req.minutes is None or not words.any(tokens(q.text)):
        return None
    figures = [f for f in sc.of("minutes") if f.role in COUNTED_MINUTES]
    if len(figures) < 2:
        return None
    tail = (", with a call" if q.interactive else "") + (f", {q.days} days of readings" if q.days is not None else "")
    choices = [Choice(label=f"The patient with {f.words}", question=f"{fam} for one patient: {f.words}{tail}. "
                      "What do we bill?") for f in figures]
    message = ("This tells of more than one patient: codes go per patient and per month, so their minutes do not add. "
               "Which patient's month should I bill?")
    return finish(ctx, status="clarify", intent="bill", families=[fam], choices=choices, message=message,
                  family_info=[facts.family_info(kb, fam)])
