"""The office visit told beside a drug given the same day ("a level 4 visit with 25, then Kenalog 40 mg into the knee", "low MDM
visit, and the MA gave the B12 shot"): the visit's line before the drug and its giving, with modifier 25 when it is a
problem visit above the nurse visit (a significant, separately identifiable service)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine.pairs import PairResult, pair_verdict, told_against

if TYPE_CHECKING:
    from bot.engine.handlers import Context
    from bot.kb.records import Code

VISIT_FAMILY = "EM"
SOURCE = "noridian-em-drug-admin"


def _visit_code(ctx: Context, asked: list[str]) -> Code | None:
    """The office visit the question names, or the one of the MDM level it states; None when it tells neither."""
    from bot.engine.visit_time import mdm_level  # noqa: PLC0415

    kb = ctx.kb
    named = [c for c in asked if kb.codes[c].family == VISIT_FAMILY and kb.codes[c].role == "visit"]
    if named:
        return kb.codes[named[0]] if len(named) == 1 else None
    level = mdm_level(kb, (ctx.raw_text or ctx.q.text).lower())
    track = next((t for t in kb.family_tracks(VISIT_FAMILY) if t.default), None)
    return next((kb.codes[c] for c in (track.codes if track else ()) if level and kb.codes[c].rule.mdm == level), None)


def _told_apart(ctx: Context, code: str, given_family: str) -> PairResult:
    """The visit's verdict beside the procedure's family, with the case's words that rule it out ("no new issues":
    the visit was only the procedure's own check, knowledge/concurrency.yaml not_when)."""
    return told_against(ctx.kb, pair_verdict(ctx.kb, code, given_family), ctx.raw_text or ctx.q.text)


def visit_beside(ctx: Context, asked: list[str], given_family: str) -> tuple[str, str, str] | None:
    """(code, title, note) of the office visit the question names, or whose MDM level it states, beside a drug;
    None when it tells no visit, only the nurse visit (not paid beside an injection: its own link says so), or a
    visit the case says was only the procedure's own (visit_not_billed says why)."""
    code = _visit_code(ctx, asked)
    if code is None or code.rule.mdm is None:
        return None  # no level told, or a visit without an MDM level (the nurse visit)
    if _told_apart(ctx, code.code, given_family).verdict.allowed is False:
        return None
    note = (f"{code.code}-25: the problem visit is a significant, separately identifiable service beside the drug's "
            "administration the same day, so modifier 25 goes on the visit line (documented apart from the injection).")
    return code.code, code.title, note


def visit_not_billed(ctx: Context, asked: list[str], given_family: str) -> list[str]:
    """Why the visit told beside the procedure is not billed, when the case says it was no separate service."""
    code = _visit_code(ctx, asked)
    if code is None or code.rule.mdm is None:
        return []
    verdict = _told_apart(ctx, code.code, given_family).verdict
    if verdict.allowed is not False:
        return []
    ctx.source_ids += verdict.source_ids
    return [f"{code.code} is not billed (nor modifier 25). {verdict.reason}"]
