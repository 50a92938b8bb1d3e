"""Each CMS parser on its fixture in the published layout: the records come out exactly, quirks and all."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from bot.codesets.formats import gpci, hcpcs, locality, mue, ncci_ptp, pfs_rvu
from bot.codesets.formats.gpci import Gpci
from bot.codesets.formats.hcpcs import HcpcsModifier, HcpcsProcedure
from bot.codesets.formats.locality import LocalityCounty
from bot.codesets.formats.mue import MueEdit
from bot.codesets.formats.ncci_ptp import PtpEdit
from bot.codesets.formats.pfs_rvu import PfsRvu

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cms"


def parsed(module, name: str) -> list:
    """Parse a fixture file the way the importer will: a binary stream and the file's name."""
    with open(FIXTURES / name, "rb") as stream:
        return list(module.parse(stream, name))


def test_hcpcs_skips_the_disclaimer_and_joins_continuation_lines():
    assert parsed(hcpcs, "HCPC2026_JAN_ANWEB_12292025.txt") == [
        HcpcsModifier("A1", "Dressing put on one wound", "Dressing one wound", date(2002, 7, 1), date(2002, 7, 1),
                      None, "N"),
        HcpcsModifier("GT", "Service given by live audio and video link between the patient and the practitioner "
                            "(fixture wording)", "Via audio video link", date(1999, 1, 1), date(2017, 1, 1), None,
                      "C"),
        HcpcsProcedure("A4206", "Sterile syringe and needle, one cc or smaller, each", "1 cc sterile syringe needle",
                       ("00",), "C", "D1A", date(1985, 1, 1), date(2008, 1, 1), None, "N"),
        HcpcsProcedure("E0100", "Walking cane of any material, with tip, adjustable or fixed length",
                       "Cane adjust or fixed w tip", ("32", "45"), "D", "D1C", date(1985, 1, 1), date(2023, 1, 1),
                       None, "P"),
        HcpcsProcedure("G0506", "Extensive assessment and care planning by the billing practitioner who starts "
                                "chronic care management, beyond the usual effort of the visit that begins it (list "
                                "separately; fixture wording)", "Comp asses care plan ccm svc", ("11",), "C", "M5D",
                       date(2017, 1, 1), date(2026, 1, 1), None, "C"),
        HcpcsProcedure("G2012", "Short virtual check-in with an established patient, five to ten minutes of medical "
                                "discussion (fixture wording)", "Brief check in by md/qhp", ("11",), "C", "M5D",
                       date(2019, 1, 1), date(2025, 12, 31), date(2025, 12, 31), "D"),
    ]


def test_hcpcs_tolerates_short_records_and_a_blank_last_line():
    assert parsed(hcpcs, "HCPC2016_CONTR_ANWEB.txt") == [
        HcpcsModifier("AQ", "Service by a physician in an unlisted health professional shortage area (fixture "
                            "wording)", "Physician srv hpsa area", date(2005, 1, 1), date(2005, 1, 1), None, "N"),
        HcpcsProcedure("A0998", "Ambulance answered the call, no transport (fixture wording)",
                       "Ambulance response/treatment", ("00",), "I", "O1A", date(2006, 1, 1), date(2006, 1, 1), None,
                       "N"),
    ]


def test_ptp_reads_the_split_header_latin1_preamble_and_date_windows():
    window = ("97140", "97530", False)
    assert parsed(ncci_ptp, "ccipra-v321r0-f1.TXT") == [
        PtpEdit("0001U", "81105", False, date(2018, 1, 1), None, 1, "Misuse of Column Two code with Column One code"),
        PtpEdit("10060", "11055", True, date(1996, 1, 1), None, 1, "Standards of medical/surgical practice"),
        PtpEdit(*window, date(2020, 1, 1), date(2020, 12, 31), 0, "Mutually exclusive procedures"),
        PtpEdit(*window, date(2021, 1, 1), None, 1, "Mutually exclusive procedures"),
        PtpEdit("99091", "99457", False, date(2020, 1, 1), date(2020, 1, 1), 9,
                "CPT Manual or CMS manual coding instruction"),
        PtpEdit("G0506", "99483", False, date(2022, 1, 1), None, 0, "CPT Manual or CMS manual coding instruction"),
    ]


def test_mue_reads_the_quoted_notice_the_title_and_every_way_of_writing_the_indicator():
    assert parsed(mue, "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv") == [
        MueEdit("0001U", 1, 2, "Code Descriptor / CPT Instruction"),
        MueEdit("36415", 2, 3, "Clinical: Data"),
        MueEdit("97110", 6, 3, "Clinical: Data"),
        MueEdit("98981", 4, 3, "Clinical: Data"),  # text only: "Date of Service Edit: Clinical"
        MueEdit("99457", 1, 2, "CMS Policy"),  # the digit only
        MueEdit("J1100", 30, 1, "Nature of Service"),
    ]


def rvu(code, mod, status, work, nf_pe, nf_na, f_pe, f_na, mp, nf_total, f_total, pctc, glob, ops, surg, endo, cf,
        sup, fam) -> PfsRvu:
    """A PfsRvu written compactly: ops = (pre, intra, post), surg = mult, bilat, asst, co, team as one string."""
    return PfsRvu(code, mod, status, D(work), D(nf_pe), nf_na, D(f_pe), f_na, D(mp), D(nf_total), D(f_total), pctc,
                  glob, *(D(o) for o in ops), *surg, endo, D(cf), sup, fam)


