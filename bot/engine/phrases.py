"""PhraseSet: vocabulary phrases matched on whole words, without building large regular expressions."""

from __future__ import annotations

import re
from collections.abc import Iterable

_TOKEN = re.compile(r"[a-z0-9]+(?:['/-][a-z0-9]+)*")


def tokens(text: str) -> list[str]:
    """Split lower-cased text into words; hyphens, slashes and apostrophes stay inside a word (add-on, e/m)."""
    return _TOKEN.findall(text.lower())


class PhraseSet:
    """A set of phrases found leftmost-longest in a token list (building it costs no regex compilation)."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase in phrases:
            words = tuple(tokens(str(phrase)))
            if words:
                self._by_first.setdefault(words[0], []).append((words, str(phrase).strip()))
        for entries in self._by_first.values():
            entries.sort(key=lambda e: -len(e[0]))

    def find(self, words: list[str]) -> list[tuple[int, str]]:
        """Return (word index, phrase) for each non-overlapping match, left to right, longest first."""
        found, i = [], 0
        while i < len(words):
            for phrase_words, phrase in self._by_first.get(words[i], ()):
                if tuple(words[i:i + len(phrase_words)]) == phrase_words:
                    found.append((i, phrase))
                    i += len(phrase_words)
                    break
            else:
                i += 1
        return found

    def any(self, words: list[str]) -> bool:
        """Return whether any phrase occurs in the words."""
        return any(self._starts_at(words, i) for i in range(len(words)))

    def _starts_at(self, words: list[str], i: int) -> bool:
        return any(tuple(words[i:i + len(pw)]) == pw for pw, _p in self._by_first.get(words[i], ()))
