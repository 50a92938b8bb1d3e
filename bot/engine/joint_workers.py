"""Minutes told as the joint time of two workers ("the care manager + psychiatric consultant time came to 90 minutes")
when the family's ladders count one of them and not the other: only the countable worker's minutes bill, and the
question does not split them, so the answer asks whose minutes they were instead of billing or refusing them all."""

from __future__ import annotations

import re

from bot.answer import Answer, Choice
from bot.engine import facts
from bot.engine.handlers import Context, finish
from bot.engine.patterns import lazy
from bot.engine.scenario import COUNTED_MINUTES, Fact, Scenario
from bot.engine.tracks import counted_by

_JOIN = r"\s*(?:\+|&|/|\band\b|\bplus\b)\s*"
_JOINED = lazy(rf"^{_JOIN}$")  # "BHCM + psychiatric consultant", "the nurse and the doctor"
# the joined workers' time named right after them ("... consultant time", "... consultant's combined minutes")
_TIME_AFTER = lazy(r"^(?:['\u2019]s?)?\s*(?:combined\s+|joint\s+|total\s+|shared\s+)?(?:time|minutes|mins)\b")
_SENTENCE_END = lazy(r"[.;?!\n]")


def _joined(sc: Scenario, minutes: Fact) -> tuple[Fact, Fact] | None:
    """The two workers joined before the figure in its sentence whose time the figure is, or None."""
    workers = [f for f in sc.of("performer") if f.at < minutes.at]
    for a, b in zip(workers, workers[1:]):
        gap, after = sc.text[a.at + len(a.words):b.at], sc.text[b.at + len(b.words):minutes.at]
        if _JOINED().match(gap) and _TIME_AFTER().match(after) and not _SENTENCE_END().search(after) \
                and a.value != b.value and minutes.who in (None, "", a.value, b.value):
            return a, b
    return None


def joint_clarify(ctx: Context, fam: str, req) -> Answer | None:
    """Ask whose minutes one figure is when it is told as two workers' joint time and the family's minute ladders
    count only one of the two; None otherwise (both count, so their time adds; or neither does)."""
    kb, q = ctx.kb, ctx.q
    sc = q.scenario
    figures = [f for f in sc.of("minutes") if f.role in COUNTED_MINUTES] if sc is not None else []
    if req.minutes is None or len(figures) != 1 or (pair := _joined(sc, figures[0])) is None:
        return None
    never = set(kb.meta.get("time_not_counted") or [])
    counted = {p for t in kb.family_tracks(fam) if t.basis == "minutes" for p in counted_by(kb, t)} - never
    own = [p for p in pair if p.value in counted]
    if len(own) != 1:
        return None
    mine, other = own[0], next(p for p in pair if p is not own[0])
    figure, said = figures[0], {p.words: _as_written(q.original, p.words) for p in pair}
    joined = re.compile(re.escape(pair[0].words) + _JOIN + re.escape(pair[1].words), re.I)
    alone = joined.sub(said[mine.words], q.original, count=1)
    if alone == q.original:
        alone = f"{q.original.rstrip()} All {figure.value} minutes were the {mine.words}'s."
    a, b = said[mine.words], said[other.words]
    choices = [Choice(label=f"All {figure.value} minutes were the {a}'s", question=alone),
               Choice(label=f"Part of them were the {b}'s, which {fam} does not count",
                      question=f"Whose time counts toward {fam}?")]
    message = (f"The {figure.value} minutes are told as the {a}'s and the {b}'s time together, but {fam} counts the "
               f"{a}'s time and not the {b}'s ({(kb.meta.get('performers') or {}).get(other.value, other.value)}). "
               f"How many of the {figure.value} minutes were the {a}'s?")
    sc.use(figure, mine, other)
    return finish(ctx, status="clarify", intent="bill", families=[fam], choices=choices, message=message,
                  codes=[facts.code_fact(kb, kb.codes[c], ctx.year) for c in req.codes if c in kb.codes],
                  family_info=[facts.family_info(kb, fam)])


def _as_written(original: str, words: str) -> str:
    """The words as the question wrote them (the reading is lower-cased), else as read."""
    found = re.search(re.escape(words), original, re.I)
    return found.group(0) if found else words
