"""Licensed CPT descriptors: imported from the practice's own file, merged into answers, bad rows reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.core import ask
from bot.kb.descriptors import DescriptorFileError, parse_descriptor_file
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


def test_cr_only_line_endings_are_read_like_any_other():
    report = parse_descriptor_file(b"code,descriptor\r98981,Licensed text A\r99457,Licensed text B\r")
    assert {"98981": "Licensed text A", "99457": "Licensed text B"} == report.imported
    assert [] == report.skipped


def test_utf16_tab_text_from_a_spreadsheet_is_read():
    report = parse_descriptor_file("code\tdescriptor\r\n98981\tLicensed text \u00e9\r\n".encode("utf-16"))
    assert {"98981": "Licensed text \u00e9"} == report.imported


def test_an_unterminated_quote_is_reported_and_the_next_rows_are_kept():
    data = b'98981,"Licensed text A\n98980,Licensed text B\n99457,Licensed text C\n'
    report = parse_descriptor_file(data)
    assert {"98980": "Licensed text B", "99457": "Licensed text C"} == report.imported
    assert [(1, "a quote opened on this line is not closed on it")] == report.skipped


def test_two_stray_quotes_do_not_join_the_rows_between_them():
    data = b'98981,"Licensed A\n98980,Licensed B\n99457,Licensed C"\n99458,Licensed D\n'
    report = parse_descriptor_file(data)
    assert {"98980": "Licensed B", "99457": 'Licensed C"', "99458": "Licensed D"} == report.imported
    assert [1] == [line for line, _why in report.skipped]


def test_a_binary_file_is_one_clear_error():
    with pytest.raises(DescriptorFileError, match="^this is not a text file"):
        parse_descriptor_file(b"PK\x03\x04\x00\x00\x08\x00" + bytes(range(256)))


def test_a_file_that_is_not_utf8_names_the_line():
    with pytest.raises(DescriptorFileError, match="^line 2 is not UTF-8 text"):
        parse_descriptor_file("98981,Licensed A\n98980,Licens\u00e9 B\n".encode("cp1252"))


def test_import_command_binary_file_is_one_line(home, cli_run, tmp_path):
    file = tmp_path / "cpt.xlsx"
    file.write_bytes(b"PK\x03\x04\x00\x00" + bytes(range(256)) * 4)
    result = cli_run("import-descriptors", str(file))
    assert 1 == result.exit_code
    assert 1 == len(result.output.splitlines()), result.output
    assert result.output.startswith("Error: cpt.xlsx: this is not a text file")
    assert not (home / "descriptors.json").exists()


def test_a_descriptor_makes_a_code_outside_the_knowledge_answerable(home, cli_run, tmp_path, kb):
    file = tmp_path / "cpt.csv"
    file.write_text("98981,Licensed A\n12345,Licensed B\n54321,Licensed C\n")
    result = cli_run("import-descriptors", str(file))
    assert 0 == result.exit_code
    assert "Imported 3 descriptors (0 rows skipped)" in result.output
    assert {"98981", "12345", "54321"} == set(json.loads((home / "descriptors.json").read_text()))
    answer = ask("what is 12345", kb=kb)
    assert ("answered", "12345", "Licensed B") == (answer.status, answer.codes[0].code, answer.cms.descriptor)
    assert any("no fee-schedule row" in line for line in answer.cms.lacks)


def test_codebot_import_reads_a_descriptor_file_and_a_second_import_merges(home, cli_run, tmp_path):
    first, second = tmp_path / "cpt-a.csv", tmp_path / "cpt-b.tsv"
    first.write_text("code,descriptor\n12345,Licensed B\n")
    second.write_text("54321\tLicensed C\n12345\tLicensed B, revised\n")
    assert 0 == cli_run("import", str(first)).exit_code
    again = cli_run("import", str(first))
    assert "[licensed], effective" in again.output and "unchanged (same content already loaded)" in again.output
    assert 0 == cli_run("import", str(second)).exit_code
    stored = json.loads((home / "descriptors.json").read_text())
    assert {"12345": "Licensed B, revised", "54321": "Licensed C"} == stored
