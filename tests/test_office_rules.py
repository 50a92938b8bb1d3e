"""Office claim rules told as stories: new or established patient (three years, same specialty, same group), the nurse
visit and an injection, the Medicare wellness visits, G2211 with home visits, modifier 25 with a minor procedure,
and a visit or chiropractic manipulation beside therapy the same day."""

from __future__ import annotations

import pytest

from bot.core import ask


def _codes(a, system: str | None = None) -> list[str]:
    return [c.code for c in a.codes if system is None or c.system == system]


# ---------------------------------------------------------------- 1. new or established ------------------------------

@pytest.mark.parametrize("question,kind", [
    ("Our former partner (same specialty) saw her about 18 months ago and has retired. Today she sees our new hire "
     "for the first time. Which patient type do we code, new or established?", "established"),
    ("Mr. K came in 5 months ago for his knee; now he is back with a cough. Should this be billed as a new patient?",
     "established"),
    ("Last visit on file is 5 years ago. New or established?", "new"),
    ("She has not been seen in our clinic in over 3 years, is she a new patient?", "new"),
    ("Our PA treated him 10 months ago; today the supervising MD in the same specialty sees him. New patient?",
     "established"),
    ("The doctor used to see her at his old practice a year ago and she followed him to our group. New or established?",
     "established"),
    ("He saw our dermatologist 6 months ago and now sees our internist for the first time. Is he a new patient?", "new"),
    ("A physician at another practice treated her 3 months ago, and this is her first visit to us. New or established?",
     "new"),
])
def test_new_or_established_is_read_from_the_story(kb, question, kind):
    a = ask(question, kb=kb)
    first = "99202" if kind == "new" else "99212"
    assert ("answered", "define") == (a.status, a.intent)
    assert first in _codes(a)
    assert any(c.lower().startswith(kind) for c in a.caveats)
    assert "three years" in a.message


def test_new_or_established_without_the_time_asks_when_the_patient_was_last_seen(kb):
    a = ask("Patient was seen by one of our doctors before, same specialty. New or established?", kb=kb)
    assert "clarify" == a.status
    assert any("3 years" in c.label for c in a.choices)


def test_a_new_problem_never_makes_the_patient_new(kb):
    a = ask("We saw her 2 years ago; she's back with a new problem. Can we use a new patient code?", kb=kb)
    assert "99213" in _codes(a) and "99203" not in _codes(a)
    assert any("new or different problem" in c for c in a.caveats)


def test_a_new_patient_visit_by_time_is_still_a_visit_by_time(kb):
    a = ask("New patient, provider spent 35 minutes total. What code?", kb=kb)
    assert ("bill", {"99203": 1}) == (a.intent, {l.code: l.units for l in a.billing.lines})


# ---------------------------------------------------------------- 2. nurse visit and an injection --------------------

@pytest.mark.parametrize("question", [
    "Medicare pt came in only for a blood pressure recheck with our RN after the doctor changed her meds. Which code?",
    "What's the code when the MA does a BP check visit and the doctor is in the office?",
])
def test_a_nurse_visit_told_in_words_is_the_level_1_visit(kb, question):
    a = ask(question, kb=kb)
    assert ("answered", "99211") == (a.status, _codes(a)[0])


@pytest.mark.parametrize("question", [
    "Is 96372 payable together with 99211 for Medicare on one date?",
    "The nurse gave him an IM injection today; may we add a 99211 for the same visit?",
])
def test_the_nurse_visit_is_not_paid_beside_a_drug_injection(kb, question):
    a = ask(question, kb=kb)
    assert ("pair", False) == (a.intent, a.pair.allowed)
    assert {"99211", "96372"} <= set(_codes(a))


def test_a_separate_higher_visit_with_modifier_25_may_go_beside_the_injection(kb):
    a = ask("Doctor saw the patient for a new rash, billed 99213-25, and the nurse gave a 96372 injection. OK together?", kb=kb)
    assert ("pair", True) == (a.intent, a.pair.allowed)


# ---------------------------------------------------------------- 3. Medicare wellness visits -----------------------

