"""A range inside a code's text ("with stage 1 through stage 4 chronic kidney disease"): a stage the question says
inside it makes the range's lower bound no detail the code adds, and the code takes that stage without naming it, so
the code that names the stage is still its partner (I12 with the CKD stage of its use-additional note)."""

from __future__ import annotations

import re

from bot.engine.dxlex import Concept

_FROM_BOUND = re.compile(r"\b(\d+)[a-z]?\s+through\s+(?:[a-z]+\s+)?(\d+)")  # "stage 1 through stage 4"
_SPAN = re.compile(r"\b(?:[a-z]+\s+)?\d+[a-z]?\s+through\s+(?:[a-z]+\s+)?\d+[a-z]?\b")


def said_numbers(accounted: set[str] | frozenset[str]) -> frozenset[int]:
    """The numbers among the question's words."""
    return frozenset(int(w) for w in accounted if w.isdigit())


def range_spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """A text's ranges ("stage 1 through stage 4"): the lower bound as written, and both bounds as numbers."""
    return tuple((m[1], int(m[1]), int(m[2])) for m in _FROM_BOUND.finditer(text.lower()))


def bounds_said(spans: tuple[tuple[str, int, int], ...], said: frozenset[int]) -> set[str]:
    """range_bounds from a text's range_spans and the question's said_numbers."""
    return {w for low, first, last in spans if said & set(range(first, last + 1)) for w in (low, "through")}


def range_bounds(text: str, accounted: set[str] | frozenset[str]) -> set[str]:
    """The words of a range's lower bound ("1", "through") when a number the question says falls inside the range."""
    return bounds_said(range_spans(text), said_numbers(accounted))


def only_in_span(concept: Concept, text: str, words) -> bool:
    """Whether a code's text holds the concept only inside a range ("stage 4" in "stage 1 through stage 4");
    `words(text)` gives a text's words as the search reads them."""
    low = text.lower()
    return bool(_SPAN.search(low)) and not concept.held_by(set(words(_SPAN.sub(" ", low))))


_NAMED_RANGE = re.compile(r"\b([a-z]+)\s+(\d+)[a-z]?\s+through\s+(?:[a-z]+\s+)?(\d+)")  # "stage 1 through stage 4"


def stated_pairs(concepts: list[Concept]) -> frozenset[tuple[str, int]]:
    """The numbered details the question states as one fact ("stage 5" -> ("stage", 5))."""
    out = set()
    for c in concepts:
        words = c.said.split()
        if c.parts == 2 and len(words) == 2 and words[1][:1].isdigit():
            out.add((words[0], int(re.match(r"\d+", words[1]).group(0))))
    return frozenset(out)


def range_excludes(text: str, pairs: frozenset[tuple[str, int]]) -> bool:
    """Whether a text's range leaves out the stated detail it ranges over ("stage 1 through stage 4" for a stated
    stage 5): that code is for other stages."""
    for m in _NAMED_RANGE.finditer(text.lower()):
        told = [n for word, n in pairs if word == m[1]]
        if told and not any(int(m[2]) <= n <= int(m[3]) for n in told):
            return True
    return False


_ALTERNATIVES = re.compile(r"(?:,|\bwith\b|\bwithout\b)\s*([^,]*?)\s+or\s+([^,]*?)\s*(?=,|$|\bwith\b)")  # after the condition


def other_alternative(text: str, said: frozenset[str], words) -> frozenset[str]:
    """The words of one side of a text's "A or B" when the question says all of the other side ("stage 5 chronic
    kidney disease or end stage renal disease" for a stated ESRD: the 5 is no detail the code adds); `words(text)`
    gives a text's words as the search reads them."""
    out: set[str] = set()
    for left, right in _ALTERNATIVES.findall(re.sub(r"\([^()]*\)", " ", text.lower())):  # the code's own words
        lw, rw = words(left), words(right)
        if re.search(r"specified|\bwhether\b|\beither\b", left):
            continue  # "unspecified as acute or chronic": neither side is said
        if len(rw) > 1 and rw <= said:  # a whole alternative said, not one qualifier ("complete or ...")
            out |= lw - rw
        elif len(lw) > 1 and lw <= said:
            out |= rw - lw
    return frozenset(out)


_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)")
_AT_MOST = re.compile(r"(\d+(?:\.\d+)?) or less\b")
_AT_LEAST = re.compile(r"(\d+(?:\.\d+)?) or (?:greater|more)\b")


def number_fit(text: str, values: list[float]) -> bool | None:
    """Whether one of the question's numbers falls in a range the text states ("BMI 40.0-44.9", "70 or greater");
    None when the text states no range or the question no number."""
    if not values:
        return None
    spans = [(float(lo), float(hi)) for lo, hi in _RANGE.findall(text)]
    spans += [(float("-inf"), float(v)) for v in _AT_MOST.findall(text)]
    spans += [(float(v), float("inf")) for v in _AT_LEAST.findall(text)]
    if not spans:
        return None
    return any(lo <= v <= hi for v in values for lo, hi in spans)
