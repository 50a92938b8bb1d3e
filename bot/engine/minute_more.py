"""Minutes told in list shapes read after the figures with units: corrections ("28 min... sorry, 18"), week by
week, shares told for another month, and worker-labelled bare numbers under a minutes heading or joined on ("and her
MA 15") (helpers of reader.read_scenario)."""

from __future__ import annotations

from bot.engine.minute_corrections import corrected
from bot.engine.first_part import first_parts
from bot.engine.episode_minutes import other_months
from bot.engine.heading_total import heading_total
from bot.engine.labelled_minutes import labelled, summed_workers, worker_numbers
import dataclasses
import re

from bot.engine.lexicon import Lexicon
from bot.engine.minute_months import month_shares
from bot.engine.scenario import Fact
from bot.engine.week_items import week_minutes


# "47 min (excluding 10 min of billing paperwork)", "25 minutes, not counting 8 minutes of scheduling": the asker left
# that time out of the figure; it is not added to it (meta excluded_time says so in the answer)
_EXCLUDING = re.compile(r"\b(?:excluding|not\s+counting|not\s+including|without\s+counting|exclusive\s+of|minus)\s+"
                        r"(?:the\s+|a\s+|an\s+|another\s+|about\s+)?$")


def more_minutes(text: str, found: list[Fact], taken: list[tuple[int, int]], lex: Lexicon) -> list[Fact]:
    """The minutes with those of the list shapes added (and shares moved to their own month)."""
    found = other_months(text, month_shares(text, week_minutes(text, corrected(text, found), taken), lex.months))
    found = found + labelled(text, found, taken, lex)
    found = found + summed_workers(text, found, taken, lex)
    found = first_parts(text, found + worker_numbers(text, found, taken, lex), lex)  # "first 15 ..., a separate 15 after"
    found = found + heading_total(text, found)
    return [dataclasses.replace(f, role="excluded") if f.role in ("spent", "additional", "call")
            and _EXCLUDING.search(text, max(0, f.at - 30), f.at) else f for f in found]
