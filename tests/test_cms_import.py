"""Importing the CMS files into the code-set database: every format through `codebot import`'s registry, release
stamps, zips as downloaded, PTP parts, re-import no-ops, bad files named by file and line, atomicity."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest

from bot.codesets.cms_import import stamp
from bot.codesets.formats.common import ReleaseInfo as FileRelease
from bot.codesets.load import ImportFileError, ReleaseInfo, list_releases
from bot.codesets.registry import import_files

HERE = Path(__file__).resolve().parent
CMS = HERE / "fixtures" / "cms"
REAL = CMS / "real"
ROOT = HERE.parent


def releases(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return [(r.codeset, r.name, r.version, r.effective_date, r.ends_date, r.parts, r.row_count)
                for r in list_releases(conn)]
    finally:
        conn.close()


def rows(db: Path, sql: str, *args) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def test_the_code_set_names_are_the_parsers_own():
    from bot.codesets import cms_tables as t
    from bot.codesets.formats import gpci, hcpcs, locality, mue, ncci_ptp, pfs_rvu

    assert (t.HCPCS, t.PTP, t.MUE, t.PFS, t.GPCI, t.LOCALITY) == tuple(
        m.CODE_SET for m in (hcpcs, ncci_ptp, mue, pfs_rvu, gpci, locality))


def test_the_two_release_stamps_map_one_to_the_other():
    made = stamp(FileRelease("ncci_ptp_practitioner", "NCCI PTP edits", "32.1", date(2026, 4, 1), date(2026, 6, 30),
                             "f1"), ["a.zip:ccipra-v321r0-f1.TXT"], ("f1",))
    assert ReleaseInfo(name="NCCI PTP edits, version 32.1", version="32.1", effective_date=date(2026, 4, 1),
                       source="a.zip:ccipra-v321r0-f1.TXT", fiscal_year=2026, ends_date=date(2026, 6, 30),
                       parts=("f1",)) == made


def test_every_cms_format_loads_as_downloaded(tmp_path):
    db = tmp_path / "codesets.db"
    report = import_files(db, [CMS / "january-2026-alpha-numeric-hcpcs-file.zip", CMS / "ccipra-v321r0-f1.TXT",
                               CMS / "ccipra-v321r0-f2.TXT", CMS / "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv",
                               CMS / "rvu26c.zip"])
    assert [
        ("gpci", "Medicare geographic practice cost indices (GPCIs), 2026, RVU26C", "RVU26C", "2026-07-01", None, "", 6),
        ("hcpcs", "HCPCS Level II, 2026 January", "2026 January", "2026-01-01", None, "", 6),
        ("locality_county", "Medicare payment localities and their counties, 2026, RVU26C", "RVU26C", "2026-07-01",
         None, "", 8),
        ("mue_practitioner", "NCCI medically unlikely edits, practitioner services, version 32.1", "32.1",
         "2026-04-01", "2026-06-30", "", 6),
        ("ncci_ptp_practitioner", "NCCI procedure-to-procedure edits, practitioner services, version 32.1", "32.1",
         "2026-04-01", "2026-06-30", "f1,f2", 11),
        ("pfs_rvu", "Medicare physician fee schedule relative values, July 2026 release, RVU26C", "RVU26C",
         "2026-07-01", None, "", 7),
    ] == releases(db)
    # the zips' spreadsheets, PDFs and notes are skipped; the text copies of CSV tables are not read
    assert ["january-2026-alpha-numeric-hcpcs-file.zip:HCPC2026_JAN_ANWEB_12292025.xlsx",
            "january-2026-alpha-numeric-hcpcs-file.zip:HCPC2026_recordlayout.txt",
            "january-2026-alpha-numeric-hcpcs-file.zip:proc_notes_JAN2026.txt", "rvu26c.zip:PPRRVU2026_Jul_nonQPP.xlsx",
            "rvu26c.zip:RVU26C.pdf", "rvu26c.zip:OPPSCAP_Jul.csv"] == report.skipped
    assert [("97140", "97530", 20200101, 20201231, 0), ("97140", "97530", 20210101, None, 1)] == rows(
        db, "select column1, column2, effective, deleted, modifier from ncci_ptp_edits where column2 = '97530'")
    assert [("99213", "", "A", "1.30", "1.28", "0.55", "0.10", "XXX", "33.4009")] == rows(
        db, "select code, modifier, status, work_rvu, nonfacility_pe_rvu, facility_pe_rvu, mp_rvu, global_days, "
            "conversion_factor from pfs_rvus where code = '99213'")
    assert [("GT", "Service given by live audio and video link between the patient and the practitioner (fixture "
                   "wording)")] == rows(db, "select code, long from hcpcs_modifiers where code = 'GT'")


def test_the_four_ptp_parts_make_one_release_and_a_part_imported_alone_keeps_the_others(tmp_path):
    db = tmp_path / "codesets.db"
    parts = sorted(REAL.glob("ccipra-*"))
    first = import_files(db, parts).results[0]
    assert ("f1,f2,f3,f4", 21, True) == (first.release.parts, first.release.row_count, first.changed)  # 18 edits, 3 rationales
    again = import_files(db, [REAL / "ccipra-v323r0-f4.TXT"])
    assert ["PTP 32.3: parts f1, f2, f3 kept from the release loaded before"] == again.warnings
    kept = again.results[0]
    assert (False, first.release.content_hash, first.release.id) == (kept.changed, kept.release.content_hash,
                                                                      kept.release.id)


def test_reimporting_the_same_release_changes_nothing(tmp_path):
    db = tmp_path / "codesets.db"
    files = sorted(p for p in REAL.iterdir() if p.suffix.lower() in (".txt", ".csv"))
    import_files(db, files)
    before = rows(db, "select id, version, content_hash, loaded_at from releases order by id")
    again = import_files(db, files)
    assert [False] * 7 == [r.changed for r in again.results]
    assert before == rows(db, "select id, version, content_hash, loaded_at from releases order by id")


def test_a_zip_with_the_qpp_and_non_qpp_files_loads_the_standard_one(tmp_path):
    archive = tmp_path / "rvu26c.zip"
    text = (REAL / "PPRRVU2026_Jul_nonQPP.csv").read_bytes()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("PPRRVU2026_Jul_nonQPP.csv", text)
        z.writestr("PPRRVU2026_Jul_QPP.csv", text.replace(b"33.4009", b"33.5675"))
    report = import_files(tmp_path / "codesets.db", [archive])
    assert ["rvu26c.zip:PPRRVU2026_Jul_QPP.csv: skipped; the non-QPP file of RVU26C is imported (the standard "
            "conversion factor)"] == report.warnings
    assert [("33.4009",)] == rows(tmp_path / "codesets.db", "select distinct conversion_factor from pfs_rvus")


@pytest.mark.parametrize("name, damage, expected", [
    ("ccipra-v323r0-f4.TXT", lambda b: b[: b.rindex(b"\t1\t")], "ccipra-v323r0-f4.TXT: line 15: 5 columns where the PTP "
     "layout has 7: the file is cut short or not tab-separated"),
    ("MCR_MUE_PractitionerServices_Eff_10-01-2026.csv", lambda b: b"\xef\xbb\xbf" + b.replace(b"Clinical: Data", b"Clinical\xe9"),
     "MCR_MUE_PractitionerServices_Eff_10-01-2026.csv: line 12: the text is not valid UTF-8 although the file starts "
     "with a UTF-8 mark: mis-encoded"),
    ("ccipra-v323r0-f1.TXT", lambda b: b.replace(b"\tPTP Edit Rationale", b"").replace(
        b"\tStandards of medical/surgical practice", b"").replace(b"\tMutually exclusive procedures", b""),
     "ccipra-v323r0-f1.TXT: line 3: the header has no 'PTP Edit Rationale' column: an older PTP layout codebot does "
     "not read; download the current quarter's files"),
    ("GPCI2026.csv", lambda b: b.replace(b"2026 PE GPCI", b"2026 XX"), "GPCI2026.csv: line 3: the header ["),
])
def test_a_bad_file_is_one_clear_error_with_file_and_line_and_the_loaded_release_keeps_answering(
        tmp_path, name, damage, expected):
    db = tmp_path / "codesets.db"
    import_files(db, sorted(p for p in REAL.iterdir() if p.suffix.lower() in (".txt", ".csv")))
    before = rows(db, "select * from releases order by id")
    bad = tmp_path / name
    bad.write_bytes(damage((REAL / name).read_bytes()))
    with pytest.raises(ImportFileError) as caught:
        import_files(db, [bad])
    assert str(caught.value).startswith(expected), str(caught.value)
    assert before == rows(db, "select * from releases order by id")
    assert 18 == rows(db, "select count(*) from ncci_ptp_edits")[0][0]


def test_an_error_late_in_a_part_rolls_back_and_the_stored_release_still_answers(tmp_path):
    db = tmp_path / "codesets.db"
    import_files(db, [CMS / "ccipra-v321r0-f1.TXT"])
    good = rows(db, "select column1, column2, effective, modifier from ncci_ptp_edits order by rowid")
    broken = tmp_path / "ccipra-v321r0-f1.TXT"
    text = (CMS / "ccipra-v321r0-f1.TXT").read_bytes()
    broken.write_bytes(text.replace(b"20210101\t*\t1", b"20210101\t*\t1") + b"G0506\t99484\t\t2022013\t*\t0\tX\r\n")
    with pytest.raises(ImportFileError, match=r"^ccipra-v321r0-f1.TXT: line 13: effective date '2022013' is not"):
        import_files(db, [broken])
    assert good == rows(db, "select column1, column2, effective, modifier from ncci_ptp_edits order by rowid")
    assert 1 == rows(db, "select count(*) from releases")[0][0]


def _big_ptp(path: Path, count: int) -> None:
    lines = "".join(f"{10000 + i % 80000:05d}\t{20000 + i % 70000:05d}\t\t20200101\t*\t1\tStandards of practice\r\n"
                    for i in range(count))
    path.write_bytes((REAL / "ccipra-v323r0-f1.TXT").read_bytes().split(b"11042")[0] + lines.encode("latin-1"))


def test_killing_an_import_midway_loses_nothing(tmp_path):
    db = tmp_path / "codesets.db"
    import_files(db, sorted(REAL.glob("ccipra-*")))
    before = rows(db, "select id, content_hash from releases")
    big = tmp_path / "ccipra-v323r0-f1.TXT"
    _big_ptp(big, 400_000)
    code = f"from pathlib import Path; from bot.codesets.registry import import_files; import_files(Path({str(db)!r}), [Path({str(big)!r})])"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    time.sleep(1.5)  # the parts are being read and inserted inside one transaction
    assert proc.poll() is None, "the import finished before it could be killed: make the file bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert before == rows(db, "select id, content_hash from releases")
    assert 18 == rows(db, "select count(*) from ncci_ptp_edits")[0][0]


def test_codebot_import_and_status_list_every_release(tmp_path, monkeypatch, cli_run):
    monkeypatch.setenv("CODEBOT_HOME", str(tmp_path))
    result = cli_run("import", *map(str, sorted(p for p in REAL.iterdir() if p.suffix.lower() in (".txt", ".csv"))))
    assert 0 == result.exit_code, result.output
    assert "NCCI procedure-to-procedure edits, practitioner services, version 32.3 [32.3], effective 2026-10-01: " \
           "loaded; 21 rows" in result.output
    status = cli_run("status").output
    for name in ("HCPCS Level II, 2026 January [2026 January]", "version 32.3 [32.3] effective 2026-10-01 to 2026-12-31",
                 "RVU26C [RVU26C] effective 2026-07-01", "Licensed CPT descriptors (the practice's own file) [licensed]",
                 "(GPCIs), 2026 [2026]", "their counties, 2026 [2026]"):
        assert name in status, name


def test_codebot_import_of_a_broken_file_is_one_line_and_exit_1(tmp_path, monkeypatch, cli_run):
    monkeypatch.setenv("CODEBOT_HOME", str(tmp_path))
    cut = tmp_path / "MCR_MUE_PractitionerServices_Eff_10-01-2026.csv"
    cut.write_bytes((REAL / cut.name).read_bytes()[:-40])
    result = cli_run("import", str(cut))
    assert 1 == result.exit_code
    assert [f"Error: {cut.name}: line 16: unreadable row (unexpected end of data): the file is damaged or cut short. "
            "Nothing changed: the releases loaded before keep answering."] == result.output.splitlines()
