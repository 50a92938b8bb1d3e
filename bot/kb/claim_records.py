"""Typed records of modifiers and places of service (knowledge/modifiers.yaml, places.yaml) and of the sources facts
cite (knowledge/sources.yaml), as the index stores them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Source:
    """A publication that facts cite."""

    id: str
    publisher: str
    title: str
    url: str
    year: int
    official: bool = False


@dataclass(frozen=True, slots=True)
class Relation:
    """A link from a modifier or place of service to a modifier, a place or a code."""

    target: str
    system: str  # modifier | POS | code
    kind: str  # not_with | with | see_also
    note: str
    source: str
    contested: str | None = None
    unless: tuple[str, ...] = ()  # words of the case that lift a not_with ("annual wellness visit")
    ask: str = ""  # the question back when the case tells neither an unless word nor another service
    kept_by: tuple[str, ...] = ()  # words of the case that tell another service, one that keeps the not_with
    choices: tuple[str, ...] = ()  # its readings: the case that lifts the not_with, then the case that keeps it


@dataclass(frozen=True, slots=True)
class Use:
    """Where a modifier goes: a family or a code (optionally only some roles), when, and whether it is required."""

    target: str
    when: str
    source: str
    roles: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True, slots=True)
class Amount:
    """A dollar amount a modifier's rule depends on, for one year (e.g. the KX therapy threshold)."""

    year: int
    amount: float
    label: str
    kind: str  # threshold | review
    source: str


@dataclass(frozen=True, slots=True)
class Modifier:
    """A CPT (level I) or HCPCS (level II) modifier, in our own words."""

    code: str
    level: str
    kind: str
    title: str
    summary: str
    when: str
    status: str
    effective_year: int
    sources: tuple[str, ...]
    ended_year: int | None = None
    limits: tuple[str, ...] = ()
    uses: tuple[Use, ...] = ()
    links: tuple[Relation, ...] = ()
    payment_percent: int | None = None
    amounts: tuple[Amount, ...] = ()
    aliases: tuple[str, ...] = ()
    standalone: bool = False  # recognised without the word "modifier" (unambiguous letters such as GP, KX)
    contested: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A place-of-service code: where the patient was, and which Medicare rate it pays."""

    code: str
    title: str
    summary: str
    rate: str  # facility | non_facility
    status: str
    effective_year: int
    sources: tuple[str, ...]
    telehealth: bool = False
    notes: tuple[str, ...] = ()
    links: tuple[Relation, ...] = ()
    aliases: tuple[str, ...] = ()
    contested: str | None = None
    cues: tuple[str, ...] = ()  # words describing the setting ("parking lot", "part a stay"), to find the POS from a story
