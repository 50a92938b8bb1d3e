"""Licensed CPT descriptors: read a practice's own file (code, descriptor); the repo never ships any."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_CODE = re.compile(r"^(\d{5}|\d{4}[A-Z]|[A-Z]\d{4})$")
MAX_DESCRIPTOR_CHARS = 2_000


class DescriptorFileError(ValueError):
    """The file as a whole cannot be read as descriptors (binary, or not UTF-8)."""


@dataclass(slots=True)
class ImportReport:
    """What an import kept and which lines it skipped, with why."""

    imported: dict[str, str] = field(default_factory=dict)
    skipped: list[tuple[int, str]] = field(default_factory=list)


def _decode(data: bytes) -> str:
    """The file's text (UTF-8, or UTF-16 with its byte-order mark as spreadsheets save "Unicode text")."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data:
        raise DescriptorFileError("this is not a text file; export the descriptors as CSV or tab-separated text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
        raise DescriptorFileError(f"line {line} is not UTF-8 text; save the file as CSV UTF-8") from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _records(text: str) -> Iterator[tuple[int, list[str] | str]]:
    """Each line's row, or why its quotes are broken: one descriptor per line, so a stray quote costs one line."""
    lines = io.StringIO(text).readlines()  # splits on "\n" only, unlike str.splitlines
    dialect = "excel-tab" if lines and "\t" in lines[0] else "excel"
    for number, line in enumerate(lines, start=1):
        try:
            yield number, next(csv.reader([line], dialect=dialect, strict=True), [])
        except csv.Error as exc:
            unclosed = "unexpected end of data" in str(exc)
            yield number, ("a quote opened on this line is not closed on it" if unclosed
                           else f"its quotes are misplaced ({exc})")


def _check_row(row: list[str]) -> tuple[str, str] | str:
    """Return (code, descriptor) or the reason the row is bad."""
    cells = [c.strip() for c in row]
    if len(cells) < 2:
        return "needs two columns: code and descriptor"
    code, descriptor = cells[0].upper(), " ".join(",".join(cells[1:]).split())
    if not _CODE.match(code):
        return f"'{cells[0][:20]}' is not a CPT or HCPCS code"
    if not descriptor:
        return "the descriptor is empty"
    if len(descriptor) > MAX_DESCRIPTOR_CHARS:
        return f"the descriptor is longer than {MAX_DESCRIPTOR_CHARS:,} characters"
    if any(ord(ch) < 32 for ch in descriptor):
        return "the descriptor holds control characters"
    return code, descriptor


def parse_descriptor_file(data: bytes) -> ImportReport:
    """Read a CSV or tab-separated file of code, descriptor (header optional); bad rows are reported, not fatal.

    Raises DescriptorFileError when the file is not text at all."""
    report = ImportReport()
    for number, row in _records(_decode(data)):
        if isinstance(row, str):
            report.skipped.append((number, row))
            continue
        if not any(c.strip() for c in row):
            continue
        checked = _check_row(row)
        if isinstance(checked, str):
            if number == 1 and not _CODE.match(row[0].strip().upper()):
                continue  # a header line
            report.skipped.append((number, checked))
        else:
            report.imported[checked[0]] = checked[1]
    return report
