"""Locality-county crosswalk: <yy>LOCCO.csv ("COUNTIES INCLUDED IN <year> LOCALITIES"), in every RVU zip.

Layout as CMS publishes it: a title row, a blank row, the header "Medicare Adminstrative Contractor,Locality
Number,State ,Fee Schedule Area ,Counties" (CMS's spelling and trailing blanks), blank rows between states,
the state written only on a state's first row, leading zeros dropped from MAC and locality numbers
(restored here), footnote asterisks on names ("REST OF STATE*"), quoted county lists with commas, an exact
duplicate row, and footnotes at the end. Columns are matched by meaning; each locality is yielded once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO, Callable, Iterator

from bot.codesets.formats.common import (FormatError, ReleaseInfo, csv_rows, find_header, head_text, open_text,
                                         rvu_release)

CODE_SET = "locality_county"
TITLE = "Medicare payment localities and their counties"
_NAME = re.compile(r"(\d{2})LOCCO", re.I)
_TITLE = re.compile(r"COUNTIES INCLUDED IN (\d{4}) LOCALITIES", re.I)


@dataclass(frozen=True, slots=True)
class LocalityCounty:
    """One Medicare payment locality: its MAC, number, state (as CMS spells it), area name and counties."""

    mac: str
    locality: str
    state: str
    fee_schedule_area: str
    counties: str


def detect(name: str, head: bytes) -> bool:
    """CMS's <yy>LOCCO file by name, or the 'COUNTIES INCLUDED IN <year> LOCALITIES' title."""
    base = name.rsplit("/", 1)[-1]
    if not base.lower().endswith((".csv", ".txt", ".prn")):
        return False
    return bool(_NAME.match(base)) or bool(_TITLE.search(head_text(head)))


def release_info(name: str, head: bytes) -> ReleaseInfo:
    """The year from the title row or the name; the quarterly RVU release when the zip's name gives it."""
    title, found = _TITLE.search(head_text(head)), _NAME.search(name)
    if not title and not found:
        raise FormatError(name, 0, "cannot tell the locality file's year: keep CMS's file name (<yy>LOCCO.csv)")
    year = int(title[1]) if title else 2000 + int(found[1])
    version, month = rvu_release(name, year)
    return ReleaseInfo(CODE_SET, f"{TITLE}, {year}", version, date(year, month, 1))


def parse(stream: BinaryIO, name: str) -> Iterator[LocalityCounty]:
    """Stream every locality once, the state carried down from the row that names it."""
    if name.lower().endswith((".txt", ".prn")):
        raise FormatError(name, 0, "this is the fixed-width copy of the locality file; import the .csv CMS ships "
                                   "beside it in the same zip")
    rows = csv_rows(open_text(stream, name), name)
    line, names = find_header(rows, name, lambda n: any("LOCALITY" in c for c in n) and
                              any(c.startswith("COUNT") for c in n), "locality-county")
    return _records(rows, _columns(names, line, name), name)


def _columns(names: list[str], line: int, name: str) -> dict[str, int]:
    """Match header cells by meaning (CMS's own spelling and trailing blanks included)."""
    def first(test: Callable[[str], bool]) -> int | None:
        """The first header cell that passes `test`."""
        return next((i for i, n in enumerate(names) if test(n)), None)

    columns = {
        "mac": first(lambda n: "CONTRACTOR" in n or n == "MAC" or n.startswith("MEDICARE ADMI")),
        "locality": first(lambda n: n.startswith("LOCALITY") and "NAME" not in n),
        "state": first(lambda n: n.startswith("STATE")),
        "fee_schedule_area": first(lambda n: "FEE SCHEDULE AREA" in n or "LOCALITY NAME" in n),
        "counties": first(lambda n: n.startswith("COUNT")),
    }
    missing = [k for k, v in columns.items() if v is None]
    if missing:
        raise FormatError(name, line, f"the header {names} has no {', '.join(missing)} column: an older or "
                                      "different layout than the locality file codebot reads")
    return columns


def _records(rows: Iterator[tuple[int, list[str]]], columns: dict[str, int], name: str) -> Iterator[LocalityCounty]:
    """Each locality once, the state carried down; blank rows and footnotes (starting '*') are skipped."""
    width = max(columns.values()) + 1
    state, seen = "", set()
    line = 0
    for line, row in rows:
        cells = {k: row[i].strip() if i < len(row) else "" for k, i in columns.items()}
        if not any(cells.values()) or cells["mac"].startswith("*"):
            continue  # blank separators and the footnotes
        if len(row) < width:
            raise FormatError(name, line, f"{len(row)} columns where the locality file has {width}: cut short")
        if not cells["mac"].isdigit() or not cells["locality"].isdigit():
            raise FormatError(name, line, f"MAC '{cells['mac'][:20]}' and locality '{cells['locality'][:20]}' "
                                          "are not numbers: not a row of the locality-county file")
        state = cells["state"] or state
        if not state:
            raise FormatError(name, line, "the first locality row names no state")
        record = LocalityCounty(cells["mac"].zfill(5), cells["locality"].zfill(2), state,
                                cells["fee_schedule_area"].rstrip("*").strip(), cells["counties"])
        if record not in seen:
            seen.add(record)
            yield record
    if not seen:
        raise FormatError(name, line, "the locality file has a header but no locality rows: cut short")
