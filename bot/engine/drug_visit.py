"""The office visit told beside a drug given the same day ("a level 4 visit with 25, then Kenalog 40 mg into the knee", "low MDM
visit, and the MA gave the B12 shot"): the visit's line before the drug and its giving, with modifier 25 when it is a
problem visit above the nurse visit (a significant, separately identifiable service)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.engine.handlers import Context

VISIT_FAMILY = "EM"
SOURCE = "noridian-em-drug-admin"


def visit_beside(ctx: Context, asked: list[str]) -> tuple[str, str, str] | None:
    """(code, title, note) of the office visit the question names, or whose MDM level it states, beside a drug;
    None when it tells no visit or only the nurse visit (not paid beside an injection: its own link says so)."""
    from bot.engine.visit_time import mdm_level  # noqa: PLC0415

    kb = ctx.kb
    named = [c for c in asked if kb.codes[c].family == VISIT_FAMILY and kb.codes[c].role == "visit"]
    code = kb.codes[named[0]] if len(named) == 1 else None
    if code is None and not named:
        level = mdm_level(kb, (ctx.raw_text or ctx.q.text).lower())
        track = next((t for t in kb.family_tracks(VISIT_FAMILY) if t.default), None)
        code = next((kb.codes[c] for c in (track.codes if track else ()) if level and kb.codes[c].rule.mdm == level), None)
    if code is None or code.rule.mdm is None:
        return None  # no level told, or a visit without an MDM level (the nurse visit)
    note = (f"{code.code}-25: the problem visit is a significant, separately identifiable service beside the drug's "
            "administration the same day, so modifier 25 goes on the visit line (documented apart from the injection).")
    return code.code, code.title, note
