"""HCPCS Level II from the imported HCPCS file: a code's official (public-domain) text, dates, action, coverage
and pricing indicators in plain words; Level II modifiers; a bare token that is both an ICD-10-CM code written
without its dot and a HCPCS code."""

from __future__ import annotations

from bot.answer import Answer, CodeFact, Suggestion
from bot.answer_cms import CmsFacts, HcpcsFact
from bot.codesets.cms_read import HcpcsRow
from bot.codesets.cms_tables import HCPCS
from bot.engine import cmsfacts
from bot.engine.cmsfacts import CmsContext, meaning


def _fact(row: HcpcsRow, kind: str, release: str) -> HcpcsFact:
    m = cmsfacts.meanings()["hcpcs"]
    return HcpcsFact(code=row.code, kind=kind, descriptor=row.long, short=row.short, added=row.added,
                     terminated=row.terminated, action=meaning("hcpcs", "actions", row.action) if row.action else "",
                     action_effective=row.action_effective,
                     coverage=meaning("hcpcs", "coverage", row.coverage) if row.coverage else "",
                     pricing=[f"{p}: {m['pricing'][p]}" if p in m["pricing"] else p for p in row.pricing],
                     betos=row.betos, release=release)


def hcpcs_fact(cc: CmsContext, code: str) -> HcpcsFact | None:
    """A Level II code as the HCPCS release in force states it, or None."""
    rel = cmsfacts.release(cc, HCPCS) if code[:1].isalpha() else None
    row = cc.reader.hcpcs(rel.id, code) if rel else None
    return _fact(row, "procedure", rel.name) if row else None


def modifier_facts(cc: CmsContext, modifiers: list[str]) -> list[HcpcsFact]:
    """The Level II modifiers named, as the HCPCS file states them (those it holds)."""
    rel = cmsfacts.release(cc, HCPCS) if modifiers else None
    rows = [cc.reader.modifier(rel.id, m) for m in modifiers] if rel else []
    return [_fact(r, "modifier", rel.name) for r in rows if r is not None]


def ended(fact: HcpcsFact, cc: CmsContext) -> bool:
    """Whether the code is terminated on the date of service."""
    return bool(fact.terminated) and fact.terminated <= cc.day.isoformat()


def summary(fact: HcpcsFact, cc: CmsContext) -> str:
    """One plain sentence: what the file says of the code's status, coverage and pricing."""
    state = (f"terminated {fact.terminated}" if ended(fact, cc) else
             f"active (added {fact.added})" if fact.added else "active")
    parts = [f"HCPCS Level II code, {state}"]
    if fact.coverage:
        parts.append(f"Medicare coverage {fact.coverage}")
    if fact.pricing:
        parts.append("pricing " + "; ".join(fact.pricing))
    return ". ".join(parts) + "."


def code_fact(fact: HcpcsFact, cc: CmsContext) -> CodeFact:
    """The HCPCS code as the answer's CodeFact (title: the official short description)."""
    gone = ended(fact, cc)
    return cmsfacts.code_fact(fact.code, fact.short or fact.descriptor[:60], summary(fact, cc),
                              status="deleted" if gone else "active",
                              effective_year=int(fact.added[:4]) if fact.added else 0,
                              ended_year=int(fact.terminated[:4]) if gone else None)


def modifier_answer(cc: CmsContext, modifiers: list[str]) -> Answer | None:
    """Level II modifiers outside the curated knowledge, as the HCPCS file states them; None if it holds none."""
    found = modifier_facts(cc, modifiers)
    if not found:
        return None
    codes = [CodeFact(code=f.code, system="modifier", family="", title=f.short, summary=f"Level II modifier: {f.descriptor}",
                      status="deleted" if ended(f, cc) else "active", role="", effective_year=int(f.added[:4] or 0))
             for f in found]
    return cmsfacts.finish(cc, status="answered", intent="define", codes=codes,
                           cms=CmsFacts(topic="modifier", modifiers=found, releases=list(cc.used)))


def two_systems(cc: CmsContext, code: str, icd) -> Answer | None:
    """A bare token that is an ICD-10-CM code without its dot and a HCPCS code: name both and ask which."""
    fact = hcpcs_fact(cc, code)
    if fact is None or icd is None:
        return None
    suggestions = [Suggestion(code=icd.dotted, why=f"ICD-10-CM {icd.dotted}, written without its dot", title=icd.descriptor),
                   Suggestion(code=fact.code, why=f"HCPCS Level II {fact.code} ({fact.release})", title=fact.short)]
    cc.caveats.append("Write the diagnosis with its dot, or say 'HCPCS', and the answer follows that system.")
    return cmsfacts.finish(cc, status="did_you_mean", intent="define", suggestions=suggestions,
                           cms=CmsFacts(topic="code", hcpcs=fact, releases=list(cc.used)),
                           message=f"{code} fits two systems: ICD-10-CM {icd.dotted} ({icd.descriptor}) or HCPCS "
                                   f"Level II {fact.code} ({fact.descriptor}). Which did you mean?")
