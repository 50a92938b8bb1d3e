"""The codes and companions of a diagnosis answer: the codes to report in order, then a header's billable codes to
choose from (so every channel and the JSON name them), and the codes the tabular's notes ask for beside them."""

from __future__ import annotations

from bot.answer import CodeFact, Companion
from bot.answer_dx import Diagnosis
from bot.codesets.icd_read import IcdCode, IcdReader
from bot.codesets.load import Release
from bot.engine import dxfacts
from bot.engine.dxlink import Link, named_by_notes

ROLE_REPORTED = "diagnosis"  # a code to report, in the answer's order
ROLE_CHOICE = "billable choice"  # a billable code below the header asked about
ROLE_QUOTED = "quoted, not these words' code"  # the code the question named, when its words describe another
MAX_NAMED = 8
LABELS = {"use_additional": "use additional code", "code_first": "code first", "code_also": "code also"}


def _choice_fact(choice, rel: Release) -> CodeFact:
    return CodeFact(code=choice.code, system=dxfacts.SYSTEM, family="", title=choice.descriptor,
                    summary="Billable code below the header: choose it when the documentation says so.", status="active",
                    role=ROLE_CHOICE, effective_year=rel.fiscal_year or 0, rules=[], source_ids=[])


def quoted_facts(reader: IcdReader, rel: Release, code: IcdCode, note: str, reported: list[IcdCode]) -> list[CodeFact]:
    """The code the question quoted, listed after the codes to report and marked as not the words' code; a header's
    billable codes after it (so every channel names the choices)."""
    d = dxfacts.diagnosis(reader, rel, code, note, "code")
    fact = dxfacts.code_fact(code, rel, d)
    shown = {c.dotted for c in reported}
    return [CodeFact(**{**_fields(fact), "role": ROLE_QUOTED,
                        "summary": f"The code the question named; not the code its words describe. {fact.summary}"})] + \
        [_choice_fact(c, rel) for c in d.choices if c.code not in shown]


def _why(link: Link, reported_first: bool) -> str:
    where = link.at if len(link.at) <= 3 else f"{link.at[:3]}.{link.at[3:]}"
    return f"{LABELS[link.kind]} (note at {where}: {link.note})" + (", so it is reported first" if reported_first else "")


def code_facts(reader: IcdReader, rel: Release, sequence: list[IcdCode], first: Diagnosis, note: str,
               links: list[Link]) -> list[CodeFact]:
    """The codes to report in order (each with its own summary), then the first code's billable choices."""
    facts = [dxfacts.code_fact(sequence[0], rel, first)]
    by_code = {k.code.code: k for k in links}
    for code in sequence[1:]:
        d = dxfacts.diagnosis(reader, rel, code, note, "partner")
        fact = dxfacts.code_fact(code, rel, d)
        link = by_code.get(code.code)
        summary = f"{fact.summary} Reported with {sequence[0].dotted}: {_why(link, False)}." if link else fact.summary
        facts.append(CodeFact(**{**_fields(fact), "summary": summary}))
    return facts + [_choice_fact(c, rel) for c in first.choices]


def _fields(fact: CodeFact) -> dict:
    return {name: getattr(fact, name) for name in fact.__dataclass_fields__}


def companions(reader: IcdReader, rel: Release, sequence: list[IcdCode], links: list[Link]) -> list[Companion]:
    """The codes the first code's notes name (Z47.1: the joint's code Z96.6), besides those already reported."""
    reported = {c.code for c in sequence}
    out = [Companion(code=k.code.dotted, relation="see_also", note=_why(k, k.before), title=k.code.descriptor)
           for k in links if k.code.code not in reported]
    for code, note in named_by_notes(reader, rel, sequence[0]):
        if code.code not in reported and len(out) < MAX_NAMED:
            reported.add(code.code)
            out.append(Companion(code=code.dotted, relation="see_also", title=code.descriptor,
                                 note=f"{LABELS[note.kind]}: {note.text}"))
    return out


def order_caveat(sequence: list[IcdCode], links: list[Link]) -> str:
    """One sentence on why the codes are in this order, when there are several."""
    if len(sequence) < 2:
        return ""
    reasons = "; ".join(f"{k.code.dotted}: {_why(k, k.before)}" for k in links)
    return f"Report {', then '.join(c.dotted for c in sequence)}" + (f" ({reasons})." if reasons else ".")
