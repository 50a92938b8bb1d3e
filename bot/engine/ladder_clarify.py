"""Ladders for different cases (collaborative care's first month or a later one) when the question does not say
which case it is, the criterion has no default and the minutes bill differently on each: ask, with each choice."""

from __future__ import annotations

import dataclasses

from bot.answer import Answer, Choice
from bot.engine import criteria, facts
from bot.engine.billing import BillRequest, bill
from bot.engine.handlers import Context, finish
from bot.engine.joint_workers import joint_clarify
from bot.engine.several_patients import patients_clarify
from bot.engine.consent_clarify import consent_clarify
from bot.engine.span_clarify import span_clarify
from bot.engine.worker_clarify import worker_clarify
from bot.engine.tracks import pick_track
from bot.kb.records import Track


def _open_criterion(ctx: Context, track: Track) -> str:
    """The track's criterion the question leaves open and that has no default (else "")."""
    meta, sc = ctx.kb.meta, ctx.q.scenario
    for name, value in track.requires.items():
        spec = (meta.get("criteria") or {}).get(name) or {}
        if "default" not in spec and criteria.check(meta, sc, name, value).met is None:
            return name
    return ""


def _lines(ctx: Context, req: BillRequest, track: Track, others: list[Track]) -> tuple:
    """The lines the minutes bill on one ladder (named by a code only it holds)."""
    own = [c for c in track.codes if all(c not in o.codes for o in others)]
    result = bill(ctx.kb, dataclasses.replace(req, codes=own[:1] + [c for c in req.codes if c in track.codes]))
    return tuple((l.code, l.units) for l in result.billing.lines)


def ladder_clarify(ctx: Context, fam: str, req: BillRequest) -> Answer | None:
    """Ask which case the month is when the chosen ladder's criterion is unstated and the alternatives differ (or
    which patient, when the question tells of several)."""
    kb, q = ctx.kb, ctx.q
    if (several := patients_clarify(ctx, fam, req)) is not None:  # minutes of several patients never pool
        return several
    if (joint := joint_clarify(ctx, fam, req)) is not None:  # "BHCM + psychiatric consultant time: 90 min"
        return joint
    if (spread := span_clarify(ctx, fam, req)) is not None:  # "25 minutes over 10 days" for a 7-day service
        return spread
    if (before := consent_clarify(ctx, fam, req)) is not None:  # minutes told on both sides of the day of consent
        return before
    if (who := worker_clarify(ctx, fam, req)) is not None:  # "30 min of CCM: 99490 or 99491?", nobody named
        return who
    if q.scenario is None or req.minutes is None or not any(t.requires for t in kb.family_tracks(fam) if t.basis == "minutes"):
        return None
    track = pick_track(kb, fam, "minutes", req.codes, req.text, req.variant, q.scenario).track
    name = _open_criterion(ctx, track) if track is not None else ""
    if not name:
        return None
    rivals = [t for t in kb.family_tracks(fam) if t.basis == "minutes" and name in t.requires
              and t.when != "setup" and _open_criterion(ctx, t) == name]
    if len(rivals) < 2 or any(any(c in t.codes for t in rivals) and not all(c in t.codes for t in rivals)
                              for c in req.codes):
        return None  # a named code already says which ladder
    billed = {t.id: _lines(ctx, req, t, [o for o in rivals if o is not t]) for t in rivals}
    if len(set(billed.values())) < 2:
        return None
    spec = (kb.meta.get("criteria") or {}).get(name) or {}
    choices = []
    for t in rivals:
        phrase = str(spec.get("choice", "{value}")).replace("{value}", str(t.requires[name]))
        codes = " + ".join(c + (f" x{u}" if u > 1 else "") for c, u in billed[t.id]) or "nothing billable"
        choices.append(Choice(label=f"{phrase[:1].upper()}{phrase[1:]} ({codes})",
                              question=f"{q.original.rstrip()} {phrase[:1].upper()}{phrase[1:]}."))
    message = str(spec.get("question", "Which case is it?"))
    return finish(ctx, status="clarify", intent="bill", families=[fam], choices=choices, message=message,
                  codes=[facts.code_fact(kb, kb.codes[c], ctx.year) for c in req.codes if c in kb.codes],
                  family_info=[facts.family_info(kb, fam)])
