"""Diagnosis words, second round (real tabular, real engine): findings the question denies, a quoted code the words
say more than, how often and how long, and code questions with no "ICD" or "dx" in them."""

import pytest

from bot.core import ask, default_kb
from bot.engine.dxlex import lexicon, read

QUOTED = "quoted, not these words' code"


def _reported(a) -> list[str]:
    return [c.code for c in a.codes if c.role == "diagnosis"]


def _absent_and_required(text: str) -> tuple[set[str], set[str]]:
    reading = read(text, lexicon(default_kb()))
    return {c.said for c in reading.absent}, {c.said for c in reading.required}


# --- 1. what a negation governs is said absent, never searched as present
@pytest.mark.parametrize("text, absent, required", [
    ("abnormal gait. Not documented as ataxic, pt has not fallen", {"ataxic", "fallen"}, {"abnormal gait"}),
    ("Pt denies chest pain; chief complaint is shortness of breath", {"chest", "pain"}, {"shortness", "breath"}),
    ("aching shoulders, nothing traumatic", {"traumatic"}, {"aching", "shoulders"}),
    ("Hereditary nephropathy, not elsewhere classified", set(), {"hereditary", "nephropathy", "elsewhere",
                                                                "classified"}),
    ("why is this not billable for low back pain", set(), {"low back pain"}),  # "not billable" denies no finding
])
def test_a_negation_denies_the_words_it_governs_and_no_more(text, absent, required):
    said_absent, said_required = _absent_and_required(text)
    assert said_absent == absent
    assert required <= said_required and not absent & said_required


@pytest.mark.parametrize("question, code", [
    ("Referral: abnormal gait. Not documented as ataxic, pt has not fallen. Dx code?", "R26.9"),
    ("Pt denies chest pain; chief complaint is shortness of breath. ICD-10?", "R06.02"),
    ("Patient has never fallen but the PT documented fall risk, dx?", "Z91.81"),
    ("Concussion w/o loss of consciousness, initial encounter icd 10", "S06.0X0A"),
])
def test_denied_findings_leave_the_search(question, code):
    a = ask(question)
    assert (a.status, a.codes[0].code) == ("answered", code)


# --- 2. a code quoted beside words that say more: the words' code first, the quoted one after it
@pytest.mark.parametrize("question, words_code, quoted", [
    ("blog says R10.9 for right lower quadrant abdominal pain", "R10.31", "R10.9"),
    ("EHR defaults to E78.5 but doc wrote pure hypercholesterolemia", "E78.00", "E78.5"),
    ("I was going to use F41.9 but the note says generalized anxiety disorder", "F41.1", "F41.9"),
    ("major depressive disorder, recurrent, in full remission, we have F33.9", "F33.42", "F33.9"),
])
def test_the_words_code_beats_a_more_generic_quoted_code(question, words_code, quoted):
    a = ask(question)
    assert (a.status, a.codes[0].code) == ("answered", words_code)
    assert [c.code for c in a.codes if c.role == QUOTED] == [quoted]


def test_a_quoted_header_with_words_that_say_no_more_gives_its_unspecified_child():
    a = ask("superbill has M54.1 for radiculopathy of the lumbar region")
    assert (a.status, a.codes[0].code) == ("answered", "M54.16")
    assert "M54.1" in {c.code for c in a.codes}


# --- 3. how often and how long
@pytest.mark.parametrize("question, code", [
    ("patient coughing for 5 weeks, cause not found, ICD-10?", "R05.2"),  # 3 to 8 weeks: subacute
    ("cough x 2 days, dx code", "R05.1"),
    ("has fallen four times this year, dx?", "R29.6"),
    ("pt feels lightheaded, dx code?", "R42"),
    ("aching in the right shoulder, icd 10", "M25.511"),
])
def test_everyday_words_with_a_count_or_a_duration(question, code):
    a = ask(question)
    assert (a.status, a.codes[0].code) == ("answered", code)


def test_a_duration_band_needs_its_condition():
    reading = read("fracture of the wrist x 10 weeks", lexicon(default_kb()))
    assert "chronic" not in {c.said for c in reading.concepts}


# --- 4. a question for a code with no ICD or dx cue, routed by its diagnosis words
def test_both_sides_asked_without_a_cue():
    a = ask("Patient has pain in both hips. Is there one code for that?")
    assert (a.status, _reported(a)) == ("answered", ["M25.551", "M25.552"])


def test_drug_names_give_the_long_term_use_partners_without_a_cue():
    a = ask("Type 2 diabetic on Jardiance and Lantus - which codes should we report?")
    assert (a.status, _reported(a)) == ("answered", ["E11.9", "Z79.4", "Z79.84"])


@pytest.mark.parametrize("question, intent, code", [
    ("our MA spent 25 minutes on CCM for a diabetic patient, which code?", "bill", "99490"),
    ("can I bill 99453 and 99454 for the same patient?", "pair", "99453"),
])
def test_remote_care_questions_stay_remote_care(question, intent, code):
    a = ask(question)
    assert (a.intent, a.codes[0].code) == (intent, code)


@pytest.mark.parametrize("question", [
    "what code do I use for telephone calls with patients?",
    "which code for the blood draw?",
    "is there a code for fall risk assessment?",
])
def test_a_procedure_question_is_never_offered_diagnosis_codes_as_a_close_call(question):
    a = ask(question)
    assert not any("." in c.code for c in a.codes) and not any("." in s.code for s in a.suggestions)


def test_a_diagnosis_to_rule_out_is_not_coded_its_symptom_is():
    a = ask("shortness of breath, rule out asthma. ICD-10?")
    assert (a.status, _reported(a)) == ("answered", ["R06.02"])
