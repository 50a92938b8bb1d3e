"""Several calendar months of one episode in one question ("collaborative care started in January: 50 minutes in
January, 35 in February, 20 in March"): the month it started is the episode's first month, every month after it a
later one, so each month climbs its own ladder (first-month codes, then later-month codes)."""

from __future__ import annotations

from bot.engine.billing import BillRequest
from bot.kb.records import Track
from bot.kb.store import KnowledgeBase

_CRITERION = "episode_month"


def month_track(kb: KnowledgeBase, track: Track, label: str, labels: list[str], req: BillRequest) -> Track:
    """The ladder for one month's minutes: the first-month ladder for the starting month, the later-month one after."""
    if _CRITERION not in track.requires or len(labels) < 2 or req.scenario is None:
        return track
    start = _start_label(kb, labels, req)
    if start is None or label not in labels:
        return track
    wanted = "first" if labels.index(label) <= labels.index(start) else "later"
    if track.requires.get(_CRITERION) == wanted:
        return track
    return next((t for t in kb.family_tracks(track.family) if t.role == track.role and t.basis == track.basis
                 and t.requires.get(_CRITERION) == wanted), track)


def _start_label(kb: KnowledgeBase, labels: list[str], req: BillRequest) -> str | None:
    """The month the episode started: the month named right after a first-month phrase ("started in January")."""
    months = kb.vocabulary.get("months", {})
    # a first-month phrase, even one read as a later month for the latest minutes ("started in January ... March")
    cues = {str(w).lower() for w in (kb.vocabulary.get("episode_month") or {}).get("first", [])}
    firsts = [f for f in req.scenario.of("episode_month") if not f.negated and (f.value == "first" or f.words.lower() in cues)]
    text = req.scenario.text
    for f in firsts:
        after = text[f.at + len(f.words):f.at + len(f.words) + 24].lower().split()
        named = [w.strip(",.;:") for w in after[:3] if w.strip(",.;:") in months]
        if named:
            number = months[named[0]]
            return next((l for l in labels if months.get(l.lower()) == number), None)
    return labels[0] if firsts else None
