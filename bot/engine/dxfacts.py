"""Turn stored ICD-10-CM rows into the answer's Diagnosis, CodeFact and SourceRef, with the release stamp."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta

from bot.answer import CodeFact, SourceRef
from bot.answer_dx import Diagnosis, DiagnosisNote, DiagnosisRef, SeventhCharacter
from bot.codesets.bundled import PACKAGE
from bot.codesets.icd_read import IcdCode, IcdReader
from bot.codesets.load import Release
from bot.engine.dxwords import MEANINGS
from bot.kb.store import KnowledgeBase

SYSTEM = "ICD-10-CM"
CMS_ICD_PAGE = "https://www.cms.gov/medicare/coding-billing/icd-10-codes"
MAX_CHOICES = 12
INHERITED = {"excludes1", "excludes2", "code_first", "use_additional", "code_also", "notes", "includes", "seventh_note"}
PLACEHOLDER_UP_TO = 6
_ISO = re.compile(r"\b(20\d\d)-(\d\d?)-(\d\d?)\b")
_US = re.compile(r"\b(\d\d?)/(\d\d?)/(20\d\d|\d\d)\b")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WORDY = re.compile(r"\b(" + "|".join(_MONTHS) + r")[a-z]*\.?\s+(\d\d?)(?:st|nd|rd|th)?,?\s+(20\d\d)\b", re.I)


def today() -> date:
    """Return today's date (CODEBOT_TODAY=YYYY-MM-DD pins it, for tests and benchmarks)."""
    pinned = os.environ.get("CODEBOT_TODAY")
    return date.fromisoformat(pinned) if pinned else date.today()


def date_of_service(text: str) -> date | None:
    """The first full date written in the question (2026-09-15, 9/15/2026, Sept 15, 2026), if any."""
    for pattern, order in ((_ISO, "ymd"), (_US, "mdy"), (_WORDY, "Mdy")):
        m = pattern.search(text)
        if not m:
            continue
        try:
            if order == "ymd":
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if order == "mdy":
                year = int(m.group(3))
                return date(year + 2000 if year < 100 else year, int(m.group(1)), int(m.group(2)))
            return date(int(m.group(3)), _MONTHS.index(m.group(1).lower()[:3]) + 1, int(m.group(2)))
        except ValueError:
            return None
    return None


def release_note(reader: IcdReader, rel: Release, when: date, asked: bool) -> str:
    """Say plainly when the release used is not the one in force on the date (or today)."""
    day = "the date of service" if asked else "today"
    if when.isoformat() < rel.effective_date:
        return f"No loaded ICD-10-CM release covers {when:%B %-d, %Y}; this answer uses {rel.name}, in force from {rel.effective_date}."
    if rel.ends_date and when.isoformat() > rel.ends_date:
        start = date.fromisoformat(rel.ends_date) + timedelta(days=1)
        nxt = (rel.fiscal_year or start.year) + 1
        carrier = (f"The bundled package ({rel.source.split(' (')[0]}) does not carry FY{nxt}: "
                   if rel.source.startswith(PACKAGE) else "")
        return (f"{rel.name} was in force until {rel.ends_date}; FY{nxt} has been in force since {start.isoformat()} "
                f"and applies to {day}. {carrier}{'import' if carrier else 'Import'} the CMS FY{nxt} files with `codebot import` to answer "
                "from it.")
    return ""


def source_ref(rel: Release) -> SourceRef:
    """The release as a source of the answer."""
    return SourceRef(id=f"icd10cm-{rel.version.lower()}", title=f"{rel.name} tabular list ({rel.source})",
                     url=CMS_ICD_PAGE, publisher="CDC NCHS and CMS", year=rel.fiscal_year or 0, official=True)


def ref(code: IcdCode) -> DiagnosisRef:
    """A short reference to a code."""
    return DiagnosisRef(code=code.dotted, descriptor=code.descriptor, billable=bool(code.billable))


def summary(code: IcdCode, seventh: bool, choices_total: int) -> str:
    """One plain sentence on whether the code can go on a claim."""
    if code.billable:
        return "Billable ICD-10-CM diagnosis code: valid on a claim as written."
    if seventh:
        return "Not billable as written: it needs a 7th character (see the choices below)."
    return f"Header, not billable: choose one of the {choices_total} billable codes below it."


