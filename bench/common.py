"""Shared helpers for the benchmarks: paths, the eval file, its check() logic, categories, percentiles."""

from __future__ import annotations

import importlib.util
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SHARED_EVAL = REPO.parent / "shared" / "eval"
RESULTS = BENCH / "results"

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


@dataclass
class Item:
    """One benchmark question: its text, what a correct answer holds, and the category it counts in.

    `expect` uses the ../shared/eval format; `any_of` (when set) passes if any one of its expects passes.
    `code` is the code a define/search/did-you-mean question is about (None: nothing should match).
    """

    q: str
    expect: dict
    category: str
    any_of: list[dict] = field(default_factory=list)
    code: str | None = None
    baseline: bool = False  # counted in the baseline comparison (define/search/did-you-mean/unknown)


def load_score_module() -> ModuleType:
    """Import ../shared/eval/score.py by path, for its check() logic."""
    spec = importlib.util.spec_from_file_location("shared_eval_score", SHARED_EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


_SCORE = load_score_module()
check: Callable[[dict, dict], list[str]] = _SCORE.check


def passes(item: Item, answer: dict) -> list[str]:
    """Return the errors of `answer` against the item (empty list: it passes)."""
    if item.any_of:
        errs = [check(e, answer) for e in item.any_of]
        return [] if any(not e for e in errs) else errs[0]
    return check(item.expect, answer)


def eval_category(q: str, exp: dict) -> str:
    """Derive a questions.yaml item's category from its expect keys and its text."""
    if exp.get("status") in ("rejected", "unknown"):
        return "unknown/rejected"
    if "\n" in q:
        return "e-mail text"
    if exp.get("status") == "did_you_mean" or "suggests" in exp:
        return "did-you-mean"
    if exp.get("intent") == "bill" or {"billing_lines", "billing_includes", "billing_excludes"} & set(exp):
        return "bill"
    if exp.get("intent") == "pair" or "pair_allowed" in exp:
        return "pair"
    if exp.get("intent") in ("compare", "family") or "families_include" in exp:
        return "compare/family"
    if exp.get("intent") == "define":
        return "define"
    import re

    return "define" if re.search(r"(?<![\w$.])([A-Za-z]\d{4}|\d{5})(?!\w)", q) else "search"


def load_eval() -> list[Item]:
    """Read ../shared/eval/questions.yaml into Items with derived categories."""
    import yaml

    items = []
    for raw in yaml.safe_load((SHARED_EVAL / "questions.yaml").read_text(encoding="utf-8")):
        exp = raw["expect"]
        cat = eval_category(raw["q"], exp)
        code = exp.get("top_code") or (exp.get("suggests") or [None])[0]
        items.append(Item(q=raw["q"], expect=exp, category=cat, code=code,
                          baseline=cat in ("define", "search", "did-you-mean", "unknown/rejected")))
    return items


def percentiles(samples_ns: list[int]) -> dict[str, float]:
    """Return n, mean, p50, p95, p99 and max of nanosecond samples, in milliseconds."""
    if not samples_ns:
        return {"n": 0}
    xs = sorted(samples_ns)

    def pct(p: float) -> float:
        return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] / 1e6

    return {"n": len(xs), "mean_ms": statistics.fmean(xs) / 1e6, "p50_ms": pct(50), "p95_ms": pct(95),
            "p99_ms": pct(99), "max_ms": xs[-1] / 1e6}


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """Run fn once; return (result, seconds)."""
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0
