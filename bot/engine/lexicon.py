"""Lexicon: the scenario words of knowledge/vocabulary.yaml compiled once into phrase matchers with positions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.engine.phrases import PhraseSet, tokens

_TOKEN = re.compile(r"[a-z0-9]+(?:['/-][a-z0-9]+)*")
_CLAUSE_END = re.compile(r"[?!;]|\.(?=\s|$)|\n")


@dataclass(frozen=True, slots=True)
class Tok:
    """One word of the read text with its character span and clause number."""

    word: str
    start: int
    end: int
    clause: int


@dataclass(frozen=True, slots=True)
class Hit:
    """A phrase found in the token list: tokens [i, j), its value and the phrase."""

    i: int
    j: int
    value: object
    phrase: str


def tokenize(text: str) -> list[Tok]:
    """Split lower-cased text into words with spans; a clause ends at ? ! ; a full stop or a line break."""
    ends = [m.start() for m in _CLAUSE_END.finditer(text)]
    out, clause, k = [], 0, 0
    for m in _TOKEN.finditer(text):
        while k < len(ends) and ends[k] < m.start():
            clause, k = clause + 1, k + 1
        out.append(Tok(m.group(), m.start(), m.end(), clause))
    return out


class Matcher:
    """Phrases mapped to values, found leftmost-longest in a token list (number words in a phrase match digits,
    as the read text has them: "two practices" finds "2 practices")."""

    def __init__(self, mapping: dict[str, object], numbers: dict[str, int] | None = None) -> None:
        def canon(phrase: str) -> str:
            return " ".join(str(numbers[w]) if numbers and w in numbers else w for w in tokens(phrase))

        self.values = {canon(str(p)): v for p, v in mapping.items() if tokens(str(p))}
        self.lengths = {p: len(p.split()) for p in self.values}
        self.phrases = PhraseSet(self.values)

    def find(self, toks: list[Tok]) -> list[Hit]:
        """Every non-overlapping match with its token span and value."""
        words = [t.word for t in toks]
        out = []
        for i, phrase in self.phrases.find(words):
            key = " ".join(tokens(phrase))
            j = i + self.lengths[key]
            # A phrase never spans punctuation: "this month, one call" holds no "month one".
            if all(toks[k + 1].start - toks[k].end == 1 for k in range(i, j - 1)):
                out.append(Hit(i, j, self.values[key], key))
        return out

    def ending_at(self, words: list[str], j: int) -> Hit | None:
        """The longest phrase that ends just before word j."""
        best = None
        for key, n in self.lengths.items():
            if n <= j and words[j - n:j] == key.split() and (best is None or n > best.j - best.i):
                best = Hit(j - n, j, self.values[key], key)
        return best

    def starting_at(self, words: list[str], i: int) -> Hit | None:
        """The longest phrase that starts at word i."""
        best = None
        for key, n in self.lengths.items():
            if words[i:i + n] == key.split() and (best is None or n > best.j - best.i):
                best = Hit(i, i + n, self.values[key], key)
        return best


def _flat(groups: dict[str, Iterable[str]] | None) -> dict[str, str]:
    """{"id": [phrase, ...]} into {phrase: id}."""
    return {str(p).lower(): str(k) for k, phrases in (groups or {}).items() for p in phrases or []}


def _same(phrases: Iterable[str] | None, value: object = True) -> dict[str, object]:
    return {str(p).lower(): value for p in phrases or []}


class Lexicon:
    """Every scenario word list of the vocabulary, compiled."""

    def __init__(self, voc: dict) -> None:
        inter = voc.get("interactive", {})
        self.numbers = {str(k).lower(): int(v) for k, v in (voc.get("number_words") or {}).items()}

        self.performers = self._m(_flat(voc.get("performers")))
        self.personally = self._m(_same(voc.get("personally")))
        self.negators = {str(n).lower() for n in inter.get("negators", [])}
        self.fillers = {str(self.numbers.get(str(f).lower(), str(f).lower())) for f in voc.get("negation_fillers", [])}
        roles = voc.get("code_roles", {})
        self.code_before = self._m({**_same(roles.get("context_before"), "context"),
                                    **_same(roles.get("asked_before"), "asked"),
                                    **_same(roles.get("billed_before"), "billed")})
        self.code_after = self._m({**_same(roles.get("context_after"), "context"),
                                   **_same(roles.get("billed_after"), "billed")})
        self.asks = self._m(_flat(voc.get("asks")))
        self.practices = self._m(_same(voc.get("practices")))
        self.transmission = self._m(_flat(voc.get("transmission")))
        self.episode_month = self._m(_flat(voc.get("episode_month")))
        self.mdm = self._m(_flat(voc.get("mdm_levels")))
        self.mdm_order = list((voc.get("mdm_levels") or {}).keys())
        self.events = self._m(_flat(voc.get("events")))
        self.unrelated = self._m(_same(voc.get("unrelated")))
        self.soonest = self._m(_same(voc.get("soonest")))
        self.flags = self._m(_flat(voc.get("flags")))
        self.family_cues = self._m(_flat(voc.get("family_cues")))
        self.interactive = self._m(_same(inter.get("positive")))
        self.failed = self._m(_same(inter.get("failed")))
        self.asynchronous = self._m(_same(inter.get("asynchronous")))
        self.months = {str(k).lower(): int(v) for k, v in (voc.get("months") or {}).items()}
        self.weekdays = {str(k).lower(): int(v) for k, v in (voc.get("weekdays") or {}).items()}
        self.relative = self._m({str(k).lower(): int(v) for k, v in (voc.get("relative_days") or {}).items()})

    def _m(self, mapping: dict) -> Matcher:
        """A matcher whose number words match the digits the read text holds."""
        return Matcher(mapping, self.numbers)

    def negated(self, toks: list[Tok], i: int) -> bool:
        """Whether a negator stands just before token i (fillers may sit between), in the same clause."""
        k = i - 1
        while k >= 0 and toks[k].clause == toks[i].clause and toks[k].word in self.fillers:
            k -= 1
        return k >= 0 and toks[k].clause == toks[i].clause and (toks[k].word in self.negators or toks[k].word == "non")
