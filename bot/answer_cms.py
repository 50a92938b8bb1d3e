"""The CMS-files part of the Answer contract (issue 14): what the imported HCPCS, NCCI PTP, MUE and fee-schedule
files say of the codes asked, and which releases answered. Answer.cms holds a CmsFacts (None otherwise)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


def _f(help_text: str, default: Any = dataclasses.MISSING, factory: Any = dataclasses.MISSING) -> Any:
    """Declare a documented field (help metadata, enforced by a test)."""
    if factory is not dataclasses.MISSING:
        return field(default_factory=factory, metadata={"help": help_text})
    return field(default=default, metadata={"help": help_text})


@dataclass(frozen=True, slots=True)
class CmsRelease:
    """One imported CMS release an answer used, and whether it is the one in force for the date."""

    codeset: str = _f("code set: hcpcs, ncci_ptp_practitioner, mue_practitioner, pfs_rvu, gpci, locality_county or cpt_descriptors")
    name: str = _f("the release, e.g. NCCI procedure-to-procedure edits, practitioner services, version 32.1")
    version: str = _f("its version, e.g. 32.1, RVU26C, 2026 January")
    effective: str = _f("ISO date it took effect")
    ends: str = _f("ISO last day in force, when known", "")
    note: str = _f("when it is not the release in force for the date asked: which dates it covers and what to import", "")


@dataclass(frozen=True, slots=True)
class HcpcsFact:
    """A HCPCS Level II code or modifier as the imported HCPCS file states it (official, public-domain text)."""

    code: str = _f("the code or the two-character modifier")
    kind: str = _f("procedure or modifier")
    descriptor: str = _f("the official long description")
    short: str = _f("the official short description")
    added: str = _f("ISO date the code was added", "")
    terminated: str = _f("ISO termination date, when it has one", "")
    action: str = _f("the release's action code and its meaning, e.g. 'D: discontinued'", "")
    action_effective: str = _f("ISO date the action took effect", "")
    coverage: str = _f("Medicare coverage code and its meaning in plain words", "")
    pricing: list[str] = _f("each pricing indicator with its meaning in plain words", factory=list)
    betos: str = _f("BETOS category code", "")
    release: str = _f("the HCPCS release the text comes from", "")


@dataclass(frozen=True, slots=True)
class RvuFact:
    """A code's row in the physician fee schedule relative value file, with its national amounts."""

    code: str = _f("the code")
    modifier: str = _f("the modifier of the row (26, TC, 53) or '' for the global service")
    status: str = _f("status code and its meaning in plain words, e.g. 'A: active: paid under the fee schedule'")
    work_rvu: str = _f("work RVU as published")
    nonfacility_pe_rvu: str = _f("non-facility practice-expense RVU ('NA' when not priced outside a facility)")
    facility_pe_rvu: str = _f("facility practice-expense RVU ('NA' when not priced in a facility)")
    mp_rvu: str = _f("malpractice RVU")
    nonfacility_total: str = _f("total non-facility RVU")
    facility_total: str = _f("total facility RVU")
    global_days: str = _f("global surgery period code and its meaning, e.g. '010: 10-day global ...'")
    conversion_factor: str = _f("the conversion factor of the file, in dollars")
    nonfacility_amount: float | None = _f("national non-facility amount (total RVU x CF); None when not priced", None)
    facility_amount: float | None = _f("national facility amount; None when not priced", None)
    release: str = _f("the relative value release", "")


@dataclass(frozen=True, slots=True)
class NcciEdit:
    """One date window of an NCCI procedure-to-procedure edit."""

    column1: str = _f("the column 1 code (the one paid)")
    column2: str = _f("the column 2 code (denied unless the edit may be bypassed)")
    effective: str = _f("ISO first date of service it applies to")
    deleted: str = _f("ISO last date of service it applies to; '' while in force", "")
    modifier_indicator: int = _f("0 no modifier bypasses it, 1 a modifier may when the services are distinct, 9 not applicable", 0)
    rationale: str = _f("CMS's rationale for the edit", "")
    in_force: bool = _f("true when this window covers the date of service", False)


