"""PhraseSet: vocabulary phrases matched on whole words, without building large regular expressions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9]+(?:['/-][a-z0-9]+)*")
RECENT_TEXTS = 32  # one question's text is split by many stages
_SHORTHAND_WITH = re.compile(r"\bw/(o\b)?\s*", re.I)  # chat shorthand: "walker w/ 2 front wheels", "w/o a seat"


def spelled_out(text: str) -> str:
    """The text with "w/" and "w/o" written out as "with" and "without" (as the question reader reads them)."""
    return _SHORTHAND_WITH.sub(lambda m: "without " if m.group(1) else "with ", text)


def tokens(text: str) -> list[str]:
    """Split lower-cased text into words; hyphens, slashes and apostrophes stay inside a word (add-on, e/m)."""
    return list(_tokens(text))


@lru_cache(maxsize=RECENT_TEXTS)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text.lower()))


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
        found, i, by_first, n = [], 0, self._by_first, len(words)
        if by_first.keys().isdisjoint(words):  # the usual case: one C-level pass instead of a word loop
            return found
        while i < n:
            for phrase_words, phrase in by_first.get(words[i], ()):
                k = len(phrase_words)
                if k == 1 or tuple(words[i:i + k]) == phrase_words:
                    found.append((i, phrase))
                    i += k
                    break
            else:
                i += 1
        return found

    def any(self, words: list[str]) -> bool:
        """Return whether any phrase occurs in the words."""
        by_first = self._by_first
        if by_first.keys().isdisjoint(words):
            return False
        for i, word in enumerate(words):
            if word in by_first:
                for phrase_words, _phrase in by_first[word]:
                    k = len(phrase_words)
                    if k == 1 or tuple(words[i:i + k]) == phrase_words:
                        return True
        return False


@lru_cache(maxsize=2048)
def _whole_phrase(phrase: str) -> re.Pattern:
    return re.compile(rf"(?<![\w/-]){re.escape(phrase)}(?![\w/-])", re.I)


def phrase_starts(text: str, phrase: str) -> list[int]:
    """Where the phrase starts in the text as whole words (any case; a hyphen or slash joins words)."""
    return [m.start() for m in _whole_phrase(phrase).finditer(text)]


def phrase_said(text: str, phrases: Iterable[str]) -> bool:
    """Whether any phrase is in the text as whole words (any case; a hyphen or slash joins words)."""
    return any(_whole_phrase(p).search(text) for p in phrases)
