"""What a code pays: the fee-schedule row (national), and by locality with the GPCIs:
(work RVU x PW GPCI + PE RVU x PE GPCI + MP RVU x MP GPCI) x CF, non-facility and facility."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from bot.answer import Answer, PaymentInfo
from bot.answer_cms import CmsFacts, FeeFact, LocalityFee, RvuFact
from bot.codesets.cms_read import GpciRow
from bot.codesets.cms_tables import GPCI, LOCALITY, PFS
from bot.engine import cmsfacts, feeplaces
from bot.engine.cmsask import Asked
from bot.engine.cmsfacts import CmsContext, money


def row_for(rows: dict[str, dict[str, str]], modifiers: list[str]) -> dict[str, str] | None:
    """The row of the modifier the question names (26, TC, 53), else the global row ('')."""
    for mod in modifiers:
        if mod in rows:
            return rows[mod]
    return rows.get("") or (next(iter(rows.values())) if rows else None)


def _amount(row: dict[str, str], g: GpciRow, pe_column: str, na: str) -> Decimal | None:
    if row[na] or row["status"] not in cmsfacts.meanings()["pfs"]["priced"]:
        return None
    cf = Decimal(row["conversion_factor"] or "0")
    total = Decimal(row["work_rvu"]) * g.work + Decimal(row[pe_column]) * g.pe + Decimal(row["mp_rvu"]) * g.mp
    return total * cf if cf else None


def locality_fee(row: dict[str, str], g: GpciRow, counties: str, how: str) -> LocalityFee:
    """One locality's non-facility and facility amounts, with the computation written out."""
    nf = _amount(row, g, "nonfacility_pe_rvu", "nonfacility_na")
    fac = _amount(row, g, "facility_pe_rvu", "facility_na")
    pe = "nonfacility_pe_rvu" if nf is not None else "facility_pe_rvu"
    shown = nf if nf is not None else fac
    formula = "" if shown is None else (
        f"({row['work_rvu']} x {g.work} + {row[pe]} x {g.pe} + {row['mp_rvu']} x {g.mp}) x {row['conversion_factor']}"
        f" = ${money(shown):,.2f} {'non-facility' if nf is not None else 'facility'}")
    return LocalityFee(locality=f"{g.mac}-{g.locality}", name=g.name, state=g.state, work_gpci=str(g.work),
                       pe_gpci=str(g.pe), mp_gpci=str(g.mp), counties=counties,
                       nonfacility_amount=None if nf is None else money(nf),
                       facility_amount=None if fac is None else money(fac), formula=formula, matched=how)


def _localities(cc: CmsContext, asked: Asked, row: dict[str, str]) -> tuple[list[LocalityFee], str]:
    """The localities asked, priced; (fees, the place words used). Nothing asked: ([], '')."""
    gpci = cmsfacts.release(cc, GPCI)
    if gpci is None:
        if asked.place_in:
            cc.caveats.append("No GPCI file is imported, so only the national figure is shown. "
                              + cmsfacts.import_advice(cc.ctx.kb, [GPCI, LOCALITY]))
        return [], ""
    counties_rel = cmsfacts.release(cc, LOCALITY)
    raw = getattr(cc.ctx, "raw_text", "") or ""
    place = feeplaces.find(cc.reader, gpci.id, counties_rel.id if counties_rel else None, raw, asked.places)
    if place is None:
        if asked.place_in and not asked.national:
            near = feeplaces.closest(cc.reader, gpci.id, asked.place_in)
            offer = f" (closest: {', '.join(near)})" if near else ""
            cc.caveats.append(f"No Medicare payment locality in {gpci.name} matches '{asked.place_in}': the "
                              f"national figure is shown. Name the locality as CMS does{offer}, its county, or its "
                              "state.")
        cc.used[:] = [r for r in cc.used if r.codeset not in (GPCI, LOCALITY)]
        return [], ""
    county_rows = cc.reader.counties(counties_rel.id) if counties_rel else []
    where = {(c.mac, c.locality): c.counties for c in county_rows}
    return [locality_fee(row, g, where.get((g.mac, g.locality), ""), place.how) for g in place.rows], place.how


def _one(f: LocalityFee) -> str:
    amounts = [f"{v:,.2f} dollars {label}" for v, label in ((f.nonfacility_amount, "non-facility"),
                                                           (f.facility_amount, "facility")) if v is not None]
    return f"{feeplaces.display(f.name)} ({f.state}): {', '.join(amounts) or 'not priced'}"


def _summary(rvu: RvuFact, fees: list[LocalityFee]) -> str:
    if fees:
        return "Medicare pays " + "; ".join(_one(f) for f in fees) + "."
    if rvu.nonfacility_amount is None and rvu.facility_amount is None:
        return f"No national amount: status {rvu.status}."
    parts = [f"{v:,.2f} dollars {label}" for v, label in ((rvu.nonfacility_amount, "non-facility"),
                                                        (rvu.facility_amount, "facility")) if v is not None]
    return "National Medicare amount: " + ", ".join(parts) + "."


def fee_answer(cc: CmsContext, asked: Asked, code: str, curated_fact=None) -> Answer | None:
    """The payment answer for one code; None when no relative value file holding the code is imported."""
    pfs = cmsfacts.release(cc, PFS)
    row = row_for(cc.reader.rvus(pfs.id, code), asked.modifiers) if pfs else None
    if row is None:
        cc.used.clear()
        return None
    rvu = cmsfacts.rvu_fact(row, pfs)
    fees, how = _localities(cc, asked, row)
    if not fees and not asked.place_in and not asked.national:
        cc.caveats.append("No locality named: the national amounts are shown (name a locality, county or state for "
                          "its GPCI-adjusted amounts).")
    fact = curated_fact or cmsfacts.code_fact(code, f"{cmsfacts.system_of(code)} {code}", _summary(rvu, fees))
    payment = PaymentInfo(amount=rvu.nonfacility_amount, rvu=float(row["nonfacility_total"] or 0), release=pfs.name,
                          contractor_priced=row["status"] == "C")
    fact = dataclasses.replace(fact, payment=payment)
    gpci_name = next((r.name for r in cc.used if r.codeset == GPCI), "")
    cms = CmsFacts(topic="fee", rvu=rvu, fee=FeeFact(rvu=rvu, localities=fees, asked=how, gpci_release=gpci_name),
                   releases=list(cc.used))
    cc.source_ids.append(cmsfacts.meanings()["pfs"]["formula_source"])
    return cmsfacts.finish(cc, status="answered", intent="define", codes=[fact], cms=cms,
                           message=_summary(rvu, fees))
