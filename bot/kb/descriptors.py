"""Licensed CPT descriptors: a practice with an AMA licence imports its own file; the repo never ships any."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.kb import DESCRIPTORS_NAME

_CODE = re.compile(r"^(\d{5}|\d{4}[A-Z]|[A-Z]\d{4})$")
MAX_DESCRIPTOR_CHARS = 2_000


@dataclass(slots=True)
class ImportReport:
    """What an import kept and which lines it skipped, with why."""

    imported: dict[str, str] = field(default_factory=dict)
    skipped: list[tuple[int, str]] = field(default_factory=list)


def _rows(text: str) -> list[list[str]]:
    first = text.split("\n", 1)[0]
    dialect = "excel-tab" if "\t" in first else "excel"
    return list(csv.reader(io.StringIO(text), dialect=dialect))


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
    """Read a CSV or tab-separated file of code, descriptor (header optional); bad rows are reported, not fatal."""
    report = ImportReport()
    text = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    for number, row in enumerate(_rows(text), start=1):
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


def save_descriptors(home: Path, new: dict[str, str]) -> int:
    """Merge `new` into the data directory's descriptor file atomically; return how many are stored."""
    path = home / DESCRIPTORS_NAME
    merged = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    merged.update(new)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(merged, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    return len(merged)
