"""Files and zips as downloaded: members picked by name and content, releases read from names and titles."""

from __future__ import annotations

import ast
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from bot.codesets.formats import gpci, hcpcs, locality, mue, ncci_ptp, pfs_rvu, sources
from bot.codesets.formats.common import FormatError, ReleaseInfo

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "cms"
PTP_ZIP = "medicare-ncci-2026q2-practitioner-ptp-edits-ccipra-v321r0-f1.zip"
PTP_Q2 = ReleaseInfo("ncci_ptp_practitioner", ncci_ptp.TITLE, "32.1", date(2026, 4, 1), date(2026, 6, 30), "f1")


def summary(path: Path) -> list[tuple[str, str, ReleaseInfo, int]]:
    """(member label, format, release, record count) for every CMS file recognised in `path`."""
    return [(f.member.label, f.format.__name__.rsplit(".", 1)[1], f.release, len(list(sources.records(f))))
            for f in sources.identify(path)]


def test_the_hcpcs_zip_yields_only_the_anweb_text_file():
    assert summary(FIXTURES / "january-2026-alpha-numeric-hcpcs-file.zip") == [
        ("january-2026-alpha-numeric-hcpcs-file.zip:HCPC2026_JAN_ANWEB_12292025.txt", "hcpcs",
         ReleaseInfo("hcpcs", "HCPCS Level II", "2026 January", date(2026, 1, 1), published=date(2025, 12, 29)), 6),
    ]


def test_the_ptp_zip_yields_its_text_part_with_the_quarter_from_the_name():
    assert summary(FIXTURES / PTP_ZIP) == [(f"{PTP_ZIP}:ccipra-v321r0-f1.TXT", "ncci_ptp", PTP_Q2, 6)]


def test_the_rvu_zip_yields_the_csv_tables_and_leaves_text_copies_pdfs_and_other_files():
    july = date(2026, 7, 1)
    assert summary(FIXTURES / "rvu26c.zip") == [
        ("rvu26c.zip:PPRRVU2026_Jul_nonQPP.csv", "pfs_rvu",
         ReleaseInfo("pfs_rvu", f"{pfs_rvu.TITLE}, July 2026 release", "RVU26C", july, part="nonQPP",
                     published=date(2026, 6, 30)), 7),
        ("rvu26c.zip:GPCI2026.csv", "gpci", ReleaseInfo("gpci", f"{gpci.TITLE}, 2026", "RVU26C", july), 6),
        ("rvu26c.zip:26LOCCO.csv", "locality",
         ReleaseInfo("locality_county", f"{locality.TITLE}, 2026", "RVU26C", july), 8),
    ]


def test_a_plain_file_is_recognised_by_its_content_even_when_renamed(tmp_path):
    renamed = tmp_path / "mue-table.csv"
    renamed.write_bytes((FIXTURES / "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv").read_bytes())
    assert summary(renamed) == [
        ("mue-table.csv", "mue", ReleaseInfo("mue_practitioner", mue.TITLE, "32.1", date(2026, 4, 1),
                                             date(2026, 6, 30)), 6),
    ]


def test_a_zip_inside_the_download_is_opened_too(tmp_path):
    outer = tmp_path / "ncci-downloads.zip"
    with zipfile.ZipFile(outer, "w") as archive:
        archive.write(FIXTURES / PTP_ZIP, PTP_ZIP)
        archive.writestr("__MACOSX/._ccipra-v321r0-f1.TXT", b"resource fork")
    assert summary(outer) == [(f"ncci-downloads.zip:{PTP_ZIP}:ccipra-v321r0-f1.TXT", "ncci_ptp", PTP_Q2, 6)]


def test_a_zip_holding_no_cms_file_is_refused_with_what_it_holds(tmp_path):
    path = tmp_path / "notes.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.pdf", b"%PDF-1.4")
        archive.writestr("table.xlsx", b"PK")
    with pytest.raises(FormatError) as caught:
        sources.identify(path)
    assert str(caught.value) == ("notes.zip: the zip holds no CMS file codebot reads (HCPCS Level II, NCCI PTP "
                                 "edits, MUEs, PFS relative values, GPCIs, locality-county crosswalk); it holds "
                                 "readme.pdf, table.xlsx")


def test_a_zip_cut_short_is_refused_before_reading_it(tmp_path):
    path = tmp_path / PTP_ZIP
    path.write_bytes((FIXTURES / PTP_ZIP).read_bytes()[:300])
    with pytest.raises(FormatError) as caught:
        sources.identify(path)
    assert (caught.value.file, caught.value.line) == (PTP_ZIP, 0)
    assert "cut short" in caught.value.message


