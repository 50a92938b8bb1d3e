"""Medicare's own code for a service other payers bill with a CPT code ("flu shot by the nurse: the CPT admin code
like commercial, or something else?", "screening colonoscopy, average risk: the CPT code or a G code?"): the code of
each kind the story's words tell, or the CPT code of what the service became, with its modifier
(knowledge/vocabulary.yaml medicare_codes)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.answer import Answer, Billing, BillingLine, CodeFact
from bot.engine.patterns import lazy
from bot.engine.phrases import phrase_starts

if TYPE_CHECKING:
    from bot.engine.handlers import Context

# a code asked for by what it is ("which G code?", "or something else?", "HCPCS?"), not a rule asked of a named code
_CODE_ASKED = lazy(r"\b(?:which|what)(?:'s| is)?\s+(?:the\s+)?(?:[\w-]+\s+){0,2}codes?\b|\bg\s*code\b|"
                   r"\bhcpcs\b|\bsomething else\b|\bswitch codes?\b|\bkeep\s+g\d{4}\b|\bwhat do (?:we|i) (?:bill|use|put)\b",
                   re.I)
_DX_ASKED = lazy(r"\bdiagnos[ie]s\b|\bdx\b|\bicd", re.I)


def _told(text: str, words: list[str], negations: list[str]) -> int | None:
    """Where the first of the words is said, not right after a negation ("no personal or family hx"); None if never."""
    spots = []
    for word in words:
        for at in phrase_starts(text, word):
            before = re.findall(r"[\w'-]+", text[max(0, at - 30):at].lower())[-3:]
            if not set(before) & set(negations):
                spots.append(at)
    return min(spots) if spots else None


def _kinds(text: str, kinds: list[dict], negations: list[str], each: bool) -> list[dict]:
    """The kinds the words tell, in the text's order (each) or the first one in the data's order, else the default."""
    told = [(at, k) for k in kinds if (at := _told(text, list(k.get("words") or []), negations)) is not None]
    if told:
        return [k for _at, k in sorted(told, key=lambda t: t[0])] if each else [told[0][1]]
    return [k for k in kinds if k.get("default")][:1]


def _medicare_named(kb, text: str) -> bool:
    """Whether the question names Medicare (its payer words) anywhere."""
    words = (kb.meta.get("payers") or {}).get("medicare", {}).get("words") or []
    return any(phrase_starts(text, str(w)) for w in words)


def medicare_answer(ctx: Context) -> Answer | None:
    """The lines in Medicare's own codes for a told service whose code is asked; None for any other question."""
    from bot.engine.office_read import read_claim_terms  # noqa: PLC0415

    kb, text = ctx.kb, ctx.raw_text or ctx.q.text
    data = kb.vocabulary.get("medicare_codes") or {}
    named = set(dict.fromkeys(c.upper() for c in ctx.q.codes))
    negations = [str(n) for n in data.get("negations") or []]
    for svc in data.get("services") or []:
        kinds, became = list(svc.get("kinds") or []), dict(svc.get("became") or {})
        cpt, own = set(svc.get("cpt") or []), {str(k["code"]) for k in kinds}
        if named - cpt - own - {str(k["code"]) for k in became.get("kinds") or []}:
            continue  # another service named: its own stages answer
        if not (named & own or _told(text, list(svc.get("told") or []), negations) is not None):
            continue  # the CPT code alone is the service other payers bill (a diagnostic colonoscopy is 45378 for all)
        if ctx.q.intent == "pair" and len(named) >= 2 and not named & own and named <= set(kb.codes):
            continue  # "45378 and 45385 together?": the curated pair rule answers
        if not (named & cpt or len(named & own) >= 2 or _CODE_ASKED().search(text)) \
                or (not named and _DX_ASKED().search(text)):
            continue  # "what is (a Medicare code)?" is that code's own answer; a diagnosis question is the diagnosis's
        if read_claim_terms(text.lower(), kb, text).payer == "other" and not _medicare_named(kb, text):
            continue  # another payer's patient ("like we do for our commercial patients" beside a Medicare one is not)
        turned = _kinds(text, list(became.get("kinds") or []), negations, False) if became else []
        picked = turned or _kinds(text, kinds, negations, bool(svc.get("each")))
        if picked and all(str(k["code"]) in kb.codes for k in picked):
            dx = list(svc.get("dx") or []) + [d for k in picked for d, words in (k.get("dx_told") or {}).items()
                                              if _told(text, list(words), negations) is not None]
            return _answer(ctx, svc, [str(k["code"]) for k in picked], str(became.get("modifier") or "") if turned else "",
                           sorted(named), dx)
    return None


