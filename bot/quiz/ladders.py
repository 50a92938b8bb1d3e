"""The pieces scenario questions and their distractors share: the setting, ladders, requests and lines."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.billing import BillRequest, BillResult
from bot.kb.records import Code, Track
from bot.kb.store import KnowledgeBase

Lines = tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class Setting:
    """The ladders a scenario uses and the values it states."""

    family: str
    device: Track | None
    management: Track | None
    days: int | None
    minutes: int | None
    interactive: bool | None


def ladder_bases(kb: KnowledgeBase, track: Track) -> list[Code]:
    """Return a ladder's base (non-add-on) codes billable this year, in ladder order."""
    year = kb.default_year
    return [kb.codes[c] for c in track.codes if c in kb.codes and not kb.codes[c].add_on_to
            and kb.exists_in(kb.codes[c], year)]


def add_on_of(kb: KnowledgeBase, track: Track, base: str) -> Code | None:
    """Return the ladder's add-on to `base` billable this year, or None."""
    return next((kb.codes[c] for c in track.codes if c in kb.codes and base in kb.codes[c].add_on_to
                 and kb.exists_in(kb.codes[c], kb.default_year)), None)


def request_for(kb: KnowledgeBase, facts: dict) -> BillRequest:
    """Return the BillRequest a scenario's facts stand for (naming each ladder's first code picks that ladder)."""
    return BillRequest(family=facts["family"], year=facts["year"], minutes=facts["minutes"], days=facts["days"],
                       interactive=facts["interactive"], variant=facts["variant"], codes=list(facts["ladders"]))


def lines_of(result: BillResult) -> Lines:
    """Return the billed (code, units) pairs in the engine's order."""
    return tuple((l.code, l.units) for l in result.billing.lines)
