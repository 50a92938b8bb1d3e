"""Minutes told once beside two timed services ("one 25-minute call covered her RPM readings and her CCM plan: can
those minutes count for both?"): they count toward one service only; the answer bills one and names the other's
code, which needs minutes of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.answer import PairVerdict
from bot.engine.scenario import COUNTED_MINUTES

if TYPE_CHECKING:
    from bot.engine.handlers import Context


def other_service(ctx: Context, fam: str, pair: PairVerdict | None) -> tuple[str, str] | None:
    """(the other timed family, its first code) when the question's untied minutes are asked for both services;
    the note saying so is added to the answer."""
    kb, sc = ctx.kb, ctx.q.scenario
    if pair is None or sc is None:
        return None
    others = [s for s in (pair.left, pair.right) if kb.family_of(s) != fam and sc.role_of(s) != "billed"
              and any(t.basis == "minutes" for t in kb.family_tracks(kb.family_of(s)))]
    loose = [f for f in sc.of("minutes") if f.role in COUNTED_MINUTES and not f.family and not f.code]
    if not others or not loose:
        return None
    other = kb.family_of(others[0])
    ladder = next((t for t in kb.family_tracks(other) if t.basis == "minutes" and t.default), None) \
        or next((t for t in kb.family_tracks(other) if t.basis == "minutes"), None)
    first = others[0] if others[0] in kb.codes else (ladder.codes[0] if ladder and ladder.codes else "")
    named = f"{other} ({first})" if first in kb.codes else other
    ctx.notes.append(f"These minutes count toward one service only: the lines put them on {fam}; {named} needs "
                     "minutes of its own (no minute counts toward both).")
    # a service named only inside a quoted claim ("openpayer calls 99427 'complex chronic care management'") is named
    # in the note, never made a subject of the answer
    asked = any(f.value == other and not any(f.words.lower() in c.lower() for c in sc.claims) for f in sc.of("family")) \
        or any(sc.role_of(c) in ("asked", "billed") for c in sc.codes() if kb.family_of(c) == other)
    return (other, first) if first in kb.codes and asked else None
