"""Uncertain diagnoses in the office (ICD-10-CM guideline IV.H): the one condition an uncertainty word qualifies is
not coded, the signs and symptoms beside it are; and a symptom's duration is no remote-care day count."""

import pytest

from bot.core import ask, default_kb
from bot.engine.dxlex import lexicon, read


def _reported(a) -> list[str]:
    return [c.code for c in a.codes if c.role == "diagnosis"]


# --- 1. the uncertainty covers the one condition after its word, never the rest of a list
@pytest.mark.parametrize("text, uncertain, required", [
    ("suspected strep pharyngitis and a fever", {"suspected strep pharyngitis"}, {"fever"}),
    ("dysuria, probable cystitis", {"probable cystitis"}, {"dysuria"}),
    ("r/o pneumonia, fever and cough", {"r/o pneumonia"}, {"fever", "cough"}),
    ("questionable gout; great toe pain", {"questionable gout"}, {"great", "toe", "pain"}),
])
def test_an_uncertain_condition_is_left_unread_its_neighbours_are_read(text, uncertain, required):
    reading = read(text, lexicon(default_kb()))
    assert (set(reading.uncertain), required <= {c.said for c in reading.required}) == (uncertain, True)
    assert not reading.absent  # uncertain is not denied: no "without pneumonia" code is favoured


def test_is_it_possible_to_bill_names_no_uncertain_condition():
    assert read("is it possible to code this as asthma", lexicon(default_kb())).uncertain == []


@pytest.mark.parametrize("question, codes", [
    ("provider wrote probable pneumonia; pt has fever and cough. what icd-10 codes?", ["R50.9", "R05.9"]),
    ("r/o pneumonia, fever and cough, what dx code?", ["R50.9", "R05.9"]),  # never whooping cough "without pneumonia"
    ("dysuria, most likely cystitis, which icd-10 code?", ["R30.0"]),
])
def test_the_symptoms_beside_an_uncertain_condition_are_coded(question, codes):
    a = ask(question)
    assert (a.status, _reported(a)) == ("answered", codes)
    assert any("IV.H" in c for c in a.caveats)


def test_a_code_proposed_for_an_uncertain_condition_alone_is_not_confirmed():
    a = ask("the note says suspected pneumonia. may I code J18.9?")
    assert a.status != "answered" and not a.codes
    assert any("IV.H" in c for c in a.caveats)


def test_a_code_proposed_for_an_uncertain_condition_gives_the_symptom_instead():
    a = ask("dysuria; assessment says possible cystitis. can we code N30.90?")
    assert (a.status, _reported(a)) == ("answered", ["R30.0"])


# --- 2. "x N days" beside a symptom is how long it has lasted, not a remote-care count
@pytest.mark.parametrize("question, first", [
    ("pt has had a cough for 4 days, nothing diagnosed, payer denied R05. what's the right one?", "R05.1"),
    ("dysuria x 3 days, N39 was bounced, which code?", None),
])
def test_days_beside_a_symptom_leave_a_diagnosis_question_a_diagnosis_question(question, first):
    a = ask(question)
    assert a.families == [] and not any(s.code.startswith("99") for s in a.suggestions)
    if first:
        assert (a.status, [c.code for c in a.codes][:1]) == ("answered", [first])


# --- 3. an e-mail about an uncertain diagnosis: the subject names it again, the plan starts a drug, a signature
def test_an_uncertain_condition_named_again_elsewhere_stays_uncertain():
    a = ask("Subject: cystitis question. Hello, the PA charted 'probable cystitis, started cephalexin'. Complaint: "
            "burning on urination since yesterday. Can I put N30.90 since it was treated? Or does 'probable' stop "
            "that? -- Ana Coding, Northside Clinic")
    assert "N30.90" not in _reported(a) and "N30.90" not in [s.code for s in a.suggestions]  # never the uncertain one


def test_a_signed_message_about_an_uncertain_condition_codes_its_symptom():
    a = ask("Re: cystitis claim. Note: 'probable cystitis, started cephalexin'. Complaint: burning on urination "
            "since yesterday. Can I put N30.90? -- Ana Coding, Northside Clinic")
    assert (a.status, _reported(a)) == ("answered", ["R30.0"])
    assert any("IV.H" in c for c in a.caveats)


def test_a_word_of_uncertainty_alone_is_no_condition():
    reading = read("does the word 'likely' change it? dysuria", lexicon(default_kb()))
    said = {c.said for c in reading.required}
    assert ("dysuria" in said, "likely" in said, reading.uncertain) == (True, False, [])


def test_an_uncertain_condition_ends_at_a_spaced_dash_and_the_test_planned_is_no_condition():
    reading = read("shortness of breath, suspected pulmonary embolism - sent for ct test", lexicon(default_kb()))
    assert reading.uncertain == ["suspected pulmonary embolism"]
    assert not {"ct", "test", "sent"} & {c.said for c in reading.required}
