"""What a new user trips over on the command line: each is one clear line and a documented exit code."""

from __future__ import annotations

from pathlib import Path


def test_quiz_export_to_a_missing_folder_is_one_line(cli_run, tmp_path: Path):
    target = tmp_path / "missing" / "dir" / "x.html"
    result = cli_run("quiz", "export", "-n", "2", "--seed", "1", "-o", str(target))
    assert 1 == result.exit_code
    assert f"Error: cannot write {target}: No such file or directory\n" == result.output
    assert not target.parent.exists()
