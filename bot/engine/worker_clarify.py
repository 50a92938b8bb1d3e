"""Two or more codes offered as the choice ("A or B?") that sit on ladders told apart by who did the work (the
clinical-staff code or the practitioner's own-time code), when the question says nothing about who spent the minutes
and the minutes bill differently on each: ask who, with one choice per ladder."""

from __future__ import annotations

import dataclasses

from bot.answer import Answer, Choice
from bot.engine import facts
from bot.engine.billing import BillRequest, bill
from bot.engine.handlers import Context, finish
from bot.engine.tracks import counted_by, workers
from bot.kb.records import Track
from bot.kb.store import KnowledgeBase


def _asked_tracks(kb: KnowledgeBase, fam: str, sc, req: BillRequest) -> list[Track]:
    """The family's minute ladders holding the codes the question asks about, one per ladder, in the asked order."""
    asked = [c for c in dict.fromkeys(sc.codes("asked") + list(req.codes)) if kb.family_of(c) == fam]
    found: list[Track] = []
    for code in asked:
        track = kb.track_by_code.get(code)
        if track is not None and track.basis == "minutes" and track.performed_by and track not in found:
            found.append(track)
    return found


def _by_worker(kb: KnowledgeBase, tracks: list[Track]) -> dict[str, Track]:
    """Per ladder, its first own worker whose narrowest counting ladder among them is that one alone (ties say
    nothing), keyed by the worker."""
    out: dict[str, Track] = {}
    for track in tracks:
        worker = next((w for w in track.performed_by if _narrowest(kb, tracks, w) is track), None)
        if worker is not None:
            out[worker] = track
    return out


def _narrowest(kb: KnowledgeBase, tracks: list[Track], worker: str) -> Track | None:
    """The one ladder counting fewest kinds of worker among those that count this one (None on a tie)."""
    counting = sorted(((len(t.performed_by) + len(t.beside), k) for k, t in enumerate(tracks)
                       if worker in counted_by(kb, t)))
    if not counting or (len(counting) > 1 and counting[1][0] == counting[0][0]):
        return None
    return tracks[counting[0][1]]


def _lines(kb: KnowledgeBase, req: BillRequest, track: Track) -> tuple:
    """The lines the minutes bill on one ladder, named by its first code."""
    result = bill(kb, dataclasses.replace(req, codes=list(track.codes[:1])))
    return tuple((l.code, l.units) for l in result.billing.lines)


def worker_clarify(ctx: Context, fam: str, req: BillRequest) -> Answer | None:
    """Ask who spent the minutes when the offered codes' ladders count different workers, no worker is told, and
    the minutes bill differently on each; None otherwise (the worker is told, or the answer is the same either way)."""
    kb, q = ctx.kb, ctx.q
    sc = q.scenario
    if sc is None or req.minutes is None or workers(sc, "minutes", kb.meta.get("performer_counts_as") or {}):
        return None
    picks = _by_worker(kb, _asked_tracks(kb, fam, sc, req))
    if len(picks) < 2:
        return None
    billed = {w: _lines(kb, req, t) for w, t in picks.items()}
    if len(set(billed.values())) < 2:
        return None  # "25 minutes: A or B?" bills the same code whoever spent them
    labels = kb.meta.get("performers") or {}
    choices = []
    for worker, track in picks.items():
        codes = " + ".join(c + (f" x{u}" if u > 1 else "") for c, u in billed[worker]) or "nothing billable"
        who = str(labels.get(worker, worker))
        choices.append(Choice(label=f"{who[:1].upper()}{who[1:]} ({codes})",
                              question=f"{q.original.rstrip()} The time was spent by {_plain(who)}."))
    message = (f"Who spent the {req.minutes} minutes? The codes offered are for different workers' time: "
               + "; ".join(f"{t.label} ({'/'.join(t.codes)})" for t in picks.values()) + ".")
    return finish(ctx, status="clarify", intent="bill", families=[fam], choices=choices, message=message,
                  codes=[facts.code_fact(kb, kb.codes[c], ctx.year) for t in picks.values() for c in t.codes[:1]
                         if c in kb.codes],
                  family_info=[facts.family_info(kb, fam)])


def _plain(label: str) -> str:
    """A worker's label without its parenthesised examples ("clinical staff (MA, nurse)" -> "clinical staff")."""
    return label.split(" (")[0]
