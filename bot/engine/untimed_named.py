"""Whether a family the question names takes its minutes: a family with no minutes ladder does not take time
another family's worker spent ("1 home visit"), but a lone named family whose codes are chosen by criteria keeps
the question when no minutes are tied to another family ("APCM patient ... staff spent 8 minutes": not time-based)."""

from __future__ import annotations

import dataclasses

from bot.kb.store import KnowledgeBase


def _criteria_ladder(kb: KnowledgeBase, family: str) -> bool:
    """Whether the family has a ladder of codes chosen by criteria (TCM levels, APCM levels)."""
    return any(t.basis == "none" and t.when != "explicit" and any(c in kb.codes and kb.codes[c].rule.requires
                                                                   for c in t.codes) for t in kb.family_tracks(family))


def takes_minutes(kb: KnowledgeBase, q, family: str) -> bool:
    """Whether the named family is the one the question's lines are for, given the minutes it states."""
    sc = q.scenario
    if q.minutes is None or any(t.basis in ("minutes", "days") for t in kb.family_tracks(family)):
        return True
    if sc is not None and sc.minutes_of(family):  # minutes told at a service with no time ladder (the wellness visit)
        return not any(f.value != family and any(t.basis == "minutes" for t in kb.family_tracks(f.value))
                       for f in sc.of("family", "cue"))  # ... whose words cue a timed one ("advance directives"): its
    if sc is None or len(q.families) != 1 or not _criteria_ladder(kb, family):
        return False
    return not any(f.family and f.family != family for f in sc.of("minutes")) \
        and not any(f.value != family for f in sc.of("family", "cue"))


def image_track(kb: KnowledgeBase, q, family: str, who: list[str]):
    """The family's untimed ladder that only its words select ("a photo she sent", "a recorded video": remote image
    review), when the question's words select it and it counts who did the work; the service is the review, so
    minutes told beside it do not move it onto a minutes ladder. None otherwise, or when no minutes are told."""
    from bot.engine.tracks import counted_by, hinted  # noqa: PLC0415  (tracks imports the stages this one feeds)

    if q.minutes is None:
        return None  # no minutes: the family's own reading (its timing rules) answers
    found = [t for t in kb.family_tracks(family) if t.basis == "none" and t.when == "explicit" and t.role != "add_on"
             and hinted(t, q.text, q.scenario) and (not who or set(who) <= counted_by(kb, t))]
    return found[0] if len(found) == 1 or (found and who) else None


def retie_untimed(kb: KnowledgeBase, sc, family: str) -> None:
    """Minutes told at a service with no time ladder ("during her AWV the NP spent 50 minutes on advance directives"),
    billed as the timed family the words cue: those minutes are that family's time."""
    if sc is None or not any(t.basis == "minutes" for t in kb.family_tracks(family)):
        return
    untimed = {f.family for f in sc.of("minutes") if f.family and f.family != family and f.family in kb.families
               and not any(t.basis in ("minutes", "days") for t in kb.family_tracks(f.family))}
    if untimed:
        sc.facts = [dataclasses.replace(f, family=family) if f.kind == "minutes" and f.family in untimed else f
                    for f in sc.facts]
