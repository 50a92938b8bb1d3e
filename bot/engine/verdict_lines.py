"""The billing lines follow the verdict: no line for a code its own answer's pair verdict rules out beside a code or
family told as billed already (the exclusion wins over the minutes, and a note says so)."""

from __future__ import annotations

import dataclasses

from bot.answer import Billing, BillingLine, PairVerdict
from bot.engine.patterns import lazy
from bot.engine.scenario import Scenario
from bot.kb.store import KnowledgeBase


def ruled_out_lines(kb: KnowledgeBase, sc: Scenario | None, fields: dict) -> tuple[dict, str]:
    """The answer's fields without the lines the not-allowed pair verdict rules out beside a billed-already side, and
    the note saying so ("" when nothing was dropped)."""
    pair: PairVerdict | None = fields.get("pair")
    billing: Billing | None = fields.get("billing")
    if sc is None or pair is None or pair.allowed is not False or billing is None or billing.example or pair.about:
        return fields, ""
    sides = [(pair.left, pair.right), (pair.right, pair.left)]
    # another program's code or family; within one program (the ladder orders its codes by month and minutes) only
    # a code of another of its tracks asked for on top of the billed one ("we billed A; can we also bill B?")
    ruled = {other for kept, other in sides if sc.role_of(kept) == "billed" and sc.role_of(other) != "billed"
             and (kb.family_of(kept) != kb.family_of(other) or _also_asked(kb, sc, kept, other))}
    dropped = [l for l in billing.lines if l.code in ruled or kb.family_of(l.code) in ruled]
    dropped += _orphaned_add_ons(kb, sc, billing, dropped)
    if not dropped:
        return fields, ""
    kept = [l for l in billing.lines if l not in dropped]
    total = sum(l.amount for l in kept) if kept and all(l.amount is not None for l in kept) else None
    codes = ", ".join(dict.fromkeys(l.code for l in dropped))
    billed = " and ".join(s for s in (pair.left, pair.right) if s not in ruled)
    note = (f"Not billed: {codes}. {billed} is billed already for this patient and period and the two may not go "
            "together, so the rule wins over the minutes.")
    return {**fields, "billing": dataclasses.replace(billing, lines=kept, total_amount=total)}, note


def _orphaned_add_ons(kb: KnowledgeBase, sc: Scenario, billing: Billing, dropped: list) -> list:
    """The add-on lines left without a base once `dropped` goes: an add-on of a dropped code with no other base of it
    on the claim or told as billed."""
    gone = {l.code for l in dropped}
    left = {l.code for l in billing.lines if l.code not in gone} | {f.value for f in sc.of("code") if f.role == "billed"}
    return [l for l in billing.lines if l.code not in gone and l.code in kb.codes and gone & set(kb.codes[l.code].add_on_to)
            and not left & set(kb.codes[l.code].add_on_to)]


_ALSO = lazy(r"\b(?:also|additionally|in addition)\s+(?:bill|report|submit|claim|charge|add|code)\s+(?:for\s+)?$")


def _also_asked(kb: KnowledgeBase, sc: Scenario, billed: str, asked: str) -> bool:
    """"we billed A; can we also bill B?": B is asked on top of A, one program's code on another of its tracks."""
    if asked not in kb.codes or sc.role_of(asked) != "asked" or any(
            billed in t.codes and asked in t.codes for t in kb.family_tracks(kb.family_of(asked))):
        return False
    return any(bool(_ALSO().search(sc.text[max(0, f.at - 30):f.at].lower())) for f in sc.of("code") if f.value == asked)


def told_procedure_lines(kb: KnowledgeBase, billing: Billing, pair: PairVerdict, named: list[str]) -> Billing:
    """A timed code asked beside a told untimed procedure that the verdict rules out ("adjusted the lumbar spine
    (the manipulation code), then manual therapy to the same area: can it go with it?"): the procedure's own line, not
    the timed one, with a note; the lines as they were otherwise."""
    if pair.allowed is not False or billing.example:
        return billing
    billed = {line.code for line in billing.lines}
    told = [c for c in named if c not in billed and c in kb.codes and kb.codes[c].rule.basis == "none"]
    gone = [line for line in billing.lines if line.code in named and line.code in (pair.left, pair.right)]
    if len(told) != 1 or told[0] not in (pair.left, pair.right) or not gone:
        return billing
    kept = [*(l for l in billing.lines if l not in gone), BillingLine(code=told[0], units=1, title=kb.codes[told[0]].title)]
    note = f"Not billed: {', '.join(l.code for l in gone)} beside {told[0]} ({pair.reason.rstrip('.')})."
    said = [a for a in (_unlisted(a, told[0]) for a in billing.assumptions) if a]  # its line uses it now
    return dataclasses.replace(billing, lines=kept, total_amount=None, assumptions=[*said, note])


def _unlisted(assumption: str, code: str) -> str:
    """The assumption without the code among the words it lists as not used (empty when nothing else is listed)."""
    if not assumption.startswith("Not used in these lines: "):
        return assumption
    out = assumption.replace(f"'{code}'; ", "").replace(f"; '{code}'", "").replace(f"'{code}'", "")
    return "" if "'" not in out else out
