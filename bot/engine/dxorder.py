"""Which written code goes first ("J12.82 or U07.1 first?", "first dx = A or B?"): the order the tabular's own notes
give between the codes written (a "code first" note names the code that leads, a "use additional code" note the one
that follows) or the guidelines' encounter-first rule (dx_synonyms encounter_first); None when they leave it open."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from bot.answer import Answer
from bot.codesets.icd_read import IcdCode
from bot.codesets.refs import note_covers
from bot.engine.dxlink import partner_notes

if TYPE_CHECKING:
    from bot.engine.diagnosis import DxContext

_ORDER_ASKED = re.compile(
    r"\b(?:go(?:es)?\s+first|(?:listed|coded|sequenced|reported|put)\s+first|first[- ](?:listed|dx|diagnosis|code)|"
    r"primary\s+(?:dx|diagnosis)|(?:should|would|does|do)\s+\w+\s+lead|sequenc\w*|which\s+order|what\s+order|"
    r"order\s+(?:of|for)\s+the\s+(?:codes|diagnos[ie]s|dx)|(?<=\w)\s+first\s+(?:for|on|when|with|if)|"
    r"[A-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?\s+first(?=\s*[?,.]|$))\b", re.I)  # "K63.5 or Z12.11 first?"
_WORD = re.compile(r"[a-z]+")


def asks_order(text: str) -> bool:
    """Whether the question asks which of its codes is listed first."""
    return bool(_ORDER_ASKED.search(text))


def _says(text: str, phrase: str) -> bool:
    return re.search(r"\b" + r"\s+".join(map(re.escape, phrase.lower().split())) + r"\b", text.lower()) is not None


def _encounter_first(dx: DxContext, code: IcdCode) -> str | None:
    """The guideline that lists the encounter code first, when the code is one and the question says it is the visit."""
    for rule in (getattr(dx.kb, "dx_words", {}) or {}).get("encounter_first", []):
        if any(code.descriptor.lower().startswith(w.lower()) for w in rule["words"]) and \
                (not rule["when"] or any(_says(dx.text, w) for w in rule["when"])):
            return f"{code.dotted} ({code.descriptor}) is listed first: " + (rule.get("note") or (
                "the visit is for that service alone, so the condition it treats follows as an additional code "
                "(ICD-10-CM guideline I.C.2.e.2)."))
    return None


def _before(dx: DxContext, a: IcdCode, b: IcdCode) -> str | None:
    """Why a goes before b by a note on either code (None when no note orders them)."""
    for note in partner_notes(dx.reader, dx.release, b):
        if note.kind == "code_first" and note_covers(note.text, a.code):
            return f"{a.dotted} goes first: the tabular at {b.dotted} says \"code first {note.text}\"."
    for note in partner_notes(dx.reader, dx.release, a):
        if note.kind == "use_additional" and note_covers(note.text, b.code):
            return f"{a.dotted} goes first: the tabular at {a.dotted} says \"use additional {note.text}\" ({b.dotted})."
    return None


def answer(dx: DxContext, codes: list[IcdCode], define: Callable[..., Answer]) -> Answer | None:
    """The written codes in the order to report them, when the question asks it and every code is placed."""
    if len(codes) < 2 or not asks_order(dx.text):
        return None
    leads = {c.code: why for c in codes if (why := _encounter_first(dx, c))}
    if len(leads) > 1:
        return None
    ahead: dict[str, int] = {c.code: 0 for c in codes}
    reasons: list[str] = list(leads.values())
    for a in codes:
        for b in codes:
            if a.code in leads and b.code not in leads:
                ahead[a.code] += 1
            elif a is not b and b.code not in leads and (why := _before(dx, a, b)):
                ahead[a.code] += 1
                reasons.append(why)
    ranked = sorted(codes, key=lambda c: -ahead[c.code])
    if len({ahead[c.code] for c in codes}) < len(codes):
        return None  # two codes the notes leave unordered: the words decide, elsewhere
    dx.caveats.extend(reasons)
    return define(dx, ranked[0], "the codes written, in the order the tabular gives", sequence=ranked)
