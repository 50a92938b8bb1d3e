"""A bare number a worker "did" after a minutes figure ("our RN did 12 minutes and the doctor did 10"): minutes too."""

from __future__ import annotations

import re

from bot.engine.scenario import Fact

# "did 10", "spent another 8", "logged 6 more" closing a clause; not "did 10 days", "spent 15 of them"
_DID = re.compile(r"\b(?:did|spent|logged|added|contributed)\s+(?:another\s+)?(\d{1,3})(?:\s+more)?"
                  r"(?=\s*(?:[.,;!?)]|$)|\s+(?:and|but|so|too|this|that|in|on)\b)")
_TIMED = ("spent", "additional", "call")
_MOST = 180  # more than three hours in one bare number is no one's month of minutes


def worker_ellipsis(text: str, found: list[Fact], taken: list[tuple[int, int]]) -> list[Fact]:
    """Bare numbers after a worker's verb, once the question has told a minutes figure before them."""
    if not any(f.role in _TIMED for f in found):
        return []
    first = min(f.at for f in found)
    out = []
    for m in _DID.finditer(text):
        at, value = m.start(1), int(m.group(1))
        if at <= first or value > _MOST or any(a <= at < b for a, b in taken) or any(f.at == at for f in found):
            continue
        out.append(Fact("minutes", value, text[m.start():m.end()].strip(), at, role="spent"))
    return out
