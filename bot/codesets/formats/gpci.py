"""Geographic practice cost indices by Medicare locality: GPCI<year>.csv (Addendum E), in every RVU zip.

Layout as CMS publishes it: a title row ("ADDENDUM E. FINAL CY <year> GEOGRAPHIC PRACTICE COST INDICES ..."),
a blank row, the header, one row per MAC and locality, then notes ("MAC Assignments as of ...", "*Work GPCI
reflects a 1.5 floor in Alaska ..."). The header text changes with the year ("2025 PW GPCI (with 1.0
Floor)", "2026 PE GPCI"), so columns are matched by meaning. Locality names carry footnote asterisks
("ALASKA*"), which are dropped; MAC and locality keep their leading zeros (five and two digits).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import BinaryIO, Callable, Iterator

from bot.codesets.formats.common import (FormatError, ReleaseInfo, csv_rows, find_header, head_text, open_text,
                                         rvu_release)

CODE_SET = "gpci"
TITLE = "Medicare geographic practice cost indices (GPCIs)"
MAX_GPCI = Decimal(3)  # every published index lies well inside (0, 3): beyond it a column is misread
_NAME = re.compile(r"GPCI(\d{4})", re.I)
_TITLE = re.compile(r"CY (\d{4}) GEOGRAPHIC PRACTICE COST INDICES", re.I)


@dataclass(frozen=True, slots=True)
class Gpci:
    """The three cost indices of one Medicare payment locality (work with its legal floor where one applies)."""

    mac: str
    state: str
    locality: str
    locality_name: str
    work_gpci: Decimal
    pe_gpci: Decimal
    mp_gpci: Decimal


def detect(name: str, head: bytes) -> bool:
    """CMS's GPCI<year> file by name, or a header naming locality and GPCI columns."""
    lower = name.rsplit("/", 1)[-1].lower()
    if not lower.endswith((".csv", ".txt", ".prn")):
        return False
    return bool(_NAME.match(name.rsplit("/", 1)[-1])) or bool(_TITLE.search(head_text(head)))


def release_info(name: str, head: bytes) -> ReleaseInfo:
    """The calendar year from the name or title row; the quarterly RVU release when the zip's name gives it."""
    found = _NAME.search(name) or _TITLE.search(head_text(head))
    if not found:
        raise FormatError(name, 0, "cannot tell the GPCI year: keep CMS's file name (GPCI<year>.csv)")
    year = int(found[1])
    version, month = rvu_release(name, year)
    return ReleaseInfo(CODE_SET, f"{TITLE}, {year}", version, date(year, month, 1))


def parse(stream: BinaryIO, name: str) -> Iterator[Gpci]:
    """Stream every locality's indices; the notes under the table are skipped."""
    if name.lower().endswith((".txt", ".prn")):
        raise FormatError(name, 0, "this is the fixed-width copy of the GPCI table; import the .csv CMS ships "
                                   "beside it in the same zip")
    rows = csv_rows(open_text(stream, name), name)
    line, names = find_header(rows, name, lambda n: any("LOCALITY" in c for c in n) and any("GPCI" in c for c in n),
                              "GPCI")
    return _records(rows, _columns(names, line, name), name)


def _columns(names: list[str], line: int, name: str) -> dict[str, int]:
    """Match header cells by meaning; the work index is the one with its floor when both are given."""
    def first(test: Callable[[str], bool]) -> int | None:
        """The first header cell that passes `test`."""
        return next((i for i, n in enumerate(names) if test(n)), None)

    work = [i for i, n in enumerate(names) if "PW GPCI" in n or "WORK GPCI" in n]
    floored = [i for i in work if "WITH 1" in names[i]] or [i for i in work if "WITHOUT" not in names[i]] or work
    columns = {
        "mac": first(lambda n: "CONTRACTOR" in n or n == "MAC" or n.startswith("MEDICARE ADMI")),
        "state": first(lambda n: n == "STATE"),
        "locality": first(lambda n: n.startswith("LOCALITY") and "NAME" not in n),
        "locality_name": first(lambda n: "LOCALITY NAME" in n),
        "work_gpci": floored[0] if floored else None,
        "pe_gpci": first(lambda n: "PE GPCI" in n),
        "mp_gpci": first(lambda n: "MP GPCI" in n or "MALPRACTICE GPCI" in n),
    }
    missing = [k for k, v in columns.items() if v is None]
    if missing:
        raise FormatError(name, line, f"the header {names} has no {', '.join(missing)} column: an older or "
                                      "different layout than the GPCI file codebot reads")
    return columns


def _records(rows: Iterator[tuple[int, list[str]]], columns: dict[str, int], name: str) -> Iterator[Gpci]:
    """Every locality row (its MAC cell a number); blank rows and the notes under the table are skipped."""
    width = max(columns.values()) + 1
    count = line = 0
    for line, row in rows:
        mac = row[columns["mac"]].strip() if row else ""
        if not mac.isdigit():
            continue  # blank rows and the notes under the table
        if len(row) < width:
            raise FormatError(name, line, f"{len(row)} columns where the GPCI table has {width}: cut short")
        cells = {k: row[i].strip() for k, i in columns.items()}
        count += 1
        yield Gpci(mac.zfill(5), _state(cells["state"], line, name), _locality(cells["locality"], line, name),
                   cells["locality_name"].rstrip("*").strip(), *(_index(cells[k], k, line, name)
                                                                 for k in ("work_gpci", "pe_gpci", "mp_gpci")))
    if not count:
        raise FormatError(name, line, "the GPCI table has a header but no locality rows: cut short")


def _state(text: str, line: int, name: str) -> str:
    """A two-letter state or territory abbreviation."""
    if len(text) != 2 or not text.isalpha():
        raise FormatError(name, line, f"state '{text[:20]}' is not a two-letter abbreviation")
    return text.upper()


def _locality(text: str, line: int, name: str) -> str:
    """The locality number with its leading zero (CMS's CSV can drop it)."""
    if not text.isdigit() or len(text) > 2:
        raise FormatError(name, line, f"locality number '{text[:20]}' is not one or two digits")
    return text.zfill(2)


def _index(text: str, field: str, line: int, name: str) -> Decimal:
    """A cost index: a positive decimal below MAX_GPCI."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(-1)
    if not 0 < value < MAX_GPCI:
        raise FormatError(name, line, f"{field.replace('_', ' ')} '{text[:20]}' is not a cost index")
    return value
