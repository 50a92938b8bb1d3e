"""CmsReader: read-only queries on the CMS code sets (HCPCS, PTP, MUE, PFS, GPCI, localities, licensed CPT text)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.codesets import cms_tables as t
from bot.codesets.load import list_releases
from bot.codesets.reader import CodeSetReader

_RVU_NAMES = tuple(n for n, _ in t.PFS_RVUS.columns)


@dataclass(frozen=True, slots=True)
class HcpcsRow:
    """A HCPCS Level II code (or modifier: pricing, coverage and betos empty) as stored."""

    code: str
    long: str
    short: str
    pricing: tuple[str, ...]
    coverage: str
    betos: str
    added: str
    action_effective: str
    terminated: str
    action: str


@dataclass(frozen=True, slots=True)
class PtpRow:
    """One PTP edit window: column 1 and 2, first and last date of service (YYYYMMDD), indicator, rationale."""

    column1: str
    column2: str
    effective: int
    deleted: int | None
    modifier: int
    rationale: str

    def covers(self, day: int) -> bool:
        """Whether the window applies to a date of service (YYYYMMDD)."""
        return self.effective <= day and (self.deleted is None or day <= self.deleted)


@dataclass(frozen=True, slots=True)
class MueRow:
    """A practitioner MUE: the units, the adjudication indicator (1, 2, 3) and the rationale."""

    code: str
    units: int
    adjudication: int
    rationale: str


@dataclass(frozen=True, slots=True)
class GpciRow:
    """A payment locality's cost indices."""

    mac: str
    state: str
    locality: str
    name: str
    work: Decimal
    pe: Decimal
    mp: Decimal


@dataclass(frozen=True, slots=True)
class CountyRow:
    """A payment locality's area name and counties, as the locality-county file spells them."""

    mac: str
    locality: str
    state: str
    area: str
    counties: str


class CmsReader(CodeSetReader):
    """Queries by release id; the small locality tables are read once per release."""

    def loaded_codesets(self) -> set[str]:
        """The code sets with at least one release loaded."""
        return {r.codeset for r in list_releases(self.conn())}

    def hcpcs(self, rel: int, code: str) -> HcpcsRow | None:
        """Return one HCPCS Level II procedure code, or None."""
        row = self.conn().execute("select code, long, short, pricing, coverage, betos, added, action_effective, "
                                  "terminated, action from hcpcs_codes where release_id = ? and code = ?",
                                  (rel, code)).fetchone()
        return HcpcsRow(*row[:3], tuple(p for p in row[3].split(",") if p), *row[4:]) if row else None

    def modifier(self, rel: int, code: str) -> HcpcsRow | None:
        """Return one Level II modifier, or None."""
        row = self.conn().execute("select code, long, short, added, action_effective, terminated, action from "
                                  "hcpcs_modifiers where release_id = ? and code = ?", (rel, code)).fetchone()
        return HcpcsRow(*row[:3], (), "", "", *row[3:]) if row else None

    def ptp(self, rel: int, a: str, b: str) -> list[PtpRow]:
        """Every window of the edit between two codes, in either column order, oldest first."""
        sql = ("select e.column1, e.column2, e.effective, e.deleted, e.modifier, r.text from ncci_ptp_edits e "
               "join ncci_ptp_rationales r on r.release_id = e.release_id and r.id = e.rationale "
               "where e.release_id = ? and e.column1 = ? and e.column2 = ?")
        rows = self.conn().execute(sql, (rel, a, b)).fetchall() + self.conn().execute(sql, (rel, b, a)).fetchall()
        return sorted((PtpRow(*r) for r in rows), key=lambda r: (r.effective, r.column1))

    def ptp_counts(self, rel: int, code: str, day: int) -> tuple[int, int]:
        """How many edits in force on a day name the code as column 1 and as column 2."""
        live = "effective <= ? and (deleted is null or deleted >= ?) and modifier != 9"
        one = self.conn().execute(f"select count(*) from ncci_ptp_edits where release_id = ? and column1 = ? and {live}",
                                  (rel, code, day, day)).fetchone()[0]
        two = self.conn().execute(f"select count(*) from ncci_ptp_edits where release_id = ? and column2 = ? and {live}",
                                  (rel, code, day, day)).fetchone()[0]
        return one, two

    def mue(self, rel: int, code: str) -> MueRow | None:
        """Return a code's practitioner MUE, or None when the table has none for it."""
        row = self.conn().execute("select code, units, adjudication, rationale from mue_edits where release_id = ? "
                                  "and code = ?", (rel, code)).fetchone()
        return MueRow(*row) if row else None

    def rvus(self, rel: int, code: str) -> dict[str, dict[str, str]]:
        """Every fee-schedule row of a code by modifier ('' for the global service)."""
        rows = self.conn().execute(f"select {', '.join(_RVU_NAMES)} from pfs_rvus where release_id = ? and code = ?",
                                   (rel, code)).fetchall()
        return {r[1]: dict(zip(_RVU_NAMES, r)) for r in rows}

    def localities(self, rel: int) -> list[GpciRow]:
        """Every locality's GPCIs (about a hundred rows), read once per release."""
        cache = self.__dict__.setdefault("_gpci", {})
        if rel not in cache:
            rows = self.conn().execute("select mac, state, locality, name, work, pe, mp from gpci_localities "
                                       "where release_id = ? order by rowid", (rel,)).fetchall()
            cache[rel] = [GpciRow(*r[:4], *(Decimal(v) for v in r[4:])) for r in rows]
        return cache[rel]

    def counties(self, rel: int) -> list[CountyRow]:
        """Every locality's area and counties, read once per release."""
        cache = self.__dict__.setdefault("_counties", {})
        if rel not in cache:
            rows = self.conn().execute("select mac, locality, state, area, counties from locality_counties "
                                       "where release_id = ? order by rowid", (rel,)).fetchall()
            cache[rel] = [CountyRow(*r) for r in rows]
        return cache[rel]

    def descriptor(self, rel: int, code: str) -> str | None:
        """The practice's licensed CPT descriptor for a code, if it imported one."""
        row = self.conn().execute("select descriptor from cpt_descriptors where release_id = ? and code = ?",
                                  (rel, code)).fetchone()
        return row[0] if row else None
