"""Programs named within a family (collaborative care within behavioral health integration): an answer about
their codes lists the program beside the family, so a coder who thinks of CoCM as its own program sees it."""

from __future__ import annotations

from bot.kb.store import KnowledgeBase


def with_programs(kb: KnowledgeBase, fields: dict) -> dict:
    """`fields` with the programs of the answer's codes (codes, billing lines, pair sides) added to its families."""
    named = [c.code for c in fields.get("codes", [])]
    if (billing := fields.get("billing")) is not None:
        named += [line.code for line in billing.lines]
    if (pair := fields.get("pair")) is not None:
        named += [pair.left, pair.right]
    programs = [kb.codes[c].program for c in named if c in kb.codes and kb.codes[c].program]
    if not programs:
        return fields
    return {**fields, "families": list(dict.fromkeys([*fields.get("families", []), *programs]))}
