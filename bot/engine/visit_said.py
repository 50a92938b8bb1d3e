"""Whether a visit's cue word tells of a visit that took place (not denied, not earlier, not a rule's words)."""

from __future__ import annotations

from bot.engine.phrases import PhraseSet, tokens

_BILLING_VERBS = {"bill", "bills", "billing", "report", "reports", "reporting", "code", "coding"}


def cue_said(phrases: PhraseSet, sc, words: list[str], past: frozenset[str] = frozenset(),
             weighed: PhraseSet | None = None) -> bool:
    """Whether a cue word stands in the question as a visit that took place: not negated ("no visit resulted",
    "no appointment needed"), not the name of what someone may bill ("clinical social workers can't bill E/M"), and
    not a dated visit around a call ("she had an office visit last Friday"), not an earlier visit (`past`: "her last
    visit was in August")."""
    if sc is None:
        return phrases.any(words)
    from bot.engine.parse import dated_visit_in_call

    events = [v.words for v in sc.of("event", "visit") if v.day is not None] if dated_visit_in_call(sc) else []
    near = _near_words(sc.words, events) | _weighed_words(sc.words, weighed)
    # "her last office visit": the earlier word may stand two before the cue
    return any(i not in sc.negated_at and not (i and sc.words[i - 1] in _BILLING_VERBS | past)
               and not (i > 1 and sc.words[i - 2] in past) and i not in near
               and not any(p in w for w in events) for i, p in phrases.find(sc.words))


def _weighed_words(words: list[str], weighed: PhraseSet | None) -> set[int]:
    """Indexes of the words of a visit only weighed or named by a rule ("within 7 days of a visit"): no visit held."""
    return {i + k for i, p in weighed.find(words) for k in range(len(tokens(p)))} if weighed is not None else set()


def _near_words(words: list[str], events: list[str], reach: int = 4) -> set[int]:
    """Indexes of the words beside a dated visit's own words ("we saw her in the office a month ago"): its place."""
    near: set[int] = set()
    for key in (tokens(e) for e in events):
        for i in (i for i in range(len(words) - len(key) + 1) if key and words[i:i + len(key)] == key):
            near.update(range(i, i + len(key) + reach))
    return near
