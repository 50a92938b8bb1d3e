"""Two codes offered ("A or B?") beside words that describe the item: the code one of whose names the story says,
the other's names unsaid, leads the comparison ("a folding walker with 2 front wheels: A or B?"); names are the
codes' aliases in knowledge/."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine.phrases import PhraseSet, tokens

if TYPE_CHECKING:
    from bot.engine.handlers import Context


def _said(ctx: Context, code: str, words: list[str]) -> int:
    """The length in words of the longest name of the code the question says (0 when none)."""
    names = [a for a, (kind, target) in ctx.kb.aliases.items() if kind == "code" and target == code]
    return max((len(tokens(p)) for _i, p in PhraseSet(names).find(words)), default=0) if names else 0


def first(ctx: Context, a: str, b: str) -> str | None:
    """The one of two offered codes the story's words describe by a longer name than the other; None when neither
    or both are named alike."""
    words = tokens(ctx.raw_text or ctx.q.text)
    said_a, said_b = _said(ctx, a, words), _said(ctx, b, words)
    return None if said_a == said_b else (a if said_a > said_b else b)
