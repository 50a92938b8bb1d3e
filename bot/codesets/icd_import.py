"""The ICD-10-CM import formats (order file, tabular XML, alphabetic index XML) and their release stamps."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from bot.codesets.registry import ImportFormat, Part, SourceFile, register_assembler, register_format
from bot.codesets.icd_files import index_rows, looks_like_order_file, merge_order, order_rows
from bot.codesets.icd_tables import ICD10CM, ICD10CM_INDEX
from bot.codesets.icd_tabular import IcdRows, parse_tabular
from bot.codesets.load import ImportFileError, ReleaseInfo

FY_START_MONTH = 10  # a federal fiscal year starts on October 1 of the year before
MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"), 1)}
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
MAX_WARNINGS = 5


def release_dates(name: str, fiscal_year: int | None) -> tuple[int, date]:
    """(fiscal year, effective date) from a CMS file name ("...April-1-2026..." is the April update) and content."""
    low = name.lower()
    years = [int(y) for y in _YEAR.findall(low)]
    month = next((n for m, n in MONTHS.items() if m in low), None)
    fy = fiscal_year or (years[-1] if years else None)
    if fy is None:
        raise ImportFileError(name, "cannot tell the fiscal year: keep the CMS file name (e.g. icd10cm_order_2027.txt)")
    if month and month != FY_START_MONTH:
        return fy, date(fy if month < FY_START_MONTH else fy - 1, month, 1)
    return fy, date(fy - 1, FY_START_MONTH, 1)


def release_info(title: str, fy: int, effective: date, sources: list[str], parts: tuple[str, ...]) -> ReleaseInfo:
    """The stamp of an ICD-10-CM release: FY2027, or FY2026-04 with "(April 1, 2026 update)" for a mid-year one."""
    update = effective.month != FY_START_MONTH
    version = f"FY{fy}" + (f"-{effective.month:02d}" if update else "")
    name = f"{title} FY{fy}" + (f" ({effective:%B} {effective.day}, {effective.year} update)" if update else "")
    return ReleaseInfo(name=name, version=version, effective_date=effective, source=", ".join(sources),
                       fiscal_year=fy, ends_date=date(fy, FY_START_MONTH - 1, 30), parts=parts)


def _is_xml(head: bytes, root: str) -> bool:
    return f"<{root}".encode() in head[:HEAD_SCAN]


HEAD_SCAN = 4096


def _parse_order(source: SourceFile) -> Part:
    with source.open() as stream:
        rows = order_rows(stream, source.name)
    fy, effective = release_dates(source.name, None)
    return Part("icd10cm-order", ICD10CM, source.name, fy, effective, rows)


def _parse_tabular(source: SourceFile) -> Part:
    with source.open() as stream:
        rows = parse_tabular(stream, source.name)
    fy, effective = release_dates(source.name, rows.fiscal_year)
    return Part("icd10cm-tabular", ICD10CM, source.name, fy, effective, rows)


def _parse_index(source: SourceFile) -> Part:
    with source.open() as stream:
        fiscal_year, title, tables = index_rows(stream, source.name)
    fy, effective = release_dates(source.name, fiscal_year)
    return Part("icd10cm-index", ICD10CM_INDEX, source.name, fy, effective, (title, tables))


def assemble_index(parts: list[Part], warnings: list[str]) -> Iterable[tuple[ReleaseInfo, Any]]:
    """One index release per fiscal year: the index to diseases, the external causes index and the neoplasm and
    drug tables (the zip holds them all, with the same root element) go in together."""
    groups: dict[tuple, list[Part]] = {}
    for part in parts:
        groups.setdefault((part.fiscal_year, part.effective_date), []).append(part)
    for (fy, effective), group in groups.items():
        tables: dict[str, list[tuple]] = {"icd10cm_index_terms": [], "icd10cm_index_search": []}
        for part in group:
            for name, rows in part.payload[1].items():
                tables[name] += rows
        kinds = tuple(dict.fromkeys(p.payload[0] for p in group))
        yield release_info("ICD-10-CM alphabetic index", fy, effective, [p.source for p in group], kinds), tables


def assemble_icd10cm(parts: list[Part], warnings: list[str]) -> Iterable[tuple[ReleaseInfo, Any]]:
    """One release per fiscal year and effective date: the tabular's codes and notes, with the order file's
    short descriptors and billable flags where both were given."""
    groups: dict[tuple, list[Part]] = {}
    for part in parts:
        groups.setdefault((part.fiscal_year, part.effective_date), []).append(part)
    for (fy, effective), group in groups.items():
        tabular = [p for p in group if p.format == "icd10cm-tabular"]
        order = [p for p in group if p.format == "icd10cm-order"]
        if len(tabular) > 1 or len(order) > 1:
            raise ImportFileError(", ".join(p.source for p in group), f"two files of the same kind for FY{fy}")
        rows: IcdRows = tabular[0].payload if tabular else order[0].payload
        if tabular and order:
            problems = merge_order(rows, order[0].payload)
            warnings += [f"FY{fy}: {p}" for p in problems[:MAX_WARNINGS]]
            if len(problems) > MAX_WARNINGS:
                warnings.append(f"FY{fy}: {len(problems) - MAX_WARNINGS} more differences between tabular and order file")
        kinds = tuple(p.format.removeprefix("icd10cm-") for p in tabular + order)
        yield release_info("ICD-10-CM", fy, effective, [p.source for p in group], kinds), rows.tables()


register_format(ImportFormat("icd10cm-order", ICD10CM, "ICD-10-CM code descriptions order file (icd10cm_order_YYYY.txt)",
                             lambda name, head: looks_like_order_file(head), _parse_order))
register_format(ImportFormat("icd10cm-tabular", ICD10CM, "ICD-10-CM tabular XML (icd10cm_tabular_YYYY.xml)",
                             lambda name, head: _is_xml(head, "ICD10CM.tabular"), _parse_tabular))
register_format(ImportFormat("icd10cm-index", ICD10CM_INDEX, "ICD-10-CM alphabetic index XML (icd10cm_index_YYYY.xml)",
                             lambda name, head: _is_xml(head, "ICD10CM.index"), _parse_index))
register_assembler(ICD10CM, assemble_icd10cm)
register_assembler(ICD10CM_INDEX, assemble_index)
