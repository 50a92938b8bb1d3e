"""Facts that are not the case's own: someone else's claim the question quotes, and a share of the minutes given to
another family. Helpers of reader.read_scenario (tx is its read text: tokens, words, clause numbers)."""

from __future__ import annotations

import dataclasses
from typing import Any

from bot.engine.lexicon import Lexicon
from bot.engine.scenario import Fact, Scenario

# the roles a fact inside a claim may have, and the role it takes there
_CLAIMED = {"code": (("asked", "billed", "absent"), "quoted"),
            "minutes": (("spent", "additional", "base", "total", "part", "call", "range", "threshold"), "claimed"),
            "days": (("data",), "claimed")}


def mark_claims(tx: Any, lex: Lexicon, sc: Scenario) -> None:
    """Someone else's claim ("the vendor says this code is the MSK one"): from the cue to the clause's end, when a rule
    word follows the cue, codes are quoted and minutes and days are the claim's, not the case's; performers and
    flags there describe the claim (dropped, their words kept unavailable to hints)."""
    rules = [h.i for h in lex.rule_words.find(tx.toks)]
    for cue in lex.claim_cues.find(tx.toks):
        clause = tx.toks[cue.i].clause
        end = next((k for k in range(cue.j, len(tx.toks)) if tx.toks[k].clause != clause), len(tx.toks))
        if not any(cue.j <= k < end for k in rules):
            continue
        lo, hi = tx.toks[cue.i].start, tx.toks[end - 1].end
        start = next((k for k in range(cue.i, -1, -1) if tx.toks[k].clause != clause), -1) + 1
        speaker = tx.toks[start].start  # who makes the claim ("a consultant says") did none of the work
        sc.facts = [f for f in sc.facts if not (f.kind == "performer" and speaker <= f.at < lo)]
        sc.claims.append(tx.text[lo:hi])
        sc.claimed_at.update(range(cue.i, end))
        kept = []
        for f in sc.facts:
            if not lo <= f.at < hi:
                kept.append(f)
            elif f.kind in ("performer", "flag"):
                continue
            elif f.kind in _CLAIMED and f.role in _CLAIMED[f.kind][0]:
                kept.append(dataclasses.replace(f, role=_CLAIMED[f.kind][1]))
            else:
                kept.append(f)
        sc.facts = kept


def shares(minutes: list[Fact]) -> list[Fact]:
    """A share of the minutes given to a family the other minutes are not tied to ("15 of those were spent on RPM")
    is counted elsewhere; any other share is a part of the total."""
    own = {f.family for f in minutes if f.role != "portion"}
    return [dataclasses.replace(f, role="elsewhere" if f.family and f.family not in own else "part")
            if f.role == "portion" else f for f in minutes]
