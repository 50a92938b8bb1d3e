"""Minutes told as spent while the patient was in a facility ("30 min with the inpatient team while he was admitted"):
marked on the scenario (`stay_at`), so a ladder whose rules never count such time (meta stay_time `tracks`) leaves
them out. The cue words are vocabulary minute_cues.during_stay. A helper of reader.read_scenario."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine.lexicon import Lexicon
from bot.engine.scenario import Scenario

if TYPE_CHECKING:
    from bot.engine.reader import _Text as Text

STAY_REACH = 12  # words after the minutes that may still say when they were spent


def mark_stay_minutes(tx: "Text", lex: Lexicon, sc: Scenario) -> None:
    """Mark the minutes whose own words (up to the next number, in their clause) place them during a facility stay."""
    minutes = sorted(sc.of("minutes"), key=lambda f: f.at)
    for fact in minutes:
        start = tx.tok_at(fact.at)
        end = tx.tok_at(fact.at + len(fact.words) - 1) + 1
        clause = tx.toks[start].clause
        for k in range(end, min(len(tx.toks), end + STAY_REACH)):
            if tx.toks[k].clause != clause or tx.words[k][:1].isdigit():
                break
            if lex.during_stay.starting_at(tx.words, k):
                sc.stay_at.add(fact.at)
                break
