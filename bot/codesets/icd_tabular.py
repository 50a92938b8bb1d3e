"""Read the CMS ICD-10-CM tabular XML (icd10cm_tabular_YYYY.xml) into rows for the icd10cm tables."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import BinaryIO

from bot.codesets.icd_tables import dotted
from bot.codesets.load import ImportFileError

ROOT_TAG = "ICD10CM.tabular"
NOTE_KINDS = {"excludes1": "excludes1", "excludes2": "excludes2", "includes": "includes", "inclusionTerm": "inclusion",
              "codeFirst": "code_first", "useAdditionalCode": "use_additional", "codeAlso": "code_also",
              "notes": "notes", "sevenChrNote": "seventh_note"}
PLACEHOLDER = "X"
SEVENTH_AT = 6  # a 7th character always sits in position 7: shorter codes are padded with the placeholder X
# "7th characters D and S do not apply to codes in category S06 with 6th character 7 - ..., or 8 - ..."
_NOT_APPLY = re.compile(r"7th characters? ((?:[A-Z](?:,\s*|\s+and\s+|\s+or\s+)?)+)\s*do(?:es)? not apply to codes .*?6th character", re.I)
_SIXTH = re.compile(r"(?:6th character|,\s*or)\s+([0-9A-Z])\s+-")
_CODE = re.compile(r"^[A-Z][0-9A-Z][0-9A-Z](?:\.?[0-9A-Z]{1,4})?$")


@dataclass(slots=True)
class IcdRows:
    """Rows for each icd10cm table, in tabular order."""

    codes: list[tuple] = field(default_factory=list)
    groups: list[tuple] = field(default_factory=list)
    notes: list[tuple] = field(default_factory=list)
    seventh: list[tuple] = field(default_factory=list)
    search: list[tuple] = field(default_factory=list)
    fiscal_year: int | None = None

    def tables(self) -> dict[str, list[tuple]]:
        """Return the rows keyed by table name, for load_release."""
        return {"icd10cm_codes": self.codes, "icd10cm_groups": self.groups, "icd10cm_notes": self.notes,
                "icd10cm_seventh": self.seventh, "icd10cm_search": self.search}


def _text(el: ET.Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _notes(rows: IcdRows, owner: str, el: ET.Element) -> None:
    for child in el:
        kind = NOTE_KINDS.get(child.tag)
        if kind:
            rows.notes += [(owner, kind, _text(n), len(rows.notes)) for n in child.findall("note") if _text(n)]


def _seventh(rows: IcdRows, owner: str, el: ET.Element) -> tuple[list[tuple[str, str]], set] | None:
    """The 7th-character definition on this element, as (char, meaning); None when it has none."""
    found = el.find("sevenChrDef")
    if found is None:
        return None
    chars: list[list[str]] = []
    for item in found:
        if item.tag == "extension":
            chars.append([item.get("char", ""), _text(item), ""])
        elif item.tag == "note" and chars:
            chars[-1][2] = _text(item)  # an alternative wording of the extension above it
    rows.seventh += [(owner, char, meaning, alt) for char, meaning, alt in chars]
    return [(char, meaning) for char, meaning, _alt in chars], _not_applicable(el)


def _not_applicable(el: ET.Element) -> set[tuple[str, str]]:
    """(6th character, 7th character) pairs the tabular's own note rules out below a 7th-character definition."""
    out: set[tuple[str, str]] = set()
    for note in (_text(n) for n in el.findall("notes/note")):
        found = _NOT_APPLY.search(note)
        if found:
            sevenths = re.findall(r"[A-Z]", found.group(1).replace("and", "").replace("or", ""))
            out |= {(sixth, seventh) for sixth in _SIXTH.findall(note[found.start():]) for seventh in sevenths}
    return out


def _add_code(rows: IcdRows, code: str, parent: str, section: str, kind: str, billable: bool, desc: str) -> None:
    rows.codes.append((code, dotted(code), parent, section, kind, int(billable), desc, "", len(rows.codes)))
    if kind != "extension":  # searched through its parent: the 7th character is then read from the question
        rows.search.append((code, "descriptor", desc))


def _diag(rows: IcdRows, el: ET.Element, parent: str, section: str, seventh, label: str) -> None:
    name = (el.findtext("name") or "").strip().upper()
    if not _CODE.match(name):
        raise ImportFileError(label, f"<diag> with a name that is not an ICD-10-CM code: {name!r}")
    code, desc = name.replace(".", ""), _text(el.find("desc"))
    _notes(rows, code, el)
    rows.search += [(code, "inclusion", _text(n)) for tag in ("inclusionTerm", "includes")
                    for t in el.findall(tag) for n in t.findall("note")]
    seventh = _seventh(rows, code, el) or seventh
    children = el.findall("diag")
    leaf_with_seventh = not children and seventh is not None
    _add_code(rows, code, parent, section, "category" if len(code) == 3 else "subcategory",
              not children and not leaf_with_seventh, desc)
    for child in children:
        _diag(rows, child, code, section, seventh, label)
    if leaf_with_seventh:
        chars, ruled_out = seventh
        for char, meaning in chars:
            if (code.ljust(SEVENTH_AT, PLACEHOLDER)[SEVENTH_AT - 1], char) in ruled_out:
                continue
            _add_code(rows, code.ljust(SEVENTH_AT, PLACEHOLDER) + char, code, section, "extension", True,
                      f"{desc}, {meaning}")


def _rows(root: ET.Element, label: str) -> IcdRows:
    rows = IcdRows()
    version = (root.findtext("version") or "").strip()
    rows.fiscal_year = int(version) if version.isdigit() else None
    for chapter in root.findall("chapter"):
        ch = f"ch:{(chapter.findtext('name') or '').strip()}"
        rows.groups.append((ch, "chapter", _text(chapter.find("desc")), "", len(rows.groups)))
        _notes(rows, ch, chapter)
        for section in chapter.findall("section"):
            sec = f"sec:{section.get('id', '')}"
            rows.groups.append((sec, "section", _text(section.find("desc")), ch, len(rows.groups)))
            _notes(rows, sec, section)
            for diag in section.findall("diag"):
                _diag(rows, diag, "", sec, _seventh(rows, sec, section), label)
    if not rows.codes:
        raise ImportFileError(label, "the tabular holds no <diag> codes")
    return rows


def parse_tabular(stream: BinaryIO, label: str) -> IcdRows:
    """Parse a tabular XML stream into rows; a malformed or truncated file raises ImportFileError with its line."""
    try:
        root = ET.parse(stream).getroot()
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise ImportFileError(label, f"malformed or truncated XML ({str(exc).split(':')[0]})", line) from None
    if root.tag != ROOT_TAG:
        raise ImportFileError(label, f"not an ICD-10-CM tabular file (its root element is <{root.tag}>)")
    return _rows(root, label)
