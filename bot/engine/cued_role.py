"""A role asked of the one family the question's words point to ("the digital therapy app... what's the code for
supplying the device?"): that family's code of that role, for the search answer (handlers.search_answer)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.answer import Suggestion

if TYPE_CHECKING:
    from bot.engine.handlers import Context


def cued_role_code(ctx: Context, suggestions: list[Suggestion]) -> str | None:
    """"The digital therapy app... what's the code for supplying the device?": when the question's words point to
    one family and name a role (device, setup, management), that family's one suggested code of that role."""
    sc, kb = ctx.q.scenario, ctx.kb
    cued = {f.value for f in sc.of("family", "cue")} if sc is not None else set()
    if len(cued) != 1 or not ctx.q.roles:
        return None
    fits = [s.code for s in suggestions if s.code in kb.codes and kb.codes[s.code].family in cued
            and kb.codes[s.code].role in ctx.q.roles]
    if not fits:  # no word match of that family ("... seen in room 3"): the family's own code of that role, when just one
        fits = [c.code for c in kb.family_codes(next(iter(cued))) if c.role in ctx.q.roles
                and c.status == "active" and kb.exists_in(c, ctx.year)]
    return fits[0] if len(fits) == 1 else None
