"""A code the asker names but the answer leaves unused, from another family than every line billed ("our PT answered
a portal question ... bill the physician e-visit code?" billed as therapy units): the reading may have missed what the work was, so the
answer asks which program it was instead of billing one confidently."""

from __future__ import annotations

from bot.answer import Billing, Choice
from bot.engine.scenario import Scenario
from bot.kb.store import KnowledgeBase


def named_off_family(kb: KnowledgeBase, sc: Scenario | None, billing: Billing | None, left: list[str]) -> list[str]:
    """The unused words that are active codes we hold, asked about, of a family none of the billed lines belongs to
    (a code told as context, billed already or deleted is not what the question asks to bill)."""
    if sc is None or billing is None or billing.example or not billing.lines:
        return []
    billed = {kb.codes[l.code].family for l in billing.lines if l.code in kb.codes}
    asked = set(sc.codes("asked"))
    told = {kb.codes[c].family for c in sc.codes() if c in kb.codes} | {str(f.value) for f in sc.of("family")}
    if billed & told:  # the lines are of a program the question names (by a code, a name or a cue): a choice made
        return []
    said = " ".join([*billing.trace, *billing.assumptions])  # a code the answer weighed and set aside is placed
    return [w.upper() for w in left if w.upper() in asked and w.upper() in kb.codes and w.upper() not in said
            and kb.codes[w.upper()].status == "active" and kb.codes[w.upper()].family not in billed]


def off_family_fields(kb: KnowledgeBase, original: str, fields: dict, off: list[str]) -> dict:
    """Turn the answer into a clarify: the family the lines came from, or the named code's family."""
    billing: Billing = fields["billing"]
    lines = ", ".join(l.code for l in billing.lines)
    billed_family = kb.codes[billing.lines[0].code].family
    named = kb.codes[off[0]]
    names = {f: kb.families[f].name if f in kb.families else f for f in (billed_family, named.family)}
    choices = [Choice(label=f"{names[named.family]} ({named.code} family)",
                      question=f"{original.rstrip()} The work was {names[named.family]}."),
               Choice(label=f"{names[billed_family]} ({lines})",
                      question=f"{original.rstrip()} The work was {names[billed_family]}, not {named.code}.")]
    message = (f"You name {named.code} ({names[named.family]}), but I read the work as {names[billed_family]} "
               f"({lines}). Which was it?")
    return {**fields, "status": "clarify", "choices": choices, "message": message, "billing": None}
