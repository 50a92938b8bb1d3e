#!/usr/bin/env python3
"""Profile ask() over the benchmark questions with cProfile, bundled or at 100,000 codes.

usage: python bench/prof.py [--scale] [--top 25] [--slowest 40]
--slowest N profiles only the N slowest questions (timed once first), which is where p99 comes from.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import load_eval  # noqa: E402
import gen  # noqa: E402


def questions(kb) -> list[str]:
    """The eval and generated questions, as run.py asks them."""
    items, _skipped = gen.generated_set(kb)
    return [i.q for i in load_eval() + items]


def slowest(kb, qs: list[str], n: int) -> list[str]:
    """The n questions ask() takes longest on."""
    from bot.core import ask

    timed = []
    for q in qs:
        t0 = time.perf_counter()
        ask(q, kb=kb)
        timed.append((time.perf_counter() - t0, q))
    return [q for _t, q in sorted(timed, reverse=True)[:n]]


def main() -> int:
    """Print the cProfile top functions by cumulative time."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", action="store_true", help="profile against the index padded to 100,000 codes")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--slowest", type=int, default=0)
    args = ap.parse_args()
    from bot.core import ask
    from bot.kb import open_index

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "home").mkdir()
        kb = open_index(home=Path(tmp) / "home")
        qs = questions(kb)  # always from the bundled knowledge, as run.py does
        if args.scale:
            import scale

            kb, _fig = scale.padded_kb(Path(tmp) / "scale")
        if args.slowest:
            qs = slowest(kb, qs, args.slowest)
        prof = cProfile.Profile()
        prof.enable()
        for q in qs:
            ask(q, kb=kb)
        prof.disable()
    print(f"{len(qs)} questions")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
