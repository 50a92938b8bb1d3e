"""Start-up and size: cold `codebot ask` vs `python -c pass`, index build time, index size, peak RSS,
and a check that the ask path imports no channel library."""

from __future__ import annotations

import compileall
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import REPO

CHANNEL_LIBS = ("slack_bolt", "slack_sdk", "imap_tools", "aiosmtpd", "mailparser_reply", "sqlalchemy", "alembic",
                "psycopg", "gunicorn")
RUNS = 7


def ask_command() -> list[str]:
    """The real `codebot` console script next to this interpreter (no pyenv shim), else `python -m bot`."""
    script = Path(sys.executable).parent / "codebot"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


# A tiny launcher forks and execs the measured command and reports its wall time and peak RSS. Linux carries
# the parent's memory high-water mark into a forked child's ru_maxrss, so the benchmark process (tens of MiB)
# must not be the direct parent; the launcher (python -S -I, a few MiB) is.
_LAUNCHER = """
import json, os, sys, time
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1); os.dup2(null, 2)
    try:
        os.execv(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_pid, status, usage = os.wait4(pid, 0)
print(json.dumps([time.perf_counter() - t0, usage.ru_maxrss, os.waitstatus_to_exitcode(status)]))
"""


def run_child(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Run a fresh process (output discarded); return (wall seconds, peak RSS KiB, exit code)."""
    out = subprocess.run([sys.executable, "-S", "-I", "-c", _LAUNCHER, *cmd], env=env, cwd=REPO,
                         capture_output=True, text=True, check=True).stdout
    wall, rss, code = json.loads(out)
    return wall, rss, code


def median_wall(cmd: list[str], env: dict[str, str], runs: int = RUNS) -> tuple[float, int]:
    """Median wall seconds and max peak RSS (KiB) over `runs` fresh processes (after one warm-up run)."""
    run_child(cmd, env)
    walls, rss = [], []
    for _ in range(runs):
        wall, peak, _code = run_child(cmd, env)
        walls.append(wall)
        rss.append(peak)
    return statistics.median(walls), max(rss)


def imported_channels(env: dict[str, str]) -> dict[str, list[str]]:
    """Channel libraries loaded by ask() in-process and by the `codebot ask` command (via -X importtime)."""
    code = ("import sys, json; from bot.core import ask; ask('what is 98981'); "
            f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({list(CHANNEL_LIBS)!r}))))")
    core = json.loads(subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True,
                                     text=True, check=True).stdout.strip().splitlines()[-1])
    cli = subprocess.run([sys.executable, "-X", "importtime", "-m", "bot", "ask", "what is 98981"], env=env, cwd=REPO,
                         capture_output=True, text=True)
    loaded = {line.split("|")[-1].strip().split(".")[0] for line in cli.stderr.splitlines() if line.startswith("import time:")}
    return {"ask()": core, "codebot ask": sorted(loaded & set(CHANNEL_LIBS))}


def slowest_imports(env: dict[str, str], top: int = 8) -> list[tuple[str, float]]:
    """Top-level modules by cumulative import time (ms) for `codebot ask`, for the start-up profile."""
    cli = subprocess.run([sys.executable, "-X", "importtime", "-m", "bot", "ask", "what is 98981"], env=env, cwd=REPO,
                         capture_output=True, text=True)
    rows = []
    for line in cli.stderr.splitlines():
        parts = line.split("|")
        if line.startswith("import time:") and len(parts) == 3 and parts[1].strip().isdigit():
            depth = (len(parts[2]) - len(parts[2].lstrip()) - 1) // 2
            if depth <= 1:
                rows.append((parts[2].strip(), int(parts[1]) / 1000))
    return sorted(rows, key=lambda r: -r[1])[:top]


def build_times(home: Path, runs: int = 5) -> dict[str, float]:
    """Index build from scratch: in-process median (sqlite-utils already imported) and as a fresh `codebot index`."""
    from bot.kb import index_path, rebuild

    rebuild(home)
    secs = []
    for _ in range(runs):
        index_path(home).unlink(missing_ok=True)
        t0 = time.perf_counter()
        rebuild(home)
        secs.append(time.perf_counter() - t0)
    env = {**os.environ, "CODEBOT_HOME": str(home)}
    wall, _rss, code = run_child(ask_command() + ["index"], env)
    return {"in_process_s": statistics.median(secs), "codebot_index_wall_s": wall if code == 0 else float("nan"),
            "index_bytes": index_path(home).stat().st_size}


def startup(home: Path) -> dict:
    """Run every start-up and size measurement against a warm index in `home`."""
    env = {**os.environ, "CODEBOT_HOME": str(home)}
    # `pip install .` writes the package's bytecode; a checkout run with PYTHONDONTWRITEBYTECODE would compile every
    # changed module from source on each start, which is no installed user's cold start
    compileall.compile_dir(str(REPO / "bot"), quiet=1)
    builds = build_times(home)
    cmd = ask_command() + ["ask", "what is 98981"]
    ask_wall, ask_rss = median_wall(cmd, env)
    pass_wall, pass_rss = median_wall([sys.executable, "-c", "pass"], env)
    return {"ask_cmd": " ".join(Path(c).name if i == 0 else c for i, c in enumerate(cmd)),
            "cold_ask_s": ask_wall, "python_pass_s": pass_wall, "ratio": ask_wall / pass_wall,
            "ask_peak_rss_mib": ask_rss / 1024, "python_pass_rss_mib": pass_rss / 1024,
            **builds, "channel_imports": imported_channels(env), "slowest_imports_ms": slowest_imports(env)}
