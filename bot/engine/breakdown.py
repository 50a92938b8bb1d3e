"""A minutes figure that the figures after it add up to ("40 minutes this month: MA 25, RN 15") is their total."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.engine.patterns import lazy
from bot.engine.scenario import Fact

_PART_OF = lazy(r"\b(?:of (?:it|that|this|those|them|which|the time)|out of (?:it|that|those|them))\b")
_ADDED = lazy(r"\b(?:then|plus|another|additional|more|extra|further|later|also|again)\b")
_THE_SURPLUS = lazy(r"\bthe (?:extra|leftover|remaining|excess|surplus|unused|spare)\s*$")
# "38 minutes with a call. Isn't 18 extra minutes close enough for the add-on?": the surplus asked about, not more time
_ASKED = lazy(r"\b(?:isn't|isnt|aren't|arent|wouldn't|wouldnt|doesn't|doesnt|don't|dont)\s*$")
_EXTRA_WORDS = lazy(r"\b(?:extra|leftover|remaining|excess)\b")
_SET_OFF_TOTAL = lazy(r"[:(\u2013\u2014]|\s-\s|\bsplit\b|\bof which\b|\bbroken down\b|\bbreakdown\b")


def breakdown(text: str, found: list[Fact]) -> list[Fact]:
    """"40 minutes this month: MA 25 minutes, RN 15 minutes": a figure the next ones add up to, set off by a colon,
    a dash, a bracket or "split", is their total."""
    found = _surplus_told_again(text, found)
    counted = sorted((f for f in found if f.role in ("spent", "additional")), key=lambda f: f.at)
    if len(counted) == 2 and _part_of(text, *counted):
        return [replace(f, role="total") if f is counted[0] else replace(f, role="part") if f is counted[1] else f
                for f in found]
    if len(counted) < 3 or counted[0].value != sum(f.value for f in counted[1:]):
        return found
    between = text[counted[0].at + len(counted[0].words):counted[1].at]
    if not _SET_OFF_TOTAL().search(between):
        return found
    parts = {id(f) for f in counted[1:]}
    return [Fact(f.kind, f.value, f.words, f.at, role="total") if f is counted[0] else
            Fact(f.kind, f.value, f.words, f.at, role="part") if id(f) in parts else f for f in found]


def _part_of(text: str, first: Fact, second: Fact) -> bool:
    """"Spent 35 minutes, almost all of it reviewing ...; the call was 5 minutes": a smaller figure told after words
    pointing back into the first one ("of it", "of that") is a part of it, unless it is said to come on top."""
    between = text[first.at + len(first.words):second.at]
    if second.value < first.value and _listed_after_colon(between):
        return True
    part = _PART_OF().search(between)
    return (second.value < first.value and first.who == second.who and part is not None and not _ADDED().search(between)
            and not between[:part.start()].rstrip().endswith("none"))


def _listed_after_colon(between: str) -> bool:
    """"Spent 25 minutes this month: chart review, a pharmacy call and a 10 min call": a smaller figure inside the
    list a colon opens after a total, in the same sentence and not said to come on top, is one item of that total."""
    head, colon, listed = between.partition(":")
    return (bool(colon) and not re.search(r"[.?!\n]", between) and len(listed.split()) >= 2
            and not _ADDED().search(listed) and not _PART_OF().search(head))


def _surplus_told_again(text: str, found: list[Fact]) -> list[Fact]:
    """"35 min in March ... carry the extra 15 min into April", "38 min; isn't 18 extra minutes enough?": "the extra"
    figure (or an extra one asked about) smaller than one told before it is that figure's surplus named again."""
    def told_again(f: Fact) -> bool:
        before = text[max(0, f.at - 20):f.at]
        surplus = _THE_SURPLUS().search(before) or (_ASKED().search(before) and _EXTRA_WORDS().search(f.words))
        return (f.role in ("spent", "additional") and surplus is not None
                and any(o.at < f.at and o.role in ("spent", "total") and o.value > f.value for o in found))
    return [replace(f, role="again") if told_again(f) else f for f in found]
