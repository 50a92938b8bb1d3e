"""Questions about a CMS payment rule itself, with no code named and no CMS file needed: how an MUE and its
adjudication indicator work ("can a modifier get us past an MAI 2 MUE?"), and the year's fee schedule conversion
factor. The facts are knowledge/cms_files.yaml's MUE meanings and meta.yaml payment."""

from __future__ import annotations

import re

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


_MAI_TOLD = re.compile(r"\b(?:mai|adjudication indicator)\s*(?:of\s+|is\s+|=\s*|#\s*)?([123])\b")


def concept_answer(ctx: Context, code: str | None = None) -> Answer | None:
    """The rule's answer for a code-less MUE or conversion factor question, or an MUE question about a `code` no
    imported file holds (its MUE as the question tells it, the indicator's meaning first); None otherwise."""
    raw = (ctx.raw_text or ctx.q.text).lower()
    billed = ctx.q.intent == "bill" and (ctx.q.minutes is not None or ctx.q.days is not None)
    if (ctx.q.codes and code is None) or billed:
        return None  # "G0022's MUE is 2: how do we bill the 120 minutes?": the case is billed, the edit is beside it
    if _asks("conversion_factor", raw):
        pay = ctx.kb.meta.get("payment") or {}
        ctx.source_ids.append(str(pay.get("release", "")))
        message = (f"The {ctx.kb.default_year} Medicare physician fee schedule conversion factor is "
                   f"${pay.get('conversion_factor')} (practitioners not in a qualifying APM; the final rule's figure, "
                   f"not the proposed one). {pay.get('note', '')}")
        return finish(ctx, status="answered", intent="define", message=message, asked_label="the conversion factor")
    if _asks("limiting_charge", raw):
        return _limiting_charge(ctx)
    if not _asks("mue", raw):
        return None
    mue = meanings().get("mue") or {}
    ctx.source_ids.append(str(mue.get("source", "")))
    told = _MAI_TOLD.search(raw)
    meanings_of = dict(mue.get("adjudication") or {})
    first = [told.group(1)] if told and told.group(1) in meanings_of else []
    kinds = "; ".join(f"MAI {k}: {meanings_of[k]}" for k in [*first, *(k for k in meanings_of if k not in first)])
    if code is not None:
        from bot.engine.cmsfacts import code_fact  # noqa: PLC0415

        said = f" (the question gives MAI {first[0]} for {code})" if first else ""
        message = (f"{code} is not in the imported MUE table; how its MUE applies depends on its adjudication indicator"
                   f"{said}: {kinds}.")
        return finish(ctx, status="answered", intent="define", message=message, asked_label=f"how {code}'s MUE works",
                      codes=[code_fact(code, code, "Outside codebot's curated knowledge and the imported files: the MUE "
                                                   "rules below are CMS's for every code.")])
    message = (f"An MUE is the most units of a code one practitioner reports for one patient on one date of service "
               f"({mue.get('per', '')}) that pass without review; it is an edit, not a utilization allowance, "
               f"and units at or under it still need documentation. Whether a modifier helps depends on the MUE adjudication "
               f"indicator (MAI): {kinds}.")
    return finish(ctx, status="answered", intent="define", message=message, asked_label="how an MUE works")


def _limiting_charge(ctx: Context) -> Answer:
    """What a non-participating practitioner is paid, and may charge on an unassigned claim (cms_files limiting_charge)."""
    rule = meanings().get("limiting_charge") or {}
    ctx.source_ids.append(str(rule.get("source", "")))
    nonpar, limit = float(rule.get("nonpar_percent") or 0), float(rule.get("limit_percent") or 0)
    of_par = round(nonpar * limit / 100, 2)
    message = (f"A non-participating practitioner's Medicare fee schedule amount is {nonpar:g}% of the participating "
               f"amount, whether or not the claim is assigned. On an unassigned claim the most the patient may be charged "
               f"(the limiting charge) is {limit:g}% of that non-participating amount, not of the regular (participating) "
               f"fee: {nonpar:g}% x {limit:g}% = {of_par:g}% of the participating figure. Medicare pays its share to the "
               f"patient; on assigned claims the practice takes the non-participating amount as payment in full.")
    return finish(ctx, status="answered", intent="define", message=message, asked_label="the limiting charge")


def codeless_answer(ctx: Context, cc, asked) -> Answer | None:
    """No code named beside the CMS files: an unknown modifier's official meaning, else the MUE or conversion factor
    rule ("can a modifier get us past an MAI 2 MUE?"); None when neither fits."""
    unknown = [m for m in asked.modifiers if m not in ctx.kb.modifiers]
    if unknown and len(unknown) == len(asked.modifiers):
        from bot.engine import hcpcs  # noqa: PLC0415

        return hcpcs.modifier_answer(cc, unknown)
    return concept_answer(ctx) if not asked.modifiers else None
