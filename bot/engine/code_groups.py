"""Codes told as one group ("put the PIN base + add-on codes on the claim", "both CCM codes were billed"): a role the words after
the last code tell (billed already, context) is the role of the joined codes before it too (helper of reader._codes)."""

from __future__ import annotations

import dataclasses

from bot.engine.lexicon import Lexicon

_JOINS = {"and", "or", "plus", "with"}  # "+", "&" and "," leave no word between the codes


def share_told_role(tx, lex: Lexicon, sc, found: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Give each code that no cue placed the role told right after the code it is joined to; `found` unchanged."""
    codes = [f for f in sc.facts if f.kind == "code" and f.role not in ("range",)]
    changed: dict[int, str] = {}
    for first, second in reversed(list(zip(codes, codes[1:]))):
        i, k = tx.tok_at(first.at), tx.tok_at(second.at)
        role = changed.get(id(second)) or second.role
        told_after = lex.code_after.starting_at(tx.words, k + 1) is not None or id(second) in changed
        if first.role != "asked" or role not in ("billed", "context") or not told_after or k - i > 2 \
                or not all(w in _JOINS for w in tx.words[i + 1:k]) or lex.code_before.ending_at(tx.words, i):
            continue
        changed[id(first)] = role
    if changed:
        sc.facts = [dataclasses.replace(f, role=changed[id(f)]) if id(f) in changed else f for f in sc.facts]
    return found
