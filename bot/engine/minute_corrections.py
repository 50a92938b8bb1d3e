"""A minutes figure the asker corrects ("28 min... sorry, 18 min", "35 min. Correction: it was 15 min", "22 minutes,
I mean 12"): the correction replaces the figure before it."""

from __future__ import annotations

import dataclasses
import re

from bot.engine.scenario import Fact

_CUE = re.compile(r"(?:^|[\s.,;:!-])(?:sorry|correction|i\s+mean|i\s+meant|actually|scratch\s+that|make\s+that|oops|"
                  r"my\s+bad|typo|correcting|update|wait)\b[\s,:;.!-]*(?:(?:that|this|it)\s+(?:was|is)\s+(?:wrong|incorrect|off)|"
                  r"i\s+was\s+wrong|checked\s+(?:the\s+)?[a-z]+(?:\s+[a-z]+)?)?[\s,:;.!-]*(?:it\s+(?:was|is)\s+|it's\s+|that's\s+|"
                  r"(?:that\s+|it\s+)?should\s+(?:be|have\s+been)\s+|the\s+right\s+number\s+is\s+)?(?:only\s+|just\s+)?$")
_REACH = 90  # characters between the figure corrected and its correction
_COUNTED = ("spent", "additional", "call", "total")


def corrected(text: str, found: list[Fact]) -> list[Fact]:
    """The minutes without each figure a later one corrects (a correction read as a part of the figure before it
    takes that figure's role: "12 min ... wait, checked the log -- 8 min")."""
    timed = sorted((f for f in found if f.role in _COUNTED + ("part",)), key=lambda f: f.at)
    dropped, roles = set(), {}
    for before, after in zip(timed, timed[1:]):
        gap = text[before.at + len(before.words):after.at]
        if before.role == "part" or after.role == "additional" or len(gap) > _REACH or not _CUE.search(gap):
            continue  # "and actually 15 more": added
        dropped.add(id(before))
        if after.role == "part":
            roles[id(after)] = before.role
    return [dataclasses.replace(f, role=roles[id(f)]) if id(f) in roles else f for f in found if id(f) not in dropped]
