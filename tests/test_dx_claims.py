"""Diagnosis questions as coders really word them: a code quoted in someone's claim, everyday symptom words, both
sides, several conditions at once, and the close calls that must stay questions (real tabular, real engine)."""

import pytest

from bot.core import ask

QUOTED = "quoted, not these words' code"


def _reported(a) -> list[str]:
    return [c.code for c in a.codes if c.role == "diagnosis"]


# --- 1. a code quoted beside the diagnosis words is checked, never taken as the answer
@pytest.mark.parametrize("question, words_code, quoted", [
    ("our template still drops in I10 when the doctor writes hypertensive heart disease with heart failure",
     "I11.0", "I10"),
    ("front desk keeps putting E11.9 for type 2 diabetes with hyperglycemia, ok?", "E11.65", "E11.9"),
])
def test_a_quoted_billable_code_the_words_contradict(question, words_code, quoted):
    a = ask(question)
    assert (a.status, a.codes[0].code) == ("answered", words_code)
    assert [c.code for c in a.codes if c.role == QUOTED] == [quoted]
    assert any(c.startswith(f"{quoted} (") and "not the code for these words" in c for c in a.caveats)


@pytest.mark.parametrize("question, top, choices", [
    ("a coworker told me G47.3 for sleep apnea, is that billable?", "G47.30", {"G47.31", "G47.33"}),
    ("old encounter form lists M79.1 for muscle aches", "M79.10", {"M79.11", "M79.18"}),
    ("the obstructive sleep apnea code on our superbill is G47.3", "G47.33", {"G47.30"}),
])
def test_a_quoted_header_gives_the_billable_code_the_words_name_and_lists_the_others(question, top, choices):
    a = ask(question)
    assert (a.status, a.codes[0].code, a.codes[0].role) == ("answered", top, "diagnosis")
    assert choices <= {c.code for c in a.codes}
    assert any("is a header" in c and "not billable" in c for c in a.caveats)


@pytest.mark.parametrize("question, code", [
    ("is E11.9 right for type 2 diabetes?", "E11.9"),
    ("we code R53.83 when the patient feels worn out, fine?", "R53.83"),
])
def test_a_quoted_code_the_words_agree_with_stays_the_answer(question, code):
    a = ask(question)
    assert (a.status, a.codes[0].code) == ("answered", code)
    assert not [c for c in a.codes if c.role == QUOTED]


# --- 2. everyday wording reaches the index's terms
@pytest.mark.parametrize("question, code", [
    ("dx for a patient who has a hard time walking", "R26.2"),
    ("icd-10 for a pt that is tired all the time", "R53.83"),
    ("diagnosis code, she just can't get around well anymore", "Z74.09"),
    ("icd 10 high fall risk", "Z91.81"),
    ("icd10 for tummy pain", "R10.9"),
    ("icd-10 type 2 sugars in remission", "E11.A"),
    ("icd 10 depression, no further detail", "F32.A"),
    ("icd-10 for body aches", "M79.10"),
])
def test_plain_words_reach_the_billable_code(question, code):
    a = ask(question)
    assert (a.status, a.codes[0].code) == ("answered", code)


def test_a_bmi_picks_the_partner_code_whose_range_holds_it():
    a = ask("icd-10 class 3 obese, BMI 43")
    assert _reported(a) == ["E66.813", "Z68.41"]  # 40.0-44.9, never another range


# --- 3. sides
@pytest.mark.parametrize("question, codes", [
    ("icd-10 for pain in both hips", ["M25.551", "M25.552"]),
    ("dx code bilateral shoulder pain", ["M25.511", "M25.512"]),
    ("icd-10 for right hip pain", ["M25.551"]),
    ("icd-10 for hip pain", ["M25.559"]),
])
def test_both_sides_are_two_codes_when_no_bilateral_code_exists(question, codes):
    a = ask(question)
    assert (a.status, _reported(a)) == ("answered", codes)


def test_a_bilateral_code_is_used_when_the_tabular_has_one():
    assert _reported(ask("icd-10 osteoarthritis of both knees")) == ["M17.0"]


# --- 4. several conditions in one question
@pytest.mark.parametrize("question, codes", [
    ("icd-10 type 2 diabetic taking insulin and glipizide", ["E11.9", "Z79.4", "Z79.84"]),
    ("dx codes for htn and hyperlipidemia", ["I10", "E78.5"]),
    ("icd 10 for left knee pain and low back pain", ["M25.562", "M54.50"]),
])
def test_several_conditions_are_coded_together(question, codes):
    a = ask(question)
    assert (a.status, _reported(a)) == ("answered", codes)


# --- 5. a close call stays a question
@pytest.mark.parametrize("question", ["icd-10 for knee sprain", "icd-10 for dementia"])
def test_words_that_fit_several_codes_are_a_did_you_mean(question):
    a = ask(question)  # which ligament; which dementia: the coder chooses
    assert a.status == "did_you_mean" and len(a.suggestions) >= 2 and not a.codes
