"""Licensed CPT descriptors as a format of `codebot import`: the practice's own CSV or tab-separated file.

One release ("licensed") holds them all; each import merges into it (a code imported again takes the new
text), so importing the same file twice changes nothing. Bad rows are reported and skipped, as before."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from bot.codesets.cms_carry import read_only
from bot.codesets.cms_tables import CPT_DESCRIPTORS, CPT_TEXT
from bot.codesets.cpt_text import DescriptorFileError, ImportReport, parse_descriptor_file
from bot.codesets.load import ImportFileError, ReleaseInfo
from bot.codesets.registry import ImportFormat, Part, SourceFile, register_assembler, register_format

FORMAT = "cpt-descriptors"
VERSION = "licensed"
DETECT_LINES = 20
DETECT_SHARE = 0.8  # this share of the first lines must read as code, descriptor
MAX_BYTES = 50 * 1024 * 1024  # a descriptor file is a few megabytes; far more is some other file
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def _detect(name: str, head: bytes) -> bool:
    """A text file whose first lines are code, descriptor rows (a header line allowed)."""
    if not name.endswith((".csv", ".txt", ".tsv", ".tab")):
        return False
    cut = head[: head.rfind(b"\n") + 1] or head
    try:
        report = parse_descriptor_file(cut)
    except DescriptorFileError:
        return False
    total = len(report.imported) + len(report.skipped)
    return bool(report.imported) and len(report.imported) >= DETECT_SHARE * min(total, DETECT_LINES)


def _parse(source: SourceFile) -> Part:
    with source.open() as stream:
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportFileError(source.name, f"larger than {MAX_BYTES // 1024 // 1024} MB: not a descriptor file")
    try:
        report = parse_descriptor_file(data)
    except DescriptorFileError as exc:
        raise ImportFileError(source.name, str(exc)) from None
    if not report.imported:
        raise ImportFileError(source.name, "no valid rows (code, descriptor); nothing changed")
    years = _YEAR.findall(source.name)
    effective = date(int(years[-1]) if years else date.today().year, 1, 1)
    return Part(FORMAT, CPT_DESCRIPTORS, source.name, effective.year, effective, report)


def _stored(db_path: Path) -> dict[str, str]:
    conn = read_only(db_path)
    if conn is None:
        return {}
    try:
        return dict(conn.execute("select d.code, d.descriptor from cpt_descriptors d join releases r on "
                                 "r.id = d.release_id where r.codeset = ? and r.version = ?",
                                 (CPT_DESCRIPTORS, VERSION)).fetchall())
    except sqlite3.OperationalError:  # no table yet: nothing stored
        return {}
    finally:
        conn.close()


def assemble(parts: list[Part], warnings: list[str], db_path: Path) -> Iterable[tuple[ReleaseInfo, Any]]:
    """Merge every file imported now into the stored descriptors; skipped rows become warnings."""
    merged = _stored(db_path)
    for part in parts:
        report: ImportReport = part.payload
        warnings += [f"{part.source}: line {line}: skipped: {why}" for line, why in report.skipped]
        merged.update(report.imported)
    latest = max(p.effective_date for p in parts)
    info = ReleaseInfo(name="Licensed CPT descriptors (the practice's own file)", version=VERSION,
                       effective_date=latest, source=", ".join(p.source for p in parts), fiscal_year=latest.year)
    yield info, {CPT_TEXT.name: sorted(merged.items())}


register_format(ImportFormat(FORMAT, CPT_DESCRIPTORS, "licensed CPT descriptors (CSV or tab-separated: code, "
                                                      "descriptor)", _detect, _parse))
register_assembler(CPT_DESCRIPTORS, assemble, reads_stored=True)
