"""bench/run.py works in a temporary CODEBOT_HOME and leaves nothing behind (issue 17.5)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_bench_run_touches_no_data_directory_and_leaves_no_temporary_files(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    tmp = Path(tempfile.mkdtemp(prefix="cb-", dir="/tmp"))  # short: Dovecot's socket paths must fit 108 bytes
    tmp.chmod(0o755)  # Dovecot's own users must reach its files inside
    env = {k: v for k, v in os.environ.items() if k != "CODEBOT_HOME"}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), TMPDIR=str(tmp))
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--no-scale", "--no-startup",
                          "--json", str(tmp_path / "figures.json")], env=env, capture_output=True, text=True,
                         timeout=600, cwd=tmp_path)
    assert 0 == out.returncode, out.stderr[-3000:]
    assert "5. Channels" in out.stdout and "error" not in out.stdout.split("5. Channels")[1].split("Targets")[0]
    assert [] == sorted(p.name for p in home.rglob("*"))  # no codebot data directory was made
    left = sorted(p.name for p in tmp.iterdir())
    shutil.rmtree(tmp)
    assert [] == left  # every temporary directory was removed