@pytest.mark.parametrize("question,allowed", [
    ("PHQ-9 depression screen G0444 done at her first-ever AWV G0438. Both billable?", False),
    ("Subsequent AWV G0439 plus G0444 depression screening today, OK to bill both?", True),
    ("Welcome to Medicare visit G0402 and G0444 on the same date?", False),
])
def test_depression_screening_beside_a_wellness_visit(kb, question, allowed):
    a = ask(question, kb=kb)
    assert ("pair", allowed) == (a.intent, a.pair.allowed)


def test_a_problem_raised_at_the_wellness_visit_adds_its_office_visit(kb):
    a = ask("Subsequent AWV today. She also mentioned a week of left ankle pain after hiking; the NP examined the "
            "ankle and suggested Aleve. Anything else to bill beside G0439?", kb=kb)
    assert {"G0439": 1, "99213": 1} == {l.code: l.units for l in a.billing.lines}


@pytest.mark.parametrize("question", ["we billed 99215 - okay to add G2211 too?",
                                      "telehealth 99212 with our longtime patient: does G2211 still apply?"])
def test_an_add_on_asked_beside_the_visit_named_is_a_pair(kb, question):
    a = ask(question, kb=kb)
    assert ("pair", True) == (a.intent, a.pair.allowed)


def test_the_first_annual_wellness_visit_is_once_a_lifetime_whatever_the_practice(kb):
    a = ask("what is G0438", kb=kb)
    assert "G0439" in a.codes[0].summary and "lifetime" in a.codes[0].summary
    assert "G0439" in [c.code for c in a.companions]


def test_the_welcome_to_medicare_visit_in_the_first_year_of_part_b(kb):
    a = ask("She got Part B 4 months ago and wants her Welcome to Medicare visit. Which code?", kb=kb)
    assert ("answered", "G0402") == (a.status, _codes(a)[0])


# ---------------------------------------------------------------- 4. G2211 with home visits (2026) -----------------

@pytest.mark.parametrize("question", [
    "For 2026, is the complexity add-on G2211 allowed on our house calls?",
    "Can G2211 be added to a 99350 home visit?",
])
def test_g2211_goes_with_home_and_residence_visits_in_2026(kb, question):
    a = ask(question, kb=kb)
    assert ("pair", True) == (a.intent, a.pair.allowed)
    assert "2026" in a.pair.reason
    assert any("secondary sources" in c for c in a.caveats)  # contested: read in secondary sources only


# ---------------------------------------------------------------- 5. modifier 25, POS, telehealth ------------------

def test_modifier_25_beside_a_minor_procedure_says_where_it_goes(kb):
    a = ask("Shoulder injection plus a separate workup of new chest pain by the same doctor. Where does modifier 25 go?",
            kb=kb)
    assert "25" == _codes(a)[0]
    assert any("never on the procedure" in r for c in a.codes for r in c.rules)


@pytest.mark.parametrize("question,place", [
    ("We're a hospital provider-based clinic on the main campus. What POS for the doctor's visit?", "22"),
    ("Provider-based department of the hospital, off campus across town: POS?", "19"),
])
def test_a_hospital_department_is_not_the_office(kb, question, place):
    a = ask(question, kb=kb)
    assert place == _codes(a, "POS")[0]


def test_gt_is_not_for_medicare_professional_claims(kb):
    a = ask("Is modifier GT still needed on Medicare telehealth claims from our office?", kb=kb)
    assert "GT" == _codes(a)[0] and "Method II" in a.codes[0].summary


# ---------------------------------------------------------------- 6. visit or manipulation beside therapy ----------

def test_an_office_visit_and_therapy_the_same_day(kb):
    a = ask("Can we bill 99214 and 97110 on the same day?", kb=kb)
    assert ("pair", True) == (a.intent, a.pair.allowed)
    assert "modifier 25" in a.pair.reason


def test_chiropractic_manipulation_and_manual_therapy_on_another_region(kb):
    a = ask("Chiropractor did 98940 on the lumbar spine and 97140 on the shoulder. Billable together?", kb=kb)
    assert ("pair", True) == (a.intent, a.pair.allowed)
    assert "XS" in a.pair.reason and "different region" in a.pair.reason
