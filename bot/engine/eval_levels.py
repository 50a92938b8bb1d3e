"""A PT or OT initial evaluation whose complexity is told component by component ("profile moderate, 4 deficits
(moderate), decision making low: which code?"): every component must meet a level to bill that level, so the
lowest level told decides (meta.yaml therapy_eval_levels; the discipline and level words in therapy_eval_words)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.answer import Answer, Billing, BillingLine
from bot.engine import facts
from bot.engine.phrases import PhraseSet, tokens

if TYPE_CHECKING:
    from bot.engine.handlers import Context

_NOT_LEVEL_AFTER = {"back"}  # "low back pain" tells a body part, not a level


def _discipline(ctx: Context, words: list[str]) -> str | None:
    voc = ctx.kb.vocabulary.get("therapy_eval_words") or {}
    named = [d for d, ws in (voc.get("disciplines") or {}).items() if PhraseSet(ws).any(words)]
    return named[0] if len(named) == 1 else None


def _levels(ctx: Context, words: list[str]) -> list[str]:
    """Every level word told, in order ("moderate", "moderate", "low")."""
    levels = [str(x) for x in (ctx.kb.vocabulary.get("therapy_eval_words") or {}).get("levels") or []]
    return [w for i, w in enumerate(words) if w in levels and not _NOT_LEVEL_AFTER & set(words[i + 1:i + 2])]


def eval_level_answer(ctx: Context) -> Answer | None:
    """The evaluation code of the lowest component level told; None unless one discipline's initial evaluation is told
    with two or more component levels."""
    from bot.engine.handlers import finish  # noqa: PLC0415

    kb, spec = ctx.kb, ctx.kb.meta.get("therapy_eval_levels") or {}
    voc = kb.vocabulary.get("therapy_eval_words") or {}
    words = tokens((ctx.raw_text or ctx.q.text).lower())
    disc = _discipline(ctx, words)
    if not spec or disc is None or not PhraseSet(voc.get("evaluation") or []).any(words) \
            or PhraseSet(voc.get("re_evaluation") or []).any(words):
        return None
    told, order = _levels(ctx, words), [str(x) for x in voc.get("levels") or []]
    ladder = {str(k): str(v) for k, v in ((spec.get("codes") or {}).get(disc) or {}).items()}
    parts = {p for _i, p in PhraseSet(voc.get("components") or []).find(words)}
    if len(told) < 2 or len(set(told)) < 2 or len(parts) < 2 or not ladder:
        return None  # no components graded: each level names its own evaluation ("a low complexity eval and a ...")
    level = min(told, key=order.index)
    code = ladder.get(level)
    if code not in kb.codes:
        return None
    higher = [ladder[x] for x in order if order.index(x) > order.index(level) and x in set(told) and x in ladder]
    trace = [f"Component levels told: {', '.join(told)}; every component must meet a level to bill it, so the "
             f"lowest, {level}, decides: {code}."] + [f"{c} not billed: not every component reaches its level."
                                                       for c in higher]
    if sc := ctx.q.scenario:  # the components were all weighed
        sc.use(*sc.facts)
        sc.stray[:] = []
    ctx.source_ids.append(str(spec["source"]))
    billing = Billing(inputs={"family": kb.codes[code].family, "minutes": None, "days": None, "interactive": None,
                              "year": ctx.year}, lines=[BillingLine(code=code, units=1, title=kb.codes[code].title)],
                      trace=trace, assumptions=["One initial evaluation, one unit whatever its time."])
    return finish(ctx, status="answered", intent="bill", families=[kb.codes[code].family], billing=billing,
                  codes=[facts.code_fact(kb, kb.codes[code], ctx.year)], asked_label="the evaluation's level")
