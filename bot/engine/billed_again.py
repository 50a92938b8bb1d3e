"""A code another practice billed already for the period asked about ("endo already billed the device code for this
30-day period; can we bill the management?") is not billed again: its rule allows it once per period, by one
practitioner. A code the asker bills this period ("already billing the device code") stays on the claim's lines."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.kb.store import KnowledgeBase

if TYPE_CHECKING:
    from bot.answer import PairVerdict
    from bot.engine.billing import BillRequest, Work

_SENTENCE = re.compile(r"[.?!;\n]")


def drop_billed_again(kb: KnowledgeBase, req: "BillRequest", work: "Work") -> None:
    """Drop the lines of codes the question says another practice billed already in this period (vocabulary
    billed_this_period and billed_by_other in the code's sentence, no other period told beside it: "cardiology
    billed it in January" is another month's), and say so."""
    sc = req.scenario
    if sc is None or not work.lines:
        return
    billed = _billed_elsewhere(kb, sc)
    kept = []
    for code, units, label in work.lines:
        fact, rule = billed.get(code), kb.rule_for(kb.codes[code], req.year)
        if fact is None or not rule.once_per or label:
            kept.append((code, units, label))
            continue
        sc.use(fact)
        who = ", by one practitioner" if rule.one_practitioner else ""
        work.trace.append(f"{code} not billed: another practice billed '{fact.words}' already, and it is reported once per "
                          f"{_period(kb, rule.once_per)}{who}.")
        work.assumptions.append(f"Assumed the other practice billed {code} for this same period; in a new period the "
                                "practice that furnishes it may bill it.")
    work.lines = kept


def drop_months_billed(kb: KnowledgeBase, req: "BillRequest", work: "Work") -> None:
    """"32 min in March (billed the CCM code) and 10 in April": a month whose minutes are told with this family's code billed
    for them is on its claim already, so its lines are not listed again (and its minutes never carry to another month)."""
    sc = req.scenario
    labels = {label.lower(): label for _c, _u, label in work.lines}
    if sc is None or len({p for p, _m in work.periods}) < 2:
        return
    billed = [f for f in sc.of("code", "billed") if f.value in kb.codes and kb.codes[str(f.value)].family == req.family]
    done = {}
    for f in sc.of("minutes"):
        code = next((b for b in billed if f.when and f.at < b.at and not _SENTENCE.search(sc.text, f.at, b.at)), None)
        if code is not None and f.when.lower() in labels:
            done[labels[f.when.lower()]] = code
    if not done or len(done) == len({p for p, _m in work.periods}):
        return
    for label, code in done.items():
        sc.use(code)
        work.trace.append(f"{label}: not listed again: the question says '{code.words}' was billed for it "
                          "already; its extra minutes never carry into another calendar month.")
    work.lines = [line for line in work.lines if line[2] not in done]


def _billed_elsewhere(kb: KnowledgeBase, sc) -> dict:
    """The codes (with their facts) the question says another practice billed already for this period."""
    this, other, others = _period_words(kb)
    # the month the minutes were spent in is this period ("cardiology billed 99490 for March ... 30 minutes in March")
    own = {str(f.when).lower() for f in sc.of("minutes") if f.when}
    return {str(f.value): f for f in sc.of("code", "billed")
            if _said_for_this_period(sc.text, f, this, [w for w in other if w not in own], others)}


def again_verdict(kb: KnowledgeBase, sc, billed_lines: list[str]) -> "PairVerdict | None":
    """"Cardiology billed (a CCM code) for March; can we bill it for March too?": the code asked, dropped because another
    practice billed it this period, gets its one-practitioner verdict beside the lines; None otherwise."""
    from bot.engine.pairs import own_rule  # noqa: PLC0415  (pairs imports the billing stages)

    if sc is None:
        return None
    asked = set(sc.codes("asked"))
    dropped = [c for c in _billed_elsewhere(kb, sc) if c in asked and c not in billed_lines and c in kb.codes
               and kb.codes[c].rule.one_practitioner]
    return own_rule(kb, dropped[0], True).verdict if dropped else None


def _said_for_this_period(text: str, fact, this: list[str], other: list[str], others: list[str]) -> bool:
    """Whether the billed code's sentence says "already" / "this period", names another practice as the biller (not
    "we"/"our") and names no other period or month."""
    start = max((m.end() for m in _SENTENCE.finditer(text, 0, fact.at)), default=0)
    end = next((m.start() for m in _SENTENCE.finditer(text, fact.at)), len(text))
    near = text[start:end].lower()
    said = lambda words: any(re.search(rf"\b{re.escape(w)}\b", near) for w in words)  # noqa: E731
    ours = re.search(r"\b(?:we|we've|we're|our|us)\b", text[start:fact.at].lower())
    return said(this) and said(others) and not ours and not said([w for w in other if w != "may"])


def _period(kb: KnowledgeBase, period: str) -> str:
    names = kb.meta.get("periods") or {}
    return str(names.get(period, period.replace("_", " ")))


def _period_words(kb: KnowledgeBase) -> tuple[list[str], list[str], list[str]]:
    """The vocabulary's words for this period, another period (months too) and another practice, read once."""
    cached = kb.cache.get("billed_again_words")
    if cached is None:
        voc = kb.vocabulary
        cached = kb.cache.setdefault("billed_again_words", (
            [str(w).lower() for w in voc.get("billed_this_period") or []],
            [str(w).lower() for w in list(voc.get("months") or {}) + list(voc.get("billed_other_period") or [])],
            [str(w).lower() for w in voc.get("billed_by_other") or []]))
    return cached
