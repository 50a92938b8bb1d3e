"""Bad files give a FormatError naming the file and the line: truncated, wrong, mis-encoded, older, empty."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.codesets.formats import gpci, hcpcs, locality, mue, ncci_ptp, pfs_rvu
from bot.codesets.formats.common import FormatError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cms"
HCPCS, PTP = "HCPC2026_JAN_ANWEB_12292025.txt", "ccipra-v321r0-f1.TXT"
MUE, RVU = "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv", "PPRRVU2026_Jul_nonQPP.csv"
GPCI, LOCCO, RVU_TXT = "GPCI2026.csv", "26LOCCO.csv", "PPRRVU2025_Oct.txt"
ALL = [(hcpcs, HCPCS), (ncci_ptp, PTP), (mue, MUE), (pfs_rvu, RVU), (pfs_rvu, RVU_TXT), (gpci, GPCI),
       (locality, LOCCO)]


def fixture(name: str) -> bytes:
    """The bytes of a fixture file."""
    return (FIXTURES / name).read_bytes()


def error(module, data: bytes, name: str) -> FormatError:
    """Parse `data` as file `name` to the end and return the FormatError it must raise."""
    with pytest.raises(FormatError) as caught:
        list(module.parse(io.BytesIO(data), name))
    return caught.value


def cut_last_line(data: bytes, keep: int) -> bytes:
    """The file with its last line cut to `keep` bytes and no line ending: a download that stopped."""
    lines = data.rstrip(b"\r\n").split(b"\r\n")
    return b"\r\n".join(lines[:-1] + [lines[-1][:keep]])


@pytest.mark.parametrize("module,name", ALL)
def test_an_empty_file_is_refused_on_line_1(module, name):
    err = error(module, b"", name)
    assert (err.file, err.line, err.message) == (name, 1, "the file is empty")
    assert str(err) == f"{name}, line 1: the file is empty"


@pytest.mark.parametrize("module,name", ALL)
def test_utf16_text_is_refused_as_mis_encoded_on_line_1(module, name):
    data = fixture(name).decode("latin-1").encode("utf-16")  # what Excel's "Unicode text" saves
    err = error(module, data, name)
    assert (err.file, err.line) == (name, 1)
    assert "UTF-16" in err.message


@pytest.mark.parametrize("module,name,keep,line,words", [
    (ncci_ptp, PTP, 20, 12, "cut short"),
    (mue, MUE, 8, 13, "cut short"),
    (pfs_rvu, RVU, 60, 17, "cut short"),
    (pfs_rvu, RVU_TXT, 100, 4, "cut short"),
    (gpci, GPCI, 24, 13, "cut short"),
])
def test_a_truncated_file_is_refused_at_its_last_line(module, name, keep, line, words):
    data = fixture(name)
    if module is gpci:  # the notes end the file: cut inside the last locality row instead
        data = data.split(b"\r\n\"MAC")[0]
    err = error(module, cut_last_line(data, keep), name)
    assert (err.file, err.line) == (name, line if module is not gpci else 9)
    assert words in err.message


def test_a_hcpcs_file_cut_inside_a_record_is_refused_at_that_line():
    data = fixture(HCPCS)
    cut = data[: data.index(b"G2012") + 150]
    err = error(hcpcs, cut, HCPCS)
    assert (err.file, err.line, err.message) == (HCPCS, 12, "the last record stops at column 150 of 320: the file "
                                                            "is cut short")


def test_a_locality_file_cut_inside_a_quoted_county_list_is_refused_at_that_line():
    data = fixture(LOCCO)
    err = error(locality, data[: data.index(b"FAIRFAX CITY")], LOCCO)
    assert (err.file, err.line) == (LOCCO, 17)
    assert "cut short" in err.message


@pytest.mark.parametrize("module,name,other,line,words", [
    (hcpcs, HCPCS, RVU, 17, "not a HCPCS"),
    (ncci_ptp, PTP, MUE, 13, "not an NCCI PTP"),
    (mue, MUE, PTP, 12, "not a MUE table"),
    (pfs_rvu, RVU, MUE, 13, "not a PPRRVU"),
    (gpci, GPCI, LOCCO, 20, "not a GPCI"),
    (locality, LOCCO, GPCI, 13, "not a locality-county"),
])
def test_another_file_is_refused_as_the_wrong_file(module, name, other, line, words):
    err = error(module, fixture(other), name)
    assert (err.file, err.line) == (name, line)
    assert words in err.message


def test_hcpcs_records_of_an_older_shorter_layout_are_refused_at_the_first_record():
    lines = fixture(HCPCS).split(b"\r\n")
    older = b"\r\n".join(line[:280] for line in lines)
    err = error(hcpcs, older, HCPCS)
    assert (err.file, err.line) == (HCPCS, 4)
    assert "older or different layout" in err.message


def test_hcpcs_re_saved_as_utf8_shifts_the_columns_and_is_refused_at_that_line():
    text = fixture(HCPCS).decode("latin-1").replace("Walking cane of any", "Walking cane, caf\u00e9 style,")
    err = error(hcpcs, text.encode("utf-8"), HCPCS)
    assert (err.file, err.line) == (HCPCS, 8)
    assert "UTF-8" in err.message


def test_ptp_without_the_rationale_column_is_the_older_layout():
    rows = [line.rsplit(b"\t", 1)[0] for line in fixture(PTP).split(b"\r\n")]
    err = error(ncci_ptp, b"\r\n".join(rows), PTP)
    assert (err.file, err.line) == (PTP, 3)
    assert "older PTP layout" in err.message


def test_ptp_rows_with_a_bad_cell_name_the_line_and_the_cell():
    data = fixture(PTP).replace(b"20210101\t*\t1", b"20210101\t*\t2")
    err = error(ncci_ptp, data, PTP)
    assert (err.line, err.message) == (10, "modifier indicator '2' is not 0, 1 or 9")
    data = fixture(PTP).replace(b"0001U\t81105\t\t20180101", b"0001U\t81105\t\t2018-01-01")
    assert error(ncci_ptp, data, PTP).message == "effective date '2018-01-01' is not a YYYYMMDD date"


def test_the_hospital_outpatient_ptp_table_is_refused_by_name():
    err = error(ncci_ptp, fixture(PTP), "ccioph-v321r0-f1.TXT")
    assert err.line == 0 and "practitioner table (ccipra)" in err.message


def test_mue_without_the_adjudication_column_is_the_older_layout():
    data = fixture(MUE).replace(b'"MUE Adjudication Indicator"', b'"Notes"')
    err = error(mue, data, MUE)
    assert (err.file, err.line) == (MUE, 7)
    assert "older MUE layout" in err.message


def test_another_settings_mue_table_is_refused_with_its_name():
    data = fixture(MUE).replace(b'"Practitioner \r\nServices MUE Values"', b'"Outpatient Hospital Services MUE Values"')
    err = error(mue, data, "MCR_MUE_OutpatientHospitalServices_Eff_04-01-2026.csv")
    assert err.line == 6
    assert err.message.startswith("this is the Outpatient Hospital Services MUE table")


def test_pfs_without_a_column_it_needs_is_an_older_or_different_layout():
    data = fixture(RVU).replace(b"CONV,", b"RATE,", 1)
    err = error(pfs_rvu, data, RVU)
    assert (err.file, err.line) == (RVU, 10)
    assert err.message.startswith("the header has no CONV FACTOR column")


def test_gpci_without_the_malpractice_column_is_an_older_or_different_layout():
    data = fixture(GPCI).replace(b",2026 MP GPCI", b",2026 NOTES")
    err = error(gpci, data, GPCI)
    assert (err.file, err.line) == (GPCI, 3)
    assert "no mp_gpci column" in err.message


def test_gpci_and_locality_text_copies_point_to_the_csv():
    assert "import the .csv" in error(gpci, b"x", "GPCI2026.txt").message
    assert "import the .csv" in error(locality, b"x", "26LOCCO.txt").message


def test_locality_without_the_counties_column_is_refused():
    data = fixture(LOCCO).replace(b",Counties", b",Notes")
    assert error(locality, data, LOCCO).line == 20  # no header found: it names the last line read


def test_release_info_refuses_other_settings_tables_too():
    with pytest.raises(FormatError, match="outpatient hospital PTP table"):
        ncci_ptp.release_info("ccioph-v321r0-f1.TXT", b"")
    head = fixture(MUE).replace(b'"Practitioner \r\nServices MUE Values"', b'"DME Supplier Services MUE Values"')
    with pytest.raises(FormatError, match="this is the DME Supplier Services MUE table"):
        mue.release_info(MUE, head)


def test_a_utf8_marked_file_with_bytes_that_are_not_utf8_is_mis_encoded_at_that_line():
    data = b"\xef\xbb\xbf" + fixture(HCPCS).replace(b"Walking cane of any", b"Walking cane \xe9f any")
    err = error(hcpcs, data, HCPCS)
    assert (err.file, err.line) == (HCPCS, 8)
    assert "not valid UTF-8" in err.message


def test_a_csv_saved_with_a_utf8_mark_reads_the_same():
    utf8 = b"\xef\xbb\xbf" + fixture(MUE).decode("latin-1").encode("utf-8")
    assert list(mue.parse(io.BytesIO(utf8), MUE)) == list(mue.parse(io.BytesIO(fixture(MUE)), MUE))


def test_a_utf8_marked_csv_with_bytes_that_are_not_utf8_is_mis_encoded_at_that_row():
    utf8 = fixture(MUE).decode("latin-1").encode("utf-8")  # the notice's registered sign becomes valid UTF-8
    data = b"\xef\xbb\xbf" + utf8.replace(b"Nature of Service", b"Nature \xe9f Service")
    err = error(mue, data, MUE)
    assert (err.file, err.line, err.message) == (MUE, 13, "the text is not valid UTF-8 although the file starts "
                                                          "with a UTF-8 mark: mis-encoded")
