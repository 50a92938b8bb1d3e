"""A code the question calls a code of another role ("(an RTM management code) = the RTM device code for 10-19 days, right?"): that code
leads the answer, with a note of what it is and which code of the told role the lines carry instead."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.engine.phrases import PhraseSet, tokens

if TYPE_CHECKING:
    from bot.engine.handlers import Context

_TOLD_AS = re.compile(r"(?<![\w.])([a-z]\d{4}|\d{4}[a-z]|\d{5})\s*(?:=|is|is the|is a|is an|means|means the)\s+([^.?!,;\d]{0,40})",
                      re.I)
_ROLE_REACH = 5  # words after "<code> =" that may say the role it is told as ("the RTM device code")


def misroled(ctx: Context, shown: list[str], billed: list[str]) -> tuple[list[str], str]:
    """The codes to show with a code told as another role than its own first, and the note saying so; the codes
    unchanged and "" when no code is told so (or the told code is billed)."""
    kb, roles = ctx.kb, (ctx.kb.vocabulary.get("role_words") or {})
    for m in _TOLD_AS.finditer(ctx.q.text):
        code = kb.codes.get(m.group(1).upper())
        words = tokens(m.group(2))[:_ROLE_REACH]
        if code is None or code.code in billed or "code" not in words:
            continue
        told = [r for r, phrases in roles.items() if r != code.role and PhraseSet(phrases).any(words[:words.index("code")])]
        if len(told) != 1 or code.role in told:
            continue
        instead = [c for c in billed if c in kb.codes and kb.codes[c].role == told[0]]
        note = f"{code.code} is {code.title}, not a {told[0]} code" + (
            f"; the {told[0]} code these figures bill is {', '.join(instead)}." if instead else ".")
        return [code.code, *(c for c in shown if c != code.code)], note
    return shown, ""
