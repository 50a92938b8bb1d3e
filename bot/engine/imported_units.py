"""Units of a drug code only the imported HCPCS file holds ("(a J-code) 40 mg IV: how many units?"): the dose its
official long description ends with is one unit, so the units are the dose given over it, a part unit rounded up
(knowledge/cms_files.yaml hcpcs.drugs and dose_words; Claims Processing Manual ch. 17)."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from bot.answer import Answer, Billing, BillingLine
from bot.answer_cms import CmsFacts
from bot.engine.patterns import lazy

if TYPE_CHECKING:
    from bot.engine.cmsfacts import CmsContext

_DOSE = lazy(r"(?:,|\bper|\bup to)\s*(\d+(?:\.\d+)?)\s*([a-z]+)\.?\s*$", re.I)  # "..., per 250 mg", "..., up to 20 mg"
_UNITS_ASKED = lazy(r"\bunits?\b|\bhow many\b", re.I)


def dose_of(descriptor: str) -> tuple[float, str] | None:
    """(amount, measure) of one billing unit, from the end of a drug's long description; None when it names none."""
    found = _DOSE().search(descriptor.strip())
    return (float(found.group(1)), found.group(2).lower()) if found else None


def imported_units_answer(cc: CmsContext, code: str) -> Answer | None:
    """The drug's line with its units from the one dose the question gives; None when the file does not hold the code
    as an active drug with a unit dose, or the question gives no single dose in its measure or asks no units."""
    from bot.engine import cmsfacts, hcpcs  # noqa: PLC0415
    from bot.engine.quantity import amounts_given  # noqa: PLC0415

    ctx = cc.ctx
    text = ctx.raw_text or ctx.q.text
    if code in ctx.kb.codes or not code[:1].isalpha() or not _UNITS_ASKED().search(text):
        return None
    before = list(cc.used)
    fact = hcpcs.hcpcs_fact(cc, code)
    meanings = cmsfacts.meanings()["hcpcs"]
    dose = dose_of(fact.descriptor) if fact is not None else None
    words = (meanings.get("dose_words") or {}).get(dose[1]) if dose else None
    drug = fact is not None and any(p.split(":")[0] in (meanings.get("drugs") or []) for p in fact.pricing)
    found, figures = amounts_given(text, dict(words)) if words else ([], set())
    given = sorted(set(found))
    if not drug or not words or len(given) != 1 or hcpcs.ended(fact, cc):
        cc.used[:] = before
        return None
    size, measure, amount = dose[0], dose[1], given[0]
    units = max(1, math.ceil(amount / size - 1e-9))
    trace = [f"{code}: one unit is {size:g} {measure} (the HCPCS file's description: '{fact.descriptor}'); "
             f"{amount:g} {measure} / {size:g} = {amount / size:g}" + (f", rounded up to {units}." if units != amount / size
                                                                     else f", so {units}.")]
    family = str(meanings.get("drug_family") or "")
    sc = ctx.q.scenario
    if sc is not None:  # the dose's figure made the line: not a word left aside
        sc.stray[:] = [w for w in sc.stray if not any(re.search(rf"(?<![\w.]){re.escape(f)}(?![\w])", w) for f in figures)]
    billing = Billing(inputs={"family": family, "minutes": None, "days": None, "interactive": None, "year": ctx.year,
                              "amount": amount, "measure": measure},
                      lines=[BillingLine(code=code, units=units, title=fact.short)], trace=trace,
                      assumptions=["The amount is what was given on this date, one patient.",
                                   "The giving of the drug (an injection or infusion) is its own line by its own code."])
    ctx.source_ids.append("cms-clm-ch17")
    return cmsfacts.finish(cc, status="answered", intent="bill", codes=[hcpcs.code_fact(fact, cc)], billing=billing,
                           families=[family] if family in ctx.kb.families else [],
                           cms=CmsFacts(topic="code", beside=True, hcpcs=fact, releases=list(cc.used)),
                           asked_label=f"units of {code} for {amount:g} {measure}")