def _answer(ctx: Context, svc: dict, codes: list[str], modifier: str, named: list[str], dx: list[str]) -> Answer:
    """The lines (and the modifier, and the diagnoses when asked), and why the named codes are not billed."""
    from bot.engine import facts  # noqa: PLC0415
    from bot.engine.claimfacts import modifier_fact  # noqa: PLC0415
    from bot.engine.handlers import finish  # noqa: PLC0415

    kb = ctx.kb
    left = [c for c in named if c not in codes]
    trace = [str(svc.get("note") or "").strip()]
    if left:
        trace.append(f"{', '.join(left)} not billed here: " + (f"the {svc['service']} became {codes[0]} "
                     f"({kb.codes[codes[0]].title.lower()}), billed with modifier {modifier}." if modifier else
                     f"Medicare takes {' and '.join(codes)} for this {svc['service']}."))
    lines = [BillingLine(code=c, units=1, title=kb.codes[c].title + (f": modifier {modifier}" if modifier else ""))
             for c in codes] + _products(ctx, svc, codes)
    shown = [facts.code_fact(kb, kb.codes[c], ctx.year) for c in codes]
    shown += [modifier_fact(kb.modifiers[modifier], ctx.year)] if modifier in kb.modifiers else []
    shown += _diagnoses(ctx, dx) if _DX_ASKED().search(ctx.raw_text or ctx.q.text) else []
    billing = Billing(inputs={"family": kb.codes[codes[0]].family, "minutes": None, "days": None, "interactive": None,
                              "year": ctx.year}, lines=lines, trace=trace,
                      assumptions=["Medicare rules (Part B); payers that follow CPT rules may take the CPT codes."])
    ctx.source_ids.append(str(svc.get("source") or ""))
    sc = ctx.q.scenario
    if sc is not None:
        sc.use(*[f for f in sc.of("code") if f.value in named])
    # "what is the code for giving a flu vaccine": a code asked by what it is (no code named) stays a search
    intent = "search" if ctx.q.intent in ("search", "family", "define") and not named else "bill"
    return finish(ctx, status="answered", intent=intent, codes=shown, billing=billing,
                  families=list(dict.fromkeys(kb.codes[c].family for c in codes)),
                  asked_label=f"Medicare's code for the {svc['service']}")


def _products(ctx: Context, svc: dict, codes: list[str]) -> list[BillingLine]:
    """The product's own line beside its giving when the question names the product (a high-dose flu vaccine)."""
    text = ctx.raw_text or ctx.q.text
    found = []
    for kind in (k for k in svc.get("kinds") or [] if str(k["code"]) in codes):
        product = next((p for p in kind.get("products") or [] if _told(text, list(p.get("words") or []), []) is not None), None)
        if product is not None:
            found.append(BillingLine(code=str(product["code"]), units=1, title=str(product.get("title") or "")))
            ctx.source_ids.append(str(kind.get("products_source") or ""))
    return found


def _diagnoses(ctx: Context, codes: list[str]) -> list[CodeFact]:
    """The diagnosis codes reported with the service (ICD-10-CM, from the bundled tabular), in order."""
    from bot.codesets import CodeSetsUnavailable  # noqa: PLC0415
    from bot.engine import dxfacts  # noqa: PLC0415
    from bot.engine.diagnosis import context  # noqa: PLC0415

    try:
        dx = context(ctx.raw_text or ctx.q.text, ctx.kb) if codes else None
    except CodeSetsUnavailable:
        return []
    found = [c for t in codes if dx is not None and (c := dx.reader.code(dx.release.id, t.replace(".", ""))) is not None]
    return [CodeFact(code=c.dotted, system=dxfacts.SYSTEM, family="", title=c.descriptor, summary=dxfacts.summary(c, False, 0),
                     status="active", role="diagnosis", effective_year=dx.release.fiscal_year or 0) for c in found]