@dataclass(frozen=True, slots=True)
class NcciVerdict:
    """What the imported NCCI PTP edits say of two codes on a date of service, beside any curated rule."""

    left: str = _f("first code asked")
    right: str = _f("second code asked")
    date_of_service: str = _f("ISO date the verdict is for")
    date_stated: bool = _f("true when the question gave the date; false when today was assumed", False)
    edit: NcciEdit | None = _f("the window in force on the date, if any", None)
    windows: list[NcciEdit] = _f("every window of the edit between the two codes", factory=list)
    indicator: str = _f("the modifier indicator of the edit in force, in plain words", "")
    bypass_modifiers: list[str] = _f("modifiers that may bypass an indicator-1 edit when the services are truly distinct (59, XE, XP, XS, XU)", factory=list)
    other_modifiers: list[str] = _f("the other NCCI-associated modifiers, by kind, for an indicator-1 edit where one of them fits better", factory=list)
    allowed: bool | None = _f("NCCI's verdict: false for indicator 0; true for indicator 1 (with a modifier only), 9, or no edit", None)
    curated_allowed: bool | None = _f("our curated pair rule's verdict, when one exists", None)
    followed: str = _f("which verdict the answer follows: ncci, curated, or both (they agree)", "")
    release: str = _f("the PTP release", "")


@dataclass(frozen=True, slots=True)
class MueFact:
    """A code's practitioner medically unlikely edit."""

    code: str = _f("the code")
    units: int = _f("the most units one practitioner may report for one patient on one date of service (or one line)")
    adjudication: int = _f("MUE adjudication indicator: 1 claim line, 2 date of service (policy), 3 date of service (clinical)")
    meaning: str = _f("the adjudication indicator in plain words")
    rationale: str = _f("CMS's MUE rationale")
    release: str = _f("the MUE release", "")


@dataclass(frozen=True, slots=True)
class LocalityFee:
    """What a code pays in one Medicare payment locality."""

    locality: str = _f("MAC and locality number joined by a hyphen, e.g. Houston is the Texas MAC with locality 18")
    name: str = _f("the locality's name, e.g. HOUSTON")
    state: str = _f("two-letter state")
    work_gpci: str = _f("work GPCI (with the floor where the law sets one)")
    pe_gpci: str = _f("practice-expense GPCI")
    mp_gpci: str = _f("malpractice GPCI")
    counties: str = _f("the counties it covers, from the locality-county file", "")
    nonfacility_amount: float | None = _f("(work x PW GPCI + non-facility PE x PE GPCI + MP x MP GPCI) x CF; None when not priced", None)
    facility_amount: float | None = _f("the same with the facility PE RVU; None when not priced", None)
    formula: str = _f("the non-facility computation written out", "")
    matched: str = _f("the words of the question the locality was matched from, and how", "")


@dataclass(frozen=True, slots=True)
class FeeFact:
    """A code's fee-schedule payment: national, and by the localities the question names."""

    rvu: RvuFact = _f("the relative value row used")
    localities: list[LocalityFee] = _f("one entry per locality asked (every locality of a state asked by name)", factory=list)
    asked: str = _f("the place words read from the question; '' for the national figure", "")
    gpci_release: str = _f("the GPCI release used", "")


@dataclass(frozen=True, slots=True)
class CmsFacts:
    """The imported CMS files' part of an answer: what they hold for the codes asked and which releases answered."""

    topic: str = _f("code, pair, units, fee or modifier: which partial renders it")
    beside: bool = _f("true when shown beside a curated answer rather than as the answer itself", False)
    hcpcs: HcpcsFact | None = _f("the HCPCS Level II file's entry for the code", None)
    descriptor: str | None = _f("the practice's licensed CPT descriptor, when imported", None)
    rvu: RvuFact | None = _f("the fee-schedule row of the code (national)", None)
    ncci_edits: list[int] = _f("how many NCCI PTP edits in force name the code: [as column 1, as column 2]", factory=list)
    mue: MueFact | None = _f("the code's practitioner MUE", None)
    modifiers: list[HcpcsFact] = _f("Level II modifiers named in the question, as the HCPCS file states them", factory=list)
    pair: NcciVerdict | None = _f("the NCCI verdict for pair questions", None)
    fee: FeeFact | None = _f("payment by locality for pay questions", None)
    lacks: list[str] = _f("what the imported files do not hold for the code, and what to import for it", factory=list)
    releases: list[CmsRelease] = _f("the imported releases the answer used", factory=list)


CONTRACT_CLASSES = (CmsRelease, HcpcsFact, RvuFact, NcciEdit, NcciVerdict, MueFact, LocalityFee, FeeFact, CmsFacts)
