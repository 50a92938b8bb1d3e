"""`codebot import` on the CMS ICD-10-CM files in their published layouts: releases, zips, bad files, dates."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from bot.codesets import use_codesets
from bot.codesets.registry import import_files
from bot.codesets.icd_read import IcdReader
from bot.codesets.load import ImportFileError, list_releases
from bot.core import ask
from bot.render import render_answer

FIXTURES = Path(__file__).parent / "fixtures" / "icd10cm"
ORDER, TABULAR, INDEX = (FIXTURES / n for n in ("icd10cm_order_2027.txt", "icd10cm_tabular_2027.xml",
                                                "icd10cm_index_2027.xml"))


@pytest.fixture
def db(tmp_path, codesets):
    """A copy of the session's code-set database (bundled FY2026 April release), answering while the test runs."""
    path = tmp_path / "codesets.db"
    shutil.copy(codesets.path, path)
    use_codesets(IcdReader(path))
    yield path
    use_codesets(codesets)


def _versions(path: Path) -> list[str]:
    return [r.version for r in list_releases(sqlite3.connect(path))]


def test_order_file_and_tabular_make_one_release_with_short_descriptors(db):
    report = import_files(db, [ORDER, TABULAR])
    (result,) = report.results
    assert ("ICD-10-CM FY2027", "FY2027", "2026-10-01", "2027-09-30") == (
        result.release.name, result.release.version, result.release.effective_date, result.release.ends_date)
    assert {"order", "tabular"} == set(result.release.parts.split(","))
    assert [] == report.warnings
    code = IcdReader(db).code(result.release.id, "S72001D")
    assert ("Fx unsp part of nk of r femr, subs for clos fx w routn heal", 1) == (code.short, code.billable)
    assert ["FY2026-04", "FY2027"] == _versions(db)


def test_importing_the_same_files_again_changes_nothing(db):
    first = import_files(db, [ORDER, TABULAR]).results[0]
    again = import_files(db, [ORDER, TABULAR]).results[0]
    assert first.changed and not again.changed and first.release.id == again.release.id


def test_the_zip_as_downloaded_is_read_and_its_other_members_skipped(db, tmp_path):
    archive = tmp_path / "icd10cm-Table-Index-2027.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(TABULAR, "icd10cm_tabular_2027.xml")
        z.write(INDEX, "icd10cm_index_2027.xml")
        z.write(FIXTURES / "icd10cm_neoplasm_2027.xml", "icd10cm_neoplasm_2027.xml")
        z.writestr("icd10cm_tabular_2027.pdf", b"%PDF-1.7 not read")
    report = import_files(db, [archive])
    assert [f"{archive.name}:icd10cm_tabular_2027.pdf"] == report.skipped
    assert {"icd10cm", "icd10cm_index"} == {r.release.codeset for r in report.results}
    index = next(r.release for r in report.results if r.release.codeset == "icd10cm_index")
    assert "ICD-10-CM INDEX TO DISEASES and INJURIES,ICD-10-CM TABLE of NEOPLASMS" == index.parts
    terms = sqlite3.connect(db).execute("select term, code from icd10cm_index_terms where release_id = ?",
                                        (index.id,)).fetchall()
    assert ("Neoplasm, neoplastic, femur, Malignant Secondary", "C79.51") in terms
    assert ("Diabetes, diabetic (mellitus) (sugar), type 2, with, hyperglycemia", "E11.65") in terms


def test_a_truncated_order_file_names_file_and_line_and_changes_nothing(db, tmp_path):
    cut = tmp_path / "icd10cm_order_2027.txt"
    lines = ORDER.read_bytes().splitlines(keepends=True)
    cut.write_bytes(b"".join(lines[:5]) + lines[5][:40])
    with pytest.raises(ImportFileError, match=r"icd10cm_order_2027.txt: line 6: not an order-file record"):
        import_files(db, [cut])
    cut.write_bytes(b"".join(lines[:5]))  # cut at a line end: it stops before the Z codes
    with pytest.raises(ImportFileError, match=r"line 5: ends at code M17: the file looks truncated"):
        import_files(db, [cut])
    assert ["FY2026-04"] == _versions(db)
    assert "answered" == ask("what is M17.11").status


def test_a_truncated_tabular_names_the_line(db, tmp_path):
    cut = tmp_path / "icd10cm_tabular_2027.xml"
    cut.write_text(TABULAR.read_text()[:3000])
    with pytest.raises(ImportFileError, match=r"icd10cm_tabular_2027.xml: line \d+: malformed or truncated XML"):
        import_files(db, [cut])
    assert ["FY2026-04"] == _versions(db)


