"""The import registry: file formats (detect + parse), per-code-set assemblers, and import_files for `codebot import`.

A format says whether a file is its kind (from its name and first bytes) and parses it into a Part; an
assembler turns the Parts of one code set into releases (ReleaseInfo + rows) that load_release stores.
Zips are opened as downloaded: every member a format recognises is imported, the rest (PDFs, notes) skipped.
To add a format, write a module that calls register_format (and register_assembler when several files
make one release) and list it in FORMAT_MODULES."""

from __future__ import annotations

import importlib
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from bot.codesets.load import ImportFileError, LoadResult, ReleaseInfo, load_release

FORMAT_MODULES = ["bot.codesets.icd_import", "bot.codesets.cms_import", "bot.codesets.cpt_import"]  # detection order
HEAD_BYTES = 64 * 1024  # a CMS file's notice or disclaimer block can run to tens of kilobytes
TEXT_COPIES = (".txt", ".prn")  # CMS ships some tables as CSV and as fixed-width text in the same zip


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file to import: its name (a zip member reads "archive.zip:member") and how to open it."""

    name: str
    opener: Callable[[], BinaryIO]

    def open(self) -> BinaryIO:
        """Open the file for binary reading."""
        return self.opener()

    def head(self) -> bytes:
        """Return the first bytes, for detection."""
        with self.open() as stream:
            return stream.read(HEAD_BYTES)


@dataclass(slots=True)
class Part:
    """What one file contributes: its format, code set, source name, fiscal year and effective date if known, rows."""

    format: str
    codeset: str
    source: str
    fiscal_year: int | None
    effective_date: date | None
    payload: Any  # rows for load_release, or whatever the code set's assembler expects


@dataclass(frozen=True, slots=True)
class ImportFormat:
    """A file format codebot can import."""

    name: str
    codeset: str
    description: str
    detect: Callable[[str, bytes], bool]  # (file name, first bytes) -> is it this format?
    parse: Callable[[SourceFile], Part]  # raises ImportFileError naming the file and line


Assembler = Callable[[list[Part], list[str]], Iterable[tuple[ReleaseInfo, Any]]]  # (parts, warnings out)
FORMATS: dict[str, ImportFormat] = {}
ASSEMBLERS: dict[str, Assembler] = {}
READS_STORED: set[str] = set()  # code sets whose assembler also gets the database path (to keep stored parts)


@dataclass(slots=True)
class ImportReport:
    """What import_files did: releases loaded (or unchanged), members skipped, warnings."""

    results: list[LoadResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)  # what each file contributed, for a command's summary


def register_format(fmt: ImportFormat) -> ImportFormat:
    """Add a format to the registry; return it."""
    FORMATS[fmt.name] = fmt
    return fmt


def register_assembler(codeset: str, assembler: Assembler, reads_stored: bool = False) -> None:
    """Say how a code set's Parts become releases (default: each Part is one release, its payload the rows).

    With reads_stored the assembler is called as assembler(parts, warnings, db_path), so a release made of
    several files (the four NCCI PTP parts) can keep the stored rows of the parts not imported this time."""
    ASSEMBLERS[codeset] = assembler
    if reads_stored:
        READS_STORED.add(codeset)


def _formats() -> list[ImportFormat]:
    for module in FORMAT_MODULES:
        importlib.import_module(module)
    return list(FORMATS.values())


def source_files(paths: Iterable[Path]) -> list[SourceFile]:
    """Expand each path into SourceFiles: a zip as downloaded gives its members."""
    out = []
    for path in paths:
        if not path.is_file():
            raise ImportFileError(str(path), "no such file")
        if zipfile.is_zipfile(path):
            try:
                with zipfile.ZipFile(path) as archive:
                    members = [m for m in archive.namelist() if not m.endswith("/")]
            except zipfile.BadZipFile as exc:
                raise ImportFileError(path.name, f"broken zip ({exc})") from None
            out += [SourceFile(f"{path.name}:{m}", _member_opener(path, m)) for m in members]
        else:
            out.append(SourceFile(path.name, lambda p=path: open(p, "rb")))
    return out


def _member_opener(path: Path, member: str) -> Callable[[], BinaryIO]:
    def opener() -> BinaryIO:
        with zipfile.ZipFile(path) as archive:
            # streamed, never read whole; the file stays open until the member stream is closed as well
            return archive.open(member)
    return opener


def detect(source: SourceFile) -> ImportFormat | None:
    """Return the format a file is in, or None."""
    head = source.head()
    return next((f for f in _formats() if f.detect(source.name.lower(), head)), None)


def _default_assembler(parts: list[Part], warnings: list[str]) -> Iterable[tuple[ReleaseInfo, Any]]:
    for part in parts:
        yield part.payload  # (ReleaseInfo, rows)


def _without_text_copies(found: list[tuple[SourceFile, ImportFormat]]) -> list[tuple[SourceFile, ImportFormat]]:
    """Drop the fixed-width copy of a table whose CSV is imported too (PPRRVU2026_Jul.txt beside its .csv)."""
    def key(item: tuple[SourceFile, ImportFormat]) -> tuple[str, str]:
        return item[1].name, item[0].name.rsplit(".", 1)[0].lower()

    with_csv = {key(f) for f in found if f[0].name.lower().endswith(".csv")}
    return [f for f in found if not (f[0].name.lower().endswith(TEXT_COPIES) and key(f) in with_csv)]


def import_files(db_path: Path, paths: Iterable[Path], forced: str | None = None) -> ImportReport:
    """Import every recognised file (or zip member) into the code-set database, one release at a time, atomically.

    `forced` names the format to read every file as (`codebot import-descriptors`), skipping detection."""
    report, found = ImportReport(), []
    for source in source_files(paths):
        fmt = FORMATS.get(forced) if forced and _formats() else detect(source)
        if fmt is None:
            if ":" not in source.name:
                known = ", ".join(f.description for f in _formats())
                raise ImportFileError(source.name, f"not a file codebot can import (it reads: {known})")
            report.skipped.append(source.name)
            continue
        found.append((source, fmt))
    parts = report.parts = [fmt.parse(source) for source, fmt in _without_text_copies(found)]
    if not parts:
        raise ImportFileError(", ".join(str(p) for p in paths), "no importable file inside")
    for codeset in dict.fromkeys(p.codeset for p in parts):
        assemble = ASSEMBLERS.get(codeset, _default_assembler)
        mine = [p for p in parts if p.codeset == codeset]
        made = assemble(mine, report.warnings, db_path) if codeset in READS_STORED else assemble(mine, report.warnings)
        for info, rows in made:
            report.results.append(load_release(db_path, codeset, info, rows))
    return report
