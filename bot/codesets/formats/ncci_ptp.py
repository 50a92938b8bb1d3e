"""NCCI procedure-to-procedure (PTP) practitioner edits: ccipra-v<NNN>r<R>-f1..f4, tab-separated Latin-1 text.

Layout as CMS publishes it: a copyright line and a title line, then a header split over four rows
("Column 1", "Column 2", "*=in existence" / "prior to 1996", "Effective" / "Date", "Deletion" / "Date" /
"*=no data", "Modifier" / "0=not allowed" / "1=allowed" / "9=not applicable", "PTP Edit Rationale"),
then one edit per line. A pair may appear several times with different date windows.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO, Iterator

from bot.codesets.formats.common import (NCCI_YEAR_ZERO, FormatError, ReleaseInfo, csv_rows, head_text,
                                         is_code, ncci_version, open_text, quarter_end, stacked_headers,
                                         yyyymmdd)

CODE_SET = "ncci_ptp_practitioner"
TITLE = "NCCI procedure-to-procedure edits, practitioner services"
COLUMNS = 7
MAX_PREAMBLE_ROWS = 30
MODIFIER_INDICATORS = {"0": 0, "1": 1, "9": 9}
HOSPITAL_TABLE = "this is the outpatient hospital PTP table (ccioph); codebot reads the practitioner table (ccipra)"
_NAME = re.compile(r"cci(pra|oph)-?v(\d{2})(\d)r(\d+)(?:-?f(\d))?", re.I)
_HEADER_WORDS = ("COLUMN 1", "COLUMN 2", "1996", "EFFECTIVE", "DELETION", "MODIFIER", "RATIONALE")


@dataclass(frozen=True, slots=True)
class PtpEdit:
    """One PTP edit row: column 1 and column 2 codes, its date window and modifier indicator (0, 1 or 9)."""

    column1: str
    column2: str
    prior_to_1996: bool
    effective: date
    deleted: date | None  # the deletion date as published; None where the file has "*" (no deletion)
    modifier_indicator: int
    rationale: str


def detect(name: str, head: bytes) -> bool:
    """A PTP edit file: CMS's ccipra/ccioph text file name, or its tab-separated 'Column 1, Column 2' header."""
    lower = name.lower()
    if lower.endswith((".xlsx", ".xls", ".pdf", ".zip")):
        return False
    return bool(_NAME.search(name) and lower.endswith(".txt")) or "Column 1\tColumn 2\t" in head_text(head)


def release_info(name: str, head: bytes) -> ReleaseInfo:
    """Version, quarter and part from CMS's name: ccipra-v321r0-f1 is version 32.1, April-June 2026, part f1."""
    found = _NAME.search(name)
    if not found:
        raise FormatError(name, 0, "cannot tell the PTP release: keep CMS's file name (ccipra-v<NNN>r<R>-f<N>)")
    if found[1].lower() == "oph":
        raise FormatError(name, 0, HOSPITAL_TABLE)
    major, minor, revision, part = int(found[2]), int(found[3]), int(found[4]), found[5]
    if minor > 3:
        raise FormatError(name, 0, f"version {major}.{minor} is not a quarterly NCCI version (x.0 to x.3)")
    start = date(NCCI_YEAR_ZERO + major, minor * 3 + 1, 1)
    version = ncci_version(start) + (f" revision {revision}" if revision else "")
    return ReleaseInfo(CODE_SET, TITLE, version, start, quarter_end(start), f"f{part}" if part else None)


def parse(stream: BinaryIO, name: str) -> Iterator[PtpEdit]:
    """Stream every edit of one PTP part; FormatError at the first line that is not in CMS's layout."""
    if "ccioph" in name.lower():
        raise FormatError(name, 0, HOSPITAL_TABLE)
    rows = csv_rows(open_text(stream, name), name, delimiter="\t", quoting=csv.QUOTE_NONE)  # CMS never quotes
    first = _first_edit(rows, name)
    return _edits(first, rows, name)


