"""Answers from the imported CMS files (the session's real-facts fixtures, tests/fixtures/cms/real), asserted
exactly: HCPCS codes and modifiers, two systems, NCCI verdicts and date windows beside curated rules, MUEs,
payment by locality, CPT codes outside the curated knowledge, and the honest answer without imports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.codesets import use_cms
from bot.codesets.cms_read import CmsReader
from bot.codesets.registry import import_files
from bot.core import ask
from bot.render import render_answer

CMS = Path(__file__).resolve().parent / "fixtures" / "cms"


@pytest.fixture(autouse=True)
def november(monkeypatch):
    monkeypatch.setenv("CODEBOT_TODAY", "2026-11-03")  # inside PTP/MUE 32.3, RVU26C, GPCI 2026, HCPCS 2026


def test_a_hcpcs_code_answers_with_its_official_text_dates_and_indicators_in_words(kb):
    a = ask("what is E0100?", kb=kb)
    c, h = a.codes[0], a.cms.hcpcs
    assert ("answered", "define", "E0100", "HCPCS", "Cane adjust/fixed with tip") == (
        a.status, a.intent, c.code, c.system, c.title)
    assert ("HCPCS Level II code, active (added 1985-01-01). Medicare coverage D: special coverage instructions apply "
            "(a national coverage determination or manual section). pricing 32: DME inexpensive or routinely "
            "purchased.") == c.summary
    assert ("Cane, includes canes of all materials, adjustable or fixed, with tip", "HCPCS Level II, 2026 January",
            ["32: DME inexpensive or routinely purchased"], "N: no change") == (
        h.descriptor, h.release, h.pricing, h.action)
    assert ["not priced on the physician fee schedule: its pricing indicator above says how it is priced",
            "NCCI medically unlikely edits, practitioner services, version 32.3: no MUE",
            "NCCI procedure-to-procedure edits, practitioner services, version 32.3: no NCCI PTP edits"] == a.cms.lacks
    assert ["hcpcs"] == [r.codeset for r in a.cms.releases]


def test_a_long_hcpcs_description_is_joined_from_its_continuation_records(kb):
    a = ask("HCPCS G0180", kb=kb)
    assert a.cms.hcpcs.descriptor.endswith("the plan of care that meets patient's needs, per certification period")
    assert "  " not in a.cms.hcpcs.descriptor


def test_a_level_ii_modifier_outside_the_curated_knowledge_has_its_official_meaning(kb):
    a = ask("what does modifier JW mean", kb=kb)
    assert ("answered", "JW", "modifier", "Discarded drug not administe") == (  # the file's 28-character short text
        a.status, a.codes[0].code, a.codes[0].system, a.codes[0].title)
    assert "Drug amount discarded/not administered to any patient" == a.cms.modifiers[0].descriptor


def test_a_curated_level_ii_modifier_answers_from_the_curated_knowledge(kb):
    a = ask("what does modifier GY mean", kb=kb)  # GY is curated (ABN modifiers): our words, its rules and links
    assert ("answered", "GY", "Statutorily excluded, or not a Medicare benefit") == (
        a.status, a.codes[0].code, a.codes[0].title)


def test_modifiers_named_with_a_hcpcs_code_are_explained_beside_it(kb):
    a = ask("E0100-NU or E0100 RR modifier rr?", kb=kb)
    assert ["NU", "RR"] == [m.code for m in a.cms.modifiers]
    assert ["New equipment", "Rental (use the 'RR' modifier when DME is to be rented)"] == [
        m.descriptor for m in a.cms.modifiers]


def test_a_token_that_fits_two_systems_names_both(kb, codesets):
    a = ask("what is E1140", kb=kb)
    assert ("did_you_mean", ["E11.40", "E1140"]) == (a.status, [s.code for s in a.suggestions])
    assert ("E1140 fits two systems: ICD-10-CM E11.40 (Type 2 diabetes mellitus with diabetic neuropathy, "
            "unspecified) or HCPCS Level II E1140 (Wheelchair, detachable arms, desk or full length, swing away "
            "detachable footrests). Which did you mean?") == a.message
    assert ("HCPCS", "answered") == (ask("HCPCS E1140", kb=kb).codes[0].system, ask("HCPCS E1140", kb=kb).status)
    dx = ask("ICD-10 code E1140", kb=kb)
    assert "E11.40" == dx.codes[0].code
    assert ("E1140 is also HCPCS Level II E1140 (Wheelchair detachable arms, HCPCS Level II, 2026 January); this "
            "answer reads it as ICD-10-CM E11.40. Ask \"HCPCS E1140\" for the other.") in dx.caveats


def test_ncci_pair_with_modifier_indicator_1_names_column_1_and_the_modifiers(kb):
    a = ask("can I bill 20610 with 99213 on 11/2/2026?", kb=kb)
    assert ("answered", "pair", True) == (a.status, a.intent, a.pair.allowed)
    assert ("NCCI edit in force on 2026-11-02: 20610 is column 1 (paid), 99213 column 2, modifier indicator 1: 99213 "
            "is paid only for truly distinct services, with 59 or an X modifier (or another NCCI-associated modifier "
            "that fits). Rationale: Standards of medical/surgical practice.") == a.pair.reason
    v = a.cms.pair
    assert (["59", "XE", "XP", "XS", "XU"], "global surgery: 24, 25 (a separate E/M), 57, 58, 78, 79",
            "2013-01-01", "", True, "ncci") == (v.bypass_modifiers, v.other_modifiers[1], v.edit.effective,
                                                 v.edit.deleted, v.date_stated, v.followed)
    assert ["20610", "99213"] == [c.code for c in a.codes]


def test_ncci_modifier_indicator_0_is_not_allowed_whatever_the_modifier(kb):
    a = ask("can 20610 and 76942 be billed together?", kb=kb)
    assert (False, 0, "no modifier bypasses this edit: the column 2 code is not paid with the column 1 code", []) == (
        a.pair.allowed, a.cms.pair.edit.modifier_indicator, a.cms.pair.indicator, a.cms.pair.bypass_modifiers)
    assert a.pair.reason.startswith("NCCI edit in force on 2026-11-03 (today; no date of service was given): ")


@pytest.fixture
def windows(tmp_path, kb):
    """The parser fixtures' PTP part: 97140/97530 with two windows (indicator 0 in 2020, 1 from 2021)."""
    db = tmp_path / "codesets.db"
    import_files(db, [CMS / "ccipra-v321r0-f1.TXT"])
    use_cms(CmsReader(db))