def code_fact(code: IcdCode, rel: Release, dx: Diagnosis) -> CodeFact:
    """The code as a CodeFact (system ICD-10-CM, code with its dot, title = the official descriptor)."""
    return CodeFact(code=code.dotted, system=SYSTEM, family="", title=code.descriptor,
                    summary=summary(code, any(s.code for s in dx.seventh), dx.choices_total), status="active", role="diagnosis",
                    effective_year=rel.fiscal_year or 0, rules=[], source_ids=[])


def _label(owner: str, reader: IcdReader, rel: int) -> str:
    if owner.startswith("ch:"):
        return f"Chapter {owner[3:]}"
    if owner.startswith("sec:"):
        return f"Section {owner[4:]}"
    return owner if len(owner) <= 3 else f"{owner[:3]}.{owner[3:]}"


def _notes(reader: IcdReader, rel: int, code: IcdCode, chain: list[IcdCode]) -> list[DiagnosisNote]:
    groups = [g[0] for g in reader.groups(rel, code.section)]
    owners = [code.code] + [c.code for c in chain] + groups
    rank = {o: i for i, o in enumerate(owners)}
    found = [n for n in reader.notes(rel, owners) if n.owner == code.code or n.kind in INHERITED]
    found.sort(key=lambda n: rank[n.owner])
    return [DiagnosisNote(kind=n.kind, text=n.text, at=_label(n.owner, reader, rel)) for n in found]


def _seventh(reader: IcdReader, rel: int, code: IcdCode, chain: list[IcdCode]) -> tuple[str, list[SeventhCharacter]]:
    owners = [code.code] + [c.code for c in chain] + ([code.section] if code.section else [])
    owner, rows = reader.seventh(rel, owners)
    if not rows:
        return "", []
    base = code.parent if code.kind == "extension" else code.code
    made = {c.code for c in reader.children(rel, base)} if base else set()
    out = []
    for char, meaning, _alt in rows:
        full = base.ljust(PLACEHOLDER_UP_TO, "X") + char
        out.append(SeventhCharacter(char=char, meaning=meaning, code=_label(full, reader, rel) if full in made else ""))
    return _label(owner, reader, rel), out


def diagnosis(reader: IcdReader, rel: Release, code: IcdCode, note: str, matched: str,
              alternatives: list[IcdCode] | None = None) -> Diagnosis:
    """Everything the tabular says of one code, for the release used."""
    chain = reader.chain(rel.id, code)
    seventh_at, seventh = _seventh(reader, rel.id, code, chain)
    choices, total = ([], 0) if code.billable else reader.billable_below(rel.id, code.code, MAX_CHOICES)
    notes = _notes(reader, rel.id, code, chain)
    base = code.parent if code.kind == "extension" else code.code
    groups = reader.groups(rel.id, code.section)
    return Diagnosis(
        code=code.dotted, descriptor=code.descriptor, short=code.short, billable=bool(code.billable), kind=code.kind,
        release=rel.name, release_version=rel.version, release_note=note,
        chain=[ref(c) for c in reversed(chain)], groups=[f"{_label(g[0], reader, rel.id)}: {g[2]}" for g in reversed(groups)],
        choices=[ref(c) for c in choices], choices_total=total, seventh=seventh, seventh_at=seventh_at,
        placeholder=bool(seventh) and len(base) < PLACEHOLDER_UP_TO, notes=notes,
        meanings={k: MEANINGS[k] for k in dict.fromkeys(n.kind for n in notes) if k in MEANINGS},
        alternatives=[ref(c) for c in alternatives or []], matched=matched)


def ruled_out_note(kb: KnowledgeBase, text: str) -> list[str]:
    """The guideline's note when the question says a diagnosis is only to be ruled out ("r/o pneumonia"), else []."""
    rule = (getattr(kb, "dx_words", {}) or {}).get("ruled_out") or {}
    low = text.lower()
    return [rule["note"]] if rule.get("note") and any(
        re.search(r"(?<![\w/])" + re.escape(w.lower()) + r"(?![\w/])", low)
        for w in [*rule.get("words", []), *rule.get("uncertain", [])]) else []
