"""The codes a verdict about a family's rule is about: its default ladder's base codes, or the whole ladder (add-ons
too) when the question also asks what the family's codes are ("what are the PIN codes? and can ... start it?")."""

from __future__ import annotations

import re

from bot.engine import facts
from bot.engine.handlers import Context
from bot.engine.phrases import PhraseSet, tokens

_CODES = re.compile(r"\bcodes\b")


def family_codes(ctx: Context, fam_id: str) -> list:
    """The code facts of a family's default ladder: base codes only, add-ons too when the question asks the list."""
    kb = ctx.kb
    asks = PhraseSet((kb.vocabulary.get("code_list_asks") or [])).any(tokens(ctx.q.text))
    listed = asks and bool(_CODES.search(ctx.q.text))
    tracks = [t for t in kb.family_tracks(fam_id) if t.default] or list(kb.family_tracks(fam_id))[:1]
    return [facts.code_fact(kb, kb.codes[c], ctx.year) for t in tracks for c in t.codes
            if c in kb.codes and (listed or not kb.codes[c].add_on_to) and kb.exists_in(kb.codes[c], ctx.year)]
