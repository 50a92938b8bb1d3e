"""Licensed CPT descriptors: imported from the practice's own file, merged into answers, bad rows reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.core import ask
from bot.kb.descriptors import parse_descriptor_file
from bot.kb import open_index


def test_csv_with_header_and_bad_rows():
    data = ("code,descriptor\n98981,Licensed text A\nABC,bad code\n98980,\n99457,\"Licensed, with comma\"\n"
            "98975\n").encode()
    report = parse_descriptor_file(data)
    assert {"98981": "Licensed text A", "99457": "Licensed, with comma"} == report.imported
    assert [(3, "'ABC' is not a CPT or HCPCS code"), (4, "the descriptor is empty"),
            (6, "needs two columns: code and descriptor")] == report.skipped


def test_tab_separated_without_header():
    report = parse_descriptor_file(b"98981\tLicensed tab text\ng0556\tLicensed G text\n")
    assert {"98981": "Licensed tab text", "G0556": "Licensed G text"} == report.imported


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("CODEBOT_HOME", str(tmp_path))
    return tmp_path


def test_import_command_merges_into_answers_and_keeps_the_rest(home, cli_run, tmp_path):
    before = open_index(home=home)
    file = tmp_path / "cpt.csv"
    file.write_text("code,descriptor\n98981,LICENSED-DESCRIPTOR-98981\nXX,nope\n")
    result = cli_run("import-descriptors", str(file))
    assert 0 == result.exit_code
    assert "Imported 1 descriptors (1 rows skipped); 1 stored in" in result.output
    assert {"98981": "LICENSED-DESCRIPTOR-98981"} == json.loads((home / "descriptors.json").read_text())
    kb = open_index(home=home)
    assert "LICENSED-DESCRIPTOR-98981" == ask("what is 98981", kb=kb).codes[0].descriptor
    assert ask("what is 98981", kb=kb).codes[0].summary == ask("what is 98981", kb=before).codes[0].summary
    assert None is ask("what is 98980", kb=kb).codes[0].descriptor
    assert set(before.codes) == set(kb.codes)


def test_import_of_only_bad_rows_changes_nothing(home, cli_run, tmp_path):
    file = tmp_path / "bad.tsv"
    file.write_text("nonsense\n\x00\x01\n")
    result = cli_run("import-descriptors", str(file))
    assert 1 == result.exit_code
    assert not (home / "descriptors.json").exists()


def test_repository_ships_no_descriptor_file():
    root = Path(__file__).resolve().parents[1]
    assert [] == [p for p in root.rglob("descriptors*.json") if ".venv" not in p.parts]