def test_the_window_covering_the_date_of_service_applies_and_the_stricter_verdict_is_followed(kb, windows):
    old = ask("can I bill 97140 with 97530 on 06/15/2020?", kb=kb)
    assert (False, 0, "ncci", True) == (old.pair.allowed, old.cms.pair.edit.modifier_indicator, old.cms.pair.followed,
                                        old.cms.pair.curated_allowed)
    assert ("Our curated rule says allowed; the NCCI edit file says not allowed for 2020-06-15: the stricter verdict "
            "(not allowed) is followed.") in old.caveats
    new = ask("can I bill 97140 with 97530 on 3/2/2026?", kb=kb)
    assert (True, 1, "both", "2021-01-01") == (new.pair.allowed, new.cms.pair.edit.modifier_indicator,
                                                new.cms.pair.followed, new.cms.pair.edit.effective)
    assert [(w.effective, w.in_force) for w in new.cms.pair.windows] == [("2020-01-01", False), ("2021-01-01", True)]


def test_a_curated_pair_rule_keeps_its_words_and_gets_the_ncci_verdict_beside_it(kb):
    a = ask("can I bill 97140 with 97530?", kb=kb)
    assert (True, True, "both", "97140", "97530") == (a.pair.allowed, a.cms.beside, a.cms.pair.followed,
                                                      a.cms.pair.edit.column1, a.cms.pair.edit.column2)
    assert a.pair.reason.startswith("NCCI pair (modifier indicator 1): both are paid only when done in separate time")


