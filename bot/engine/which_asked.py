"""Which-code questions: "which APCM level do we bill?", "what advanced primary care management level?" ask to bill."""

from __future__ import annotations

import re

from bot.engine.scenario import Fact

_WHICH_CODE = re.compile(r"\b(?:which|what|what's|whats|what is)\s+(?:[\w/-]+\s+){0,3}?(?:codes?|one|level|add-?ons?)\b(?!\s+(?:is|means|does|stands))|"
                         r"\bwhich\s+[\w/-]+\s*\?")
# "APCM level for a QMB with ...", "code for a Qualified Medicare Beneficiary": the patient the level is asked for
_CODE_QUESTION = re.compile(r"\b(?:codes?|level)\s*\?|\b(?:code|level)\s+for\s+(?:an?|the|this|my|our)?\s*"
                            r"(?:[\w-]+\s+){0,2}?(?:pt|patient|qmb|beneficiary)\b")
# "can an FQHC bill APCM ...?": a program asked to bill by its name (the facts told beside it pick its code)
_BILL_NAMED = re.compile(r"\b(?:can|could|may|should|do|does)\b[^.?!\n]{0,40}\b(?:bill|report|claim)\s+(?:for\s+)?$")


def which_asks(text: str, names: list[tuple[int, int]]) -> list[Fact]:
    """Bill asks in `text`; `names` are the character spans of family names, each read as one word (so "which
    advanced primary care management level" is as near as "which APCM level")."""
    for start, end in names:
        text = text[:start] + re.sub(r"\s", "_", text[start:end]) + text[end:]
    which = _WHICH_CODE.finditer(text) if "wh" in text else ()
    code_asked = _CODE_QUESTION.finditer(text) if "code" in text or "level" in text else ()
    return [Fact("asked", "bill", m.group(0).replace("_", " "), m.start(), role="asked")
            for m in list(which) + list(code_asked)]


def bills_named(text: str, at: int) -> bool:
    """Whether the name at `at` is what a question asks to bill ("can we bill APCM ...?")."""
    return bool(_BILL_NAMED.search(text[:at].lower()))
