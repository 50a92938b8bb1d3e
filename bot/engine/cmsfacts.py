"""What every answer from the imported CMS files shares: the meanings (knowledge/cms_files.yaml), the release in
force for the date of service, the stamp and sources, the fee-schedule row in words, and what to import."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from bot import paths
from bot.answer import Answer, CodeFact, SourceRef
from bot.answer_cms import CmsRelease, RvuFact
from bot.codesets.cms_read import CmsReader
from bot.codesets.load import Release
from bot.engine import facts
from bot.engine.cmswords import meanings  # noqa: F401  (re-exported: the CMS answers read it from here)

CENT = Decimal("0.01")
CODESET_SOURCES = ("hcpcs", "ncci_ptp_practitioner", "mue_practitioner", "pfs_rvu", "gpci", "locality_county")


def meaning(section: str, table: str, key: str) -> str:
    """'A: active: paid under the fee schedule'; the bare key when the file holds a value we have no words for."""
    text = meanings()[section][table].get(key)
    return f"{key}: {text}" if text else key


@dataclass(slots=True)
class CmsContext:
    """What a CMS answer needs: the curated handler context, the reader, the date of service, releases used."""

    ctx: object  # bot.engine.handlers.Context (not imported: handlers imports this package's router)
    reader: CmsReader
    day: date
    day_stated: bool
    used: list[CmsRelease] = field(default_factory=list)
    source_ids: list[str] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)

    @property
    def ymd(self) -> int:
        """The date of service as YYYYMMDD."""
        return int(self.day.strftime("%Y%m%d"))


def context(ctx, reader: CmsReader) -> CmsContext:
    """The date of service written in the question, else today."""
    from bot.engine.dxfacts import date_of_service, today  # the ICD-10-CM side's date reading, loaded on need

    asked = date_of_service(getattr(ctx, "raw_text", "") or ctx.q.text)
    return CmsContext(ctx, reader, asked or today(), asked is not None)


def release(cc: CmsContext, codeset: str) -> Release | None:
    """The code set's release in force on the date of service (else the nearest loaded), noted as used."""
    rel = cc.reader.release_of(codeset, cc.day)
    if rel is not None and all(r.version != rel.version or r.codeset != codeset for r in cc.used):
        cc.used.append(CmsRelease(codeset, rel.name, rel.version, rel.effective_date, rel.ends_date or "",
                                  _release_note(cc, rel)))
        cc.source_ids.append(meanings()["downloads"].get(codeset, {}).get("source", ""))
    return rel


def _release_note(cc: CmsContext, rel: Release) -> str:
    day = f"the date of service ({cc.day.isoformat()})" if cc.day_stated else f"today ({cc.day.isoformat()})"
    where = meanings()["downloads"].get(rel.codeset, {})
    fetch = f"import {where.get('file', 'the current file')} with `codebot import`"
    if cc.day.isoformat() < rel.effective_date:
        return f"{rel.name} took effect {rel.effective_date}, after {day}; no earlier release is loaded: {fetch}."
    if rel.ends_date and cc.day.isoformat() > rel.ends_date:
        nxt = date.fromisoformat(rel.ends_date) + timedelta(days=1)
        return f"{rel.name} covered dates through {rel.ends_date}; {day} falls after it (a newer release took effect " \
               f"{nxt.isoformat()} or later): {fetch}."
    return ""


def finish(cc: CmsContext, **fields) -> Answer:
    """The Answer, finished by the curated handlers' finish (stamp, reading, sources) with the release notes as
    caveats and the CMS sources added."""
    from bot.engine import handlers  # noqa: PLC0415  (handlers imports the router that imports this module)

    ctx = cc.ctx
    notes = [r.note for r in cc.used if r.note]
    ctx.notes.extend(c for c in dict.fromkeys(cc.caveats + notes) if c not in ctx.notes)
    ctx.source_ids.extend(i for i in dict.fromkeys(cc.source_ids) if i and i in ctx.kb.sources)
    return handlers.finish(ctx, **fields)


def sources(kb, ids: list[str]) -> list[SourceRef]:
    """The sources named, official first (ids the curated index lacks are skipped)."""
    return facts.source_refs(kb, list(dict.fromkeys(i for i in ids if i and i in kb.sources)))


def money(value: Decimal) -> float:
    """Round to cents the way a fee schedule amount is printed."""
    return float(value.quantize(CENT, rounding=ROUND_HALF_UP))


def rvu_fact(row: dict[str, str], rel: Release) -> RvuFact:
    """The fee-schedule row in words, with its national non-facility and facility amounts."""
    cf = Decimal(row["conversion_factor"] or "0")
    payable = row["status"] in meanings()["pfs"].get("priced", ["A", "R", "T"])

    def amount(total: str, na: str) -> float | None:
        return money(Decimal(total) * cf) if payable and not na and cf else None

    return RvuFact(
        code=row["code"], modifier=row["modifier"], status=meaning("pfs", "status", row["status"]),
        work_rvu=row["work_rvu"], nonfacility_pe_rvu="NA" if row["nonfacility_na"] else row["nonfacility_pe_rvu"],
        facility_pe_rvu="NA" if row["facility_na"] else row["facility_pe_rvu"], mp_rvu=row["mp_rvu"],
        nonfacility_total=row["nonfacility_total"], facility_total=row["facility_total"],
        global_days=meaning("pfs", "global_days", row["global_days"]), conversion_factor=row["conversion_factor"],
        nonfacility_amount=amount(row["nonfacility_total"], row["nonfacility_na"]),
        facility_amount=amount(row["facility_total"], row["facility_na"]), release=rel.name)


def system_of(code: str) -> str:
    """CPT for five digits or four digits and a letter (category II/III, PLA); HCPCS for a letter and four digits."""
    return "HCPCS" if code[:1].isalpha() else "CPT"


def code_fact(code: str, title: str, summary: str, status: str = "active", descriptor: str | None = None,
              effective_year: int = 0, ended_year: int | None = None) -> CodeFact:
    """A CodeFact for a code outside the curated knowledge (title and summary from the imported files)."""
    return CodeFact(code=code, system=system_of(code), family="", title=title, summary=summary, status=status,
                    role="", effective_year=effective_year, ended_year=ended_year, descriptor=descriptor)


def import_advice(kb, missing: list[str]) -> str:
    """Say which CMS files to download (and where) so codebot can answer from them."""
    where = meanings()["downloads"]
    wanted = [c for c in missing if c in where]
    if not wanted:
        return ""
    urls = dict.fromkeys(kb.sources[where[c]["source"]].url for c in wanted if where[c]["source"] in kb.sources)
    return (f"Import {'; '.join(dict.fromkeys(where[c]['file'] for c in wanted))} with `codebot import FILE`"
            + (f" (from {', '.join(urls)})" if urls else "") + ".")
