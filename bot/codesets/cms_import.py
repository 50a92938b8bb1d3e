"""The CMS file formats in the import registry: detect/parse adapters over bot.codesets.formats, and the
assemblers that turn the files of one code set into releases streamed into load_release.

Four PTP parts (f1..f4) make one release; importing some of them keeps the stored rows of the others. A
PFS zip's nonQPP file is preferred over its QPP twin (the same RVUs, another conversion factor)."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from types import ModuleType
from typing import Any

from bot.codesets import cms_tables as t
from bot.codesets.cms_carry import stored_parts, stored_ptp_rows
from bot.codesets.formats import gpci, hcpcs, locality, mue, ncci_ptp, pfs_rvu
from bot.codesets.formats.common import FormatError
from bot.codesets.formats.common import ReleaseInfo as FileRelease
from bot.codesets.load import ImportFileError, ReleaseInfo
from bot.codesets.registry import ImportFormat, Part, SourceFile, register_assembler, register_format

_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError)
QPP = "QPP"  # the fee schedule file priced with the qualifying-APM-participant conversion factor


@dataclass(frozen=True, slots=True)
class CmsFile:
    """One recognised CMS file: its format module, its release as read from its name and first bytes."""

    module: ModuleType
    source: SourceFile
    release: FileRelease

    def records(self) -> Iterator[Any]:
        """Stream the file's records; a layout problem becomes one ImportFileError naming the file and line."""
        try:
            with self.source.open() as stream:
                yield from self.module.parse(stream, self.source.name)
        except FormatError as exc:
            raise ImportFileError(exc.file, exc.message, exc.line or None) from None
        except _ZIP_ERRORS as exc:
            raise ImportFileError(self.source.name, f"the zip is damaged or cut short ({exc}): download it "
                                                    "again") from None


def stamp(release: FileRelease, sources: list[str], parts: tuple[str, ...] = ()) -> ReleaseInfo:
    """Map a file's release (formats.common.ReleaseInfo) to the stored release stamp (load.ReleaseInfo)."""
    version = release.version
    if version in release.title:
        name = release.title
    elif version[:1].isdigit() and "." in version:
        name = f"{release.title}, version {version}"  # NCCI: "..., version 32.1"
    else:
        name = f"{release.title}, {version}"
    return ReleaseInfo(name=name, version=version, effective_date=release.effective, source=", ".join(sources),
                       fiscal_year=release.effective.year, ends_date=release.until, parts=parts)


def _base(name: str) -> str:
    """The member's own file name: "rvu26c.zip:PPRRVU2026_Jul_nonQPP.csv" -> "PPRRVU2026_Jul_nonQPP.csv"."""
    return name.rsplit(":", 1)[-1].rsplit("/", 1)[-1]


def _adapter(module: ModuleType, fmt: str, description: str) -> ImportFormat:
    """Register one CMS format: detection on the member's own name, parse checks the header and first record."""
    def parse(source: SourceFile) -> Part:
        try:
            release = module.release_info(source.name, source.head())
        except FormatError as exc:
            raise ImportFileError(exc.file, exc.message, exc.line or None) from None
        found = CmsFile(module, source, release)
        records = found.records()
        next(records, None)  # reads the header: a wrong or older layout fails here, before anything loads
        records.close()
        return Part(fmt, module.CODE_SET, source.name, release.effective.year, release.effective, found)

    return register_format(ImportFormat(fmt, module.CODE_SET, description,
                                        lambda name, head: module.detect(_base(name), head), parse))


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _hcpcs_tables(found: CmsFile) -> dict[str, Iterable[tuple]]:
    """Procedures stream into their table; the few hundred modifiers are kept and follow in theirs."""
    modifiers: list[tuple] = []

    def procedures() -> Iterator[tuple]:
        for r in found.records():
            if isinstance(r, hcpcs.HcpcsModifier):
                modifiers.append((r.code, r.long_description, r.short_description, _iso(r.added),
                                  _iso(r.action_effective), _iso(r.terminated), r.action))
            else:
                yield (r.code, r.long_description, r.short_description, ",".join(r.pricing_indicators), r.coverage,
                       r.betos, _iso(r.added), _iso(r.action_effective), _iso(r.terminated), r.action)

    return {t.HCPCS_CODES.name: procedures(), t.HCPCS_MODIFIERS.name: iter(modifiers)}


def _one_per_version(parts: list[Part]) -> dict[str, list[Part]]:
    """The parts grouped by the release version their files name."""
    groups: dict[str, list[Part]] = {}
    for part in parts:
        groups.setdefault(part.payload.release.version, []).append(part)
    return groups


def assemble_hcpcs(parts: list[Part], warnings: list[str]) -> Iterable[tuple[ReleaseInfo, Any]]:
    """One release per HCPCS file (January, April, July, October)."""
    for version, group in _one_per_version(parts).items():
        if len(group) > 1:
            raise ImportFileError(", ".join(p.source for p in group), f"two HCPCS files for the {version} release")
        found: CmsFile = group[0].payload
        yield stamp(found.release, [found.source.name]), _hcpcs_tables(found)


def _ymd(day: date, cache: dict[date, int]) -> int:
    found = cache.get(day)
    if found is None:
        found = cache[day] = int(day.strftime("%Y%m%d"))
    return found


