"""The remote-care program a bill question asks for by name ("what RPM codes go out?", "which RTM codes?"): a same-month
office visit or clinic therapy told beside it is context for that program's lines, not the thing billed."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.engine.handlers import Context


def asked_program(ctx: Context, codes: list[str]) -> str | None:
    """The one named family, timed by minutes or days, of none of `codes` and billed by no office route (vocabulary
    office_route_families: "which office visit code?" asks the visit itself), whose name the asked words hold."""
    kb, q = ctx.kb, ctx.q
    sc = q.scenario
    if sc is None or q.intent != "bill" or not sc.asked_words:
        return None
    asked = f" {sc.asked_words.lower()} "
    own = {kb.codes[c].family for c in codes if c in kb.codes} | set(kb.vocabulary.get("office_route_families") or ())
    hits = [f for f in q.families if f in kb.families and f not in own
            and any(t.basis in ("minutes", "days") for t in kb.family_tracks(f))
            and any(f" {n.lower()} " in asked for n in (f, *kb.families[f].aliases))]
    return hits[0] if len(hits) == 1 else None
