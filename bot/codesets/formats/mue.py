"""NCCI medically unlikely edits (MUE), practitioner services table: MCR_MUE_PractitionerServices_Eff_<date>.csv.

Layout as CMS publishes it: a quoted copyright notice whose cell holds line breaks, a title row naming the
table and its effective date, a header row whose cells also hold line breaks ("HCPCS/<br>CPT Code",
"Practitioner Services MUE Values", "MUE Adjudication Indicator", "MUE Rationale"), then one code per row.
The adjudication indicator (MAI) is written as its digit and its meaning ("2 Date of Service Edit: Policy"),
sometimes as the digit alone or the text alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO, Iterator

from bot.codesets.formats.common import (FormatError, ReleaseInfo, csv_rows, find_date, head_text, header_text,
                                         is_code, ncci_version, open_text, quarter_end)

CODE_SET = "mue_practitioner"
TITLE = "NCCI medically unlikely edits, practitioner services"
MAX_PREAMBLE_ROWS = 20
ADJUDICATION_WORDS = (("LINE", 1), ("POLICY", 2), ("CLINICAL", 3))  # the MAI's meaning when its digit is missing
_NAME = re.compile(r"MUE_?(\w*?)Services?_Eff_(\d{2})-(\d{2})-(\d{4})", re.I)


@dataclass(frozen=True, slots=True)
class MueEdit:
    """The most units of a code one practitioner reports for one patient, and how the edit is adjudicated.

    adjudication: 1 per claim line, 2 per date of service (policy), 3 per date of service (clinical).
    """

    code: str
    units: int
    adjudication: int
    rationale: str


def detect(name: str, head: bytes) -> bool:
    """A MUE table: CMS's MCR_MUE_..._Eff_... CSV name, or a CSV header naming MUE values and adjudication."""
    lower = name.lower()
    if lower.endswith((".xlsx", ".xls", ".pdf", ".zip")):
        return False
    text = header_text(head_text(head))
    return bool(_NAME.search(name) and lower.endswith(".csv")) or ("MUE VALUES" in text and "ADJUDICATION" in text)


def release_info(name: str, head: bytes) -> ReleaseInfo:
    """Effective date from the title row (else CMS's file name), its NCCI version and quarter."""
    text = head_text(head)
    title = text[: text.upper().find("HCPCS/")] if "HCPCS/" in text.upper() else text
    setting = re.search(r"([A-Za-z ]+?)\s+Services\s+MUE\s+Values", text[len(title):], re.I)
    if setting and "PRACTITIONER" not in setting[1].upper():
        raise FormatError(name, 0, f"this is the {setting[1].strip()} Services MUE table; codebot reads the "
                                   "Practitioner Services MUE table")
    found = _NAME.search(name)
    effective = _title_date(title) or (_name_date(found) if found else None)
    if effective is None:
        raise FormatError(name, 0, "cannot tell the MUE release: no effective date in the title row, and the "
                                   "name is not CMS's (MCR_MUE_PractitionerServices_Eff_MM-DD-YYYY.csv)")
    return ReleaseInfo(CODE_SET, TITLE, ncci_version(effective), effective, quarter_end(effective))


def _title_date(title: str) -> date | None:
    """The effective date in the title row (the notice above it holds only a copyright year)."""
    for line in title.splitlines():
        if "EFF" in line.upper():  # "Effective", "Eff."
            found = find_date(line)
            if found:
                return found
    return None


def _name_date(found: re.Match) -> date | None:
    """The date in CMS's name (..._Eff_04-01-2026.csv)."""
    try:
        return date(int(found[4]), int(found[2]), int(found[3]))
    except ValueError:
        return None


def parse(stream: BinaryIO, name: str) -> Iterator[MueEdit]:
    """Stream every MUE of the practitioner table; FormatError at the first row not in CMS's layout."""
    rows = csv_rows(open_text(stream, name), name)
    columns = _header(rows, name)
    return _edits(rows, columns, name)


Rows = Iterator[tuple[int, list[str]]]


def _header(rows: Rows, name: str) -> tuple[int, int, int, int]:
    """Skip the notice and title; return the column of code, units, adjudication and rationale."""
    count = line = 0
    for line, row in rows:
        count += 1
        names = [header_text(c) for c in row]
        if names and names[0].startswith("HCPCS"):
            return _columns(names, line, name)
        if count >= MAX_PREAMBLE_ROWS:
            break
    raise FormatError(name, line or 1, "the file is empty" if not line else
                      "no MUE header ('HCPCS/CPT Code', '... MUE Values', ...) near the top: not a MUE table")


def _columns(names: list[str], line: int, name: str) -> tuple[int, int, int, int]:
    """Match the header cells by meaning; refuse other settings' tables and the older layout."""
    def find(word: str) -> int | None:
        """The first header cell that holds `word`."""
        return next((i for i, n in enumerate(names) if word in n), None)

    units, adjudication, rationale = find("MUE VALUE"), find("ADJUDICATION"), find("RATIONALE")
    if units is None:
        raise FormatError(name, line, f"the header {names} has no '... MUE Values' column: not a MUE table")
    if "PRACTITIONER" not in names[units]:
        setting = names[units].replace("MUE VALUES", "").strip().title() or "another setting's"
        raise FormatError(name, line, f"this is the {setting} MUE table; codebot reads the Practitioner "
                                      "Services MUE table")
    if adjudication is None or rationale is None:
        raise FormatError(name, line, "the header has no 'MUE Adjudication Indicator' or 'MUE Rationale' "
                                      "column: an older MUE layout codebot does not read")
    return 0, units, adjudication, rationale


def _edits(rows: Rows, columns: tuple[int, int, int, int], name: str) -> Iterator[MueEdit]:
    """Every code row after the header; blank rows are skipped, anything else must be a valid edit."""
    code_at, units_at, mai_at, why_at = columns
    width = max(columns) + 1
    indicators: dict[str, int] = {}
    for line, row in rows:
        if not any(c.strip() for c in row):
            continue
        if len(row) < width:
            raise FormatError(name, line, f"{len(row)} columns where the MUE table has {width}: the file is "
                                          "cut short")
        code, units, cell = row[code_at].strip(), row[units_at].strip(), row[mai_at]
        if not is_code(code):
            raise FormatError(name, line, f"'{code[:20]}' is not a 5-character HCPCS/CPT code")
        if not units.isdigit():
            raise FormatError(name, line, f"MUE value '{units[:20]}' for {code} is not a whole number")
        mai = indicators.get(cell) or _adjudication(cell, line, name, indicators)
        yield MueEdit(code, int(units), mai, row[why_at].strip())


def _adjudication(cell: str, line: int, name: str, cache: dict[str, int]) -> int:
    """'2 Date of Service Edit: Policy', '2' or 'Date of Service Edit: Policy' -> 2."""
    text = cell.strip()
    value = int(text[0]) if text[:1] in ("1", "2", "3") and text[1:2] in ("", " ", "-", ":") else next(
        (v for word, v in ADJUDICATION_WORDS if word in text.upper()), None)
    if value is None:
        raise FormatError(name, line, f"adjudication indicator '{text[:40]}' is not 1, 2 or 3")
    cache[cell] = value
    return value