def _ptp_rows(files: dict[str, CmsFile], carried: dict[str, Iterable[tuple]], texts: dict[str, int]
              ) -> Iterator[tuple]:
    """Every part in order f1..f4, from its file or from the stored release; rationale texts numbered as met."""
    days: dict[date, int] = {}
    for part in sorted({*files, *carried}):
        if part in files:
            for e in files[part].records():
                why = texts.get(e.rationale)
                if why is None:
                    why = texts[e.rationale] = len(texts) + 1
                yield (e.column1, e.column2, _ymd(e.effective, days), _ymd(e.deleted, days) if e.deleted else None,
                       e.modifier_indicator, int(e.prior_to_1996), why, part)
        else:
            for one, two, start, end, indicator, old, rationale, _part in carried[part]:
                why = texts.get(rationale)
                if why is None:
                    why = texts[rationale] = len(texts) + 1
                yield one, two, start, end, indicator, old, why, part


def assemble_ptp(parts: list[Part], warnings: list[str], db_path) -> Iterable[tuple[ReleaseInfo, Any]]:
    """One release per NCCI version from its parts; parts stored earlier and not imported now are kept."""
    for version, group in _one_per_version(parts).items():
        files: dict[str, CmsFile] = {}
        for part in group:
            name = part.payload.release.part or "f1"
            if name in files:
                raise ImportFileError(f"{files[name].source.name}, {part.source}", f"two files for PTP part {name}")
            files[name] = part.payload
        kept = [p for p in stored_parts(db_path, t.PTP, version) if p not in files]
        carried = {p: stored_ptp_rows(db_path, version, p) for p in kept}
        if kept:
            warnings.append(f"PTP {version}: parts {', '.join(kept)} kept from the release loaded before")
        texts: dict[str, int] = {}
        first = next(iter(files.values())).release
        names = sorted({*files, *kept})
        info = stamp(first, [files[p].source.name for p in sorted(files)] + [f"{p} (kept)" for p in kept],
                     tuple(names))
        rationales = (lambda: ((number, text) for text, number in texts.items()))
        yield info, {t.PTP_EDITS.name: _ptp_rows(files, carried, texts), t.PTP_RATIONALES.name: _Later(rationales)}


class _Later:
    """An iterable made when load_release reaches it (the rationale texts are known once the edits are read)."""

    def __init__(self, make) -> None:
        self._make = make

    def __iter__(self) -> Iterator[tuple]:
        return iter(self._make())


def assemble_single(parts: list[Part], warnings: list[str]) -> Iterable[tuple[ReleaseInfo, Any]]:
    """MUE, GPCI and locality files: each file is one release of its code set."""
    for version, group in _one_per_version(parts).items():
        if len(group) > 1:
            raise ImportFileError(", ".join(p.source for p in group), f"two files for release {version}")
        found: CmsFile = group[0].payload
        yield stamp(found.release, [found.source.name]), (_ROW[found.module.CODE_SET](r) for r in found.records())


def assemble_pfs(parts: list[Part], warnings: list[str]) -> Iterable[tuple[ReleaseInfo, Any]]:
    """One release per RVU quarter; the nonQPP file wins over its QPP twin in the same download."""
    for version, group in _one_per_version(parts).items():
        plain = [p for p in group if (p.payload.release.part or "").upper() != QPP]
        chosen = plain or group
        if len(chosen) > 1:
            raise ImportFileError(", ".join(p.source for p in chosen), f"two relative value files for {version}")
        warnings += [f"{p.source}: skipped; the non-QPP file of {version} is imported (the standard conversion "
                     "factor)" for p in group if p not in chosen]
        found: CmsFile = chosen[0].payload
        yield stamp(found.release, [found.source.name]), (_rvu_row(r) for r in found.records())


def _rvu_row(r: pfs_rvu.PfsRvu) -> tuple:
    return tuple(("1" if v else "") if isinstance(v, bool) else str(v) for v in (getattr(r, n) for n, _ in
                                                                                  t.PFS_RVUS.columns))


_ROW = {
    t.MUE: lambda r: (r.code, r.units, r.adjudication, r.rationale),
    t.GPCI: lambda r: (r.mac, r.state, r.locality, r.locality_name, str(r.work_gpci), str(r.pe_gpci), str(r.mp_gpci)),
    t.LOCALITY: lambda r: (r.mac, r.locality, r.state, r.fee_schedule_area, r.counties),
}

_adapter(hcpcs, "hcpcs", "HCPCS Level II file (HCPC<year>_<MON>_ANWEB*.txt)")
_adapter(ncci_ptp, "ncci-ptp", "NCCI PTP practitioner edits (ccipra-v<NNN>r0-f1..f4)")
_adapter(mue, "mue", "MUE practitioner table (MCR_MUE_PractitionerServices_Eff_*.csv)")
_adapter(pfs_rvu, "pfs-rvu", "PFS relative value file (PPRRVU<year>_<Mon>*.csv)")
_adapter(gpci, "gpci", "GPCI file (GPCI<year>.csv)")
_adapter(locality, "locality", "locality-county file (<yy>LOCCO.csv)")
register_assembler(t.HCPCS, assemble_hcpcs)
register_assembler(t.PTP, assemble_ptp, reads_stored=True)
register_assembler(t.PFS, assemble_pfs)
for _codeset in (t.MUE, t.GPCI, t.LOCALITY):
    register_assembler(_codeset, assemble_single)