def test_no_edit_leaves_a_curated_rule_alone_and_says_ncci_has_none(kb):
    a = ask("can I bill 97110 with 97530 on 11/3/2026", kb=kb)
    assert (True, None, "curated", []) == (a.pair.allowed, a.cms.pair.edit, a.cms.pair.followed, a.caveats)
    assert a.cms.pair.indicator.startswith("No NCCI procedure-to-procedure edit pairs these codes in force")


def test_how_many_units_is_the_mue_with_its_adjudication_indicator(kb):
    a = ask("how many units of 17003 can we bill?", kb=kb)
    assert ("answered", "17003", 13, 2) == (a.status, a.codes[0].code, a.cms.mue.units, a.cms.mue.adjudication)
    assert "MUE 13: at most 13 units of 17003 per date of service for one patient by one practitioner " \
           "(adjudication indicator 2)." == a.message
    assert a.cms.mue.meaning.startswith("date of service edit from policy: every line of the code on the date is added")
    j = ask("MUE for J1100", kb=kb)
    # J1100 is curated since gapS (its unit, 1 mg): the title is our own words, the MUE still the imported file's
    assert ("Dexamethasone sodium phosphate (Decadron), per 1 mg", 120, 3) == (
        j.codes[0].title, j.cms.mue.units, j.cms.mue.adjudication)


def test_minutes_keep_a_units_question_with_the_therapy_rules(kb):
    a = ask("33 min 97110 and 7 min 97140, how many units?", kb=kb)
    assert ("bill", None) == (a.intent, a.cms)


def test_payment_in_a_locality_is_the_gpci_formula_facility_and_non_facility(kb):
    a = ask("what does 99213 pay in Houston?", kb=kb)
    (f,) = a.cms.fee.localities
    assert ("04412-18", "HOUSTON", 97.20, 59.31) == (f.locality, f.name, f.nonfacility_amount, f.facility_amount)
    assert "(1.30 x 1.014 + 1.46 x 1.004 + 0.09 x 1.402) x 33.4009 = $97.20 non-facility" == f.formula
    assert "Medicare pays Houston (TX): 97.20 dollars non-facility, 59.31 dollars facility." == a.message
    assert (95.19, 57.45) == (a.cms.rvu.nonfacility_amount, a.cms.rvu.facility_amount)  # national: 2.85 / 1.72 RVUs
    assert ["pfs_rvu", "gpci", "locality_county"] == [r.codeset for r in a.cms.releases]


def test_a_state_gives_every_locality_and_a_county_finds_its_locality(kb):
    texas = ask("What does 99214 pay in Texas?", kb=kb)
    assert [("HOUSTON", 138.65), ("REST OF TEXAS", 131.68)] == [
        (f.name, f.nonfacility_amount) for f in texas.cms.fee.localities]
    assert "state 'Texas': every locality in it" == texas.cms.fee.asked
    harris = ask("99213 rate Harris county", kb=kb)
    assert ["HOUSTON"] == [f.name for f in harris.cms.fee.localities]
    typo = ask("medicare allowable 99213 in Huston", kb=kb)
    assert ["HOUSTON"] == [f.name for f in typo.cms.fee.localities]


def test_no_locality_named_or_matched_gives_the_national_figure_and_says_so(kb):
    plain = ask("what does 99213 pay?", kb=kb)
    assert ([], "National Medicare amount: 95.19 dollars non-facility, 57.45 dollars facility.") == (
        plain.cms.fee.localities, plain.message)
    lost = ask("what does 99213 pay in Springfeld", kb=kb)
    assert [] == lost.cms.fee.localities
    assert any(c.startswith("No Medicare payment locality in Medicare geographic practice cost indices (GPCIs), 2026 "
                            "matches 'Springfeld'") for c in lost.caveats)


