"""A code the asker says looks wrong ("our EHR suggests X?? that doesn't look right") or asks whether it is right
("the EHR maps it to X?? is that right", "is X wrong?"): the code is what someone else offered, noted beside the
story's own answer, not the subject (vocabulary code_disclaimers, code_checks)."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from bot.answer import Answer
    from bot.engine.handlers import Context

_REACH = 40  # characters from the code to the words that disown it


def _at(low: str, code: str) -> list[re.Match]:
    return list(re.finditer(rf"(?<![a-z0-9]){re.escape(code.lower())}(?![a-z0-9])", low))


def disowned(text: str, code: str, vocabulary: dict) -> bool:
    """Whether words disowning the code ("that code seems wrong") follow it closely."""
    low = " ".join(text.lower().replace("\u2019", "'").split())
    phrases = [str(p).lower() for p in vocabulary.get("code_disclaimers") or []]
    return any(p in low[m.end():m.end() + _REACH] for m in _at(low, code) for p in phrases)


def disclaimed(text: str, code: str, vocabulary: dict) -> bool:
    """Whether words disowning the code ("that doesn't look right") follow it closely, or words around it ask whether
    it is right ("is X wrong?"), or checking words come after it ("X on top of Y ... is that the right add-on?")."""
    low = " ".join(text.lower().replace("\u2019", "'").split())
    hits = _at(low, code)
    if disowned(text, code, vocabulary):
        return True
    checks = vocabulary.get("code_checks") or {}
    if any(re.search(rf"(?<![a-z0-9]){re.escape(str(p).lower().replace('{code}', code.lower()))}", low)
           for p in checks.get("around") or []):
        return True
    if not hits:
        return False
    rest = low[hits[0].end():]
    return any(re.search(rf"(?<![a-z]){re.escape(str(p).lower())}(?![a-z])", rest) for p in checks.get("after") or [])


def offered_answer(ctx: Context, offered: list[str], route: Callable[[Context], Answer]) -> Answer:
    """The answer to the question read again with the offered codes said as "that code" (no subject, no pair side),
    with a note that each is not a code held (and the held codes one character away)."""
    from bot.core import vocabulary  # noqa: PLC0415  (core imports the handlers)
    from bot.engine.match import suggest_codes  # noqa: PLC0415
    from bot.engine.parse import parse_question  # noqa: PLC0415

    kb, text = ctx.kb, ctx.raw_text or ctx.q.original
    told = set(ctx.q.families) | {kb.codes[c].family for c in ctx.q.codes if c in kb.codes}
    told |= {f.value for f in ctx.q.scenario.of("family")} if ctx.q.scenario is not None else set()
    for code in offered:
        near = [s.code for s in suggest_codes(kb, code)]
        near = ", ".join([c for c in near if c in kb.codes and kb.codes[c].family in told] or near)
        ctx.notes.append(f"{code} (the code asked about) is not a code I know{f' (did you mean {near}?)' if near else ''}; "
                         "the answer follows the stated case instead.")
        text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(code)}(?![A-Za-z0-9])", "that code", text, flags=re.I)
    q = parse_question(text, vocabulary(kb))
    answer = route(dataclasses.replace(ctx, q=q, raw_text=text))
    if answer.status != "did_you_mean":
        return answer
    # the story still needs a choice ("97970-97972 ... so 97971?"): the offered codes' own near misses are choices too
    have = {s.code for s in answer.suggestions}
    more = [s for code in offered for s in suggest_codes(kb, code) if s.code not in have]
    return dataclasses.replace(answer, suggestions=[*answer.suggestions, *more]) if more else answer
