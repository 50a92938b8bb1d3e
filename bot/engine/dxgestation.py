"""The weeks of a pregnancy a question states ("pregnant at 28 weeks", "10 wks at today's prenatal visit"): the
trimester they fall in, read as context for the chapter 15 codes that name one, and the title of the
weeks-of-gestation code that follows a pregnancy's codes (knowledge/dx_synonyms.yaml `gestation`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine.dxtokens import norm, tokens

# "at 28 weeks", "10 wks", "28w": the gestational age, never how long ago or since ("6 weeks postpartum")
_WEEKS = re.compile(r"\b(\d{1,2})\s*(?:w|wk|wks|week|weeks)\b(?!\s+(?:ago|postpartum|post|after|out|since|later|of\s+"
                    r"(?:therapy|treatment|pt|symptoms)))")
FIRST, LAST = 8, 42  # the weeks the tabular names one by one (Z3A.08-Z3A.42)


@dataclass(frozen=True, slots=True)
class Gestation:
    """The stated weeks read: the trimester's words, the weeks code's title, and what that code follows."""

    trimester: str
    title: str
    letters: tuple[str, ...]
    starts: tuple[str, ...]


def read_weeks(rule: dict, said: set[str], text: str) -> Gestation | None:
    """The stated weeks of a pregnancy question (`said`: the normalised words of its concepts), or None."""
    found = _WEEKS.search(text) if rule and said & {norm(w) for p in rule["when"] for w in tokens(p)} else None
    if found is None:
        return None
    n = int(found.group(1))
    band = next((b["means"] for b in rule["trimesters"] if n < b["before_weeks"]), "")
    title = rule["below_title"] if n < FIRST else rule["above_title"] if n > LAST else rule["weeks_title"].format(n=n)
    return Gestation(band, title, tuple(rule["letters"]), tuple(c.lower() for c in rule["codes"]))
