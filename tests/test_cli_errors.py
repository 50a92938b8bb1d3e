"""What a new user trips over on the command line: each is one clear line and a documented exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot.commands.ask import ExitStatus


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


def _stream(cli_run, *lines: str):
    return cli_run("ask", "--json", "-", input="\n".join(lines) + "\n")


def test_json_lines_exit_0_only_when_every_line_was_answered(cli_run):
    assert ExitStatus.ANSWERED == _stream(cli_run, "what is 98981", "what is 99457").exit_code
    assert ExitStatus.NOT_ANSWERED == _stream(cli_run, "what is 12345", "what is 54321").exit_code
    mixed = _stream(cli_run, "what is 98981", "what is 12345", "what is 99457")
    assert ExitStatus.NOT_ANSWERED == mixed.exit_code
    assert ["answered", "unknown", "answered"] == [json.loads(line)["status"] for line in mixed.output.splitlines()]


def test_blank_lines_are_not_questions_for_the_exit_code(cli_run):
    result = _stream(cli_run, "what is 98981", "", "   ", "what is 99457")
    assert ExitStatus.ANSWERED == result.exit_code
    assert 4 == len(result.output.splitlines())


def test_an_internal_error_on_one_line_exits_1_and_keeps_the_lines(cli_run, monkeypatch):
    import bot.core

    real = bot.core.ask

    def broken(text, **kwargs):
        if "99457" in text:
            raise RuntimeError("boom")
        return real(text, **kwargs)

    monkeypatch.setattr(bot.core, "ask", broken)
    result = _stream(cli_run, "what is 98981", "what is 99457", "what is 12345")
    assert ExitStatus.ERROR == result.exit_code
    assert ["answered", "unknown", "unknown"] == [json.loads(line)["status"] for line in result.output.splitlines()
                                                  if line.startswith("{")]


def test_the_exit_codes_are_documented_for_json_lines(cli_run):
    help_text = " ".join(cli_run("ask", "--help").output.split())
    readme = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text().split())
    sentence = "(one question per line) the exit code is 0 only when every line was answered"
    assert sentence in help_text and sentence in readme


def test_a_year_the_knowledge_does_not_hold_is_refused_naming_the_years(codebot_home: Path, cli_run):
    expected = ("Error: --year 2024: the knowledge holds the rules for 2025 and 2026; use one of those, "
                "or leave --year out for 2026.\n")
    proc = _fast_ask(codebot_home, "--year", "2024", "what is 98985")
    assert (ExitStatus.USAGE, "", expected) == (proc.returncode, proc.stdout, proc.stderr)
    result = cli_run("ask", "--json", "--year", "2024", "-", input="what is 98985\n")
    assert (ExitStatus.USAGE, expected) == (result.exit_code, result.output)
    held = _fast_ask(codebot_home, "--json", "--year", "2025", "what is 98975")
    assert (ExitStatus.ANSWERED, 2025) == (held.returncode, json.loads(held.stdout)["year"])


def _bot(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=60,
                          env={"CODEBOT_HOME": str(home), "PATH": "/usr/bin:/bin"})


def test_ask_help_looks_like_every_other_command(codebot_home: Path):
    ask_help, status_help = _bot(codebot_home, "ask", "--help"), _bot(codebot_home, "status", "--help")
    assert (0, 0) == (ask_help.returncode, status_help.returncode)
    assert ask_help.stdout.startswith("Usage: python -m bot ask [OPTIONS] [QUESTION]...\n\n  Answer QUESTION.")
    assert status_help.stdout.startswith("Usage: python -m bot status [OPTIONS]\n\n")
    assert "\nOptions:\n  --json " in ask_help.stdout and "\nOptions:\n" in status_help.stdout
    assert ask_help.stdout == _bot(codebot_home, "ask", "-h").stdout
    assert ask_help.stdout == _bot(codebot_home, "ask", "what is 98981", "--help").stdout


def test_ask_usage_errors_look_like_every_other_command(codebot_home: Path):
    proc = _bot(codebot_home, "ask", "--year", "soon", "what is 98981")
    assert (2, "") == (proc.returncode, proc.stdout)
    assert proc.stderr.startswith("Usage: python -m bot ask [OPTIONS] [QUESTION]...\nTry 'python -m bot ask --help'")
    assert proc.stderr.endswith("Error: Invalid value for '--year': 'soon' is not a valid integer.\n")
