"""How often and how long, read for a diagnosis question: "fell 3 times" is falling repeatedly, "cough x 10 weeks"
is a chronic cough (the bands come from knowledge/dx_synonyms.yaml `durations`), "on both X and Y" is no side."""

from __future__ import annotations

import functools
import re

COUNT = r"(?:[2-9]|\d{2,}|two|three|four|five|six|seven|eight|nine|ten|several|multiple|many|numerous)"
# "fell 3 times", "fallen twice": the verb said again and again (kept only when the lexicon knows "<verb> repeatedly")
_TIMES = re.compile(r"\b([a-z]+)\s+(?:" + COUNT + r"\s+(?:times|episodes|occasions)|twice)\b")
_UNITS = {"d": 1 / 7, "day": 1 / 7, "days": 1 / 7, "w": 1, "wk": 1, "wks": 1, "week": 1, "weeks": 1,
          "mo": 4.345, "mos": 4.345, "month": 4.345, "months": 4.345, "yr": 52.18, "yrs": 52.18, "year": 52.18,
          "years": 52.18}
_DURATION = re.compile(r"\b(?:x|for|over|lasting|past|last|times|going\s+on|went\s+on|been\s+on)\s*(?:for\s+)?"
                       r"(?:about|around|approximately|nearly|almost|like|maybe|roughly|over|the\s+past|the\s+last)?"
                       r"\s*(\d+(?:\.\d+)?)\s*(" + "|".join(
    sorted(_UNITS, key=len, reverse=True)) + r")\b")
# "both" before a pair said with "and" ("on both insulin and metformin") joins them; before paired parts it is a side
_BOTH = re.compile(r"\bboth\b")
_AND = re.compile(r"\band\b|\s\+\s|&")
_SENTENCE_START = re.compile(r"[.;?!\n]")
_BOTH_JOINING = re.compile(r"\bboth\s+(?!(?:the\s+|his\s+|her\s+)?(?:%s)\b)(?=[^,.;?]*\band\b)")


# "BMI 42.3": a decimal read as its whole part (the ranges a descriptor states run from x.0 to y.9), never a code's digits
_DECIMAL = re.compile(r"(?<![a-z\d.])(\d+)\.\d+(?!\d|\.\d)")


def whole_numbers(text: str) -> str:
    """Decimals cut to their whole part ("BMI 42.3" -> "BMI 42"), so the tenths read as no number of their own."""
    return _DECIMAL.sub(r"\1", text)


def repeated(text: str, phrases: dict) -> str:
    """The text with "<verb> N times" read as "<verb> repeatedly" where the lexicon has that phrase."""
    def swap(m: re.Match) -> str:
        said = (m.group(1), "repeatedly")
        return f"{m.group(1)} repeatedly" if said in phrases else m.group(0)
    return _TIMES.sub(swap, text)


def without_joining_both(text: str, paired: tuple[str, ...]) -> str:
    """The text without a "both" that only joins two things ("both X and Y", or "X and Y both ..." later in the
    sentence), kept before a paired body part."""
    text = _joining_both(paired).sub(" ", text)
    side = re.compile(r"\s+(?:the\s+|his\s+|her\s+)?(?:" + "|".join(re.escape(p) for p in paired) + r")\b")
    def drop(m: re.Match) -> str:
        before = _SENTENCE_START.split(text[:m.start()])[-1]
        return " " if _AND.search(before) and not side.match(text, m.end()) else m.group(0)
    return _BOTH.sub(drop, text) if "both" in text else text


@functools.lru_cache(maxsize=8)
def _joining_both(paired: tuple[str, ...]) -> re.Pattern:
    """The "both" joining pattern for a set of paired body parts, compiled once."""
    return re.compile(_BOTH_JOINING.pattern % "|".join(re.escape(p) for p in paired))


def weeks(text: str) -> float | None:
    """The longest duration the text states, in weeks ("x 10 weeks", "for 3 months"), or None."""
    found = [float(n) * _UNITS[unit] for n, unit in _DURATION.findall(text)]
    return max(found) if found else None


def band(bands: list[dict], length: float) -> str | None:
    """The word of the first band the length falls in (more_than_weeks / at_least_weeks, checked in order)."""
    for entry in bands:
        if "more_than_weeks" in entry and length > float(entry["more_than_weeks"]):
            return str(entry["means"])
        if "at_least_weeks" in entry and length >= float(entry["at_least_weeks"]):
            return str(entry["means"])
    return None
