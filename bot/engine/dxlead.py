"""The code the visit's reason puts first: an encounter code the visit is for ahead of the condition it found (the
screening ahead of the polyp), and the aftercare code ahead of the status code it goes with (Z47.1 ahead of the
joint's Z96.6- when the visit is therapy after the replacement); both rules are knowledge/dx_synonyms.yaml's."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.codesets.icd_read import IcdCode, IcdReader
from bot.codesets.load import Release
from bot.engine.dxlex import Concept, Reading
from bot.engine.dxsearch import core_and_optional, match
from bot.engine.dxtokens import tokens

if TYPE_CHECKING:
    from bot.engine.dxfind import Finding

TITLE_ROWS = 20  # rows searched for a lead code by its title


def encounter_led(reading: Reading, found: Finding) -> Finding:
    """The encounter code the visit is for listed first, the condition found after it (a polyp found at a screening
    colonoscopy follows the screening code: guideline I.C.21.c.5)."""
    leads = [c for c in found.codes if c.descriptor.lower().startswith(reading.leads)] if reading.leads else []
    if not leads or found.codes[0] in leads:
        return found
    codes = leads + [c for c in found.codes if c not in leads]
    return replace(found, codes=codes, primary=codes[0])


def aftercare_led(reader: IcdReader, rel: Release, reading: Reading, found: Finding) -> Finding:
    """A status code found for a visit the question tells as aftercare, led by the aftercare code the guidelines put
    before it (therapy after a knee replacement: Z47.1, then Z96.651; guideline I.C.21.c.7)."""
    for status, title, note in reading.status_leads if found.primary is not None else ():
        if not any(status <= core_and_optional(c.descriptor)[0] for c in found.codes) or \
                any(c.descriptor.lower() == title.lower() for c in found.codes):
            continue
        lead = by_title(reader, rel, title)
        if lead is not None:
            return replace(found, codes=[lead] + found.codes, primary=lead, note=note or found.note)
    return found


def by_title(reader: IcdReader, rel: Release, title: str) -> IcdCode | None:
    """The billable code whose tabular title is exactly `title` (case aside), or None."""
    words = tuple(tokens(title))
    rows = reader.search(rel.id, match([Concept(title, (words,))]), TITLE_ROWS) if words else []
    found = reader.existing(rel.id, list(dict.fromkeys(r[0] for r in rows if r[2].lower() == title.lower())))
    return next((c for c in found if c.billable), None)


def exam_led(reader: IcdReader, rel: Release, reading: Reading, found: Finding) -> Finding:
    """A general examination found beside a finding the question names (an elevated reading at the annual physical):
    the examination's "with abnormal findings" code first, the finding after it (guideline I.C.21.c.13)."""
    for exam_title, with_words, letters, note in reading.exams if found.primary is not None else ():
        exams = [c for c in found.codes if c.descriptor.lower().startswith(exam_title)]
        findings = [c for c in found.codes if c not in exams and c.code.startswith(letters)]
        parent = exams[0].parent if exams and findings else ""
        sibling = next((c for c in reader.children(rel.id, parent) if c.billable
                        and f" {with_words}" in f" {c.descriptor.lower()}"), None) if parent else None
        if sibling is not None:
            codes = [sibling] + [c for c in found.codes if c not in exams]
            return replace(found, codes=codes, primary=sibling, note=" ".join(x for x in (found.note, note) if x))
    return found


def also_coded(reader: IcdReader, rel: Release, reading: Reading, found: Finding) -> Finding:
    """The second code of a category the question's words call for beside the one found (an exacerbation of COPD
    with pneumonia: J44.1 and J44.0, then the pneumonia's code), right after it."""
    codes = list(found.codes)
    notes = []
    for title, adds, note in reading.also if found.primary is not None else ():
        at = next((i for i, c in enumerate(codes) if c.descriptor.lower() == title), None)
        added = by_title(reader, rel, adds) if at is not None else None
        if added is not None and added.code not in {c.code for c in codes}:
            codes.insert(at + 1, added)
            notes.append(note)
    return replace(found, codes=codes, note=" ".join([found.note] + notes).strip()) if notes else found


def weeks_code(reader: IcdReader, rel: Release, reading: Reading, found: Finding) -> Finding:
    """The weeks-of-gestation code after a pregnancy's codes, when the question states the weeks (chapter 15: use
    additional code from Z3A)."""
    weeks = reading.weeks
    if weeks is None or found.primary is None or not any(
            c.code.startswith(weeks.letters) or c.descriptor.lower().startswith(weeks.starts) for c in found.codes):
        return found
    code = by_title(reader, rel, weeks.title)
    return found if code is None or code in found.codes else replace(found, codes=found.codes + [code])
