"""A comparison between a code billed once in the patient's lifetime and another, when the story says the patient
already had that one ("she already had her first AWV at another practice"): the other leads, and the answer says why
(the once-per-lifetime period is the code's own rule, `once_per: lifetime` in knowledge/; the words are vocabulary)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine.phrases import tokens

if TYPE_CHECKING:
    from bot.engine.handlers import Context

REACH = 4  # words between "already had" and the code's name ("already had her first AWV")

_NEVER = {"never", "not", "hasn", "hadn", "didn", "no"}


def _names(ctx: Context, code: str) -> list[list[str]]:
    kb = ctx.kb
    return [tokens(code)] + [tokens(a) for a, (kind, target) in kb.aliases.items() if kind == "code" and target == code]


def had_before(ctx: Context, code: str) -> bool:
    """Whether the story says the patient already had the code's service (its code or a name of it after a had-word)."""
    words = tokens(ctx.q.text)
    cues = [tokens(c) for c in ctx.kb.vocabulary.get("had_before", [])]
    for name in _names(ctx, code):
        for i in range(len(words) - len(name) + 1):
            if words[i:i + len(name)] != name:
                continue
            before = words[max(0, i - REACH - 3):i]
            if set(before) & _NEVER:
                continue  # "she never had her first AWV"
            if any(before[k:k + len(c)] == c for c in cues for k in range(len(before) - len(c) + 1)):
                return True
    return False


def spent_first(ctx: Context, a: str, b: str) -> tuple[str, str] | None:
    """(the code spent, the one to bill) when one of two compared codes is once per lifetime and already had."""
    kb = ctx.kb
    for spent, other in ((a, b), (b, a)):
        if spent in kb.codes and other in kb.codes and kb.codes[spent].rule.once_per == "lifetime" and had_before(ctx, spent):
            return spent, other
    return None


def note(ctx: Context, spent: str, other: str) -> str:
    """Why the other code leads."""
    return (f"{spent} is billed once in the patient's lifetime, by any practice, and the story says the patient already "
            f"had it: bill {other}.")