def test_a_cpt_code_outside_the_curated_knowledge_answers_with_what_the_imports_hold(kb):
    a = ask("what is 20610", kb=kb)
    m = a.cms
    assert ("answered", "20610", "CPT", "TEST DESCRIPTOR 20610: stand-in for the practice's licensed text") == (
        a.status, a.codes[0].code, a.codes[0].system, m.descriptor)
    assert (68.81, 39.75, "000: 0-day global: the pre-operative visit on the day and the same-day care are included; "
                          "no post-operative days", [4, 1], 2, 1) == (
        m.rvu.nonfacility_amount, m.rvu.facility_amount, m.rvu.global_days, m.ncci_edits, m.mue.units,
        m.mue.adjudication)
    assert ["not in codebot's curated knowledge: no plain-words summary, billing rules, worked example or companions "
            "for it"] == m.lacks
    other = ask("what is 11055", kb=kb)
    assert "Licensed CPT descriptors (the practice's own file): no descriptor for this code in the file imported" \
        in other.cms.lacks


def test_without_imports_an_unknown_code_says_what_to_import(kb, tmp_path):
    use_cms(CmsReader(tmp_path / "none.db"))  # nothing imported
    a = ask("what is 20610", kb=kb)
    assert "unknown" == a.status
    assert a.message.startswith("I don't know code 20610.")
    assert ("Import your AMA-licensed CPT descriptor file, exported as CSV (code, descriptor); the quarter's RVU zip "
            "(rvu26a to rvu26d: PPRRVU, GPCI and locality files inside); the four practitioner PTP zips of the quarter "
            "(ccipra-v<NNN>r0-f1 to f4); the practitioner services MUE table zip of the quarter with `codebot import "
            "FILE`") in a.message


def test_without_imports_a_units_limit_question_on_a_curated_code_says_which_file_holds_the_mue(kb, tmp_path):
    use_cms(CmsReader(tmp_path / "none.db"))  # nothing imported: the curated answer stays, the MUE file is named
    a = ask("MUE for 97110", kb=kb)
    assert ("answered", "97110") == (a.status, a.codes[0].code)
    assert any(c.startswith("For the units a day allows (the MUE), import the practitioner services MUE table zip")
               for c in a.caveats), a.caveats


def test_without_imports_an_unknown_hcpcs_code_names_the_hcpcs_file_first(kb, tmp_path):
    use_cms(CmsReader(tmp_path / "none.db"))  # nothing imported
    # (J1885 and J3420 are curated now: knowledge/families/drugs.yaml; J2550 is not)
    a = ask("what is HCPCS J2550? a promethazine shot", kb=kb)
    assert "unknown" == a.status
    assert ("To answer what J2550 is, import the quarter's alpha-numeric HCPCS file zip (HCPC<year>_<MON>_ANWEB...txt "
            "inside) with `codebot import FILE`") in a.message
    assert a.message.index("HCPCS file zip") < a.message.index("For its payment, NCCI pairs and units, also")


@pytest.mark.parametrize("question, lines", [
    ("what is E0100", ["Official HCPCS Level II text (HCPCS Level II, 2026 January): Cane, includes canes of all "
                       "materials, adjustable or fixed, with tip"]),
    ("what does 99213 pay in Houston", ["HOUSTON (TX, locality 04412-18): $97.20 non-facility, $59.31 facility"]),
    ("can I bill 20610 with 99213", ["59, XE, XP, XS, XU", "Column 1", "20610"]),
    ("how many units of 17003", ["MUE 13", "Adjudication indicator 2"]),
])
def test_every_channel_renders_the_cms_answer(kb, question, lines):
    a = ask(question, kb=kb)
    for channel in ("cli", "slack", "email"):
        rendered = render_answer(a, channel)
        for line in lines:
            assert line in re.sub(r"[*_]", "", rendered.text), (channel, line)
        if channel == "email":
            assert lines[0] in re.sub(r"<[^>]+>", "", rendered.html)


def test_which_modifier_asked_beside_the_payment_keeps_the_modifier_answer(kb):
    a = ask("our PT assistant gave the 97116 units today for a medicare pt. which modifier do we use, and how is it "
            "paid?", kb=kb)
    assert "CQ" in [c.code for c in a.codes]
