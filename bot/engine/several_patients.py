"""A question that tells of more than one patient ("two patients: Ann had 25 min ... Bob 15 min"): codes go per
patient, so the minutes are not pooled; the answer asks which patient's month to bill, one choice per figure."""

from __future__ import annotations

import re

from bot.answer import Answer, Choice
from bot.engine import facts
from bot.engine.handlers import Context, finish
from bot.engine.phrases import PhraseSet, tokens
from bot.engine.scenario import COUNTED_MINUTES

# "4 hours across 12 patients", "60 minutes total for all our RPM patients": one figure pooled over several patients
_POOLED = re.compile(r"\b(?:across|among|between|for|over|split\s+(?:over|between|among)|spread\s+(?:over|across))\s+"
                     r"(?:all\s+|each\s+of\s+)?(?:of\s+)?(?:our\s+|my\s+|the\s+|his\s+|her\s+)?"
                     r"(?:[2-9]|\d{2,4}|two|three|four|five|six|several|multiple|many|all)\s+(?:of\s+(?:our|my)\s+)?"
                     r"(?:[a-z]+\s+)?(?:patients|pts|beneficiaries)\b"
                     r"|\b(?:across|among|for|over)\s+all\s+(?:of\s+)?(?:our|my|the|his|her)\s+(?:[a-z]+\s+)?patients\b")


def patients_clarify(ctx: Context, fam: str, req) -> Answer | None:
    """Ask which patient when the question names several patients (vocabulary several_patients) and gives more
    than one figure of minutes; None otherwise."""
    kb, q = ctx.kb, ctx.q
    sc = q.scenario
    words = kb.cache.get("several_patients")
    if words is None:  # built once per knowledge base
        words = kb.cache.setdefault("several_patients", PhraseSet(kb.vocabulary.get("several_patients") or []))
    pooled = _POOLED.search(q.text)
    if sc is None or req.minutes is None or not (pooled or words.any(tokens(q.text))):
        return None
    figures = [f for f in sc.of("minutes") if f.role in COUNTED_MINUTES]
    if len(figures) == 1 and pooled:
        return _pooled(ctx, fam, figures[0].words, pooled.group(0))
    if len(figures) < 2:
        return None
    tail = (", with a call" if q.interactive else "") + (f", {q.days} days of readings" if q.days is not None else "")
    choices = [Choice(label=f"The patient with {f.words}", question=f"{fam} for one patient: {f.words}{tail}. "
                      "What do we bill?") for f in figures]
    if (named := _asked_patient(q.original, [f.words for f in figures])) is not None:  # "... What does Bob get?"
        return _answered_for(ctx, named[0], choices[named[1]].question)
    message = ("This tells of more than one patient: codes go per patient and per month, so their minutes do not add. "
               "Which patient's month should I bill?")
    return finish(ctx, status="clarify", intent="bill", families=[fam], choices=choices, message=message,
                  family_info=[facts.family_info(kb, fam)])


def _pooled(ctx: Context, fam: str, figure: str, over: str) -> Answer:
    """One figure told for several patients together: codes go per patient, so ask for one patient's minutes."""
    choices = [Choice(label=f"{figure} is one patient's time", question=f"{fam} for one patient: {figure} this month. "
                      "What do we bill?"),
               Choice(label=f"{figure} is the time of all the patients together",
                      question=f"How are {fam} minutes counted per patient?")]
    message = (f"'{figure}' is told {over}: {fam} codes go per patient and per month, so time pooled over several "
               "patients cannot be billed as one patient's. Whose minutes are they?")
    return finish(ctx, status="clarify", intent="bill", families=[fam], choices=choices, message=message,
                  family_info=[facts.family_info(ctx.kb, fam)])


_NAME = re.compile(r"\b(?:Mr\.?\s+|Mrs\.?\s+|Ms\.?\s+)?[A-Z][a-z]{2,}\b")
_ASKING = re.compile(r"[^.?!\n]*\?\s*$")  # the last sentence, when it asks


def _asked_patient(text: str, figures: list[str]) -> tuple[str, int] | None:
    """(the name, the index of its figure) when the asking sentence names one patient the story named first, with
    that patient's own figure the first one after the name ("Ann had 25 min ... Bob had 15 min ... What does Bob get?")."""
    ask = _ASKING.search(text.strip())
    if ask is None:
        return None
    story, low = text[:ask.start()], text.lower()
    named = [m for m in _NAME.finditer(ask.group(0)) if re.search(rf"\b{re.escape(m.group(0))}\b", story)]
    if len({m.group(0) for m in named}) != 1:
        return None
    name = named[0].group(0)
    at = re.search(rf"\b{re.escape(name)}\b", story).end()
    places = [low.find(f.lower(), at) for f in figures]
    after = [(p, i) for i, p in enumerate(places) if p >= 0]
    return (name, min(after)[1]) if after else None


def _answered_for(ctx: Context, name: str, question: str) -> Answer:
    """The named patient's month, answered as the choice for that patient would be, with a note saying so."""
    import dataclasses  # noqa: PLC0415

    from bot.core import vocabulary  # noqa: PLC0415  (core imports the handlers)
    from bot.engine.handlers import answer_question  # noqa: PLC0415
    from bot.engine.parse import parse_question  # noqa: PLC0415

    ctx.notes.append(f"The question tells of more than one patient and asks about {name}: billed for {name}'s "
                     "figures only (codes go per patient, minutes of different patients never add).")
    return answer_question(dataclasses.replace(ctx, q=parse_question(question, vocabulary(ctx.kb)), raw_text=question))
