"""Office visits by time: which families read minutes as a visit's total time, the day's total, and the answer
(the visit level and any prolonged add-on for the payer, from the billing engine's ladders)."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from bot.answer import Answer, Billing, BillingLine
from bot.engine import facts, handlers
from bot.engine.billing import BillRequest, bill, example_request
from bot.engine.office_read import ClaimTerms
from bot.engine.phrases import PhraseSet, tokens
from bot.engine.tracks import pick_track
from bot.kb.store import KnowledgeBase

if TYPE_CHECKING:
    from bot.engine.handlers import Context

_SPAN = re.compile(r"(?<!each )(?<!per )(?<!every )(?<!additional )\b(\d{1,3})\s*(?:-\s*)?(?:minutes?|mins?|min\b|m\b)"
                   r"|\b(\d)\s*(?:hours?|hrs?)\b")  # "each 15 minutes" names a unit, not time spent
_TOTAL = re.compile(r"\b(?:total|in all|altogether|overall)\b")


def visit_minutes(low: str) -> int | None:
    """The day's total time: the largest span when the question says "total", else all spans added."""
    spans = [int(m) if m else int(h) * 60 for m, h in _SPAN.findall(low)]
    if not spans:
        return None
    return max(spans) if _TOTAL.search(low) else sum(spans)


def _cue_families(kb: KnowledgeBase) -> list[str]:
    return [f.id for f in kb.families.values() if f.cue_words or f.weak_cue_words]


_BILLING_VERBS = {"bill", "bills", "billing", "report", "reports", "reporting", "code", "coding"}


def _said(phrases: PhraseSet, sc, words: list[str]) -> bool:
    """Whether a cue word stands in the question as a visit that took place: not negated ("no visit resulted",
    "no appointment needed") and not the name of what someone may bill ("clinical social workers can't bill E/M")."""
    if sc is None:
        return phrases.any(words)
    from bot.engine.parse import dated_visit_in_call

    events = [v.words for v in sc.of("event", "visit") if v.day is not None] if dated_visit_in_call(sc) else []
    return any(i not in sc.negated_at and not (i and sc.words[i - 1] in _BILLING_VERBS)
               and not any(p in w for w in events) for i, p in phrases.find(sc.words))


def _cued(kb: KnowledgeBase, family: str, words: list[str], sc=None) -> bool:
    """A track hint of the family (new, established...) and one of its cue words (visit, appointment...); a weak
    cue word (patient) counts only when the question names no call or message (then it is a check-in)."""
    cache = kb.cache.setdefault("visit_cues", {})
    if family not in cache:
        fam, inter = kb.families[family], kb.vocabulary.get("interactive", {})
        cache[family] = (PhraseSet(h for t in kb.family_tracks(family) for h in t.hints), PhraseSet(fam.cue_words),
                         PhraseSet(fam.weak_cue_words),
                         PhraseSet([*inter.get("positive", []), *inter.get("asynchronous", [])]))
    hints, cues, weak, contact = cache[family]
    if not hints.any(words):
        return False
    return _said(cues, sc, words) or (weak.any(words) and not contact.any(words))


def visit_family(ctx: Context, codes: list[str]) -> str | None:
    """The visit family the question's minutes belong to, or None."""
    kb, q = ctx.kb, ctx.q
    for family in _cue_families(kb):
        if codes:
            if all(kb.codes[c].family == family for c in codes):
                return family
        elif q.families == [family] or (not q.families and _cued(kb, family, tokens(q.text), q.scenario)):
            return family
    return None


def is_em_time(ctx: Context, codes: list[str]) -> bool:
    """Whether the question gives minutes for an office visit (by someone whose time a visit ladder counts: a
    clinical social worker's 9-minute call is not a visit's time)."""
    if visit_minutes(ctx.q.text) is None:
        return False
    family = visit_family(ctx, codes)
    if family is None:
        return False
    return codes != [] or pick_track(ctx.kb, family, "minutes", codes, ctx.q.text, None, ctx.q.scenario).track is not None


def em_answer(ctx: Context, codes: list[str], terms: ClaimTerms) -> Answer:
    """The visit level the day's total time reaches, and the payer's prolonged add-on when the time reaches it."""
    kb, q = ctx.kb, ctx.q
    family = visit_family(ctx, codes) or ""
    minutes = visit_minutes(q.text)
    req = BillRequest(family=family, year=ctx.year, minutes=minutes, text=q.text, codes=codes, payer=terms.payer)
    result = bill(kb, req)
    billing = result.billing
    billing.assumptions.insert(0, f"Level chosen by {minutes} minutes of the billing practitioner's own total time "
                                  "on the date of the encounter; medical decision making may support another level.")
    ctx.contested += result.contested
    ctx.source_ids += result.source_ids + list(kb.families[family].sources)
    line_codes = [kb.codes[l.code] for l in billing.lines]
    first = line_codes[0] if line_codes else None
    return handlers.finish(ctx, status="answered", intent="bill",
                            codes=[facts.code_fact(kb, c, ctx.year) for c in line_codes],
                            companions=facts.companions(kb, first, ctx.year) if first else [], billing=billing,
                            families=[family], family_info=[facts.family_info(kb, family)])


def define_with_example(ctx: Context, code: str) -> Answer | None:
    """A visit family's code without a time ladder of its own (a staff visit, a relationship add-on) still gets a
    worked example: its base visit's example, with the add-on as one more line."""
    kb = ctx.kb
    c = kb.codes.get(code)
    if c is None or not kb.families.get(c.family) or not kb.families[c.family].cue_words or c.rule.basis != "none":
        return None
    answer = handlers.define(ctx, code)
    if answer.billing is not None:
        return answer
    bases = [kb.codes[b] for b in c.add_on_to if b in kb.track_by_code]
    base = next((b for b in bases if kb.track_by_code[b.code].default), bases[0] if bases else None)
    if base is None:
        line = BillingLine(code=c.code, units=1, title=c.title)
        billing = Billing(inputs={"family": c.family, "minutes": None, "days": None, "interactive": None,
                                  "year": ctx.year}, lines=[line], example=True,
                          trace=[f"{c.code} x1: no time threshold; the visit is reported on its own rule."],
                          assumptions=[f"{ctx.year} Medicare rules, one billing practitioner, one patient."])
        return dataclasses.replace(answer, billing=billing)
    req = example_request(kb, base, ctx.year)
    if req is None:
        return answer
    result = bill(kb, req).billing
    lines = result.lines + [BillingLine(code=c.code, units=1, title=c.title)]
    trace = result.trace + [f"{c.code} x1: added to {base.code}; it is not time-based (its own rule decides)."]
    return dataclasses.replace(answer, billing=dataclasses.replace(result, lines=lines, trace=trace))
