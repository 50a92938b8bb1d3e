"""A minutes figure the asker corrects ("28 min... sorry, 18 min", "35 min. Correction: it was 15 min", "22 minutes,
I mean 12"): the correction replaces the figure before it."""

from __future__ import annotations

import dataclasses
import re

from bot.engine.scenario import Fact

_CUE = re.compile(r"(?:^|[\s.,;:!-])(?:sorry|correction|i\s+mean|i\s+meant|actually|scratch\s+that|make\s+that|oops|"
                  r"my\s+bad|typo|correcting|update|wait)\b[\s,:;.!-]*(?:(?:that|this|it)\s+(?:was|is)\s+(?:wrong|incorrect|off)|"
                  r"i\s+was\s+wrong|checked\s+(?:the\s+)?[a-z]+(?:\s+[a-z]+)?|(?:the\s+)?(?:[a-z]+\s+){0,2}time\s+(?:was|is))?[\s,:;.!-]*(?:it\s+(?:was|is)\s+|it's\s+|that's\s+|"
                  r"(?:that\s+|it\s+)?should\s+(?:be|have\s+been)\s+|the\s+right\s+number\s+is\s+)?(?:only\s+|just\s+)?$")
_REASON = re.compile(r"\b(?:missed|forgot|left\s+out|leaving\s+out|didn't\s+count|did\s+not\s+count|hadn't\s+counted|"
                     r"had\s+counted|counted|included|double[- ]?(?:counted|entered)|added)\b", re.I)
_REACH = 90  # characters between the figure corrected and its correction
_COUNTED = ("spent", "additional", "call", "total")


def corrected(text: str, found: list[Fact]) -> list[Fact]:
    """The minutes without each figure a later one corrects (a correction read as a part of the figure before it
    takes that figure's role: "12 min ... wait, checked the log -- 8 min")."""
    timed = sorted((f for f in found if f.role in _COUNTED + ("part",)), key=lambda f: f.at)
    counted = [f for f in timed if f.role != "part"]  # "14 min incl a 5 min call ... correction: 22 min": 14 and 22
    dropped, roles = set(), {}
    for before, after in list(zip(timed, timed[1:])) + list(zip(counted, counted[1:])):
        gap = text[before.at + len(before.words):after.at]
        if before.role == "part" or after.role == "additional" or len(gap) > _REACH or not _CUE.search(gap):
            continue  # "and actually 15 more": added
        dropped.add(id(before))
        if after.role == "part":
            roles[id(after)] = before.role
        dropped |= {id(f) for f in _told_difference(text, before, after, timed)}
    return [dataclasses.replace(f, role=roles[id(f)]) if id(f) in roles else f for f in found if id(f) not in dropped]


def _told_difference(text: str, wrong: Fact, right: Fact, timed: list[Fact]) -> list[Fact]:
    """"correction -- 22 min, I missed 8 min of data review" (after 14): the figure right after a correction that is
    the difference between the wrong and the right figure gives the reason for it, no time of its own."""
    later = [f for f in timed if f.at > right.at and f.at - right.at - len(right.words) <= _REACH]
    return [f for f in later[:1] if f.value == abs(right.value - wrong.value) and f.value and f.role != "additional"
            and _REASON.search(text, right.at + len(right.words), f.at)]
