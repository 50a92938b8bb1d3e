"""Misspelt knowledge words corrected ("maagement" -> "management"), never another form of a word ("provided")."""

from __future__ import annotations

import os
import re

MIN_TYPO_WORD = 5  # shorter words are too easy to "correct" into another word
TYPO_CUTOFF = 85  # rapidfuzz ratio: one dropped or swapped letter in a 6+ letter word scores about 90
_LETTERS = re.compile(r"[a-z]+")


def correct_typos(low: str, known: set[str], targets: list[str]) -> str:
    """Fix misspelt knowledge words ("maagement" -> "management"); other words are left alone."""
    unknown = {w for w in _LETTERS.findall(low) if len(w) >= MIN_TYPO_WORD and w not in known
               and not _plural_of_known(w, known)}
    if not unknown:
        return low
    from rapidfuzz import fuzz, process  # only when a long word is unknown

    for word in unknown:
        best = process.extractOne(word, targets, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        if best and not _other_form(word, best[0]):
            low = re.sub(rf"\b{word}\b", best[0], low)
    return low


_AGENT = {"r", "er", "ers", "or", "ors"}  # provider, manager, coordinator
_VERB_FORMS = {"", "e", "d", "ed", "s", "es", "ing", "ion", "ions"}


def _other_form(word: str, target: str) -> bool:
    """"provided" beside "provider": a verb form is not a misspelling of the noun for the one who does it."""
    stem = len(os.path.commonprefix([word, target]))
    return stem >= 4 and word[stem:] in _VERB_FORMS and target[stem:] in _AGENT


def _plural_of_known(word: str, known: set[str]) -> bool:
    """"sessions", "batches": the plural of a known word is no misspelling (never "corrected" to the singular)."""
    return word.endswith("s") and (word[:-1] in known or (word.endswith("es") and word[:-2] in known))
