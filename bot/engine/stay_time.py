"""Minutes told as spent while the patient was in a facility ("30 min with the inpatient team while he was admitted"),
or on a device's setup ("20 minutes getting her set up on the app"): marked on the scenario (`stay_at`, `setup_at`),
so a ladder whose rules never count such time (meta stay_time / setup_time `tracks`) leaves them out. The cue words
are vocabulary minute_cues.during_stay and setup_time. A helper of reader.read_scenario."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine.lexicon import Lexicon
from bot.engine.scenario import Scenario

if TYPE_CHECKING:
    from bot.engine.reader import _Text as Text

STAY_REACH = 12  # words after the minutes that may still say when they were spent
SUBJECT_REACH = 6  # words between a setup subject and the minutes it took ("setup took our MA 25 minutes")
_TOOK = {"took", "takes", "take", "lasted", "ran", "was", "were", "came", "totaled", "totalled", "needed", "required"}


def mark_stay_minutes(tx: "Text", lex: Lexicon, sc: Scenario) -> None:
    """Mark the minutes whose own words (up to the next number, in their clause) place them during a facility stay,
    or on a device's setup and the patient's training on it."""
    for cues, marked in ((lex.during_stay, sc.stay_at), (lex.setup_time, sc.setup_at)):
        _mark(tx, cues, sc, marked)
    _mark_subject(tx, lex, sc)


def _mark_subject(tx: "Text", lex: Lexicon, sc: Scenario) -> None:
    """"Device setup and teaching took our MA 25 minutes": a setup subject, a verb of duration, then the minutes."""
    for fact in sc.of("minutes"):
        start = tx.tok_at(fact.at)
        clause = tx.toks[start].clause
        for k in range(start - 1, max(-1, start - SUBJECT_REACH - 1), -1):
            if tx.toks[k].clause != clause or tx.words[k][:1].isdigit():
                break
            hit = lex.setup_time.starting_at(tx.words, k)
            if hit is not None and _TOOK & set(tx.words[hit.j:start]):
                sc.setup_at.add(fact.at)
                break


def _mark(tx: "Text", cues, sc: Scenario, marked: set[int]) -> None:
    for fact in sorted(sc.of("minutes"), key=lambda f: f.at):
        start = tx.tok_at(fact.at)
        end = tx.tok_at(fact.at + len(fact.words) - 1) + 1
        clause = tx.toks[start].clause
        for k in range(end, min(len(tx.toks), end + STAY_REACH)):
            if tx.toks[k].clause != clause or tx.words[k][:1].isdigit():
                break
            hit = cues.starting_at(tx.words, k)
            if hit is not None and hit.value is True:  # "subject" phrases ("the setup") count only before the minutes
                marked.add(fact.at)
                break
