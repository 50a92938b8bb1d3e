"""What every CMS format parser shares: the error, the release stamp, text decoding, CSV rows, codes, dates, headers."""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import BinaryIO, Iterator

HEAD_BYTES = 64 * 1024  # how much of a file detect() and release_info() look at
MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
NCCI_YEAR_ZERO = 1994  # NCCI version 32.x is calendar 2026, 31.x is 2025: the major number counts from 1994
_SPACES = re.compile(r"\s+")
_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, kept by "surrogateescape"
MIS_ENCODED_UTF8 = "the text is not valid UTF-8 although the file starts with a UTF-8 mark: mis-encoded"
_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_WORD_DATE = re.compile(r"\b(" + "|".join(MONTH_NAMES) + r")\s+(\d{1,2}),?\s+(\d{4})\b", re.I)


class FormatError(ValueError):
    """A file that is not, or no longer, in the layout CMS publishes; names the file and the line (0: the whole file)."""

    def __init__(self, file: str, line: int, message: str):
        super().__init__(f"{file}, line {line}: {message}" if line else f"{file}: {message}")
        self.file, self.line, self.message = file, line, message


@dataclass(frozen=True, slots=True)
class ReleaseInfo:
    """Which release a file belongs to: code set, human title, version, the dates it covers, and its part or variant."""

    code_set: str
    title: str
    version: str
    effective: date
    until: date | None = None
    part: str | None = None
    published: date | None = None


def check_encoding(head: bytes, name: str) -> None:
    """Refuse UTF-16 text and binary files before parsing: CMS publishes single-byte text."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head[:4096]:
        raise FormatError(name, 1, "the file is UTF-16 text or binary (NUL bytes), not the single-byte text "
                                   "CMS publishes: use the file from CMS's download as it is")


def open_text(stream: BinaryIO, name: str) -> io.TextIOWrapper:
    """Decode a CMS text file: Latin-1 as published (every byte is a character), UTF-8 when it starts with a BOM."""
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(_Raw(stream))
    head = buffered.peek(4096)[:4096]
    if not head:
        raise FormatError(name, 1, "the file is empty")
    check_encoding(head, name)
    if head.startswith(codecs.BOM_UTF8):  # re-saved as "CSV UTF-8": bad bytes are kept to be reported by line
        return io.TextIOWrapper(buffered, encoding="utf-8-sig", errors="surrogateescape", newline="")
    return io.TextIOWrapper(buffered, encoding="latin-1", newline="")


class _Raw(io.RawIOBase):
    """Adapt any binary stream (a zip member, BytesIO) so io.BufferedReader can peek at it."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def numbered_lines(text: io.TextIOWrapper, name: str) -> Iterator[tuple[int, str]]:
    """Yield (line number, line with its ending); bytes a UTF-8 file cannot decode are a FormatError at their line."""
    check = text.errors == "surrogateescape"
    for number, raw in enumerate(text, start=1):
        if check and _UNDECODED.search(raw):
            raise FormatError(name, number, MIS_ENCODED_UTF8)
        yield number, raw


def csv_rows(text: io.TextIOWrapper, name: str, **dialect) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number where the row ends, cells); a damaged row becomes a FormatError at its line."""
    reader = csv.reader(text, strict=True, **dialect)
    check = text.errors == "surrogateescape"
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FormatError(name, reader.line_num or 1, f"unreadable row ({exc}): the file is damaged "
                                                         "or cut short") from None
        if check and _UNDECODED.search("".join(row)):
            raise FormatError(name, reader.line_num, MIS_ENCODED_UTF8)
        yield reader.line_num, row


def is_code(text: str) -> bool:
    """A HCPCS or CPT code: five upper-case letters or digits."""
    return len(text) == 5 and text.isascii() and text.isalnum() and text == text.upper()


def yyyymmdd(text: str, cache: dict[str, date]) -> date | None:
    """Parse an 8-digit YYYYMMDD date (None when not one); `cache` keeps the few distinct dates a file holds."""
    found = cache.get(text)
    if found is None and len(text) == 8 and text.isdigit():
        try:
            found = cache[text] = date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            return None
    return found


def find_date(text: str) -> date | None:
    """The first date written as 04/01/2026 or April 1, 2026 in `text`, or None."""
    slash, word = _SLASH_DATE.search(text), _WORD_DATE.search(text)
    try:
        if slash and (not word or slash.start() < word.start()):
            return date(int(slash[3]), int(slash[1]), int(slash[2]))
        if word:
            return date(int(word[3]), MONTH_NAMES.index(word[1].capitalize()) + 1, int(word[2]))
    except ValueError:
        return None
    return None


def quarter_end(start: date) -> date:
    """The last day of the calendar quarter that begins with `start`."""
    last_month = (start.month - 1) // 3 * 3 + 3
    return date(start.year + last_month // 12, last_month % 12 + 1, 1) - timedelta(days=1)


def ncci_version(start: date) -> str:
    """The NCCI quarterly version for a quarter that starts on `start` (2026-04-01 -> 32.1)."""
    return f"{start.year - NCCI_YEAR_ZERO}.{(start.month - 1) // 3}"


def header_text(*cells: str) -> str:
    """Normalise header cells (possibly split over rows) into one upper-case phrase for matching by meaning."""
    return _SPACES.sub(" ", " ".join(cells)).strip().upper().replace("- ", "-")


def stacked_headers(rows: list[list[str]], width: int) -> list[str]:
    """Join a header split over several rows column by column ("WORK" over "RVU" -> "WORK RVU")."""
    return [header_text(*(row[i] if i < len(row) else "" for row in rows)) for i in range(width)]


def head_text(head: bytes) -> str:
    """The first bytes of a file as text, for detect() and release_info()."""
    return head.decode("utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "latin-1", errors="replace")


def find_header(rows: Iterator[tuple[int, list[str]]], name: str, is_header, what: str,
                limit: int = 20) -> tuple[int, list[str]]:
    """Skip title and blank rows to the header row (`is_header(names)`); return its line and normalised names."""
    count = line = 0
    for line, row in rows:
        names = [header_text(c) for c in row]
        if sum(1 for n in names if n) >= 3 and is_header(names):  # a title row is one cell
            return line, names
        count += 1
        if count >= limit:
            break
    raise FormatError(name, line or 1, "the file is empty" if not line else f"no {what} header near the top: "
                                                                          f"not a {what} file")


def rvu_release(name: str, year: int) -> tuple[str, int]:
    """The quarterly release (RVU25D, month 10) named by the zip a GPCI or locality file came in, else the year's."""
    found = re.search(r"rvu(\d{2})([a-d])(r?)", name, re.I)
    if found and int(found[1]) == year % 100:
        return f"RVU{found[1]}{found[2]}{found[3]}".upper(), "ABCD".index(found[2].upper()) * 3 + 1
    return str(year), 1
