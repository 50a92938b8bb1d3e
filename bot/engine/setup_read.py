"""Whether a question is about the start of monitoring (setup): a setup word not negated and not told as billed in an
earlier period ("setup was billed last month": vocabulary setup_done), with no later month of the episode stated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine.phrases import PhraseSet
from bot.engine.scenario import Scenario

if TYPE_CHECKING:
    from bot.kb.store import KnowledgeBase

_AFTER_REACH = 4  # "the setup (99453) was billed in March": words after the setup word that may say it was done
_BEFORE_REACH = 3  # "we already billed the setup": words before it


class SetupWords:
    """The setup phrases, and those that tell a setup as done before (after it, and before it)."""

    def __init__(self, voc: dict) -> None:
        done = voc.get("setup_done") or {}
        self.setup = PhraseSet(voc.get("setup_words", []))
        self.done_after = PhraseSet(done.get("after", []))
        self.done_before = PhraseSet(done.get("before", []))

    def asked(self, negators: set[str], sc: Scenario, words: list[str]) -> bool:
        """Whether the question is about the start of monitoring; a negated setup word, or one billed already,
        outweighs the others ("not his first month", "onboarding was billed last month")."""
        found = self.setup.find(words)
        hits = [i for i, phrase in found if not any(w in negators for w in words[max(0, i - 3):i])
                and not self._done(words, i, len(phrase.split()))]
        later = any((f.value == "later") != f.negated for f in sc.of("episode_month"))  # "not his first month"
        if not hits or len(hits) != len(found) or later:
            return False
        # "a site says 99454 is the one-time setup code": a setup word only inside a quoted claim is no setup
        told = [i for i, _phrase in self.setup.find(sc.words)]
        return not (told and all(i in sc.claimed_at for i in told))

    def _done(self, words: list[str], i: int, n: int) -> bool:
        """Whether the setup word at i is told as billed or done in an earlier period."""
        return self.done_after.any(words[i + n:i + n + _AFTER_REACH]) or \
            self.done_before.any(words[max(0, i - _BEFORE_REACH):i])


def setup_billed_before(kb: "KnowledgeBase", sc: Scenario | None, family: str) -> list[str]:
    """The family's once-per-episode setup codes the question tells as billed already ("set her up in September and
    billed the setup code then"), when no new episode of care is told: the setup is not billed again in the episode."""
    if sc is None:
        return []
    setup = {c for t in kb.family_tracks(family) if t.when == "setup" for c in t.codes
             if c in kb.codes and kb.codes[c].rule.once_per == "episode"}
    billed = [c for c in dict.fromkeys(sc.codes("billed")) if c in setup]
    if not billed and setup and _told_done(kb, sc):  # "setup was already billed in Oct" beside a list naming its code
        billed = [c for c in dict.fromkeys(sc.codes("asked")) if c in setup] or sorted(setup)
    if not billed or PhraseSet(kb.vocabulary.get("new_episode") or []).any(sc.words):
        return []
    return billed


def renewed_setup(kb: "KnowledgeBase", sc: Scenario, code: str) -> bool:
    """"We billed (the setup code) in April ... new plan of care ... can it go on again?": a once-per-episode code told
    as billed and asked of again, beside a new episode of care (vocabulary new_episode)."""
    once = kb.codes[code].rule.once_per if code in kb.codes else ""
    return once == "episode" and code in sc.codes("asked") and PhraseSet(kb.vocabulary.get("new_episode") or []).any(sc.words)


def _told_done(kb: "KnowledgeBase", sc: Scenario) -> bool:
    """Whether a setup word is told as billed or done in an earlier period, in words (vocabulary setup_done)."""
    words = kb.cache.get("setup_words")
    if words is None:  # built once per knowledge base
        words = kb.cache.setdefault("setup_words", SetupWords(kb.vocabulary))
    return any(words._done(sc.words, i, len(phrase.split())) for i, phrase in words.setup.find(sc.words))  # noqa: SLF001
