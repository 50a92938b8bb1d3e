"""A facility visit shared by a physician and a non-physician practitioner ("hospitalist + PA both saw the pt on the
floor: PA 25 min, MD 15 min. who bills, and is there a modifier?"): the one with more than half of the total time
bills, with the split/shared modifier (knowledge/vocabulary.yaml split_shared)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.engine.patterns import lazy

if TYPE_CHECKING:
    from bot.answer import Answer
    from bot.engine.handlers import Context

_MINUTES = r"(\d{1,3})\s*(?:min(?:ute)?s?\b|m\b)"


def _words(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _said(text: str, words: list[str]) -> bool:
    return bool(words) and re.search(rf"(?<![\w/-])(?:{_words(words)})(?![\w/-])", text, re.I) is not None


def _minutes_of(text: str, words: list[str], others: list[str]) -> int | None:
    """The minutes told after one of the words ("PA did 25 min", "the hospitalist saw her for 10 minutes"), before the
    other practitioner is named; else told just before it ("25 minutes by the PA")."""
    names, rivals = _words(words), _words(others)
    for m in re.finditer(rf"(?<![\w/-])(?:{names})(?![\w/-])", text, re.I):
        rest = text[m.end():m.end() + 80]
        stop = re.search(rf"(?<![\w/-])(?:{rivals})(?![\w/-])", rest, re.I)
        found = re.search(_MINUTES, rest[:stop.start()] if stop else rest, re.I)
        if found:
            return int(found.group(1))
    before = re.search(rf"{_MINUTES}\W+(?:\w+\W+){{0,2}}?(?:by|for|from)\s+(?:the\s+)?(?:{names})(?![\w/-])", text, re.I)
    return int(before.group(1)) if before else None


_QUESTION = lazy(r"\?")  # the who-bills words asked, not told ("the PA bills it, the MD co-signs.")


def split_shared_answer(ctx: Context) -> Answer | None:
    """Who bills the shared facility visit, and the modifier; None unless the question tells one and asks it."""
    from bot.engine.claimfacts import modifier_fact  # noqa: PLC0415
    from bot.engine.handlers import finish  # noqa: PLC0415

    kb, text = ctx.kb, ctx.raw_text or ctx.q.text
    data = kb.vocabulary.get("split_shared") or {}
    mod = kb.modifiers.get(str(data.get("modifier") or ""))
    physician, npp = list(data.get("physician") or []), list(data.get("npp") or [])
    if mod is None or not (_said(text, physician) and _said(text, npp) and _said(text, list(data.get("setting") or []))
                           and _said(text, list(data.get("asks") or [])) and _QUESTION().search(text)):
        return None
    doc, other = _minutes_of(text, physician, npp), _minutes_of(text, npp, physician)
    if doc is None or other is None or doc == other:
        lead = [f"Whoever did more than half of the two practitioners' total time (or the substantive part of the medical "
                f"decision making) bills the visit, with {mod.code}."]
    else:
        total, biller = doc + other, ("the non-physician practitioner" if other > doc else "the physician")
        lead = [f"Total {total} minutes ({other} by the non-physician practitioner, {doc} by the physician): {biller} did "
                f"more than half ({max(doc, other)} of {total}), so {biller} bills the visit under their own NPI and adds "
                f"{mod.code}."]
    ctx.source_ids += list(mod.sources)
    return finish(ctx, status="answered", intent="define", codes=[modifier_fact(mod, ctx.year, lead)],
                  families=["modifier"], asked_label="who bills the split or shared visit")
