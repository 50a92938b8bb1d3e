"""Physician fee schedule national relative value file: PPRRVU<year>_<Mon>[_nonQPP|_QPP] as CSV or fixed-width TXT.

CSV as CMS publishes it: a preamble (title, AMA and ADA copyright, "RELEASED mm/dd/yyyy") in the third
column, then a header split over up to five rows ("WORK" over "RVU", "NON-FAC" over "PE RVU"...) whose last
row starts "HCPCS,MOD,DESCRIPTION". Columns are matched by their stacked names, so a column CMS adds (2026
added "PRIC IND") shifts nothing. TXT: "HDR" copyright lines, then records at the positions of CMS's record
layout (RVU<yy><letter>.pdf). The DESCRIPTION column is AMA text: it is never read, let alone kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import BinaryIO, Iterator, TextIO

from bot.codesets.formats.common import (MONTH_NAMES, MONTHS, FormatError, ReleaseInfo, csv_rows, find_date,
                                         head_text, header_text, is_code, numbered_lines, open_text,
                                         stacked_headers)

CODE_SET = "pfs_rvu"
TITLE = "Medicare physician fee schedule relative values"
RELEASE_LETTERS = {1: "A", 4: "B", 7: "C", 10: "D"}
MAX_PREAMBLE_ROWS = 30
TXT_MIN_LENGTH = 147  # through the diagnostic imaging family indicator
# (field, kind, stacked CSV header names, TXT columns from-to, 1-based)
SPEC = (
    ("code", "code", ("HCPCS",), (1, 5)),
    ("modifier", "text", ("MOD",), (6, 7)),
    ("status", "text", ("STATUS CODE",), (58, 58)),
    ("work_rvu", "dec", ("WORK RVU",), (60, 65)),
    ("nonfacility_pe_rvu", "dec", ("NON-FAC PE RVU", "NON-FACILITY PE RVU"), (67, 72)),
    ("nonfacility_na", "na", ("NON-FAC NA INDICATOR",), (73, 74)),
    ("facility_pe_rvu", "dec", ("FACILITY PE RVU",), (76, 81)),
    ("facility_na", "na", ("FACILITY NA INDICATOR",), (82, 83)),
    ("mp_rvu", "dec", ("MP RVU", "MALPRACTICE RVU"), (85, 89)),
    ("nonfacility_total", "dec", ("NON-FACILITY TOTAL", "NON-FAC TOTAL"), (91, 96)),
    ("facility_total", "dec", ("FACILITY TOTAL",), (97, 102)),
    ("pctc", "text", ("PCTC IND",), (103, 103)),
    ("global_days", "text", ("GLOB DAYS",), (104, 106)),
    ("pre_op", "dec", ("PRE OP",), (107, 109)),
    ("intra_op", "dec", ("INTRA OP",), (110, 112)),
    ("post_op", "dec", ("POST OP",), (113, 115)),
    ("multiple_procedure", "text", ("MULT PROC",), (116, 116)),
    ("bilateral_surgery", "text", ("BILAT SURG",), (117, 117)),
    ("assistant_surgery", "text", ("ASST SURG",), (118, 118)),
    ("co_surgery", "text", ("CO-SURG",), (119, 119)),
    ("team_surgery", "text", ("TEAM SURG",), (120, 120)),
    ("endoscopic_base", "text", ("ENDO BASE",), (128, 132)),
    ("conversion_factor", "dec", ("CONV FACTOR",), (133, 140)),
    ("supervision", "text", ("PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES",), (142, 143)),
    ("imaging_family", "text", ("DIAGNOSTIC IMAGING FAMILY INDICATOR",), (146, 147)),
)
_NAME = re.compile(r"PPRRVU(\d{4}|\d{2})_([A-Za-z]{3})(?:_(nonQPP|QPP))?", re.I)
_ZIP = re.compile(r"rvu(\d{2})([a-d])(r?)", re.I)
_TITLE = re.compile(r"(\d{4}) National Physician Fee Schedule Relative Value File (\w+) Release", re.I)


@dataclass(frozen=True, slots=True)
class PfsRvu:
    """One code and modifier of the fee schedule: status, RVUs, global period, conversion factor, indicators."""

    code: str
    modifier: str
    status: str
    work_rvu: Decimal
    nonfacility_pe_rvu: Decimal
    nonfacility_na: bool  # "NA": rarely or never done outside a facility
    facility_pe_rvu: Decimal
    facility_na: bool
    mp_rvu: Decimal
    nonfacility_total: Decimal
    facility_total: Decimal
    pctc: str
    global_days: str
    pre_op: Decimal
    intra_op: Decimal
    post_op: Decimal
    multiple_procedure: str
    bilateral_surgery: str
    assistant_surgery: str
    co_surgery: str
    team_surgery: str
    endoscopic_base: str
    conversion_factor: Decimal
    supervision: str
    imaging_family: str


def detect(name: str, head: bytes) -> bool:
    """CMS's PPRRVU CSV or TXT by name, or the header 'HCPCS,MOD,DESCRIPTION' / 'HDR' records by content."""
    base, lower = name.rsplit("/", 1)[-1], name.lower()
    if not lower.endswith((".csv", ".txt")):
        return False
    text = head_text(head)
    return bool(_NAME.match(base)) or "HCPCS,MOD,DESCRIPTION," in text or _looks_like_txt(text)


