"""Two services of one family asked about together ("can CoCM and general BHI be billed in the same month?"): the
family's words name two of its tracks, so the question is whether those tracks' main codes go together."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine.phrases import PhraseSet, tokens
from bot.engine.tracks import hinted

if TYPE_CHECKING:
    from bot.engine.handlers import Context


def _pair_cues(kb) -> PhraseSet:
    """The vocabulary's words that ask whether things go together (built once per knowledge base)."""
    cues = kb.cache.get("track_pair_cues")
    if cues is None:
        intents = kb.vocabulary.get("intents", {})
        words = list(intents.get("pair", [])) + list(intents.get("pair_strong", []))
        cues = kb.cache.setdefault("track_pair_cues", PhraseSet(words))
    return cues


def _main_code(kb, codes: list[str], year: int) -> str | None:
    """A track's main code: the base code (no add-on) with the most minutes."""
    bases = [kb.codes[c] for c in codes if c in kb.codes and not kb.codes[c].add_on_to and kb.codes[c].status != "deleted"]
    if not bases:
        return None
    return max(bases, key=lambda c: kb.rule_for(c, year).min_minutes or 0).code


def track_pair_subjects(ctx: Context, codes: list[str]) -> list[str] | None:
    """The main codes of two tracks of the one family the question names when it asks whether they go together,
    with no code and no figure named (or two families: two told by their cue words, or a named one and a worker's);
    else None."""
    kb, q = ctx.kb, ctx.q
    if codes or q.minutes is not None or q.days is not None or q.scenario is None:
        return None
    if not _pair_cues(kb).any(tokens(q.text.lower())):
        return None
    cued = list(dict.fromkeys(f.value for f in q.scenario.of("family", "cue") if f.value in kb.families))
    if not q.families and len(cued) == 2:  # "the blood pressure monitoring and the exercise app both this month?"
        return cued
    if len(q.families) != 1:
        return None
    if (worker := _worker_family(ctx)) is not None:
        return [q.families[0], worker]
    tracks = [t for t in kb.family_tracks(q.families[0]) if hinted(t, q.text, q.scenario)]
    mains = list(dict.fromkeys(m for t in tracks if (m := _main_code(kb, list(t.codes), ctx.year))))
    return mains[:2] if len(mains) >= 2 else None


def _worker_family(ctx: Context) -> str | None:
    """"Can the community health worker's time and the nurse's CCM time both be billed?": another family's cue that
    is the worker doing its work (a performer told in the same words) stands for that family's service."""
    q, sc = ctx.q, ctx.q.scenario
    workers = {(f.at, f.words) for f in sc.of("performer") if not f.negated}
    cued = {f.value for f in sc.of("family", "cue") if (f.at, f.words) in workers and f.value != q.families[0]}
    return cued.pop() if len(cued) == 1 and next(iter(cued)) in ctx.kb.families else None
