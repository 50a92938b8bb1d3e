"""Joined conditions: a condition said anywhere beside its partner is read as their combination's words
(knowledge/dx_synonyms.yaml `joined`: "ckd 3a and htn" reads the hypertension as hypertensive chronic kidney disease)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

Phrase = tuple[str, ...]
# words a partner phrase is matched without ("not due to her htn" says "not due to htn")
_ARTICLES = frozenset({"the", "a", "an", "her", "his", "their", "its", "this", "that"})


@dataclass(frozen=True, slots=True)
class JoinedRule:
    """One `joined` entry as token phrases: the condition's phrasing, its partners, what blocks it, its new words."""

    names: tuple[Phrase, ...]
    partners: tuple[Phrase, ...]
    unless: tuple[Phrase, ...]
    absorbs: tuple[Phrase, ...]
    means: tuple[Phrase, ...]

    @classmethod
    def of(cls, entry: dict, tokens: Callable[[str], list[str]], filler: frozenset[str] | set[str]) -> JoinedRule:
        """The rule of one loaded entry, its phrases tokenised as the lexicon reads them."""
        def phrases(key: str, drop: bool = False) -> tuple[Phrase, ...]:
            return tuple(tuple(w for w in tokens(p) if not drop or w not in filler) for p in entry.get(key) or [])
        def bare(key: str) -> tuple[Phrase, ...]:
            return tuple(tuple(w for w in ph if w not in _ARTICLES) for ph in phrases(key))
        return cls(phrases("names", True), bare("with"), bare("unless"), phrases("absorbs"), phrases("means", True))


def _holds(words: Sequence[str], phrase: Phrase) -> bool:
    size = len(phrase)
    return bool(size) and any(tuple(words[i:i + size]) == phrase for i in range(len(words) - size + 1))


def joined(rules: list[JoinedRule], concepts: list[Any], words: list[str],
           tokens_of: Callable[[str], list[str]], denied: Sequence[Phrase] = ()) -> list[Any]:
    """The concepts with each rule's condition read as its combination when a partner is said and no blocker is
    (a blocker the question denies, "no heart failure", blocks nothing)."""
    words = [w for w in words if w not in _ARTICLES]
    for rule in rules:
        blocked = [p for p in rule.unless if _holds(words, p) and not set(p) <= {w for d in denied for w in d}]
        if not any(_holds(words, p) for p in rule.partners) or blocked or \
                not any(ph in rule.names for c in concepts for ph in c.phrasings):
            continue  # the condition itself unsaid: its partner's words stay (insulin without gestational diabetes)
        concepts = [replace(c, phrasings=rule.means, was=c.phrasings) if any(ph in rule.names for ph in c.phrasings) else c
                    for c in concepts if tuple(tokens_of(c.said)) not in rule.absorbs]
    return concepts
