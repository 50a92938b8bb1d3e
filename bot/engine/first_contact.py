"""The TCM interactive contact a question states: the first one after the discharge that was not an unanswered
call ("we called on day 1, no answer" is an attempt, whatever verb it used)."""

from __future__ import annotations

import re

from bot.engine.daycount import business_days_between
from bot.engine.scenario import Fact, Scenario

_SENTENCE_END = re.compile(r"[.!?;]\s")
_ALTERNATIVE = ("or", "and/or", "/")
PLANNED_VISIT = ("booked", "scheduled", "appointment", "appt")  # a visit set up, which may not have happened yet
_PLURAL_ATTEMPTS = ("voicemails", "messages", "attempts", "calls", "vms")  # told as several
_COUNTED_DAYS = ("offset", "offset_business", "day_n")  # counted from the discharge, wherever the words stand


def first_contact(sc: Scenario, discharge: Fact | None, unanswered: list[str]) -> Fact | None:
    """The first stated, not negated contact after the discharge (or counted from it), skipping calls whose outcome
    the question tells as unanswered (`unanswered`: meta.yaml criteria words)."""
    contacts = [f for f in sc.of("event", "contact") if not f.negated]
    attempts = [f for f in sc.of("event", "attempt") if not f.negated
                and any(w in f.words.lower() for w in unanswered)]
    for f in contacts:
        if discharge is not None and f.at <= discharge.at and f.value not in _COUNTED_DAYS:
            continue
        if not _went_unanswered(sc.text, f, attempts, contacts):
            return f
    return None


def _went_unanswered(text: str, contact: Fact, attempts: list[Fact], contacts: list[Fact]) -> bool:
    """An attempt ("no answer", "left a voicemail") later in the contact's sentence, with no other contact between
    ("called or tried to reach him" names one act twice: not its outcome)."""
    for a in attempts:
        if a.at <= contact.at or _SENTENCE_END.search(text[contact.at:a.at]):
            continue
        if text[contact.at + len(contact.words):a.at].strip() in _ALTERNATIVE:
            continue
        if not any(contact.at < c.at < a.at for c in contacts):
            return True
    return False


def early_visit(sc: Scenario, discharge: Fact | None, limit: int, holidays: frozenset[str]) -> tuple[Fact, int] | None:
    """A face-to-face visit inside the contact window: it is the interactive contact itself."""
    for visit in (f for f in sc.of("event", "visit") if not f.negated and not f.words.startswith(PLANNED_VISIT)):
        days = business_days_between(discharge, visit, holidays)
        if days is not None and days <= limit:
            return visit, days
    return None


def lone_failed_attempt(sc: Scenario, unanswered: list[str]) -> Fact | None:
    """The one attempt told as unanswered ("left one voicemail and never reached her") when no other attempt is
    stated (the caller has found no answered contact): a single failed call does not stand in for the contact."""
    if any(int(f.value) > 1 for f in sc.of("count") if f.role in ("attempts", "times")):
        return None  # "left voicemails twice": more than one
    attempts = [f for f in sc.of("event", "attempt") if not f.negated]
    failed = [f for f in attempts if any(w in f.words.lower() for w in unanswered)]
    plural = any(f.words.lower().endswith(_PLURAL_ATTEMPTS) for f in attempts)
    return failed[0] if len(attempts) == 1 and failed and not plural else None
