"""Notes every answer may carry about the question's own words: quoted claims checked, not followed, and deleted
codes the question names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine.match import suggest_codes
from bot.kb.records import Code

if TYPE_CHECKING:
    from bot.engine.handlers import Context


def deleted_note(code: Code) -> str:
    """The caveat for a deleted code: when it ended, and its replacement where one code set replaced it."""
    instead = f"; report {', '.join(code.replaced_by)} instead" if code.replaced_by else ""
    return f"{code.code} was deleted after {code.ended_year}{instead}."


MAX_CLAIM_CHARS = 90  # a quoted claim is shown this long at most


def note_claims(ctx: "Context") -> None:
    """A claim the question quotes is checked, not followed: say so, and count its codes and figures as read."""
    sc = ctx.q.scenario
    if sc is None or not sc.claims:
        return
    for claim in sc.claims:
        if any(claim != other and claim in other for other in sc.claims):
            continue  # a claim read again inside a longer one is said once
        short = claim if len(claim) <= MAX_CLAIM_CHARS else claim[:MAX_CLAIM_CHARS].rsplit(" ", 1)[0] + "..."
        ctx.notes.append(f"Read '{short}' as a claim to check, not as a fact of the case: this answer follows the "
                         "rules as held (sources below).")
    untimed = _untimed_quoted(ctx)
    if untimed and any(f.kind == "minutes" and f.role == "claimed" for f in sc.facts):
        ctx.notes.append(f"The claim's minutes do not apply: {', '.join(untimed)} "
                         f"{'is' if len(untimed) == 1 else 'are'} not time-based; the code is chosen by the rules below.")
    sc.use(*(f for f in sc.facts if f.role in ("quoted", "claimed")))


def not_covered(ctx: "Context", unknown: list[str]) -> None:
    """Codes the knowledge lacks that do not stop the answer: say what the answer does not cover; one named in someone
    else's claim is no code of this case (with the held code one character away, when there is one)."""
    sc = ctx.q.scenario
    for code in unknown:
        if sc is not None and sc.in_claim(code) and code not in ctx.kb.left_out:
            near = ", ".join(s.code for s in suggest_codes(ctx.kb, code))
            ctx.notes.append(f"{code} (in the quoted claim) is not a code I know{f' (did you mean {near}?)' if near else ''}; "
                             "the answer follows the stated case instead.")
            continue
        why = ctx.kb.left_out.get(code, "it is outside the codes I hold")
        ctx.notes.append(f"{code} is not in my knowledge ({why}); this answer does not cover it.")


def note_placeholders(ctx: "Context") -> None:
    """A temporary id from an older article ("GMBT1") was read as the final code it became: say so, with its source."""
    for old, new in ctx.q.placeholders:
        code = ctx.kb.codes[new]
        held = next(p for p in code.placeholders if p.id == old)
        also = [(c.code, p.year) for c in ctx.kb.codes.values() if c.code != new for p in c.placeholders if p.id == old]
        ctx.notes.append(f"{old} is not a valid code: it was the placeholder CMS used in the proposed rule for "
                         f"{held.year}; the final code is {new} ({code.title})."
                         + "".join(f" The {y} proposed rule used {old} for {c} instead." for c, y in also))
        ctx.source_ids.append(held.source)


def _untimed_quoted(ctx: "Context") -> list[str]:
    """The codes quoted in a claim that no time rule sets ("the level-1 code is 60 minutes": APCM is chosen by conditions)."""
    quoted = dict.fromkeys(f.value for f in ctx.q.scenario.facts if f.kind == "code" and f.role == "quoted")
    return [c for c in quoted if c in ctx.kb.codes and ctx.kb.rule_for(ctx.kb.codes[c], ctx.year).basis
            not in ("minutes", "days", "units")]


def misdescribed_codes(ctx: "Context", fields: dict) -> dict:
    """A held code a quoted claim misdescribes and the asker then offers for the case ("a site calls X a check-in ...
    so we bill X?") while the lines bill another program: the code shown as it really is, with a note saying so."""
    from bot.engine import facts  # noqa: PLC0415  (facts imports the knowledge records only)

    kb, sc, billing = ctx.kb, ctx.q.scenario, fields.get("billing")
    if sc is None or fields.get("status") != "answered" or billing is None or billing.example or not billing.lines:
        return fields
    billed = {kb.codes[l.code].family for l in billing.lines if l.code in kb.codes}
    shown = {c.code for c in fields.get("codes", [])}
    low = sc.text.lower()
    for code in dict.fromkeys(f.value for f in sc.of("code", "quoted")):
        held = kb.codes.get(code)
        told = [f for f in sc.of("code") if f.value == code]
        again = any(f.role != "quoted" for f in told) or low.count(code.lower()) > len(told)
        if held is None or held.family in billed or code in shown or not again:
            continue  # only a code offered again outside the claim: the asker means to bill it
        family = kb.families.get(held.family)
        ctx.notes.append(f"{code} is not what the quoted claim says: it is {held.title}"
                         f"{f' ({family.name})' if family else ''}; the case told is billed as the lines show.")
        fields = {**fields, "codes": [*fields.get("codes", []), facts.code_fact(kb, held, ctx.year)]}
    return fields