NO_OPS = ("0.00", "0.00", "0.00")


def test_pfs_csv_stacks_the_split_header_matches_columns_by_name_and_drops_the_descriptor():
    records = parsed(pfs_rvu, "PPRRVU2026_Jul_nonQPP.csv")
    cf = "33.4009"
    assert records == [
        rvu("0075T", "", "C", "0.00", "0.00", False, "0.00", True, "0.00", "0.00", "0.00", "1", "XXX", NO_OPS,
            "00000", "", cf, "09", "99"),
        rvu("11042", "", "A", "1.01", "2.35", False, "0.56", False, "0.18", "3.54", "1.75", "0", "000",
            ("0.10", "0.80", "0.10"), "21010", "", cf, "09", "99"),
        rvu("43239", "", "A", "2.49", "8.19", False, "1.23", False, "0.27", "10.95", "3.99", "0", "000", NO_OPS,
            "31000", "43235", cf, "09", "99"),
        rvu("71046", "", "A", "0.22", "0.76", False, "0.09", True, "0.02", "1.00", "0.33", "1", "XXX", NO_OPS,
            "40000", "", cf, "01", "99"),
        rvu("71046", "26", "A", "0.22", "0.09", False, "0.09", False, "0.01", "0.32", "0.32", "1", "XXX", NO_OPS,
            "40000", "", cf, "09", "99"),
        rvu("71046", "TC", "A", "0.00", "0.67", False, "0.00", True, "0.01", "0.68", "0.01", "1", "XXX", NO_OPS,
            "40000", "", cf, "01", "99"),
        rvu("99213", "", "A", "1.30", "1.28", False, "0.55", False, "0.10", "2.68", "1.95", "0", "XXX", NO_OPS,
            "00000", "", cf, "09", "99"),
    ]
    assert "DESCRIPTOR" not in repr(records)


def test_pfs_fixed_width_text_reads_the_record_layout_positions_past_the_hdr_lines():
    records = parsed(pfs_rvu, "PPRRVU2025_Oct.txt")
    assert records == [
        rvu("99213", "", "A", "1.30", "1.22", False, "0.53", False, "0.10", "2.62", "1.93", "0", "XXX", NO_OPS,
            "00000", "", "32.3465", "09", "99"),
        rvu("71046", "TC", "A", "0.00", "0.65", False, "0.00", True, "0.01", "0.66", "0.01", "1", "XXX", NO_OPS,
            "40000", "", "32.3465", "01", "99"),
    ]
    assert "DESCRIPTOR" not in repr(records)


def test_gpci_matches_columns_by_meaning_and_takes_the_floored_work_index():
    assert parsed(gpci, "GPCI2026.csv") == [
        Gpci("10112", "AL", "00", "ALABAMA", D("1"), D("0.871"), D("0.571")),
        Gpci("02102", "AK", "01", "ALASKA", D("1.5"), D("1.083"), D("0.597")),
        Gpci("01112", "CA", "54", "BAKERSFIELD", D("1.017"), D("1.094"), D("0.661")),
        Gpci("03402", "SD", "02", "SOUTH DAKOTA", D("1"), D("1"), D("0.382")),
        Gpci("04412", "TX", "18", "HOUSTON", D("1.014"), D("1.004"), D("1.402")),
        Gpci("04412", "TX", "99", "REST OF TEXAS", D("1"), D("0.946"), D("0.931")),
    ]


def test_gpci_reads_the_previous_years_header_and_restores_leading_zeros():
    assert parsed(gpci, "GPCI2025.csv") == [
        Gpci("10112", "AL", "00", "ALABAMA", D("1"), D("0.869"), D("0.575")),
        Gpci("04412", "TX", "18", "HOUSTON", D("1.014"), D("1.003"), D("1.409")),
    ]


def test_locality_carries_the_state_down_restores_zeros_and_drops_duplicates_and_footnotes():
    assert parsed(locality, "26LOCCO.csv") == [
        LocalityCounty("10112", "00", "ALABAMA", "STATEWIDE", "ALL COUNTIES"),
        LocalityCounty("02102", "01", "ALASKA", "STATEWIDE", "ALL COUNTIES"),
        LocalityCounty("01182", "18", "CALIFORNIA", "LOS ANGELES-LONG BEACH-ANAHEIM (LOS ANGELES CNTY)",
                       "LOS ANGELES"),
        LocalityCounty("01112", "54", "CALIFORNIA", "BAKERSFIELD", "KERN"),
        LocalityCounty("01112", "75", "CALIFORNIA", "REST OF STATE", "ALL OTHER COUNTIES"),
        LocalityCounty("04412", "18", "TEXAS", "HOUSTON", "HARRIS"),
        LocalityCounty("04412", "99", "TEXAS", "REST OF STATE", "ALL OTHER COUNTIES"),
        LocalityCounty("11302", "00", "VIRGINIA", "STATEWIDE", "ALL COUNTIES, EXCEPT ALEXANDRIA CITY, ARLINGTON, "
                                                           "FAIRFAX, FAIRFAX CITY, AND FALLS CHURCH CITY"),
    ]


def test_records_are_frozen_and_slotted():
    record = parsed(ncci_ptp, "ccipra-v321r0-f2.TXT")[0]
    assert not hasattr(record, "__dict__")
    with pytest.raises(FrozenInstanceError):
        record.column1 = "X"
