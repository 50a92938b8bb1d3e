"""The code of a criteria ladder (TCM, APCM levels) the question's facts meet: its line, trace and assumptions, or
the candidates to ask between when a higher code's deciding fact is unstated."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from bot.answer import Billing, BillingLine
from bot.engine import criteria
from bot.engine.billing_notes import visit_absorbs
from bot.engine.criteria_again import billed_in_period
from bot.engine.handlers import Context
from bot.kb.records import Code, Track

_SILENT = " (the question does not say)."


@dataclass(slots=True)
class CriteriaResult:
    """A criteria ladder's verdict: the billing (None when asking), every code's checks, and what to ask between."""

    billing: Billing | None
    evaluated: list[tuple[Code, list[criteria.Check]]]
    ask: list[tuple[Code, list[criteria.Check]]] = field(default_factory=list)


def criteria_billing(ctx: Context, fam: str, track: Track, may_ask: bool = True) -> CriteriaResult:
    """Check every code of the ladder against the question's facts; the highest one met is the line (`may_ask`: a
    higher code whose deciding fact is unstated is asked about rather than passed over)."""
    kb, sc = ctx.kb, ctx.q.scenario
    evaluated = []
    for code in (kb.codes[c] for c in track.codes if c in kb.codes and kb.exists_in(kb.codes[c], ctx.year)):
        checks = criteria.check_all(kb.meta, sc, kb.rule_for(code, ctx.year).requires)
        for c in checks:
            sc.use(*c.facts)
        evaluated.append((code, checks))
    evaluated = _standing_from_billed(kb, sc, track, evaluated)
    ok = [(c, ch) for c, ch in evaluated if all(x.met for x in ch)]
    open_ = [(c, ch) for c, ch in evaluated if not any(x.met is False for x in ch) and any(x.met is None for x in ch)]
    trace = [_trace(code, checks) for code, checks in evaluated]
    best = ok[-1] if ok else None
    higher = [(c, ch) for c, ch in open_ if best is None or track.codes.index(c.code) > track.codes.index(best[0].code)]
    lowest = None
    if may_ask and higher and len(ok) + len(open_) > 1:
        if (best is not None or not _asked_else(kb, sc, fam)) and not billed_in_period(kb, sc, track, ctx.year):
            return CriteriaResult(None, evaluated, higher + ([best] if best else []))
        lowest = open_[0]  # the question asks another point (the claim's date, the attempts): the lowest code, said
    chosen = best or lowest or (open_[-1] if len(open_) == 1 else None)
    assumptions = _merged([x.assumed for x in (chosen[1] if chosen else []) if x.assumed])
    assumptions += [f"Assumed: {criteria.criterion_text(kb.meta, x.name, expected(chosen[0], x.name))}"
                    for x in (chosen[1] if chosen else []) if x.met is None]
    assumptions.append(f"{ctx.year} Medicare rules, one billing practitioner, one patient.")
    if lowest is not None:
        assumptions.append(_above(lowest[0], [c for c, _ch in open_ if c is not lowest[0]]))
        ctx.notes += _topics_said(kb, sc, fam, ctx.source_ids)
    specs = kb.meta.get("criteria") or {}
    for code, checks in evaluated:
        ctx.source_ids.append(kb.rule_for(code, ctx.year).source)
        ctx.source_ids += [str(specs[x.name]["source"]) for x in checks if x.facts and specs.get(x.name, {}).get("source")]
        ctx.contested += [x.contested for x in checks if x.contested]
    absorbed = chosen is not None and visit_absorbs(kb, fam, chosen[0].code, sc, trace, assumptions)
    if again := billed_in_period(kb, sc, track, ctx.year):
        trace.append(again)
    lines = [line_of(kb, chosen[0], ctx.year)] if chosen and not absorbed and not again else []
    billing = Billing(inputs={"family": fam, "minutes": None, "days": None, "interactive": None, "year": ctx.year,
                              "setup": False}, lines=lines, assumptions=assumptions, trace=trace,
                      total_amount=lines[0].amount if lines else None)
    return CriteriaResult(billing, evaluated)


def _asked_else(kb, sc, fam: str) -> bool:
    """Whether the question asks a point of the family other than its level (a requirement topic of the family:
    the claim's date, its place of service, the contact; failed attempts at the contact): then the level it leaves
    unsaid is assumed at the lowest code, not asked."""
    if sc is None:
        return False
    topics = {r.topic for r in kb.families[fam].requirements} if fam in kb.families else set()
    said = any(sc.says(str(p), claims=True) for t, phrases in (kb.vocabulary.get("requirement_topics") or {}).items()
               if t in topics for p in phrases or [])
    return said or bool(sc.of("event", "attempt"))


def _topics_said(kb, sc, fam: str, source_ids: list[str]) -> list[str]:
    """The family's requirement texts on the topics the question's words ask (the claim's date, its place)."""
    voc = kb.vocabulary.get("requirement_topics") or {}
    said = [r for r in kb.families[fam].requirements if any(sc.says(str(p), claims=True) for p in voc.get(r.topic) or [])]
    source_ids += [r.source for r in said]
    return [r.text for r in said]


def _above(code: Code, higher: list[Code]) -> str:
    """What keeping the lowest code assumed, and the higher codes the record might support instead."""
    more = ", ".join(f"{c.code} ({c.title})" for c in higher)
    return (f"The question asks another point and does not give what decides the level: {code.code}, the level that "
            f"needs least, is assumed." + (f" If the record supports more, {more} may apply instead." if more else ""))


def _standing_from_billed(kb, sc, track: Track, evaluated: list) -> list[tuple[Code, list[criteria.Check]]]:
    """A code of the ladder the question says is billed for the patient ("we bill the APCM level-2 code monthly for
    him") tells the patient's standing criteria (meta.yaml criteria `standing`: the chronic conditions, QMB) the
    question leaves unsaid: each code's unknown standing check is met when the billed code needs the same."""
    specs = kb.meta.get("criteria") or {}
    billed = [kb.codes[c] for c in dict.fromkeys(sc.codes("billed")) if c in track.codes] if sc is not None else []
    if len(billed) != 1:
        return evaluated
    told = billed[0]
    out = []
    for code, checks in evaluated:
        fixed = []
        for x in checks:
            if x.met is None and specs.get(x.name, {}).get("standing") and x.name in told.rule.requires:
                same = expected(told, x.name) == expected(code, x.name)
                said = criteria.criterion_text(kb.meta, x.name, expected(told, x.name)).rstrip(".")
                x = dataclasses.replace(x, met=same, why=f"{said[:1].lower()}{said[1:]} (read from {told.code}, billed for the patient)",
                                        assumed=f"Read from {told.code}, billed for the patient: {said}." if same else "")
            fixed.append(x)
        out.append((code, fixed))
    return out


def stated_met(result: CriteriaResult) -> bool:
    """Whether a code of the ladder is billed on at least one requirement the question states (not all assumed)."""
    lines = {l.code for l in (result.billing.lines if result.billing else [])}
    return any(x.met and x.facts for code, checks in result.evaluated if code.code in lines for x in checks)


def _merged(assumed: list[str]) -> list[str]:
    """Several defaults the question is silent on, said in one line ("Assumed: a; b; c (the question does not say).")."""
    silent = [a[len("Assumed: "):-len(_SILENT)] for a in assumed if a.startswith("Assumed: ") and a.endswith(_SILENT)]
    rest = [a for a in assumed if not (a.startswith("Assumed: ") and a.endswith(_SILENT))]
    return ([f"Assumed: {'; '.join(silent)}{_SILENT}"] if silent else []) + rest


def expected(code: Code, name: str) -> object:
    """What a code's rule requires of the named criterion."""
    return code.rule.requires.get(name)


def line_of(kb, code: Code, year: int) -> BillingLine:
    """One unit of the code, with its payment when the year is the knowledge's default."""
    pay = code.payment if year == kb.default_year else None
    return BillingLine(code=code.code, units=1, title=code.title, amount=pay.amount if pay else None)


def _trace(code: Code, checks: list[criteria.Check]) -> str:
    failed = [c for c in checks if c.met is False]
    if failed:
        return f"{code.code} not billed: {'; '.join(c.why for c in failed)}."
    unknown = [c for c in checks if c.met is None]
    if unknown:
        return f"{code.code}: depends on what the question does not say ({'; '.join(c.why for c in unknown)})."
    return f"{code.code}: meets its rule ({'; '.join(c.why for c in checks if not c.assumed) or 'as assumed'})."
