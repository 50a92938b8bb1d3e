#!/usr/bin/env python3
"""Sweep bot.engine.search.SEARCH_CUTOFF and SEARCH_MARGIN (free-text winners): eval accuracy, generated-set accuracy and confidently-wrong
answers for each pair (the bill grids are left out: free-text matching does not touch them).

usage: python bench/tune.py [--cutoffs 50,55,60,65,70] [--margins 4,8,12,16]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Item, load_eval, passes  # noqa: E402
import gen  # noqa: E402


def score(items: list[Item], kb) -> tuple[int, int]:
    """Return (passed, answered-but-wrong) over the items."""
    from bot.core import ask

    passed = wrong = 0
    for it in items:
        answer = ask(it.q, kb=kb).to_dict()
        ok = not passes(it, answer)
        passed += ok
        wrong += (not ok) and answer.get("status") == "answered"
    return passed, wrong


def sweep(cutoffs: list[int], margins: list[int]) -> list[dict]:
    """Score every (cutoff, margin) pair with the module constants patched; restore them afterwards."""
    from bot.engine import search as match
    from bot.kb import open_index

    with tempfile.TemporaryDirectory() as home:
        kb = open_index(home=Path(home))
        ev = load_eval()
        core = gen.define_items(kb) + gen.typo_items(kb)
        extra = gen.title_items(kb) + gen.alias_typo_items(kb) + gen.out_of_scope_items()
        saved = match.SEARCH_CUTOFF, match.SEARCH_MARGIN
        rows = []
        try:
            for cutoff in cutoffs:
                for margin in margins:
                    match.SEARCH_CUTOFF, match.SEARCH_MARGIN = cutoff, margin
                    (ep, ew), (cp, cw), (xp, xw) = score(ev, kb), score(core, kb), score(extra, kb)
                    rows.append({"cutoff": cutoff, "margin": margin, "eval": 100 * ep / len(ev),
                                 "core": 100 * cp / len(core), "extra": 100 * xp / len(extra),
                                 "wrong": ew + cw + xw, "current": (cutoff, margin) == saved})
        finally:
            match.SEARCH_CUTOFF, match.SEARCH_MARGIN = saved
    return rows


def main() -> int:
    """Print the sweep as a table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cutoffs", default="50,55,60,65,70")
    ap.add_argument("--margins", default="4,8,12,16")
    args = ap.parse_args()
    rows = sweep([int(x) for x in args.cutoffs.split(",")], [int(x) for x in args.margins.split(",")])
    print(f"{'cutoff':>6} {'margin':>6} {'eval':>7} {'define+typos':>13} {'title+alias+out-of-scope':>19} {'answered-wrong':>15}")
    for r in rows:
        mark = "  <- current" if r["current"] else ""
        print(f"{r['cutoff']:>6} {r['margin']:>6} {r['eval']:>6.1f}% {r['core']:>12.1f}% {r['extra']:>18.1f}% "
              f"{r['wrong']:>15}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
