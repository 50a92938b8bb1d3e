"""Services that are not counted in minutes or days (a review of a photo the patient sent): the ladder whose hints
the question says, chosen among its family's such ladders by who did the work."""

from __future__ import annotations

from bot.answer import Answer
from bot.engine.handlers import Context, define
from bot.engine.tracks import counted_by, hinted, workers


def hinted_service(ctx: Context, codes: list[str]) -> Answer | None:
    """"Which code covers the photo review?": one family's untimed ladder the question's words hint at, the one that
    counts the stated performer (a therapist's review is the non-E/M code)."""
    kb, q = ctx.kb, ctx.q
    sc = q.scenario
    if sc is None or codes or q.minutes is not None or q.days is not None or q.intent not in ("search", "define", "bill"):
        return None
    # an add-on ladder ("depression": APCM's behavioral-health add-ons) is never the service asked about on its own
    found = [t for t in kb.tracks if t.basis == "none" and t.hints and t.role != "add_on" and hinted(t, q.text, sc)]
    families = {t.family for t in found}
    if len(families) != 1 or (q.families and not families <= set(q.families)):
        return None
    who = workers(sc, "none", kb.meta.get("performer_counts_as") or {})
    fitting = [t for t in found if not t.performed_by or not who or set(who) <= counted_by(kb, t)]
    fitting.sort(key=lambda t: (not t.performed_by or not who, len(t.performed_by)))
    if not fitting:
        return None
    track = fitting[0]
    code = next((c for c in track.codes if c in kb.codes and kb.exists_in(kb.codes[c], ctx.year)), None)
    if code is None:
        return None
    if who and sc.of("event", "contact") and q.intent in ("search", "bill"):
        from bot.engine.bill_handler import criteria_answer  # noqa: PLC0415 (the criteria ladder's own verdict)

        told = criteria_answer(ctx, track.family, track, [code])  # a case told (who reviewed it, the follow-up)
        if told.status == "answered" and told.billing is not None and any(l.code == code for l in told.billing.lines):
            return told
    sc.use(*(f for f in sc.of("performer") if f.value in who), *sc.of("event", "contact"))
    if sc.asked == "bill" and track.basis == "none" and kb.codes[code].rule.requires:
        # "the doctor reviewed her photo and called back: what do we bill?": the code's own criteria decide the line
        from bot.engine.bill_handler import criteria_answer  # noqa: PLC0415

        return criteria_answer(ctx, track.family, track, [])
    return define(ctx, code, intent="search")
