"""Minutes told in list shapes read after the figures with units: corrections ("28 min... sorry, 18"), week by
week, shares told for another month, and worker-labelled bare numbers under a minutes heading or joined on ("and her
MA 15") (helpers of reader.read_scenario)."""

from __future__ import annotations

from bot.engine.corrections import corrected
from bot.engine.labelled_minutes import labelled, worker_numbers
from bot.engine.lexicon import Lexicon
from bot.engine.minute_months import month_shares
from bot.engine.scenario import Fact
from bot.engine.week_items import week_minutes


def more_minutes(text: str, found: list[Fact], taken: list[tuple[int, int]], lex: Lexicon) -> list[Fact]:
    """The minutes with those of the list shapes added (and shares moved to their own month)."""
    found = month_shares(text, week_minutes(text, corrected(text, found), taken), lex.months)
    found = found + labelled(text, found, taken, lex)
    return found + worker_numbers(text, found, taken, lex)
