"""Any code outside the curated knowledge, answered with what the imported files hold (HCPCS text, the
practice's licensed CPT descriptor, fee-schedule status, RVUs and global period, NCCI edit counts, the MUE)
and a plain list of what they lack, with what to import for it."""

from __future__ import annotations

import dataclasses

from bot.answer import Answer, CodeFact, PaymentInfo
from bot.answer_cms import CmsFacts
from bot.codesets.cms_tables import CPT_DESCRIPTORS, HCPCS, MUE, PFS, PTP
from bot.engine import cmsfacts, hcpcs, mue
from bot.engine.cmsask import Asked
from bot.engine.cmsfacts import CmsContext
from bot.engine.fees import row_for

NOT_CURATED = ("not in codebot's curated knowledge: no plain-words summary, billing rules, worked example or "
               "companions for it")


def _descriptor(cc: CmsContext, code: str) -> str | None:
    rel = cmsfacts.release(cc, CPT_DESCRIPTORS) if not code[:1].isalpha() else None
    return cc.reader.descriptor(rel.id, code) if rel else None


def _lack(cc: CmsContext, codeset: str, absent: str, loaded: str = "") -> str:
    """What is missing for one code set: import it, or it is imported and has nothing for the code."""
    rel = next((r for r in cc.used if r.codeset == codeset), None)
    if rel is not None:
        return f"{rel.name}: {loaded or absent}"
    return f"{absent.split(':')[0]}: {cmsfacts.import_advice(cc.ctx.kb, [codeset])}"


def lacks(cc: CmsContext, code: str, found: dict) -> list[str]:
    """Plain statements of what the imports do not hold for the code."""
    out = [] if code[:1].isalpha() else [NOT_CURATED]
    if code[:1].isalpha() and found["hcpcs"] is None:
        out.append(_lack(cc, HCPCS, "no HCPCS Level II text for it"))
    if not code[:1].isalpha() and found["descriptor"] is None:
        out.append(_lack(cc, CPT_DESCRIPTORS, "no licensed CPT descriptor: codebot never ships AMA text",
                         "no descriptor for this code in the file imported"))
    paid_by_pfs = cmsfacts.meanings()["hcpcs"]["fee_schedule_pricing"]
    if found["rvu"] is None and found["hcpcs"] and not {p.split(":")[0] for p in found["hcpcs"].pricing} & set(paid_by_pfs):
        out.append("not priced on the physician fee schedule: its pricing indicator above says how it is priced")
    elif found["rvu"] is None:
        out.append(_lack(cc, PFS, "no fee-schedule row (status, RVUs, global period)"))
    if found["mue"] is None:
        out.append(_lack(cc, MUE, "no MUE"))
    if found["ncci"] is None:
        out.append(_lack(cc, PTP, "no NCCI PTP edits"))
    return out


def gather(cc: CmsContext, code: str, modifiers: list[str]) -> dict:
    """Everything the imported files hold for a code (None for what they lack)."""
    pfs = cmsfacts.release(cc, PFS)
    row = row_for(cc.reader.rvus(pfs.id, code), modifiers) if pfs else None
    ptp = cmsfacts.release(cc, PTP)
    counts = list(cc.reader.ptp_counts(ptp.id, code, cc.ymd)) if ptp else None
    return {"hcpcs": hcpcs.hcpcs_fact(cc, code), "descriptor": _descriptor(cc, code),
            "rvu": cmsfacts.rvu_fact(row, pfs) if row else None, "mue": mue.mue_fact(cc, code),
            "ncci": counts if counts and any(counts) else None, "counts": counts}


def _summary(code: str, found: dict) -> str:
    bits = []
    if found["rvu"]:
        r = found["rvu"]
        money = f"; national {r.nonfacility_amount:,.2f} dollars non-facility" if r.nonfacility_amount is not None else ""
        bits.append(f"fee schedule status {r.status}; global period {r.global_days.split(':')[0]}{money}")
    if found["ncci"]:
        bits.append(f"{sum(found['ncci'])} NCCI PTP edits in force")
    if found["mue"]:
        bits.append(f"MUE {found['mue'].units}")
    return (f"Outside codebot's curated knowledge. The imported CMS files say: {'; '.join(bits)}." if bits else
            "Outside codebot's curated knowledge; the imported files hold only the text below.")


def code_answer(cc: CmsContext, asked: Asked, code: str) -> Answer | None:
    """The answer from the imports for a code the curated knowledge does not hold; None when they hold nothing."""
    found = gather(cc, code, asked.modifiers)
    if not any(found[k] for k in ("hcpcs", "descriptor", "rvu", "mue", "ncci")):
        cc.used.clear()
        return None
    missing = lacks(cc, code, found)
    gave = {HCPCS: found["hcpcs"], CPT_DESCRIPTORS: found["descriptor"], PFS: found["rvu"], MUE: found["mue"],
            PTP: found["ncci"]}
    cc.used[:] = [r for r in cc.used if gave.get(r.codeset) or r.codeset not in gave]
    if found["hcpcs"]:
        fact = hcpcs.code_fact(found["hcpcs"], cc)
    else:
        fact = cmsfacts.code_fact(code, f"{cmsfacts.system_of(code)} {code}", _summary(code, found),
                                  descriptor=found["descriptor"])
    if found["rvu"]:
        fact = dataclasses.replace(fact, payment=PaymentInfo(
            amount=found["rvu"].nonfacility_amount, rvu=float(found["rvu"].nonfacility_total or 0),
            release=found["rvu"].release, contractor_priced=found["rvu"].status.startswith("C")))
    cms = CmsFacts(topic="code", hcpcs=found["hcpcs"], descriptor=found["descriptor"], rvu=found["rvu"],
                   ncci_edits=found["counts"] or [], mue=found["mue"],
                   modifiers=hcpcs.modifier_facts(cc, asked.modifiers), lacks=missing,
                   releases=list(cc.used))
    return cmsfacts.finish(cc, status="answered", intent="define", codes=[fact], cms=cms)


def brief_fact(cc: CmsContext, code: str) -> CodeFact | None:
    """A short CodeFact for a code named in a pair question (HCPCS short text, else the code), if any file has it."""
    before, cited = list(cc.used), list(cc.source_ids)
    found = gather(cc, code, [])
    cc.used[:], cc.source_ids[:] = before, cited  # the pair answer cites the PTP release; these only title the codes
    if found["hcpcs"]:
        return hcpcs.code_fact(found["hcpcs"], cc)
    if any(found[k] for k in ("descriptor", "rvu", "mue", "ncci")):
        return cmsfacts.code_fact(code, f"{cmsfacts.system_of(code)} {code}", _summary(code, found),
                                  descriptor=found["descriptor"])
    return None
