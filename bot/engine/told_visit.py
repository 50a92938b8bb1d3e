"""A service the story names only by its alias ("the nurse did a BP recheck: can we bill anything?"): that code,
defined, or billed once when the question asks what to bill and the code is a visit without a time threshold."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.answer import Answer
from bot.engine.patterns import lazy
from bot.engine.phrases import PhraseSet, spelled_out, tokens

if TYPE_CHECKING:
    from bot.engine.handlers import Context

_BILL_ANY = lazy(r"\bbill anything for (?:this|that|the|her|his|it)\b")  # "can we bill anything for this nurse visit?"
_CODE_ASKED = lazy(r"\b(?:code|hcpcs|cpt)\b", re.I)


def codes_told(ctx: Context, timed: bool = False) -> list[str]:
    """Codes a story names only by an alias of two words or more ("a blood pressure check by the nurse"); a one-word
    alias ("exercise" in "an exercise app") is too loose to name the service; `timed`: only an untimed visit."""
    kb = ctx.kb
    cached = kb.cache.get("told_code_phrases")
    if cached is None:
        owner = {a: t for a, (kind, t) in kb.aliases.items() if kind == "code" and len(tokens(a)) >= 2}
        cached = kb.cache.setdefault("told_code_phrases", (PhraseSet(owner), owner))
    phrases, owner = cached
    found = [owner[p.lower()] for _i, p in phrases.find(tokens(spelled_out(ctx.raw_text or ctx.q.text).lower()))]
    held = [kb.codes[c] for c in dict.fromkeys(found) if c in kb.codes]
    return [c.code for c in held if not timed or (c.role == "visit" and c.rule.basis == "none")]


def told_visit(ctx: Context, codes: list[str]) -> Answer | None:
    """The one code the story names by its alias when no code or strong family is named; None otherwise."""
    from bot.engine import emtime, handlers  # noqa: PLC0415  (handlers routes here)

    q, kb = ctx.q, ctx.kb
    if q.intent not in ("bill", "search", "family", "define") or codes or not set(q.families) <= set(q.weak_families) \
            or q.days is not None or len(told := codes_told(ctx, q.minutes is not None)) != 1:
        return None
    code, sc = kb.codes[told[0]], q.scenario
    asks = sc is not None and (sc.asked == "bill" or _BILL_ANY().search(sc.text.lower()) is not None)
    if asks and code.role == "visit" and code.rule.basis == "none" \
            and sc.of("performer"):  # "our RN did the recheck: can we bill anything for it?": the visit, once
        return emtime.as_bill(emtime.no_time(ctx, code.code))
    return handlers.define(ctx, code.code, intent="search")


def told_untimed(ctx: Context) -> Answer | None:
    """"15 min of face-to-face weight loss counseling: what's the G code?": a code asked for, the story naming one
    untimed service by its alias (the minutes pick no rung of a ladder), is that code."""
    from bot.engine.handlers import define  # noqa: PLC0415  (handlers routes here)

    told = codes_told(ctx)
    if len(told) != 1 or not _CODE_ASKED().search(ctx.raw_text or ctx.q.text) or ctx.kb.codes[told[0]].rule.basis != "none":
        return None
    return define(ctx, told[0], intent="search")
