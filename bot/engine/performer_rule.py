"""Who may bill a code: a performer the code's ladder does not count ("can a physical therapist bill the RPM
management code?") gets the ladder that counts them, in the same family or another device family."""

from __future__ import annotations

from bot.answer import Answer, PairVerdict
from bot.engine import facts
from bot.engine.handlers import Context, finish
from bot.kb.store import KnowledgeBase


def performer_verdict(ctx: Context, code, also: tuple[str, ...] = ()) -> Answer | None:
    """"Can a physical therapist bill the physician e-visit code?": the code's ladder does not count that performer,
    another ladder of the family does; the verdict names the codes that performer uses (and the family's rule on who
    may bill for the other codes asked with it, `also`)."""
    from bot.engine.tracks import counted_by, workers
    kb, sc = ctx.kb, ctx.q.scenario
    track = kb.track_by_code.get(code.code)
    who = workers(sc, "none", kb.meta.get("performer_counts_as") or {})
    if track is None or not track.performed_by or not who or set(who) & counted_by(kb, track) or _needed(sc, who):
        return None
    instead = min((t for t in kb.family_tracks(code.family) if t.basis == track.basis and t is not track
                   and t.performed_by and set(who) <= counted_by(kb, t)),  # the ladder of the same role and shape
                  key=lambda t: (t.role != track.role, abs(len(t.codes) - len(track.codes))), default=None)
    # "our PT wants to bill the RPM management code": no RPM ladder counts a therapist; RTM's of the same role does
    if instead is None and _device_family(kb, code.family):
        instead = next((t for f in kb.families if f != code.family and _device_family(kb, f) for t in kb.family_tracks(f)
                        if t.role == track.role and t.basis == track.basis and t.performed_by
                        and set(who) <= counted_by(kb, t)), None)
    labels = kb.meta.get("performers", {})
    names = " or ".join(str(labels.get(w, w)) for w in who)
    reason = (f"{code.code} is for {' or '.join(str(labels.get(p, p)) for p in track.performed_by)}; {names} "
              + (f"reports {'/'.join(instead.codes)} ({instead.label}) instead." if instead else "may not bill it."))
    if also:
        reason += f" For {', '.join(also)}: {kb.families[code.family].who_may_bill}"
    sc.use(*(f for f in sc.of("performer") if f.value in who), *(f for f in sc.of("code") if f.value in also))
    ctx.source_ids.append(kb.rule_for(code, ctx.year).source)
    verdict = PairVerdict(code.code, code.code, False, "", reason, [kb.rule_for(code, ctx.year).source],
                          about=f"{code.code} billed by {names}")
    shown = [code] + [kb.codes[c] for c in (*also, *(instead.codes if instead else ())) if c in kb.codes and kb.exists_in(kb.codes[c], ctx.year)]
    return finish(ctx, status="answered", intent="pair", pair=verdict, families=list(dict.fromkeys(
                  [code.family] + ([instead.family] if instead else []))),
                  codes=[facts.code_fact(kb, c, ctx.year) for c in shown], family_info=[facts.family_info(kb, code.family)])


def performer_counted(ctx: Context, code) -> bool:
    """Whether a worker told as the biller is one the code's own ladder counts ("which one does the PCP bill?")."""
    from bot.engine.tracks import counted_by, workers
    kb, sc = ctx.kb, ctx.q.scenario
    track = kb.track_by_code.get(code.code)
    who = workers(sc, "none", kb.meta.get("performer_counts_as") or {})
    return bool(track is not None and track.performed_by and who and set(who) & counted_by(kb, track))


def _device_family(kb: KnowledgeBase, family: str) -> bool:
    """A family billed from days of device data (RPM, RTM): a therapist's RPM question has RTM's answer."""
    return any(t.basis == "days" for t in kb.family_tracks(family))


_NEED = {"need", "needs", "needed", "require", "requires", "required", "must", "necessary", "mandatory"}


def _needed(sc, who: list[str]) -> bool:
    """"Do we need a psychiatric consultant for the BHI code?": the performer is asked about as a requirement, not as the
    one who bills."""
    return any(f.value in who and _NEED & set(sc.text[max(0, f.at - 30):f.at].lower().split()) for f in sc.of("performer"))
