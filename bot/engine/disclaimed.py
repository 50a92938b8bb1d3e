"""A code the asker says looks wrong ("our EHR suggests X?? that doesn't look right"): the code is what someone else
offered, noted beside the story's own answer, not the subject (vocabulary code_disclaimers)."""

from __future__ import annotations

import re

_REACH = 40  # characters from the code to the words that disown it


def disclaimed(text: str, code: str, phrases: list[str]) -> bool:
    """Whether words disowning the code ("that doesn't look right") follow it closely in the text."""
    low = text.lower()
    for m in re.finditer(rf"(?<![a-z0-9]){re.escape(code.lower())}(?![a-z0-9])", low):
        after = " ".join(low[m.end():m.end() + _REACH].replace("\u2019", "'").split())
        if any(str(p).lower() in after for p in phrases):
            return True
    return False
