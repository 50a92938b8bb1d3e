"""A job in a program told with the credential of the person doing it ("the psychiatric consultant (a PMHNP) spent
30 minutes", "our care manager, an LCSW, logged 40"): the minutes told of the credential are the job's, so the
program's rule for that job decides whether they count (vocabulary job_roles; helper of sides.titled_practitioners)."""

from __future__ import annotations

import dataclasses
import re

from bot.engine.scenario import Scenario

_BETWEEN = re.compile(r"\s*(?:,|\(|-|–|—)?\s*(?:(?:our|the|a|an|is|who is|who's|being|also)\s+)*$")
_REACH = 30  # characters between the job and the credential told beside it


def apposed_roles(sc: Scenario, roles: tuple[str, ...] | list[str]) -> None:
    """Minutes whose worker is a credential told right beside a job of `roles` (and nowhere else) belong to the job."""
    people = [f for f in sc.of("performer") if not f.negated]
    jobs = [f for f in people if f.value in roles]
    moved: dict[str, str] = {}
    for job in jobs:
        end = job.at + len(job.words)
        for other in people:
            if other.value in roles or other.value == job.value:
                continue
            after = end <= other.at <= end + _REACH and _BETWEEN.fullmatch(sc.text[end:other.at])
            before = other.at < job.at and not sc.text[other.at + len(other.words):job.at].strip()
            alone = all(p is other or p.value != other.value for p in people)
            if (after or before) and alone:
                moved[other.value] = job.value
    if moved:
        sc.facts = [dataclasses.replace(f, who=moved[f.who]) if f.kind == "minutes" and f.who in moved else f
                    for f in sc.facts]
