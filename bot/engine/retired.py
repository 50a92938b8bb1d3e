"""A deleted code asked about again ("can we still bill it in 2026?", "more than once a month?"): not billable at all
in the year, whatever its own repeat rule said; the answer names the codes that replaced it."""

from __future__ import annotations

from bot.answer import PairVerdict
from bot.engine.answer_notes import deleted_note
from bot.engine.pairs import PairResult
from bot.kb.store import KnowledgeBase


def retired_rule(kb: KnowledgeBase, subject: str, year: int) -> PairResult | None:
    """The verdict for a code deleted before `year` (not allowed, its replacements instead); None when billable."""
    code = kb.codes.get(subject)
    if code is None or code.status != "deleted" or kb.exists_in(code, year):
        return None
    instead = tuple(c for c in code.replaced_by if c in kb.codes and kb.exists_in(kb.codes[c], year))
    reason = f"{code.code} is not billable in {year}: {deleted_note(code)}"
    return PairResult(PairVerdict(code.code, code.code, False, str(year), reason, list(code.sources[:2]),
                                  about=f"{code.code} in {year}"), instead=instead)
