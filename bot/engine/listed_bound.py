"""A figure joined by "or" to a bound just before it ("she didn't hit 16 days or 20 minutes"): the negated reach
covers every item of its list, so the second figure is a bound not reached, not time spent."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.engine.lexicon import Lexicon
    from bot.engine.timewords import Around

_UNITS = {"day", "days", "minute", "minutes", "min", "mins"}  # the unit of the figure the list opens with
_JOINS = {"or", "nor"}


def listed_below(at: "Around", lex: "Lexicon") -> bool:
    """Whether the figure at `at` follows "or" after another figure whose cue says a bound not reached."""
    if at.word(-1) not in _JOINS or at.word(-2) not in _UNITS or not at.word(-3).isdigit():
        return False
    first = type(at)(at.toks, at.words, lex, at.i - 3, at.i - 1, at.text)
    return "below" in (first.before(lex.minute_before), first.before(lex.day_before))
