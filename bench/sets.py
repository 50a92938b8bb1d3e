"""Question sets scored side by side: how many pass, how many are answered but wrong (confidently wrong), how many
ask back (clarify) and how many are refused (did you mean, unknown, rejected).

The sets: ../shared/eval/questions.yaml; ../shared/eval/real-sample.yaml split into its remote-care items and
the `scope` items (the families the next issues add); tests/reading_cases.yaml (our own wording, one block per
misreading class); every tests/corpus/*.yaml file present (the real-question corpus, all of which the suite
asserts); and every tests/holdout/*.yaml file (blind held-out questions, scored here only: the honest estimate
of how the reading does on questions nobody tuned it on)."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from common import REPO, SHARED_EVAL, Item, passes

REFUSALS = ("did_you_mean", "unknown", "rejected")
CORPUS = REPO / "tests" / "corpus"
HOLDOUT = REPO / "tests" / "holdout"


def _items(path: Path, keep=lambda raw: True) -> list[Item]:
    raws = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [Item(q=r["q"], expect=r.get("expect") or {}, category=path.stem, any_of=r.get("any_of") or [])
            for r in raws if isinstance(r, dict) and "q" in r and keep(r)]


def _scope(raw: dict) -> bool:
    return "scope" in (raw.get("tags") or [])


def question_sets() -> dict[str, list[Item]]:
    """Every set that exists on this machine, by name, in report order."""
    sets: dict[str, list[Item]] = {}
    if (SHARED_EVAL / "questions.yaml").exists():
        sets["questions.yaml"] = _items(SHARED_EVAL / "questions.yaml")
    if (SHARED_EVAL / "real-sample.yaml").exists():
        sets["real-sample (remote care)"] = _items(SHARED_EVAL / "real-sample.yaml", lambda r: not _scope(r))
        sets["real-sample (scope)"] = _items(SHARED_EVAL / "real-sample.yaml", _scope)
    cases = REPO / "tests" / "reading_cases.yaml"
    if cases.exists():
        sets["reading cases"] = _items(cases)
    for path in sorted(CORPUS.glob("*.yaml")) if CORPUS.is_dir() else []:
        sets[f"corpus/{path.stem}"] = _items(path)
    for path in sorted(HOLDOUT.glob("*.yaml")) if HOLDOUT.is_dir() else []:
        sets[f"holdout/{path.stem}"] = _items(path)
    return {name: items for name, items in sets.items() if items}


def outcome(item: Item, answer: dict) -> str:
    """passed, wrong (answered but failing: the worst defect), clarify (asked back instead) or refused."""
    if not passes(item, answer):
        return "passed"
    status = answer.get("status")
    if status == "answered":
        return "wrong"
    return "clarify" if status == "clarify" else "refused"


def import_cms_fixtures(folder: Path) -> None:
    """Import the CMS files' real-facts fixtures into `folder` and use them (tests/corpus/score_corpus.py's loader)."""
    if str(CORPUS) not in sys.path:
        sys.path.insert(0, str(CORPUS))
    from score_corpus import import_cms_fixtures as load

    load(folder)


def score_sets(sets: dict[str, list[Item]], ask_one) -> dict[str, dict]:
    """Ask every question of every set; count the outcomes and keep the failures."""
    out = {}
    for name, items in sets.items():
        row = {"total": len(items), "passed": 0, "wrong": 0, "clarify": 0, "refused": 0, "failures": []}
        for it in items:
            answer = ask_one(it.q)
            kind = outcome(it, answer)
            row[kind] += 1
            if kind != "passed":
                row["failures"].append({"q": it.q, "outcome": kind, "errors": passes(it, answer)[:3]})
        row["pct"] = 100.0 * row["passed"] / row["total"]
        out[name] = row
    return out


def table(rows: dict[str, dict]) -> list[str]:
    """The sets as fixed-width lines."""
    lines = ["1b. Question sets (wrong = answered but wrong; clarify and refused are honest non-answers)",
             f"  {'set':<28}{'passed':<18}{'wrong':>6}{'clarify':>9}{'refused':>9}"]
    for name, r in rows.items():
        passed = f"{r['passed']}/{r['total']} ({r['pct']:.1f}%)"
        lines.append(f"  {name:<28}{passed:<18}{r['wrong']:>6}{r['clarify']:>9}{r['refused']:>9}")
    return lines
