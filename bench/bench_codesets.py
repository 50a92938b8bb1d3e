#!/usr/bin/env python3
"""Code sets: building codesets.db from the bundled tabular, its size, ask() on diagnosis lookups and searches,
remote-care ask() with the code sets loaded, cold `codebot ask` (which must not open codesets.db), and
load_release streaming 1.5 million rows of an NCCI-shaped table. Prints figures; run() returns them.

usage: python bench/bench_codesets.py
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import load_eval, percentiles  # noqa: E402

SAMPLE = 400
BIG_ROWS = 1_500_000


def _build(home: Path) -> dict:
    from bot.codesets import codesets_path
    from bot.codesets.bundled import build_bundled

    secs = []
    for _ in range(3):
        codesets_path(home).unlink(missing_ok=True)
        t0 = time.perf_counter()
        build_bundled(codesets_path(home))
        secs.append(time.perf_counter() - t0)
    return {"build_s": statistics.median(secs), "db_bytes": codesets_path(home).stat().st_size}


def _questions(reader, rel) -> tuple[list[str], list[tuple[str, str]]]:
    """Lookups (codes with and without dots, headers, pairs) and searches (descriptors as a coder words them)."""
    rng = random.Random(7)
    rows = reader.conn().execute("select dotted, code, descriptor, billable from icd10cm_codes where release_id = ? "
                                 "and kind != 'extension'", (rel.id,)).fetchall()
    picks = rng.sample(rows, SAMPLE)
    lookups = [f"what is {d}" if i % 3 else c for i, (d, c, _t, _b) in enumerate(picks)]
    lookups += [f"can I code {a[0]} with {b[0]}" for a, b in zip(picks[::8], picks[1::8])]
    searches = [(f"icd 10 for {t.lower()}", d) for d, _c, t, b in picks if b][:SAMPLE // 2]
    return lookups, searches


def _time_asks(questions: list[str], kb) -> list[int]:
    from bot.core import ask

    out = []
    for q in questions:
        t0 = time.perf_counter_ns()
        ask(q, kb=kb)
        out.append(time.perf_counter_ns() - t0)
    return out


def _search_accuracy(searches: list[tuple[str, str]], kb) -> dict:
    from bot.core import ask

    found = offered = 0
    for q, code in searches:
        a = ask(q, kb=kb)
        found += a.status == "answered" and a.diagnosis is not None and a.diagnosis.code == code
        offered += any(s.code == code for s in a.suggestions) and a.status != "answered"
    return {"n": len(searches), "answered_right_pct": 100 * found / len(searches),
            "offered_as_choice_pct": 100 * offered / len(searches)}


def _big_load(tmp: Path) -> dict:
    from bot.codesets.load import ReleaseInfo, load_release
    from bot.codesets.schema import CodeSetSpec, TableSpec, register_codeset

    register_codeset(CodeSetSpec("bench_ptp", "NCCI-shaped bench table", (TableSpec("bench_ptp", (
        ("col1", "text not null"), ("col2", "text not null"), ("effective", "text"), ("deleted", "text"),
        ("modifier", "integer")), indexes=(("col1", "col2"),)),)))
    rows = ((f"{i % 9000 + 10000:05d}", f"{i // 9000 + 20000:05d}", "20260101", "*", i % 2) for i in range(BIG_ROWS))
    info = ReleaseInfo(name="bench", version="v1", effective_date=date(2026, 1, 1), source="synthetic")
    t0 = time.perf_counter()
    result = load_release(tmp / "big.db", "bench_ptp", info, rows)
    return {"rows": result.release.row_count, "load_s": time.perf_counter() - t0,
            "db_bytes": (tmp / "big.db").stat().st_size}


def _cold(home: Path) -> dict:
    import startup

    env = {**os.environ, "CODEBOT_HOME": str(home)}
    cmd = startup.ask_command() + ["ask", "what is 98981"]
    startup.run_child(cmd, env)  # builds the curated index
    db = home / "codesets.db"
    db.unlink(missing_ok=True)
    remote, _rss = startup.median_wall(cmd, env)
    opened = db.exists()
    dx_cmd = startup.ask_command() + ["ask", "what is M17.11"]
    startup.run_child(dx_cmd, env)  # first diagnosis question compiles the bundled release
    dx, _rss = startup.median_wall(dx_cmd, env)
    return {"cold_remote_ask_s": remote, "remote_ask_opened_codesets": opened, "cold_diagnosis_ask_s": dx}


def run() -> dict:
    """Every code-set figure, as a dict."""
    from bot.codesets import open_codesets, use_codesets
    from bot.kb import open_index

    with tempfile.TemporaryDirectory(prefix="codebot-codesets-") as tmpdir:
        tmp = Path(tmpdir)
        os.environ.setdefault("CODEBOT_HOME", str(tmp))  # standalone: keep the user's data dir untouched
        out = _build(tmp)
        reader = open_codesets(tmp)
        use_codesets(reader)
        kb = open_index(home=tmp)
        rel = reader.release(date.today())
        lookups, searches = _questions(reader, rel)
        _time_asks(lookups[:20] + [q for q, _c in searches[:20]], kb)  # warm
        out["lookup"] = percentiles(_time_asks(lookups, kb))
        out["search"] = percentiles(_time_asks([q for q, _c in searches], kb))
        out["search_accuracy"] = _search_accuracy(searches, kb)
        remote = [it.q for it in load_eval()]
        _time_asks(remote, kb)
        out["remote_care_with_codesets"] = percentiles(_time_asks(remote * 5, kb))
        out["big_load"] = _big_load(tmp)
        (tmp / "cold").mkdir()
        out["cold"] = _cold(tmp / "cold")
        use_codesets(None)
    return out


def targets(res: dict) -> list[tuple[str, str, bool]]:
    """(target, figure, met) for each code-set target."""
    return [("code-set build < 30 s", f"{res['build_s']:.1f} s", res["build_s"] < 30),
            ("diagnosis lookup ask() p99 < 10 ms", f"{res['lookup']['p99_ms']:.2f} ms", res["lookup"]["p99_ms"] < 10),
            ("diagnosis search ask() p99 < 10 ms", f"{res['search']['p99_ms']:.2f} ms", res["search"]["p99_ms"] < 10),
            ("remote-care ask() p99 < 2 ms with code sets loaded",
             f"{res['remote_care_with_codesets']['p99_ms']:.2f} ms", res["remote_care_with_codesets"]["p99_ms"] < 2),
            ("1.5M-row release load < 60 s", f"{res['big_load']['load_s']:.1f} s", res["big_load"]["load_s"] < 60),
            ("cold remote-care `codebot ask` leaves codesets.db unopened",
             f"{res['cold']['cold_remote_ask_s'] * 1000:.0f} ms", not res["cold"]["remote_ask_opened_codesets"])]


if __name__ == "__main__":
    figures = run()
    print(json.dumps(figures, indent=1, default=str))
    for name, figure, met in targets(figures):
        print(f"[{'x' if met else ' '}] {name}: {figure}")
