"""Whether a question is about the start of monitoring (setup): a setup word not negated and not told as billed in an
earlier period ("setup was billed last month": vocabulary setup_done), with no later month of the episode stated."""

from __future__ import annotations

from bot.engine.phrases import PhraseSet
from bot.engine.scenario import Scenario

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
