"""Can A be billed with B: the NCCI PTP edit for the date of service (the window covering it), which code is
column 1, the modifier indicator in plain words and the modifiers that may bypass it; beside a curated rule,
both verdicts appear and the stricter one is followed."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from bot.answer import Answer, CodeFact, PairVerdict
from bot.answer_cms import CmsFacts, NcciEdit, NcciVerdict
from bot.codesets.cms_read import PtpRow
from bot.codesets.cms_tables import PTP
from bot.engine import cmsfacts
from bot.engine.cmsfacts import CmsContext

PERIOD = "same date of service, same patient, same practitioner"
POLICY_SOURCE = "cms-ncci-policy-manual"


def _iso(ymd: int | None) -> str:
    return "" if ymd is None else datetime.strptime(str(ymd), "%Y%m%d").date().isoformat()


def _edit(row: PtpRow, day: int) -> NcciEdit:
    return NcciEdit(column1=row.column1, column2=row.column2, effective=_iso(row.effective), deleted=_iso(row.deleted),
                    modifier_indicator=row.modifier, rationale=row.rationale, in_force=row.covers(day))


def verdict(cc: CmsContext, a: str, b: str) -> NcciVerdict | None:
    """NCCI's verdict on two codes for the date of service; None when no PTP release is imported."""
    rel = cmsfacts.release(cc, PTP)
    if rel is None:
        return None
    words = cmsfacts.meanings()["ptp"]
    rows = cc.reader.ptp(rel.id, a, b)
    live = [r for r in rows if r.covers(cc.ymd) and r.modifier != 9]
    chosen = min(live, key=lambda r: (r.modifier, -r.effective)) if live else None  # indicator 0 is the stricter
    if chosen is not None:
        indicator = words["indicators"][str(chosen.modifier)]
    elif any(r.covers(cc.ymd) for r in rows):
        indicator = words["indicators"]["9"]
    else:
        indicator = words["window_closed"] if rows else words["no_edit"]
    bypass = chosen is not None and chosen.modifier == 1
    return NcciVerdict(left=a, right=b, date_of_service=cc.day.isoformat(), date_stated=cc.day_stated,
                       edit=_edit(chosen, cc.ymd) if chosen else None, windows=[_edit(r, cc.ymd) for r in rows],
                       indicator=indicator, bypass_modifiers=list(words["distinct_modifiers"]) if bypass else [],
                       other_modifiers=list(words["other_modifiers"]) if bypass else [],
                       allowed=chosen is None or chosen.modifier == 1, release=rel.name)


def reason(v: NcciVerdict) -> str:
    """The NCCI verdict in one sentence (the answer's NCCI block gives the meaning, modifiers and windows)."""
    day = v.date_of_service + ("" if v.date_stated else " (today; no date of service was given)")
    e = v.edit
    if e is None:
        return f"NCCI ({v.release}), {day}: {v.indicator[0].upper()}{v.indicator[1:]}."
    how = {0: "no modifier bypasses it", 1: f"{e.column2} is paid only for truly distinct services, with "
           f"{' or '.join(v.bypass_modifiers[:1] + ['an X modifier'])} (or another NCCI-associated modifier that fits)"}
    return (f"NCCI edit in force on {day}: {e.column1} is column 1 (paid), {e.column2} column 2, modifier indicator "
            f"{e.modifier_indicator}: {how.get(e.modifier_indicator, v.indicator)}."
            + (f" Rationale: {e.rationale}." if e.rationale else ""))


def combine(curated: bool | None, ncci: bool | None) -> tuple[bool | None, str]:
    """(verdict followed, whose): with both on file and differing, the stricter (not allowed) wins."""
    if curated is None:
        return ncci, "ncci"
    if ncci is None or ncci == curated:
        return curated, "both" if ncci is not None else "curated"
    return False, "ncci" if ncci is False else "curated"


def worst(cc: CmsContext, codes: list[str]) -> NcciVerdict | None:
    """With three or more codes: the first pair not allowed, else the first with an edit in force, else the first."""
    found = [v for v in (verdict(cc, a, b) for i, a in enumerate(codes) for b in codes[i + 1:]) if v is not None]
    return next((v for v in found if v.allowed is False), None) or next((v for v in found if v.edit), None) or \
        (found[0] if found else None)


def pair_answer(cc: CmsContext, codes: list[str], facts_of: dict[str, CodeFact]) -> Answer | None:
    """The pair answer from the PTP file alone (no curated rule covers these codes)."""
    v = worst(cc, codes)
    if v is None:
        return None
    cc.source_ids.append(POLICY_SOURCE)
    pair = PairVerdict(left=v.left, right=v.right, allowed=v.allowed, period=PERIOD, reason=reason(v),
                       source_ids=[POLICY_SOURCE])
    cms = CmsFacts(topic="pair", pair=dataclasses.replace(v, followed="ncci"), releases=list(cc.used))
    return cmsfacts.finish(cc, status="answered", intent="pair", pair=pair, cms=cms,
                           codes=[facts_of[c] for c in dict.fromkeys(codes) if c in facts_of])


def beside(cc: CmsContext, answer: Answer) -> Answer:
    """A curated pair answer with the NCCI verdict beside it; where they differ, the stricter one is followed."""
    v = verdict(cc, answer.pair.left, answer.pair.right)
    if v is None:
        return answer
    # with no edit in force NCCI is silent: a curated rule then stands alone; without one, "no edit" is the verdict
    ncci = v.allowed if v.edit is not None or answer.pair.allowed is None else None
    final, followed = combine(answer.pair.allowed, ncci)
    v = dataclasses.replace(v, curated_allowed=answer.pair.allowed, followed=followed)
    pair = dataclasses.replace(answer.pair, allowed=final,
                               reason=reason(v) if followed == "ncci" else answer.pair.reason,
                               source_ids=list(answer.pair.source_ids) + [POLICY_SOURCE])
    caveats = list(answer.caveats)
    if answer.pair.allowed is not None and ncci is not None and followed != "both":
        caveats.append(f"Our curated rule says {'allowed' if answer.pair.allowed else 'not allowed'}; the NCCI edit "
                       f"file says {'allowed' if v.allowed else 'not allowed'} for {v.date_of_service}: the stricter "
                       "verdict (not allowed) is followed.")
    cc.source_ids.append(POLICY_SOURCE)
    known = {s.id for s in answer.sources}
    extra = [s for s in cmsfacts.sources(cc.ctx.kb, cc.source_ids) if s.id not in known]
    status = "answered" if final is not None else answer.status
    return dataclasses.replace(answer, pair=pair, caveats=caveats, sources=list(answer.sources) + extra,
                               status=status, message="" if status == "answered" else answer.message,
                               cms=CmsFacts(topic="pair", beside=True, pair=v, releases=list(cc.used)))
