"""Units of a supply or a drug billed by quantity: the amount the question gives (strips, mg, insulin units) divided
by the amount one unit holds (the code's rule.per_unit in knowledge/), a part unit rounded up."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from bot.answer import Answer, Billing, BillingLine
from bot.engine import facts
from bot.engine.drug_given import administration_lines, bilateral_line, discard_note, giving_not_billed, others_named, sides_told
from bot.engine.drug_visit import SOURCE as VISIT_SOURCE, VISIT_FAMILY, visit_beside, visit_not_billed
from bot.engine.pairs import pair_verdict
from bot.kb.records import Code

if TYPE_CHECKING:
    from bot.engine.handlers import Context
    from bot.kb.store import KnowledgeBase

_NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
_GAP = r"(?:[a-z][\w-]*\s+){0,3}?"  # "100 glucose test strips": a few words may stand between the figure and its measure
# "500 mg per unit", "40 mg each", "billing 2 units": a unit size or a count of billed units, not the amount given
# "two 500 mg vials", "a 200-unit vial": the size of the package the dose came from, not the dose (a prefilled
# syringe is left out: "each 60 mg syringe" is the dose given)
# "4 mg/mL", "10 mg per mL": a vial's concentration, not the amount given
_NOT_GIVEN_AFTER = re.compile(r"^\s*(?:per\b|each\b|a unit\b|/\s*unit\b|/\s*(?:ml|cc)\b|per unit\b|(?:single[- ]use |multi[- ]dose )?"
                              r"(?:vials?|ampules?|ampoules?|bottles?)\b)", re.I)
# units asked, or the whole claim ("what should the claim have?", "which codes?"): a count, not only a pair to check
_UNITS_ASKED = re.compile(r"\bunits?\b|\bhow many\b|\b[a-z]?\d{4,5} ?x ?\d+\b|\bclaim (?:have|show|look like)\b|\b(?:what|which) codes\b"
                          r"|\bwhat should (?:it|this|that|the claim) (?:actually |really )?be\b", re.I)
# "billed x 10", "units are per 100 mcg", "is per 20 mg": a billed count or a unit size said before the figure
_NOT_GIVEN_BEFORE = re.compile(r"(?:\bbill(?:ed|ing)?|\bx|\bcharged?|\breport(?:ed|ing)?|\bper|\bunits? (?:is|are|of))\s*$",
                               re.I)


def _per_unit_code(kb: KnowledgeBase, code_id: str) -> Code | None:
    """The held code billed by quantity that a named code stands for (a deleted code's replacement)."""
    code = kb.codes.get(code_id)
    if code is None:
        return None
    if code.status == "deleted":
        live = [kb.codes[c] for c in code.replaced_by if c in kb.codes]
        code = live[0] if len(live) == 1 else None
    return code if code is not None and code.rule.per_unit else None


def _dose_code_replaced(kb: KnowledgeBase, codes: list[str]) -> bool:
    """A named code is deleted and replaced by one billed by quantity ("we billed (a deleted dose code) x 1, denied: what now?")."""
    return any(kb.codes[c].status == "deleted" and _per_unit_code(kb, c) is not None for c in codes if c in kb.codes)


def drugs_told(ctx: Context) -> list[str]:
    """Codes billed by quantity that the question names by a drug or supply name ("80 mg of Kenalog")."""
    from bot.engine.phrases import tokens  # noqa: PLC0415

    kb = ctx.kb
    owned = kb.cache.get("per_unit_names")
    if owned is None:  # the names of the codes billed by quantity, as tokens, once per knowledge build
        owned = kb.cache.setdefault("per_unit_names", [(f" {' '.join(tokens(a.lower()))} ", t) for a, (kind, t)
                                                       in kb.aliases.items() if kind == "code" and t in kb.codes
                                                       and kb.codes[t].rule.per_unit])
    text = (ctx.raw_text or ctx.q.text).lower()
    words, apart = (f" {' '.join(tokens(t))} " for t in (text, re.sub(r"(?<=[a-z])-(?=\d)", " ", text)))
    return [t for a, t in owned if a in words or a in apart]  # "Kenalog-40" names Kenalog


def amounts_given(text: str, words: dict) -> tuple[list[float], set[str]]:
    """The amounts given in the question, in the code's measure (grams turned into mg), and every figure read with
    a measure word (a unit size too)."""
    names = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    found, figures = [], set()
    for m in re.finditer(rf"(?<![\w.]){_NUMBER}\s*{_GAP}({names})(?![\w])", text, re.I):
        figures.add(m.group(1))
        if _NOT_GIVEN_AFTER.match(text[m.end():]) or _NOT_GIVEN_BEFORE.search(text[:m.start()]):
            continue
        found.append(float(m.group(1).replace(",", "")) * float(words[m.group(2).lower()]))
    return found, figures


def _mark_read(ctx: Context, asked: list[str], families: list[str], figures: set[str]) -> None:
    """The codes, families and figures the units came from are used: not shown as words left aside."""
    sc = ctx.q.scenario
    if sc is None:
        return
    sc.use(*[f for f in sc.of("code") if f.value in asked or f.value in ctx.q.codes], *[f for f in sc.of("family") if f.value in families])
    sc.stray[:] = [w for w in sc.stray if not any(re.search(rf"(?<![\w.]){re.escape(n)}(?![\w])", w) for n in figures)]


def quantity_answer(ctx: Context, named: list[str]) -> Answer | None:
    """The units of the one code billed by quantity that the question names (or names by its drug), from the one
    amount it gives ("100 strips: how many units?", "Kenalog 40 mg: units?")."""
    from bot.engine.answer_notes import not_covered  # noqa: PLC0415
    from bot.engine.handlers import finish  # noqa: PLC0415

    kb, text = ctx.kb, ctx.raw_text or ctx.q.text
    if not any(ch.isdigit() for ch in text):
        return None  # no figure at all: nothing to count
    if ctx.q.intent == "pair" and not _UNITS_ASKED.search(text) and not _dose_code_replaced(kb, ctx.q.codes):
        return None  # "X with Y?" is a pair unless units are asked (or a deleted dose code is asked to be put right)
    asked = [c for c in dict.fromkeys(ctx.q.codes + named) if c in kb.codes]
    sc = ctx.q.scenario
    claimed = [c for c in ctx.q.codes if c not in kb.codes and sc is not None and sc.in_claim(c)]
    if any(c not in kb.codes and c[:1].isalpha() and c not in claimed for c in ctx.q.codes):
        return None  # a Level II code we do not hold (perhaps a typo of one we do) is never answered around
    if claimed and not drugs_told(ctx):
        return None  # only a drug named by its name is answered beside a code someone else's page gives for it
    held = list(dict.fromkeys(p.code for c in asked if (p := _per_unit_code(kb, c)) is not None))
    giving = {str(e["code"]) for e in (kb.vocabulary.get("drug_administration") or {}).get("lines") or []}
    # an office visit or an administration code beside the drug is no other story ("96372 for the admin?")
    others = [c for c in asked if kb.codes[c].family != VISIT_FAMILY and c not in giving]
    if not held and (ctx.q.minutes is not None or others or (ctx.q.days is not None and not _UNITS_ASKED.search(text))):
        return None  # "2 test strips a day, 18 days, 25 minutes": a supply named in another service's story
    held = held or list(dict.fromkeys(drugs_told(ctx)))
    sides = sides_told(kb, text)
    counted = [c for h in held if (c := _count(kb, kb.codes[h], text, ctx.year, sides)) is not None]
    if not held or len(counted) != len(held):
        return None  # each code billed by quantity needs the one amount given for it ("200 strips and 200 lancets")
    code = counted[0][0]
    figures = {f for c in counted for f in c[4]}
    trace = [t for c in counted for t in c[3]]
    for other in asked:
        if other != code.code and kb.codes[other].status == "deleted" and code.code in kb.codes[other].replaced_by:
            trace.append(f"{other} is deleted (last billable in {kb.codes[other].ended_year}): the dose is billed "
                         f"with {code.code}.")
    given_lines = administration_lines(kb, text, {c[0].code for c in counted}) \
        if any(c[0].role == "drug" for c in counted) else []
    trace += [why for g in given_lines if (why := bilateral_line(kb, g, text)[1])]
    notes = others_named(kb, ctx.q.codes, given_lines)
    notes += [f"{g[0]} ({g[1]}): the giving of the drug, one line beside it"
              + ("." if g[0] in kb.codes else "; its own rules (NCCI edits, payment) come from the practice's CPT import.")
              for g in given_lines]
    told = [f for f in ctx.q.families if f in kb.families and f != code.family and not any(kb.codes[c].family == f for c in asked)]
    given = [w for w in ctx.kb.vocabulary.get("drug_given_words") or [] if re.search(rf"\b{re.escape(w)}\b", text, re.I)]
    if not given_lines:
        notes += (list(code.notes) or ["The injection or procedure itself is billed on its own line beside the drug, by "
                                       "its own code (not worked out here)."]) * bool(told or (given and code.role == "drug"))
    visit = visit_beside(ctx, asked, given_lines[0][3]) if given_lines else None
    notes += (visit_not_billed(ctx, asked, given_lines[0][3]) if given_lines else []) + giving_not_billed(kb, asked, given_lines)
    if visit is not None:
        notes.insert(0, visit[2])
        ctx.source_ids.append(VISIT_SOURCE)
        notes += [r.verdict.reason for c in asked if kb.codes[c].family == VISIT_FAMILY and kb.codes[c].role == "add_on"
                  for g in given_lines[:1] if (r := pair_verdict(kb, c, g[3])).verdict.allowed is False]
        told = [f for f in told if f != VISIT_FAMILY]
    vial_notes = [w for c in counted if (w := _vial_left(c[0], c[1], text, figures))]
    discard, discard_source = discard_note(kb, text) if any(c[0].role == "drug" for c in counted) else ("", "")
    notes += vial_notes or [discard] * bool(discard)
    ctx.source_ids += [discard_source] * bool(discard and not vial_notes and discard_source)
    _mark_read(ctx, asked, told, figures)
    not_covered(ctx, claimed)  # "one site says (a code)": checked, not followed
    if visit is not None and ctx.q.scenario is not None:  # the visit's words ("low MDM", "mod 25") made its line
        told_visit = re.compile(rf"\bmdm\b|\bvisit\b|\b25\b|{visit[0]}", re.I)
        ctx.q.scenario.stray[:] = [w for w in ctx.q.scenario.stray if not told_visit.search(w)]
    amount, measure = counted[0][1], str((code.rule.per_unit or {}).get("measure", ""))
    shown = " and ".join(f"{_fig(c[1])} {(c[0].rule.per_unit or {}).get('measure', '')}" for c in counted)
    billing = Billing(inputs={"family": code.family, "minutes": None, "days": None, "interactive": None,
                              "year": ctx.year, "amount": amount, "measure": measure},
                      lines=[*([BillingLine(code=visit[0], units=1, title=visit[1])] if visit else []),
                             *(BillingLine(code=c[0].code, units=c[2], title=c[0].title) for c in counted),
                             *(BillingLine(code=g[0], units=1, title=bilateral_line(kb, g, text)[0]) for g in given_lines)],
                      assumptions=["The amount is what was given (or supplied) on this date, one patient.", *notes],
                      trace=trace)
    ctx.source_ids += [s for c in counted for s in (c[0].rule.source, *c[0].sources)] + [g[2] for g in given_lines if g[2]]
    return finish(ctx, status="answered", intent="bill", codes=[facts.code_fact(kb, c[0], ctx.year) for c in counted],
                  billing=billing, families=list(dict.fromkeys(c[0].family for c in counted)),
                  asked_label=(f"the claim: {visit[0]}-25 beside " if visit else "")
                  + f"units of {', '.join(c[0].code for c in counted)} for {shown}")


def _count(kb: KnowledgeBase, code: Code, text: str, year: int,
           sides: int = 1) -> tuple[Code, float, int, list[str], set[str]] | None:
    """(code, amount, units, trace, figures) for one code billed by quantity, from the one amount the text gives in
    its measure; None when the code is not in force that year or no single amount is given."""
    if not kb.exists_in(code, year):
        return None  # asked with an earlier year's rules, before the code took effect
    per = code.rule.per_unit or {}
    found, figures = amounts_given(text, dict(per.get("words") or {}))
    found = _each_side(text, dict(per.get("words") or {}), sides, figures) or found \
        or _by_strength(text, dict(per.get("strengths") or {}), figures) \
        or _by_dose(text, dict(per.get("doses") or {}), figures)
    amounts = sorted(set(found))
    if len(amounts) != 1 or not per.get("amount"):
        return None
    amount, size = amounts[0], float(per["amount"])
    units = max(1, math.ceil(amount / size - 1e-9))
    measure = str(per.get("measure", ""))
    trace = [f"{code.code}: one unit is {_fig(size)} {measure}; {_fig(amount)} {measure} / {_fig(size)} = {_fig(amount / size)}"
             + (f", rounded up to {units}." if units != amount / size else f", so {units}.")]
    return code, amount, units, trace, figures



def _vial_left(code: Code, amount: float, text: str, figures: set[str]) -> str:
    """The part of one single-dose vial told that was not given ("155 units from a 200-unit vial"): billed on its own
    line with modifier JW (CMS JW/JZ policy); nothing when no single larger vial size is told."""
    per = code.rule.per_unit or {}
    words = dict(per.get("words") or {})
    names = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    sizes = {(m.group(1), float(m.group(1).replace(",", "")) * float(words[m.group(2).lower()]))
             for m in re.finditer(rf"(?<![\w.]){_NUMBER}[\s-]*({names})[\s-]+(?:single[- ]use |single[- ]dose )?vial\b",
                                  text, re.I)}
    if len(sizes) != 1 or not per.get("amount") or next(iter(sizes))[1] <= amount:
        return ""
    figure, vial = next(iter(sizes))
    figures.add(figure)
    left, measure = vial - amount, str(per.get("measure", ""))
    units = math.ceil(left / float(per["amount"]) - 1e-9)
    return (f"Discarded: {_fig(left)} {measure} of the {_fig(vial)} {measure} single-dose vial go on a second {code.code} "
            f"line of {units} units with modifier JW (documented in the record); the line given takes no JZ then, "
            "as JZ says nothing was discarded.")


def _fig(value: float) -> str:
    """A figure as a coder writes it: 2,400,000 rather than 2.4e+06."""
    return f"{value:,.10g}"


def _each_side(text: str, words: dict, sides: int, figures: set[str]) -> list[float]:
    """The dose told once for each side of a service done on both sides ("both knees, 40 mg each", "1 mL (40 mg) in
    each knee"): the dose times the sides; nothing when one side is told."""
    if sides == 1 or not words:
        return []
    names = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    found = []
    for m in re.finditer(rf"(?<![\w.]){_NUMBER}\s*({names})\)?\s+(?:in |into |to |for )?each\b", text, re.I):
        figures.add(m.group(1))
        found.append(float(m.group(1).replace(",", "")) * float(words[m.group(2).lower()]) * sides)
    return found


def _by_strength(text: str, strengths: dict, figures: set[str]) -> list[float]:
    """The amount given as a volume of a named strength ("Kenalog-40, 1 mL" is 40 mg): the strength's amount per mL
    (the code's rule.per_unit `strengths`) times the mL said after it."""
    found = []
    volume = rf"{_NUMBER}\s*(?:ml|mls|cc|cc's)\b"
    for name, per_ml in strengths.items():
        named = rf"(?<![\w]){re.escape(name)}(?![\w])"
        # "Kenalog-40, 1 mL" or "1 mL of Kenalog-40": the volume said just before or after the named strength
        for m in (*re.finditer(rf"{named}[^\d\n]{{0,12}}{volume}", text, re.I),
                  *re.finditer(rf"(?<![\w.]){volume}\s+(?:of\s+)?(?:the\s+)?{named}", text, re.I)):
            figures.add(m.group(1))
            found.append(float(per_ml) * float(m.group(1).replace(",", "")))
    return found


def _by_dose(text: str, doses: dict, figures: set[str]) -> list[float]:
    """The amount a product's name gives as its one dose ("depo-subQ provera 104" is 104 mg): the code's rule.per_unit
    `doses`, used only when the question gives no amount in the measure itself."""
    from bot.engine.phrases import tokens  # noqa: PLC0415

    words = f" {' '.join(tokens(text.lower()))} "
    found = []
    for name, amount in doses.items():
        if f" {' '.join(tokens(name.lower()))} " in words:
            figures.update(re.findall(r"\d+", name))
            found.append(float(amount))
    return found
