"""HCPCS Level II annual or quarterly file (HCPC<year>_<MON>_ANWEB*.txt): fixed-width 320-character records.

Positions (CMS record layout, HCPC<year>_recordlayout.txt): code 1-5 (a modifier right-justified in 4-5),
sequence 6-10, record id 11 (3 procedure, 4 its continuation, 7 modifier, 8 its continuation), long
description 12-91, short description 92-119, pricing indicators 120-127 (four of two characters), coverage
230, BETOS 257-259, added 269-276, action effective 277-284, termination 285-292, action code 293.
Quirks tolerated: a disclaimer block before the first record, continuation lines cut after column 91,
trailing blanks stripped, a blank last line. Level I (CPT) records, which the public file does not carry,
are skipped so their AMA text is never taken for public-domain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO, Iterator, TextIO

from bot.codesets.formats.common import (MONTH_NAMES, MONTHS, FormatError, ReleaseInfo, head_text, is_code,
                                         numbered_lines, open_text, yyyymmdd)

CODE_SET = "hcpcs"
TITLE = "HCPCS Level II"
WIDTH = 320
ACTION_COLUMN = 293  # a first-line record must reach its action code
DESCRIPTION_END = 91  # where a continuation line may stop
MAX_DISCLAIMER_LINES = 100
_NAME = re.compile(r"HCPC(\d{4})_([A-Z]{3,5})(?:_ANWEB)?(?:_(\d{2})(\d{2})(\d{4}))?", re.I)


@dataclass(frozen=True, slots=True)
class HcpcsProcedure:
    """A Level II procedure code with its official (public-domain) descriptions and Medicare indicators."""

    code: str
    long_description: str
    short_description: str
    pricing_indicators: tuple[str, ...]
    coverage: str
    betos: str
    added: date | None
    action_effective: date | None
    terminated: date | None
    action: str


@dataclass(frozen=True, slots=True)
class HcpcsModifier:
    """A Level II modifier with its official descriptions and dates."""

    code: str
    long_description: str
    short_description: str
    added: date | None
    action_effective: date | None
    terminated: date | None
    action: str


def detect(name: str, head: bytes) -> bool:
    """CMS's ANWEB text file by name, or text whose lines are 320-character HCPCS records."""
    base = name.rsplit("/", 1)[-1]
    if re.match(r"HCPC\d{4}_.*ANWEB.*\.txt$", base, re.I):
        return True
    if base.lower().endswith((".xlsx", ".xls", ".pdf", ".zip")):
        return False
    lines = head_text(head).splitlines()[:MAX_DISCLAIMER_LINES]
    return any(_looks_like_record(line) and line[10] in "37" and len(line) >= ACTION_COLUMN for line in lines)


def release_info(name: str, head: bytes) -> ReleaseInfo:
    """Year and month from CMS's name: HCPC2026_JAN_ANWEB_12292025.txt is the 2026 January release."""
    found = _NAME.search(name)
    if not found:
        raise FormatError(name, 0, "cannot tell the HCPCS release: keep CMS's file name "
                                   "(HCPC<year>_<MON>_ANWEB...)")
    year, month = int(found[1]), MONTHS.get(found[2].upper(), 1)
    published = None
    if found[3]:
        try:
            published = date(int(found[5]), int(found[3]), int(found[4]))
        except ValueError:
            published = None
    return ReleaseInfo(CODE_SET, TITLE, f"{year} {MONTH_NAMES[month - 1]}", date(year, month, 1),
                       published=published)


def parse(stream: BinaryIO, name: str) -> Iterator[HcpcsProcedure | HcpcsModifier]:
    """Stream every Level II procedure and modifier, continuation lines joined into the long description."""
    lines = _record_lines(open_text(stream, name), name)
    return _records(next(lines), lines, name)  # reading the first record checks the file holds one


def _record_lines(text: TextIO, name: str) -> Iterator[tuple[int, str, bool]]:
    """Yield (line number, record text, ended with a line break), past the disclaimer block and blank lines."""
    started, number = False, 0
    for number, raw in numbered_lines(text, name):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if not started:
            if not _looks_like_record(line):
                if number >= MAX_DISCLAIMER_LINES:
                    break
                continue
            started = True
        yield number, line, len(line) != len(raw)
    if not started:
        raise FormatError(name, max(number, 1), "no HCPCS record in the first lines: not a HCPCS Level II file "
                                                "(or not its fixed-width text copy)")


