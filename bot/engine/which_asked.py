"""Which-code questions: "which APCM level do we bill?", "what advanced primary care management level?" ask to bill."""

from __future__ import annotations

import re

from bot.engine.scenario import Fact

_WHICH_CODE = re.compile(r"\b(?:which|what|what's|whats|what is)\s+(?:[\w/-]+\s+){0,3}?(?:codes?|one|level|add-?ons?)\b(?!\s+(?:is|means|does|stands))|"
                         r"\bwhich\s+[\w/-]+\s*\?")
_CODE_QUESTION = re.compile(r"\b(?:codes?|level)\s*\?|\b(?:code|level)\s+for\s+(?:a|the|this|my|our)?\s*(?:pt|patient)\b")


def which_asks(text: str, names: list[tuple[int, int]]) -> list[Fact]:
    """Bill asks in `text`; `names` are the character spans of family names, each read as one word (so "which
    advanced primary care management level" is as near as "which APCM level")."""
    for start, end in names:
        text = text[:start] + re.sub(r"\s", "_", text[start:end]) + text[end:]
    which = _WHICH_CODE.finditer(text) if "wh" in text else ()
    code_asked = _CODE_QUESTION.finditer(text) if "code" in text or "level" in text else ()
    return [Fact("asked", "bill", m.group(0).replace("_", " "), m.start(), role="asked")
            for m in list(which) + list(code_asked)]
