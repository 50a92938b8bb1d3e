"""The codebot command: ask (text, --json, stdin JSON Lines), exit codes, index, status, check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot.commands.cli import ExitStatus


def test_ask_prints_a_readable_answer(cli_run):
    result = cli_run("ask", "what", "is", "98981")
    assert ExitStatus.ANSWERED == result.exit_code
    assert result.output.startswith("98981 (CPT, RTM) - RTM treatment management, each additional 20 minutes\n")
    assert "Worked example: 45 minutes" in result.output


def test_ask_json_prints_the_contract(cli_run):
    result = cli_run("ask", "--json", "what is 98981")
    data = json.loads(result.output)
    assert ("answered", "98981") == (data["status"], data["codes"][0]["code"])


def test_not_answered_exits_3(cli_run):
    assert ExitStatus.NOT_ANSWERED == cli_run("ask", "what is 98891").exit_code
    assert ExitStatus.NOT_ANSWERED == cli_run("ask", "--json", "").exit_code


def test_stdin_json_lines_one_answer_per_line(cli_run):
    lines = ['what is 98981', json.dumps("Hi,\nwhat is 99457?\nThanks,\nDana"), "", "\x00\x01binary", "what is 12345"]
    result = cli_run("ask", "--json", "-", input="\n".join(lines) + "\n")
    answers = [json.loads(l) for l in result.output.splitlines()]
    assert [("answered", "98981"), ("answered", "99457"), ("rejected", None), ("rejected", None),
            ("unknown", None)] == [(a["status"], (a["codes"] or [{}])[0].get("code")) for a in answers]


def test_year_option(cli_run):
    data = json.loads(cli_run("ask", "--json", "--year", "2025", "what is 98975").output)
    assert 2025 == data["year"]


def test_index_and_status(cli_run):
    assert cli_run("index").output.startswith("Built ")
    out = cli_run("status").output
    assert out.startswith("knowledge   2026.1 @ ")
    assert "codes " in out and "sources by year" in out


def test_check_passes_on_bundled_knowledge(cli_run):
    result = cli_run("check")
    assert 0 == result.exit_code
    assert result.output.startswith("knowledge OK: ")


def test_python_dash_m_bot_runs(tmp_path: Path):
    proc = subprocess.run([sys.executable, "-m", "bot", "ask", "--json", "98975?"], capture_output=True, text=True,
                          timeout=60, env={"CODEBOT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert 0 == proc.returncode, proc.stderr
    assert "98975" == json.loads(proc.stdout)["codes"][0]["code"]


def test_every_command_has_help_and_is_in_the_readme():
    from bot.commands.cli import cli

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for name, command in cli.commands.items():
        assert command.help, name
        assert f"codebot {name}" in readme or f"  {name} " in readme, name


def test_readme_starts_with_the_two_commands():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert "$ pip install . && codebot ask \"what is 98981?\"" in readme
    test_command = "pip install '.[test]' && codebot check && pytest -q"
    assert f"$ {test_command}" in readme and ci.rstrip().endswith(test_command.replace("install ", "install -q "))


def test_ask_fast_path_imports_no_click_and_no_channel_library(tmp_path: Path):
    env = {"CODEBOT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "bot", "index"], capture_output=True, timeout=60, env=env)  # warm index
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "bot", "ask", "--json", "what is 98891"],
                          capture_output=True, text=True, timeout=60, env=env)
    assert ExitStatus.NOT_ANSWERED == proc.returncode
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert set() == imported & {"click", "jinja2", "slack_bolt", "slack_sdk", "imap_tools", "aiosmtpd", "mailparser_reply",
                           "sqlalchemy", "alembic", "psycopg", "gunicorn"}