def test_a_wrong_file_is_refused_in_one_line(db, tmp_path):
    wrong = tmp_path / "notes.txt"
    wrong.write_text("hello\n")
    with pytest.raises(ImportFileError, match="notes.txt: not a file codebot can import"):
        import_files(db, [wrong])


def test_the_date_of_service_picks_the_release_in_force(db, dx_today):
    import_files(db, [ORDER, TABULAR])
    before = ask("R26.81 date of service 2026-09-15").diagnosis
    after = ask("R26.81 for a visit on 10/15/2026").diagnosis
    today = ask("what is R26.81").diagnosis
    assert ("FY2026-04", "FY2027", "FY2027") == (before.release_version, after.release_version, today.release_version)
    assert "" == after.release_note == today.release_note


def test_the_bundled_release_says_when_it_is_superseded(codesets, dx_today):
    a = ask("what is M17.11")
    assert "ICD-10-CM FY2026 (April 1, 2026 update)" == a.diagnosis.release
    assert "FY2027 has been in force since 2026-10-01" in a.diagnosis.release_note
    assert a.diagnosis.release_note not in a.caveats  # it is on the release line instead, in every channel
    for channel in ("cli", "slack", "email"):
        out = render_answer(a, channel)
        assert "does not carry FY2027" in (out.html if channel == "email" else out.text)
    dx_today("2026-06-01")
    assert "" == ask("what is M17.11").diagnosis.release_note


def test_an_imported_index_finds_codes_by_its_terms(db):
    import_files(db, [TABULAR, INDEX])
    a = ask("icd 10 for wobbliness")
    assert ("answered", "R26.81", "index") == (a.status, a.diagnosis.code, a.diagnosis.matched)


def test_the_import_command_reports_and_status_lists_releases(cli_run, codesets, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(codesets.path, home / "codesets.db")
    monkeypatch.setenv("CODEBOT_HOME", str(home))  # the session's own database stays as it is
    try:
        _import_and_status(cli_run, tmp_path)
    finally:
        use_codesets(codesets)


def _import_and_status(cli_run, tmp_path):
    result = cli_run("import", str(ORDER), str(TABULAR))
    assert "ICD-10-CM FY2027 [FY2027], effective 2026-10-01: loaded" in result.output
    status = cli_run("status").output
    assert "ICD-10-CM FY2026 (April 1, 2026 update) [FY2026-04]" in status and "[FY2027]" in status
    bad = tmp_path / "x.txt"
    bad.write_text("nothing\n")
    failed = cli_run("import", str(bad))
    assert 1 == failed.exit_code and "x.txt: not a file codebot can import" in failed.output


def test_an_order_file_alone_makes_a_release_with_its_parent_chain(db):
    (result,) = import_files(db, [ORDER]).results
    assert ("order", 20) == (result.release.parts, result.rows["icd10cm_codes"])
    reader = IcdReader(db)
    code = reader.code(result.release.id, "S72001D")
    assert ["S72001", "S7200", "S720", "S72"] == [c.code for c in reader.chain(result.release.id, code)]
    assert "Fx unsp part of nk of r femr, subs for clos fx w routn heal" == code.short
    a = ask("what is S72.001D")
    assert "FY2027" == a.diagnosis.release_version and any("code descriptions file only" in c for c in a.caveats)


def test_a_practice_import_of_the_bundled_release_is_kept(db, tmp_path):
    from bot.codesets import ensure_bundled
    from bot.codesets.bundled import bundled_version, needs_build

    april = tmp_path / "icd10cm-tabular-April-1-2026.xml"  # the CMS file of the same release the package ships
    april.write_text(TABULAR.read_text().replace("<version>2027</version>", "<version>2026</version>"))
    (result,) = import_files(db, [april]).results
    assert bundled_version() == result.release.version
    ensure_bundled(db.parent)  # must not replace it with the package's copy
    assert [april.name] == [r.source for r in list_releases(sqlite3.connect(db), "icd10cm")]
    assert needs_build(None) and needs_build("simple-icd-10-cm 1.5.0 (x.xml, compile 1)")


def test_the_index_default_narrowed_by_the_question_answers(db, tmp_path):
    before = ask("icd 10 for right knee osteoarthritis")  # the tabular alone, with the curated default (primary)
    assert ("answered", "M17.11", "descriptor") == (before.status, before.diagnosis.code, before.diagnosis.matched)
    index_2026 = tmp_path / "icd10cm_index_2026.xml"  # the same year's index: Osteoarthritis, knee M17.1- (primary)
    index_2026.write_text(INDEX.read_text().replace("<version>2027</version>", "<version>2026</version>"))
    import_files(db, [index_2026])
    a = ask("icd 10 for right knee osteoarthritis")  # "right" narrows M17.1- to M17.11
    assert ("answered", "M17.11", "index") == (a.status, a.diagnosis.code, a.diagnosis.matched)
