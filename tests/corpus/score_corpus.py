#!/usr/bin/env python3
"""Score the current engine on every tests/corpus/*.yaml file (or the files given) with ../shared/eval/score.py's check().

usage: python tests/corpus/score_corpus.py [FILE.yaml ...] [--show N] [--skip-tag TAG]
Prints one line per file: items, passed, confidently wrong (status "answered" but failing), clarify, refusals
(did_you_mean / unknown / rejected that fail), then a total line. With --show N, the first N failures of each file.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SCORE_PY = REPO.parent / "shared" / "eval" / "score.py"
REFUSALS = {"did_you_mean", "unknown", "rejected"}


def load_check():
    """The check(expect, answer) function of ../shared/eval/score.py."""
    spec = importlib.util.spec_from_file_location("eval_score", SCORE_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.check


def score_file(path: Path, check, ask, kb, skip_tags: set[str]) -> tuple[dict, list[str]]:
    """Counts for one file and the failure lines."""
    items = [it for it in (yaml.safe_load(path.read_text(encoding="utf-8")) or [])
             if not set(it.get("tags") or []) & skip_tags]
    counts = {"items": len(items), "passed": 0, "wrong": 0, "clarify": 0, "refusals": 0}
    failures = []
    for index, item in enumerate(items, start=1):
        answer = ask(item["q"], kb=kb).to_dict()
        errors = check(item["expect"], answer)
        status = answer.get("status")
        counts["clarify"] += status == "clarify"
        if not errors:
            counts["passed"] += 1
            continue
        counts["wrong"] += status == "answered"
        counts["refusals"] += status in REFUSALS
        failures.append(f"  FAIL {path.stem}:{index} [{status}] {item['q'][:60]!r}: {'; '.join(errors)[:200]}")
    return counts, failures


def line(name: str, c: dict) -> str:
    pct = 100.0 * c["passed"] / c["items"] if c["items"] else 0.0
    return (f"{name:<28} {c['passed']:>4}/{c['items']:<4} passed ({pct:5.1f}%)  "
            f"{c['wrong']:>3} confidently wrong  {c['clarify']:>3} clarify  {c['refusals']:>3} refusals")


def import_cms_fixtures(home: Path) -> None:
    """The CMS-file questions are answered from the real-facts fixtures, as tests/conftest.py imports them."""
    from bot.codesets import use_cms
    from bot.codesets.cms_read import CmsReader
    from bot.codesets.registry import import_files

    real = REPO / "tests" / "fixtures" / "cms" / "real"
    path = home / "cms-codesets.db"
    import_files(path, sorted(p for p in real.iterdir() if p.suffix.lower() in (".txt", ".csv")))
    use_cms(CmsReader(path))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--show", type=int, default=0, help="print the first N failures of each file")
    ap.add_argument("--skip-tag", action="append", default=[], help="leave out items whose tags include this")
    args = ap.parse_args()
    if not SCORE_PY.exists():
        print(f"score.py not found at {SCORE_PY}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO))
    from bot.core import ask
    from bot.kb import open_index

    check = load_check()
    # a throw-away index: never touch a data directory other processes may share
    home = Path(tempfile.mkdtemp(prefix="codebot-corpus-"))
    kb = open_index(home=home)
    import_cms_fixtures(home)
    total = {"items": 0, "passed": 0, "wrong": 0, "clarify": 0, "refusals": 0}
    for path in args.files or sorted(HERE.glob("*.yaml")):
        counts, failures = score_file(path, check, ask, kb, set(args.skip_tag))
        print(line(path.name, counts))
        for failure in failures[: args.show]:
            print(failure)
        for key in total:
            total[key] += counts[key]
    print(line("TOTAL", total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
