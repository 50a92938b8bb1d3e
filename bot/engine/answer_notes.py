"""Notes every answer may carry about the question's own words: quoted claims checked, not followed, and deleted
codes the question names."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
        short = claim if len(claim) <= MAX_CLAIM_CHARS else claim[:MAX_CLAIM_CHARS].rsplit(" ", 1)[0] + "..."
        ctx.notes.append(f"Read '{short}' as a claim to check, not as a fact of the case: this answer follows the "
                         "rules as held (sources below).")
    untimed = _untimed_quoted(ctx)
    if untimed and any(f.kind == "minutes" and f.role == "claimed" for f in sc.facts):
        ctx.notes.append(f"The claim's minutes do not apply: {', '.join(untimed)} "
                         f"{'is' if len(untimed) == 1 else 'are'} not time-based; the code is chosen by the rules below.")
    sc.use(*(f for f in sc.facts if f.role in ("quoted", "claimed")))


def _untimed_quoted(ctx: "Context") -> list[str]:
    """The codes quoted in a claim that no time rule sets ("the level-1 code is 60 minutes": APCM is chosen by conditions)."""
    quoted = dict.fromkeys(f.value for f in ctx.q.scenario.facts if f.kind == "code" and f.role == "quoted")
    return [c for c in quoted if c in ctx.kb.codes and ctx.kb.rule_for(ctx.kb.codes[c], ctx.year).basis
            not in ("minutes", "days", "units")]