def _looks_like_txt(text: str) -> bool:
    """'HDR' lines, then a record with a code in columns 1-5 and a conversion factor in columns 133-140."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith("HDR"):
        return False
    record = next((line for line in lines if not line.startswith("HDR") and line.strip()), "")
    return len(record) >= TXT_MIN_LENGTH and is_code(record[:5]) and record[132:140].strip().replace(
        ".", "", 1).isdigit()


def release_info(name: str, head: bytes) -> ReleaseInfo:
    """Year and release month from the name (or the title row), RVU<yy><letter> version, release date."""
    text = head_text(head)
    found, title, zipped = _NAME.search(name), _TITLE.search(text), _ZIP.search(name)
    if found:
        year = int(found[1]) + (2000 if len(found[1]) == 2 else 0)
        month = MONTHS.get(found[2].upper())
    elif title:
        year, month = int(title[1]), MONTHS.get(title[2][:3].upper())
    else:
        year = month = None
    if not year or month not in RELEASE_LETTERS:
        raise FormatError(name, 0, "cannot tell the RVU release: keep CMS's file name (PPRRVU<year>_<Mon>...)")
    version = f"RVU{year % 100:02d}{RELEASE_LETTERS[month]}"
    if zipped and int(zipped[1]) == year % 100:
        version = f"RVU{zipped[1]}{zipped[2]}{zipped[3]}".upper()
    released = text.upper().find("RELEASED")
    published = find_date(text[released: released + 40]) if released >= 0 else None
    return ReleaseInfo(CODE_SET, f"{TITLE}, {MONTH_NAMES[month - 1]} {year} release", version,
                       date(year, month, 1), part=found[3] if found and found[3] else None, published=published)


def parse(stream: BinaryIO, name: str) -> Iterator[PfsRvu]:
    """Stream every code/modifier row; the descriptor column is skipped without being read into a record."""
    text = open_text(stream, name)
    if name.lower().endswith(".txt"):
        return _txt_records(text, name)
    rows = csv_rows(text, name)
    columns, width = _csv_header(rows, name)
    return _csv_records(rows, columns, width, name)


Rows = Iterator[tuple[int, list[str]]]


def _csv_header(rows: Rows, name: str) -> tuple[dict[str, int], int]:
    """Find the row starting 'HCPCS,MOD', stack the fragments above it, and match every field by name."""
    above: list[list[str]] = []
    line = 0
    for line, row in rows:
        if len(row) > 1 and header_text(row[0]) == "HCPCS" and header_text(row[1]) == "MOD":
            fragments = _fragments(above) + [row]
            names = stacked_headers(fragments, len(row))
            return _match(names, line, name), len(row)
        above.append(row)
        if len(above) >= MAX_PREAMBLE_ROWS:
            break
    raise FormatError(name, line or 1, "the file is empty" if not line else
                      "no 'HCPCS,MOD,DESCRIPTION' header near the top: not a PPRRVU relative value file")


def _fragments(above: list[list[str]]) -> list[list[str]]:
    """The header rows above the last one: blank in HCPCS, MOD and DESCRIPTION (the preamble writes there)."""
    out: list[list[str]] = []
    for row in reversed(above):
        if any(c.strip() for c in row[:3]):
            break
        out.insert(0, row)
    return out


def _match(names: list[str], line: int, name: str) -> dict[str, int]:
    """The column of every SPEC field by its stacked header name; any missing one is an older layout."""
    columns, missing = {}, []
    for field, _, wanted, _ in SPEC:
        index = next((i for i, n in enumerate(names) if n in wanted), None)
        if index is None:
            missing.append(wanted[0])
        columns[field] = index
    if missing:
        raise FormatError(name, line, f"the header has no {', '.join(missing)} column: an older or different "
                                      "layout than the PPRRVU file codebot reads")
    return columns


def _csv_records(rows: Rows, columns: dict[str, int], width: int, name: str) -> Iterator[PfsRvu]:
    """Every data row after the header, its cells taken by the matched columns."""
    cache: dict[str, Decimal] = {}
    for line, row in rows:
        if not any(c.strip() for c in row):
            continue
        if len(row) < width:
            raise FormatError(name, line, f"{len(row)} columns where the header has {width}: the file is cut short")
        yield _record([row[columns[f]] for f, *_ in SPEC], line, name, cache)


def _txt_records(text: TextIO, name: str) -> Iterator[PfsRvu]:
    """The fixed-width copy: skip the HDR lines, read each field at its record-layout position."""
    cache: dict[str, Decimal] = {}
    seen = False
    for number, raw in numbered_lines(text, name):
        line = raw.rstrip("\r\n")
        if line.startswith("HDR") or not line.strip():
            continue
        if len(line) < TXT_MIN_LENGTH:
            raise FormatError(name, number, f"record of {len(line)} characters ends before column "
                                            f"{TXT_MIN_LENGTH}: the file is cut short or in another layout")
        seen = True
        yield _record([line[a - 1:b] for *_, (a, b) in SPEC], number, name, cache)
    if not seen:
        raise FormatError(name, 1, "no relative value record in the file: not a PPRRVU text file")


def _record(cells: list[str], line: int, name: str, cache: dict[str, Decimal]) -> PfsRvu:
    """Check and convert one row's cells (in SPEC order) into a record."""
    values = []
    for (field, kind, *_), cell in zip(SPEC, cells):
        cell = cell.strip()
        if kind == "dec":
            values.append(cache[cell] if cell in cache else _decimal(cell, field, line, name, cache))
        elif kind == "na":
            values.append(cell.upper() == "NA")
        elif kind == "code" and not is_code(cell):
            raise FormatError(name, line, f"'{cell[:20]}' is not a 5-character HCPCS/CPT code")
        else:
            values.append(cell)
    if not values[2]:
        raise FormatError(name, line, f"{values[0]} has no status code")
    return PfsRvu(*values)


def _decimal(cell: str, field: str, line: int, name: str, cache: dict[str, Decimal]) -> Decimal:
    """A number cell (blank is zero), remembered: a file repeats the same few hundred values."""
    try:
        value = cache[cell] = Decimal(cell or "0")
    except InvalidOperation:
        raise FormatError(name, line, f"{field.replace('_', ' ')} '{cell[:20]}' is not a number") from None
    return value
