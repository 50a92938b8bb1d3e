"""Families a question tells by their work alone (vocabulary told_work): a problem managed beside a wellness visit."""

from __future__ import annotations

from bot.engine.phrases import PhraseSet


def told_work_families(told: dict[str, tuple[set[str], PhraseSet]], words: list[str], named: list[str]) -> list[str]:
    """The families whose work the words tell, beside a named family they are told with, not named themselves."""
    return [fam for fam, (beside, phrases) in told.items()
            if fam not in named and beside & set(named) and phrases.any(words)]
