"""Questions about a CMS payment rule itself, with no code named and no CMS file needed: how an MUE and its
adjudication indicator work ("can a modifier get us past an MAI 2 MUE?"), and the year's fee schedule conversion
factor. The facts are knowledge/cms_files.yaml's MUE meanings and meta.yaml payment."""

from __future__ import annotations

from bot.answer import Answer
from bot.engine.cmswords import meanings
from bot.engine.handlers import Context, finish
from bot.engine.phrases import PhraseSet, tokens


def _asks(name: str, raw: str) -> bool:
    words = meanings()["words"]
    cache = _asks.__dict__.setdefault("cache", {})
    found = cache.get(name)
    if found is None or found[0] is not words:  # built once per meanings table, not per question
        found = cache[name] = (words, PhraseSet(words.get(name) or []))
    return found[1].any(tokens(raw))


def concept_answer(ctx: Context) -> Answer | None:
    """The rule's answer for a code-less MUE or conversion factor question; None otherwise."""
    raw = (ctx.raw_text or ctx.q.text).lower()
    if ctx.q.codes or (ctx.q.intent == "bill" and (ctx.q.minutes is not None or ctx.q.days is not None)):
        return None  # "G0022's MUE is 2: how do we bill the 120 minutes?": the case is billed, the edit is beside it
    if _asks("conversion_factor", raw):
        pay = ctx.kb.meta.get("payment") or {}
        ctx.source_ids.append(str(pay.get("release", "")))
        message = (f"The {ctx.kb.default_year} Medicare physician fee schedule conversion factor is "
                   f"${pay.get('conversion_factor')} (practitioners not in a qualifying APM; the final rule's figure, "
                   f"not the proposed one). {pay.get('note', '')}")
        return finish(ctx, status="answered", intent="define", message=message, asked_label="the conversion factor")
    if not _asks("mue", raw):
        return None
    mue = meanings().get("mue") or {}
    ctx.source_ids.append(str(mue.get("source", "")))
    kinds = "; ".join(f"MAI {k}: {v}" for k, v in (mue.get("adjudication") or {}).items())
    message = (f"An MUE is the most units of a code one practitioner reports for one patient on one date of service "
               f"({mue.get('per', '')}) that pass without review; it is an edit, not a utilization allowance, "
               f"and units at or under it still need documentation. Whether a modifier helps depends on the MUE adjudication "
               f"indicator (MAI): {kinds}.")
    return finish(ctx, status="answered", intent="define", message=message, asked_label="how an MUE works")