def test_a_damaged_zip_member_is_refused_naming_the_member(tmp_path):
    data = bytearray((FIXTURES / PTP_ZIP).read_bytes())
    start = data.index(b"ccipra-v321r0-f1.TXT") + len("ccipra-v321r0-f1.TXT")  # the first member's data
    data[start + 20] ^= 0xFF
    path = tmp_path / PTP_ZIP
    path.write_bytes(bytes(data))
    with pytest.raises(FormatError) as caught:
        sources.identify(path)
    assert caught.value.file == PTP_ZIP and "damaged or cut short" in caught.value.message


def test_a_plain_file_that_is_no_cms_format_is_refused_on_line_1(tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text("claim,amount\n1,2\n")
    with pytest.raises(FormatError) as caught:
        sources.identify(path)
    assert (caught.value.file, caught.value.line) == ("claims.csv", 1)
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(FormatError, match="empty.txt, line 1: the file is empty"):
        sources.identify(tmp_path / "empty.txt")


@pytest.mark.parametrize("name,module", [
    ("HCPC2026_JAN_ANWEB_12292025.txt", hcpcs), ("HCPC2016_CONTR_ANWEB.txt", hcpcs),
    ("ccipra-v321r0-f1.TXT", ncci_ptp), ("MCR_MUE_PractitionerServices_Eff_04-01-2026.csv", mue),
    ("PPRRVU2026_Jul_nonQPP.csv", pfs_rvu), ("PPRRVU2025_Oct.txt", pfs_rvu), ("GPCI2026.csv", gpci),
    ("26LOCCO.csv", locality),
])
def test_each_fixture_is_detected_by_its_own_format_only_by_name_and_by_content(name, module):
    head = (FIXTURES / name).read_bytes()
    assert [m for m in sources.FORMATS if m.detect(name, head)] == [module]
    renamed = "download" + Path(name).suffix
    assert [m for m in sources.FORMATS if m.detect(renamed, head)] == [module]


@pytest.mark.parametrize("module,name,expected", [
    (ncci_ptp, "ccipra-v320r0-f4.TXT",
     ReleaseInfo("ncci_ptp_practitioner", ncci_ptp.TITLE, "32.0", date(2026, 1, 1), date(2026, 3, 31), "f4")),
    (ncci_ptp, "ccipra-v313r1-f2.txt",
     ReleaseInfo("ncci_ptp_practitioner", ncci_ptp.TITLE, "31.3 revision 1", date(2025, 10, 1), date(2025, 12, 31),
                 "f2")),
    (hcpcs, "HCPC2026_APR_ANWEB_03172026.txt",
     ReleaseInfo("hcpcs", "HCPCS Level II", "2026 April", date(2026, 4, 1), published=date(2026, 3, 17))),
    (hcpcs, "HCPC2025_OCT_ANWEB_v2.txt", ReleaseInfo("hcpcs", "HCPCS Level II", "2025 October", date(2025, 10, 1))),
    (mue, "MCR_MUE_PractitionerServices_Eff_10-01-2025.csv",
     ReleaseInfo("mue_practitioner", mue.TITLE, "31.3", date(2025, 10, 1), date(2025, 12, 31))),
    (pfs_rvu, "rvu25ar.zip:PPRRVU25_JAN.csv",
     ReleaseInfo("pfs_rvu", f"{pfs_rvu.TITLE}, January 2025 release", "RVU25AR", date(2025, 1, 1))),
    (gpci, "GPCI2025.csv", ReleaseInfo("gpci", f"{gpci.TITLE}, 2025", "2025", date(2025, 1, 1))),
    (locality, "rvu25b.zip:25LOCCO.csv",
     ReleaseInfo("locality_county", f"{locality.TITLE}, 2025", "RVU25B", date(2025, 4, 1))),
])
def test_release_info_from_cms_names(module, name, expected):
    assert module.release_info(name, b"") == expected


@pytest.mark.parametrize("module", [hcpcs, ncci_ptp, mue, pfs_rvu, gpci, locality])
def test_release_info_refuses_a_name_and_content_that_say_nothing(module):
    with pytest.raises(FormatError) as caught:
        module.release_info("download.txt", b"")
    assert (caught.value.file, caught.value.line) == ("download.txt", 0)
    assert caught.value.message.startswith("cannot tell the")


def test_formats_import_only_the_standard_library_and_each_other():
    allowed = set(sys.stdlib_module_names) | {"__future__"}
    offenders = []
    for path in sorted((ROOT / "bot" / "codesets" / "formats").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            offenders += [f"{path.name}: {n}" for n in names
                          if n.split(".")[0] not in allowed and not n.startswith("bot.codesets.formats")]
    assert offenders == []
