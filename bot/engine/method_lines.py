"""Lesions of one session counted by method ("one punch biopsy and two shave biopsies"): one first code, that of the
highest-ranked method told, and for every further lesion the each-further add-on of its own method (the first codes'
rule.per_method in knowledge/)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.answer import Answer, Billing, BillingLine
from bot.engine import facts
from bot.kb.records import Code

if TYPE_CHECKING:
    from bot.engine.handlers import Context
    from bot.kb.store import KnowledgeBase

_ONE = {"a": 1, "an": 1, "another": 1}


def _methods(kb: KnowledgeBase) -> list[Code]:
    """The first codes ranked by method, best rank first, once per knowledge build."""
    found = kb.cache.get("per_method_codes")
    if found is None:
        found = sorted((c for c in kb.codes.values() if c.rule.per_method and c.status == "active"),
                       key=lambda c: int(c.rule.per_method.get("rank") or 99))
        kb.cache["per_method_codes"] = found
    return found


def _pattern(kb: KnowledgeBase, per: dict) -> re.Pattern:
    """'figure, the method's word, up to one more word, an item word' ("2 shave biopsies", "a punch skin bx"), compiled
    once per knowledge build and method."""
    key = f"per_method_pattern:{per.get('method')}:{id(per)}"
    found = kb.cache.get(key)
    if found is None:
        found = kb.cache[key] = _compile(kb, per)
    return found


def _compile(kb: KnowledgeBase, per: dict) -> re.Pattern:
    """The method's counting pattern (see _pattern)."""
    numbers = "|".join([r"\d{1,2}", *_ONE, *(re.escape(w) for w in kb.vocabulary.get("number_words") or {})])
    words = "|".join(re.escape(str(w)) for w in per.get("words") or [])
    items = "|".join(re.escape(str(w)) for w in per.get("items") or [])
    return re.compile(rf"(?<![\w.-])({numbers})\s+(?:(?:more|further|additional|other)\s+)?(?:{words})\s+"
                      rf"(?:[a-z]+\s+)?(?:{items})\b", re.I)


def _count(text: str, kb: KnowledgeBase, per: dict) -> int:
    """How many lesions the text tells sampled by this method."""
    total = 0
    for m in _pattern(kb, per).finditer(text):
        word = m.group(1).lower()
        total += int(word) if word.isdigit() else _ONE.get(word) or int((kb.vocabulary.get("number_words") or {}).get(word, 0))
    return total


def _lines(kb: KnowledgeBase, counts: list[tuple[Code, int]]) -> list[BillingLine]:
    """The first code of the best-ranked method told, then each method's further lesions on its add-on."""
    first = counts[0][0]
    lines = [BillingLine(code=first.code, units=1, title=first.title)]
    for code, n in counts:
        more = n - (code is first)
        add_on = kb.codes.get(str(code.rule.per_method.get("each_more", "")))
        if more > 0 and add_on is not None:
            lines.append(BillingLine(code=add_on.code, units=more, title=add_on.title))
    return lines


def method_answer(ctx: Context) -> Answer | None:
    """The claim lines for two or more lesions told by method, when the question names no service of another family."""
    from bot.engine.handlers import finish  # noqa: PLC0415

    kb, text = ctx.kb, ctx.raw_text or ctx.q.text
    counts = [(c, n) for c in _methods(kb) if (n := _count(text, kb, c.rule.per_method))]
    if not counts or sum(n for _c, n in counts) < 2:
        return None
    family = counts[0][0].family
    if any(c in kb.codes and kb.codes[c].family != family for c in ctx.q.codes) or set(ctx.q.families) - {family}:
        return None  # a visit or another service told beside them: its own route answers the whole claim
    lines = _lines(kb, counts)
    told = "; ".join(f"{n} by {c.rule.per_method.get('method')}" for c, n in counts)
    trace = [f"Lesions told: {told}.", f"First code: {lines[0].code}, the highest-ranked method told (one a session)."]
    trace += [f"{l.code} x{l.units}: each further lesion by its own method." for l in lines[1:]]
    billing = Billing(inputs={"family": family, "minutes": None, "days": None, "interactive": None, "year": ctx.year},
                      lines=lines, trace=trace,
                      assumptions=["Every lesion is a separate lesion sampled at this one session, one patient."])
    shown = [kb.codes[l.code] for l in lines]
    sc = ctx.q.scenario
    if sc is not None:  # the codes of the claim and the lesion counts are read
        sc.use(*[f for f in sc.of("code") if f.value in kb.codes and kb.codes[f.value].family == family])
        words = [str(w).lower() for c, _n in counts for w in c.rule.per_method.get("items") or []]
        sc.stray[:] = [w for w in sc.stray if not any(x[:5] in w.lower() for x in words)]
    ctx.source_ids += [str(c.rule.per_method.get("source", "")) for c, _n in counts]
    return finish(ctx, status="answered", intent="bill", codes=[facts.code_fact(kb, c, ctx.year) for c in shown],
                  billing=billing, families=[family], asked_label="the codes for the lesions sampled")
