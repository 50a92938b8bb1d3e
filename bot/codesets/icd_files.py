"""Read the CMS ICD-10-CM code descriptions order file (fixed width) and the alphabetic index XML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import BinaryIO

from bot.codesets.icd_tables import dotted
from bot.codesets.icd_tabular import IcdRows
from bot.codesets.load import ImportFileError

# The order file's columns (1-based in the CMS layout): order number 1-5, code 7-13, billable flag 15,
# short description 17-76, long description from 78.
ORDER_NUMBER, CODE, FLAG, SHORT, LONG_FROM = slice(0, 5), slice(6, 13), 14, slice(16, 76), 77
ORDER_LINE = re.compile(r"^\d{5} [A-Z][0-9A-Z]{2}[0-9A-Z ]{4} [01] ")
INDEX_ROOT = "ICD10CM.index"
LAST_CHAPTER_LETTER = "Z"  # a whole order file runs through chapter 21 (Z codes): anything else was cut short


def looks_like_order_file(head: bytes) -> bool:
    """Whether the first bytes read like order-file records."""
    lines = head.decode("latin-1").splitlines()[:3]
    return bool(lines) and all(ORDER_LINE.match(line) for line in lines if line.strip())


def order_records(stream: BinaryIO, label: str) -> Iterator[tuple[str, bool, str, str]]:
    """Yield (code, billable, short, long) per line; a malformed line raises ImportFileError naming it."""
    last, number = "", 0
    raw = stream.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # a file re-saved as Windows-1252
    for number, line in enumerate(text.splitlines(), 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        if not ORDER_LINE.match(line) or len(line) <= LONG_FROM or not line[LONG_FROM:].strip():
            raise ImportFileError(label, "not an order-file record (order 1-5, code 7-13, flag 15, "
                                         "short description 17-76, long description from 78)", number)
        last = line[CODE].strip()
        yield last, line[FLAG] == "1", line[SHORT].strip(), line[LONG_FROM:].strip()
    if not last:
        raise ImportFileError(label, "the file is empty")
    if not last.startswith(LAST_CHAPTER_LETTER):
        raise ImportFileError(label, f"ends at code {dotted(last)}: the file looks truncated (a whole release "
                                     f"runs through the {LAST_CHAPTER_LETTER} codes)", number)


def order_rows(stream: BinaryIO, label: str) -> IcdRows:
    """Turn an order file into icd10cm rows (codes and search; no notes: the order file has none)."""
    rows = IcdRows()
    records = list(order_records(stream, label))
    present = {code for code, *_ in records}
    for seq, (code, billable, short, long) in enumerate(records):
        parent = next((code[:n] for n in range(len(code) - 1, 2, -1) if code[:n] in present), "")
        kind = "category" if len(code) == 3 else "extension" if len(code) == 7 else "subcategory"
        rows.codes.append((code, dotted(code), parent, "", kind, int(billable), long, short, seq))
        if kind != "extension":
            rows.search.append((code, "descriptor", long))
    return rows


def merge_order(tabular: IcdRows, order: IcdRows) -> list[str]:
    """Give the tabular's codes the order file's short descriptors and billable flags; return disagreements."""
    by_code = {row[0]: row for row in order.codes}
    problems, merged = [], []
    for row in tabular.codes:
        other = by_code.get(row[0])
        if other is None:
            problems.append(f"{row[1]} is in the tabular but not in the order file")
            merged.append(row)
            continue
        if other[5] != row[5]:
            problems.append(f"{row[1]}: the order file says {'billable' if other[5] else 'header'}")
        merged.append((*row[:5], other[5], row[6], other[7], row[8]))
    known = {row[0] for row in tabular.codes}
    problems += [f"{row[1]} is in the order file but not in the tabular" for row in order.codes if row[0] not in known]
    tabular.codes = merged
    return problems


def _title(el: ET.Element) -> str:
    title = el.find("title")  # "Abasia<nemod>(-astasia)</nemod>": the modifier is a word of its own
    return " ".join(" ".join(title.itertext()).split()) if title is not None else ""


_INDEX_CODE = re.compile(r"^[A-Z][0-9A-Z]{2}(?:\.[0-9A-Z]{0,4})?-?$")


def _terms(el: ET.Element, path: list[str], heads: dict[str, str]) -> Iterator[tuple[str, str, str]]:
    """(term path, code, cross-reference) for an index entry and everything below it; a table's cells (neoplasms,
    drugs) read as the term plus the column heading ("breast, Malignant Primary")."""
    here = path + [_title(el)]
    term = ", ".join(p for p in here if p)
    see = (el.findtext("see") or el.findtext("seeAlso") or "").strip()
    codes = [(term, c.text.strip()) for c in el.findall("code") + el.findall("manif") if c.text and c.text.strip()]
    codes += [(f"{term}, {heads[c.get('col', '')]}" if heads.get(c.get("col", "")) else term, c.text.strip())
              for c in el.findall("cell") if c.text and _INDEX_CODE.match(c.text.strip())]
    for where, code in codes:
        yield where, code, see
    if see and not codes:
        yield term, "", see
    for child in el.findall("term"):
        yield from _terms(child, here, heads)


def index_rows(stream: BinaryIO, label: str) -> tuple[int | None, str, dict[str, list[tuple]]]:
    """Parse an index XML (diseases, external causes, or the neoplasm and drug tables, which share its root)
    into (fiscal year, title, rows per icd10cm_index table)."""
    try:
        root = ET.parse(stream).getroot()
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise ImportFileError(label, f"malformed or truncated XML ({str(exc).split(':')[0]})", line) from None
    if root.tag != INDEX_ROOT:
        raise ImportFileError(label, f"not an ICD-10-CM alphabetic index (its root element is <{root.tag}>)")
    version = (root.findtext("version") or "").strip()
    heads = {h.get("col", ""): " ".join("".join(h.itertext()).split()) for h in root.findall("indexHeading/head")}
    heads.pop("1", None)  # the first column is the term itself
    terms = [t for main in root.iter("mainTerm") for t in _terms(main, [], heads)]
    if not terms:
        raise ImportFileError(label, "the index holds no <mainTerm> entries")
    search = [(code.replace(".", "").rstrip("-"), term) for term, code, _see in terms if code]
    title = " ".join((root.findtext("title") or "index").split())
    return (int(version) if version.isdigit() else None), title, {"icd10cm_index_terms": terms,
                                                                  "icd10cm_index_search": search}