Line = tuple[int, str, bool]  # line number, text without its ending, whether it had one


def _records(first: Line, lines: Iterator[Line], name: str) -> Iterator[HcpcsProcedure | HcpcsModifier]:
    """Group each first line (3, 7) with its continuation lines (4, 8) and build the records."""
    head: tuple[int, str] | None = None
    parts: list[str] = []
    for number, line, terminated in _chain(first, lines):
        record_id = _check_line(number, line, terminated, name)
        if record_id in "37":
            if head:
                yield from _build(head, parts, name)
            head, parts = (number, line.ljust(WIDTH)), [line[11:DESCRIPTION_END].strip()]
        else:
            _check_continuation(head, number, line, record_id, name)
            parts.append(line[11:DESCRIPTION_END].strip())
    if head:
        yield from _build(head, parts, name)


def _chain(first: Line, rest: Iterator[Line]) -> Iterator[Line]:
    """The first record line (read to check the file holds any), then the rest."""
    yield first
    yield from rest


def _looks_like_record(line: str) -> bool:
    """Code (or right-justified modifier), a numeric sequence and a record id 3, 4, 7 or 8."""
    if len(line) < 12 or not line[5:10].isdigit() or line[10] not in "3478":
        return False
    code = line[:5]
    return is_code(code) if line[10] in "34" else (code[:3] == "   " and code[3:].isalnum())


def _check_line(number: int, line: str, terminated: bool, name: str) -> str:
    """Return the record id, or raise where the line cannot be a record of CMS's layout."""
    if len(line) > WIDTH:
        raise FormatError(name, number, f"the record is {len(line)} characters long, not {WIDTH}: another layout, "
                                        "or re-saved in another encoding (UTF-8?) that shifts the columns")
    if not _looks_like_record(line):
        raise FormatError(name, number, "the line does not start like a HCPCS record (code, sequence number, "
                                        "record id 3, 4, 7 or 8 in column 11)")
    record_id = line[10]
    first_line = record_id in "37"
    if not terminated and len(line) != WIDTH and (first_line or len(line) > DESCRIPTION_END):
        raise FormatError(name, number, f"the last record stops at column {len(line)} of {WIDTH}: the file is "
                                        "cut short")
    if len(line) < (ACTION_COLUMN if first_line else 12):
        raise FormatError(name, number, f"short record ({len(line)} characters) ends before column "
                                        f"{ACTION_COLUMN if first_line else 12}: an older or different layout")
    return record_id


def _check_continuation(head: tuple[int, str] | None, number: int, line: str, record_id: str, name: str) -> None:
    """A continuation line (4 or 8) must follow the first line (3 or 7) of the same code."""
    expected = "3" if record_id == "4" else "7"
    if head is None or head[1][10] != expected or head[1][:5] != line[:5]:
        raise FormatError(name, number, f"continuation line for '{line[:5].strip()}' does not follow that "
                                        "code's first line: the records are out of order")


def _build(head: tuple[int, str], parts: list[str], name: str) -> Iterator[HcpcsProcedure | HcpcsModifier]:
    """Turn a first line and its continuations into a record (nothing for a Level I code)."""
    number, line = head
    text = " ".join(p for p in parts if p)
    dates = [_date(line[a:b], number, name) for a, b in ((268, 276), (276, 284), (284, 292))]
    if line[10] == "7":
        modifier = line[3:5]
        if not modifier.isdigit():
            yield HcpcsModifier(modifier, text, line[91:119].strip(), *dates, line[292].strip())
        return
    if line[0].isalpha():
        pricing = tuple(p for p in (line[i:i + 2].strip() for i in range(119, 127, 2)) if p)
        yield HcpcsProcedure(line[:5], text, line[91:119].strip(), pricing, line[229].strip(),
                             line[256:259].strip(), *dates, line[292].strip())


def _date(text: str, number: int, name: str) -> date | None:
    """An 8-digit YYYYMMDD date, or None when blank."""
    if not text.strip():
        return None
    found = yyyymmdd(text, {})
    if found is None:
        raise FormatError(name, number, f"'{text}' is not a YYYYMMDD date (columns 269-292)")
    return found
