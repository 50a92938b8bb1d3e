"""External-cause codes said beside an injury (dx_synonyms listed_after: "fell off a ladder and fractured her wrist"):
the injury's code first, the external-cause code after it as an additional code, and the answer says why."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.engine.dxlex import Reading

if TYPE_CHECKING:
    from bot.engine.dxfind import Finding


def listed_after(reading: Reading, found: "Finding") -> "Finding | None":
    """The finding with its external-cause codes behind the codes that are not one, and the note; else None."""
    letters = tuple(reading.after.get("letters") or ())
    first = [c for c in found.codes if not c.code.startswith(letters)] if letters else []
    later = [c for c in found.codes if c.code.startswith(letters)] if letters else []
    if not first or not later:
        return None  # no external cause, or one asked about on its own: its own code answers
    note = reading.after.get("note", "").format(code=later[0].dotted)
    return replace(found, codes=first + later, primary=found.primary if found.primary in first else first[0],
                   note=" ".join(x for x in (found.note, note) if x))
