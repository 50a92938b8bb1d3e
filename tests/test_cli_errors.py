"""What a new user trips over on the command line: each is one clear line and a documented exit code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_quiz_export_to_a_missing_folder_is_one_line(cli_run, tmp_path: Path):
    target = tmp_path / "missing" / "dir" / "x.html"
    result = cli_run("quiz", "export", "-n", "2", "--seed", "1", "-o", str(target))
    assert 1 == result.exit_code
    assert f"Error: cannot write {target}: No such file or directory\n" == result.output
    assert not target.parent.exists()


def _fast_ask(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "ask", *args], capture_output=True, text=True, timeout=60,
                          env={"CODEBOT_HOME": str(home), "PATH": "/usr/bin:/bin"})


def test_codebot_home_that_is_a_file_is_one_line(cli_run, tmp_path: Path, monkeypatch):
    home = tmp_path / "home"
    home.write_text("not a folder")
    expected = f"Error: CODEBOT_HOME is {home}, a file, not a folder; point it at a folder (created if missing).\n"
    proc = _fast_ask(home, "what is 98981")
    assert (1, "", expected) == (proc.returncode, proc.stdout, proc.stderr)
    monkeypatch.setenv("CODEBOT_HOME", str(home))
    for command in (["status"], ["index"]):
        result = cli_run(*command)
        assert (1, expected) == (result.exit_code, result.output), command


def test_index_path_that_is_a_folder_is_one_line(cli_run, tmp_path: Path, monkeypatch):
    (tmp_path / "index.db").mkdir()
    expected = (f"Error: {tmp_path / 'index.db'} is a folder, not the index file; move it away and run "
                "`codebot index`.\n")
    proc = _fast_ask(tmp_path, "--json", "what is 98981")
    assert (1, "", expected) == (proc.returncode, proc.stdout, proc.stderr)
    monkeypatch.setenv("CODEBOT_HOME", str(tmp_path))
    for command in (["status"], ["index"]):
        result = cli_run(*command)
        assert (1, expected) == (result.exit_code, result.output), command
    assert ["index.db"] == sorted(p.name for p in tmp_path.iterdir())


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path, codebot_home: Path):
    questions = tmp_path / "questions.txt"
    questions.write_text("what is 98981\nour MA logged 14 minutes of RPM with one call, what do we bill?\n" * 300)
    script = (f"{sys.executable} -m bot ask --json - < {questions} | head -1 > {tmp_path / 'first'}; "
              'echo "${PIPESTATUS[0]}"')
    proc = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120,
                          env={"CODEBOT_HOME": str(codebot_home), "PATH": "/usr/bin:/bin"})
    assert ("141\n", "") == (proc.stdout, proc.stderr)
    assert '"98981"' in (tmp_path / "first").read_text()
