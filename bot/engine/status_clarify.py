"""A visit level asked by time with nothing that says whether the patient is new or established ("40 minutes total
for today's office visit: which code?"): the new and the established ladders give different codes for the same time,
so the answer asks which it is, one choice per ladder with the code that reading bills."""

from __future__ import annotations

from bot.answer import Answer, Choice
from bot.engine import facts
from bot.engine.billing import BillRequest, bill
from bot.engine.handlers import Context, finish
from bot.kb.records import Track


def status_clarify(ctx: Context, family: str, minutes: int | None, payer: str | None) -> Answer | None:
    """Ask new or established when the question names no ladder, no code, no status cue and the two time ladders
    bill different codes for the minutes told; None otherwise."""
    kb, q = ctx.kb, ctx.q
    ladders: list[Track] = [t for t in kb.family_tracks(family) if t.basis == "minutes" and t.role == "visit"]
    if minutes is None or len(ladders) != 2:
        return None
    billed = []
    for track in ladders:
        req = BillRequest(family=family, year=ctx.year, minutes=minutes, text=q.text, codes=[track.codes[0]],
                          payer=payer)
        billed.append(tuple(l.code for l in bill(kb, req).billing.lines))
    if len(set(billed)) < 2 or not all(billed):
        return None
    choices = [Choice(label=f"{t.label} ({' + '.join(codes)})",
                      question=f"{q.original.rstrip()} {t.label.split(' office')[0]}.")
               for t, codes in zip(ladders, billed)]
    message = (f"Is the patient new or established? {minutes} minutes bill a different level on each "
               "(new: no professional service from the practice's same-specialty practitioners in the last 3 years).")
    return finish(ctx, status="clarify", intent="bill", families=[family], choices=choices, message=message,
                  codes=[facts.code_fact(kb, kb.codes[c[0]], ctx.year) for c in billed if c[0] in kb.codes],
                  family_info=[facts.family_info(kb, family)])
