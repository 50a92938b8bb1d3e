"""The code a question about a named code really asks for: its add-on, its primary, or another item's code asked
beside it."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from bot.engine.intent import ASKING
from bot.engine.search import search_text

if TYPE_CHECKING:
    from bot.engine.handlers import Context


def related_code(ctx: Context, code_id: str) -> str:
    """Return the add-on when the question asks for a code's add-on, the base when it asks for a primary, or the code
    of another item asked beside it ("the strips are on the strip code; what's the code for the lancets?": a search hit)."""
    kb, q, code = ctx.kb, ctx.q, ctx.kb.codes[code_id]
    if q.add_on_of and not code.add_on_to and kb.add_ons.get(code_id):
        return kb.add_ons[code_id][0]
    if q.primary_of and code.add_on_to:
        return code.add_on_to[0]
    tail = q.text[q.text.rfind(code_id.lower()) + len(code_id):]  # the words after the code name the other item
    found = search_text(kb, dataclasses.replace(q, text=tail, words=[w for w in q.words if w in tail]), ctx.year,
                        ctx.stopwords) if q.intent == "search" else None
    hit = found and (found.code or (found.suggestions[0].code if len(found.suggestions) == 1 else None))
    return hit if hit in kb.codes and hit not in q.codes else code_id


def lead_code(ctx: Context, codes: list[str]) -> str:
    """The code to define: the first one the question's own asking sentence names ("all we had was A. When did
    Medicare begin paying B?": B), else the first code."""
    text = ctx.q.text
    asking = [m.group(0) for m in ASKING().finditer(text)]
    return next((c for c in codes if any(c.lower() in s for s in asking)), codes[0]) if asking else codes[0]
