"""Family cue phrases built from parts: each lead word followed by each object ("trained" + "his wife")."""

from __future__ import annotations


def combined_cues(groups: dict | None) -> dict[str, str]:
    """Return {phrase: family} for every lead-object pair of the vocabulary's `family_cue_combos`."""
    out: dict[str, str] = {}
    for family, parts in (groups or {}).items():
        for lead in parts.get("leads") or []:
            for obj in parts.get("objects") or []:
                out[f"{lead} {obj}".lower()] = str(family)
    return out
