"""Services that are not counted in minutes or days (a review of a photo the patient sent): the ladder whose hints
the question says, chosen among its family's such ladders by who did the work."""

from __future__ import annotations

from bot.answer import Answer
from bot.engine.for_that import bill_for_told
from bot.engine.handlers import Context, define
from bot.engine.tracks import counted_by, hinted, workers


def hinted_service(ctx: Context, codes: list[str]) -> Answer | None:
    """"Which code covers the photo review?": one family's untimed ladder the question's words hint at, the one that
    counts the stated performer (a therapist's review is the non-E/M code)."""
    kb, q = ctx.kb, ctx.q
    sc = q.scenario
    # "reviewed her video and wrote back; can we bill (a code) for that?": the told case decides, the code is offered
    offered = codes[0] if sc is not None and bill_for_told(sc, codes) and codes[0] in kb.codes else ""
    codes = [] if offered else codes
    if sc is None or codes or q.minutes is not None or q.days is not None or q.intent not in ("search", "define", "bill"):
        return None
    # an add-on ladder ("depression": APCM's behavioral-health add-ons) is never the service asked about on its own
    found = [t for t in kb.tracks if t.basis == "none" and t.hints and t.role != "add_on" and hinted(t, q.text, sc)]
    own = kb.track_by_code.get(offered)
    found += [t for t in kb.family_tracks(own.family) if t.basis == "none" and t.hints and t.role == own.role
              and t not in found] if own is not None and own in found else []  # the offered code's sibling ladders
    families = {t.family for t in found}
    if len(families) != 1 or (q.families and not families <= set(q.families)) or (
            offered and kb.codes[offered].family not in families):
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
    if offered and offered not in track.codes and who:
        ctx.notes.append(_not_theirs(ctx, offered, who, code))
    if who and sc.of("event", "contact") and q.intent in ("search", "bill"):
        from bot.engine.bill_handler import criteria_answer  # noqa: PLC0415 (the criteria ladder's own verdict)

        # a case told (who reviewed it, the follow-up)
        told = criteria_answer(ctx, track.family, track, [code, *[offered] * bool(offered)])
        if told.status == "answered" and told.billing is not None and any(l.code == code for l in told.billing.lines):
            return told
    sc.use(*(f for f in sc.of("performer") if f.value in who), *sc.of("event", "contact"))
    if (sc.asked == "bill" or offered) and track.basis == "none" and kb.codes[code].rule.requires:
        # "the doctor reviewed her photo and called back: what do we bill?": the code's own criteria decide the line
        from bot.engine.bill_handler import criteria_answer  # noqa: PLC0415

        return criteria_answer(ctx, track.family, track, [offered] if offered and offered not in track.codes else [])
    return define(ctx, code, intent="search")


def _not_theirs(ctx: Context, offered: str, who: list[str], code: str) -> str:
    """The note that the offered code's ladder does not count the stated worker, and the code that one reports."""
    kb = ctx.kb
    labels = kb.meta.get("performers", {})
    track = kb.track_by_code.get(offered)
    for_whom = " or ".join(str(labels.get(p, p)) for p in (track.performed_by if track else ()))
    names = " or ".join(str(labels.get(w, w)) for w in who)
    return f"{offered} is for {for_whom or 'another biller'}; {names} reports {code} instead."
