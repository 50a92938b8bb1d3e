"""The ICD-10-CM part of the Answer contract (issue 13): the diagnosis code answered, as the tabular states it, with
the release that answered. Answer.diagnosis holds a Diagnosis (None otherwise)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.answer import _f


@dataclass(frozen=True, slots=True)
class DiagnosisRef:
    """An ICD-10-CM code named inside a diagnosis answer (an ancestor, a billable choice, an alternative)."""

    code: str = _f("the code with its dot, e.g. M17.11")
    descriptor: str = _f("its official ICD-10-CM descriptor")
    billable: bool = _f("true when valid on a claim; false for a header that needs more characters", False)


@dataclass(frozen=True, slots=True)
class DiagnosisNote:
    """One instructional note of the tabular, where it sits, and the code ranges it points to."""

    kind: str = _f("excludes1, excludes2, code_first, use_additional, code_also, includes, inclusion, notes or seventh_note")
    text: str = _f("the official note text")
    at: str = _f("the code or group it sits on; a note covers every code below it, e.g. E11 or 'Chapter 4'")


@dataclass(frozen=True, slots=True)
class SeventhCharacter:
    """One 7th character a code may take."""

    char: str = _f("the character, e.g. A")
    meaning: str = _f("what it means, e.g. initial encounter for closed fracture")
    code: str = _f("the complete code with this 7th character (placeholder X added), when the code asked can take it", "")


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """An ICD-10-CM code as the tabular states it, with the release the answer used."""

    code: str = _f("the code with its dot")
    descriptor: str = _f("the official ICD-10-CM long descriptor (public domain)")
    short: str = _f("the official short descriptor, when the order file was imported", "")
    billable: bool = _f("true when valid on a claim", False)
    kind: str = _f("category, subcategory or extension (a code completed by its 7th character)", "")
    release: str = _f("the release that answered, e.g. ICD-10-CM FY2026 (April 1, 2026 update)", "")
    release_version: str = _f("its version, e.g. FY2026-04", "")
    release_note: str = _f("when the release is not the one in force for the date, which one is and how to load it", "")
    chain: list[DiagnosisRef] = _f("the parent chain, broadest first (category down to the parent)", factory=list)
    groups: list[str] = _f("chapter and section the code sits in, broadest first", factory=list)
    choices: list[DiagnosisRef] = _f("for a header: the billable codes below it to choose from", factory=list)
    choices_total: int = _f("how many billable codes are below a header (choices may list fewer)", 0)
    seventh: list[SeventhCharacter] = _f("7th characters the code requires (empty when it needs none)", factory=list)
    seventh_at: str = _f("the code whose 7th-character definition applies", "")
    placeholder: bool = _f("true when placeholder X must fill positions up to the 6th before the 7th character", False)
    notes: list[DiagnosisNote] = _f("the tabular's notes on the code and everything above it", factory=list)
    meanings: dict = _f("what each kind of note present means, in plain words (kind -> text)", factory=dict)
    alternatives: list[DiagnosisRef] = _f("for a search: other close matches to choose from", factory=list)
    matched: str = _f("how the code was found: code, code without dot, descriptor, inclusion term or index", "")
