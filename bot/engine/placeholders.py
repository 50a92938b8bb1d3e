"""Proposed-rule placeholders ("GMBT1", "GPCM2"): the final code each became. Two proposed rules may reuse an id
(GPCM1-3 were the APCM levels in the CY2025 proposal and the APCM behavioral-health add-ons in CY2026): the code
whose placeholder `when` words the question says wins, else the one with none."""

from __future__ import annotations

from bot.engine.phrases import tokens
from bot.kb.store import KnowledgeBase


def placeholder_codes(kb: KnowledgeBase) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Each placeholder id (lower case) with its codes and the words that pick each."""
    out: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for code in kb.codes.values():
        for held in code.placeholders:
            out.setdefault(held.id.lower(), []).append((code.code, held.when))
    return out


def pick_placeholder(choices: list[tuple[str, tuple[str, ...]]], text: str) -> str:
    """The code a placeholder stands for in this question."""
    if len(choices) == 1:
        return choices[0][0]
    words = " " + " ".join(tokens(text)) + " "
    said = [code for code, when in choices if any(f" {w} " in words for w in when)]
    plain = [code for code, when in choices if not when]
    return (said or plain or [choices[0][0]])[0]
