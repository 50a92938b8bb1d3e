"""How many units of a code: the practitioner MUE for the date of service, with its adjudication indicator in words."""

from __future__ import annotations

from bot.answer import Answer, CodeFact
from bot.answer_cms import CmsFacts, MueFact
from bot.codesets.cms_tables import MUE
from bot.engine import cmsfacts
from bot.engine.cmsfacts import CmsContext


def mue_fact(cc: CmsContext, code: str) -> MueFact | None:
    """The code's MUE in the release in force on the date of service, or None."""
    rel = cmsfacts.release(cc, MUE)
    row = cc.reader.mue(rel.id, code) if rel else None
    if row is None:
        return None
    text = cmsfacts.meanings()["mue"]["adjudication"].get(str(row.adjudication), "")
    return MueFact(code=row.code, units=row.units, adjudication=row.adjudication, meaning=text,
                   rationale=row.rationale, release=rel.name)


def _sentence(m: MueFact) -> str:
    per = "on one claim line" if m.adjudication == 1 else "per date of service"
    return (f"MUE {m.units}: at most {m.units} unit{'s' if m.units != 1 else ''} of {m.code} {per} for one patient "
            f"by one practitioner (adjudication indicator {m.adjudication}).")


def mue_sentence(cc: CmsContext, code: str) -> str | None:
    """The code's MUE in one sentence, or None when the imported table has none."""
    found = mue_fact(cc, code)
    return _sentence(found) if found else None


def units_answer(cc: CmsContext, code: str, fact: CodeFact) -> Answer | None:
    """The MUE answer; None when no MUE table is imported (the curated answer is given instead)."""
    found = mue_fact(cc, code)
    rel = next((r for r in cc.used if r.codeset == MUE), None)
    if found is None and rel is None:
        return None
    lacks = [] if found else [f"{rel.name} has no MUE for {code}: CMS does not publish one for every code (some are "
                              "unpublished or the code has none); the payer's limit then applies."]
    cms = CmsFacts(topic="units", mue=found, lacks=lacks, releases=list(cc.used))
    return cmsfacts.finish(cc, status="answered", intent="define", codes=[fact], cms=cms,
                           message=_sentence(found) if found else lacks[0])
