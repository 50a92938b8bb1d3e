"""A systemic infection said with the localized infection it came from (dx_synonyms systemic_first: "sepsis due to an
E. coli UTI"): the systemic infection's code first, with the organism the words name, then the localized one's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.engine.dxlex import Concept, Reading
from bot.engine.dxsearch import core_and_optional

if TYPE_CHECKING:
    from bot.engine.dxfind import Finding


def _says(descriptor: str) -> set[str]:
    core, optional = core_and_optional(descriptor)
    return set(core | optional)


def systemic_first(reading: Reading, found: "Finding", search: Callable[[Reading], "Finding"]) -> "Finding | None":
    """The finding with the systemic condition's code put first when the words' own answer left it out; else None."""
    if not reading.systemic or found.primary is None:
        return None
    concept, alone = reading.systemic[0]
    if any(concept.held_by(_says(c.descriptor)) for c in found.codes):
        return None
    local = found.primary
    rest = [c for c in reading.concepts if c is concept or not c.held_by(_says(local.descriptor))]
    first = search(replace(reading, concepts=rest, systemic=[]))
    if first.primary is None or first.unused:  # "sepsis" alone, no organism said: its unspecified code
        worded = [Concept(concept.said, (alone,)) if c is concept else c for c in rest]
        first = search(replace(reading, concepts=worded, systemic=[]))
    if first.primary is None or first.unused:
        return None
    told = set().union(*(_says(c.descriptor) for c in first.codes))
    links = [link for link in found.links if not all(c.held_by(told) for c in link.said)]  # the organism: said first
    codes = list({c.code: c for c in [*first.codes, local, *(link.code for link in links)]}.values())
    return replace(found, codes=codes, primary=first.primary, links=[*first.links, *links], unused=[])