def _first_edit(rows: Iterator[tuple[int, list[str]]], name: str) -> tuple[int, list[str]]:
    """Consume the copyright lines and the split header, check the header, and return the first edit row."""
    header: list[list[str]] = []
    line = 0
    for line, row in rows:
        cell = row[0].strip() if row else ""
        if header and cell:
            _check_header(header, line - len(header), name)
            return line, row
        if header:
            header.append(row)
        elif cell.upper() == "COLUMN 1":
            header.append(row)
        elif line >= MAX_PREAMBLE_ROWS:
            raise FormatError(name, line, "no PTP header ('Column 1', 'Column 2', ...) near the top: "
                                          "not an NCCI PTP edit file")
    if header:
        raise FormatError(name, line, "the file ends before its first edit: it is cut short")
    raise FormatError(name, line or 1, "no PTP header ('Column 1', 'Column 2', ...): not an NCCI PTP edit file")


def _check_header(header: list[list[str]], line: int, name: str) -> None:
    """The stacked header must name CMS's seven columns; six without the rationale is the older layout."""
    width = max(len(r) for r in header)
    names = stacked_headers(header, width)
    while names and not names[-1]:
        names.pop()
    if len(names) == COLUMNS - 1 and "MODIFIER" in names[-1]:
        raise FormatError(name, line, "the header has no 'PTP Edit Rationale' column: an older PTP layout "
                                      "codebot does not read; download the current quarter's files")
    if len(names) != COLUMNS or any(w not in n for w, n in zip(_HEADER_WORDS, names)):
        raise FormatError(name, line, f"the header reads {names}, not the 7 PTP columns "
                                      "(Column 1 ... PTP Edit Rationale)")


def _edits(first: tuple[int, list[str]], rows: Iterator[tuple[int, list[str]]], name: str
           ) -> Iterator[PtpEdit]:
    """The hot loop: about 1.5 million rows per quarter, so each check is a dict or set look-up."""
    codes: set[str] = set()
    dates: dict[str, date] = {}
    texts: dict[str, str] = {}
    for line, row in _chain(first, rows):
        if len(row) != COLUMNS:
            if not row or not any(c.strip() for c in row):
                continue
            if len(row) < COLUMNS or any(c.strip() for c in row[COLUMNS:]):
                raise FormatError(name, line, f"{len(row)} columns where the PTP layout has {COLUMNS}: the "
                                              "file is cut short or not tab-separated")
            row = row[:COLUMNS]
        one, two, old, start, end, modifier, why = row
        if one not in codes or two not in codes:
            _check_codes(one, two, codes, line, name)
        effective = dates.get(start) or yyyymmdd(start, dates)
        deleted = None if end == "*" else (dates.get(end) or yyyymmdd(end, dates))
        indicator = MODIFIER_INDICATORS.get(modifier)
        if effective is None or (deleted is None and end != "*") or indicator is None or old not in ("", "*"):
            raise FormatError(name, line, _bad_cell(old, start, end, modifier))
        rationale = texts.get(why)
        if rationale is None:
            rationale = texts[why] = why.strip()
        yield PtpEdit(one, two, old == "*", effective, deleted, indicator, rationale)


def _chain(first: tuple[int, list[str]], rest: Iterator[tuple[int, list[str]]]
           ) -> Iterator[tuple[int, list[str]]]:
    """The first edit row (already read while finding the header), then the rest."""
    yield first
    yield from rest


def _check_codes(one: str, two: str, codes: set[str], line: int, name: str) -> None:
    """Both cells must be code-shaped; a checked code is remembered (a file repeats a few thousand codes)."""
    for code in (one, two):
        if not is_code(code):
            raise FormatError(name, line, f"'{code[:20]}' is not a 5-character HCPCS/CPT code")
        codes.add(code)


def _bad_cell(old: str, start: str, end: str, modifier: str) -> str:
    """Say which cell of a rejected row is wrong."""
    if old not in ("", "*"):
        return f"the prior-to-1996 column holds '{old[:20]}', not '*' or blank"
    if yyyymmdd(start, {}) is None:
        return f"effective date '{start[:20]}' is not a YYYYMMDD date"
    if end != "*" and yyyymmdd(end, {}) is None:
        return f"deletion date '{end[:20]}' is neither a YYYYMMDD date nor '*'"
    return f"modifier indicator '{modifier[:20]}' is not 0, 1 or 9"
