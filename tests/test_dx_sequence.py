"""Several diagnoses in one question: the codes to report, in the order the tabular's use additional / code first
notes set, the partner chosen by the question's other words; and the 7th character the words name."""

from __future__ import annotations

import pytest

from bot.core import ask
from bot.render import render_answer

pytestmark = pytest.mark.usefixtures("codesets", "dx_today")


@pytest.mark.parametrize("question, codes", [
    ("type 1 diabetic with ckd stage 4, icd 10", ["E10.22", "N18.4"]),  # E10.22: use additional code for the stage
    ("hypertensive ckd stage 3b icd 10", ["I12.9", "N18.32"]),  # I12.9's note asks for N18.1-N18.4; I12.0's does not
    ("icd 10 for dysphagia pharyngeal phase after cerebral infarction", ["I69.391", "R13.13"]),
    ("icd 10 dementia due to parkinson's disease, no behavioral disturbance", ["G20.A1", "F02.80"]),  # F02: code first
    ("icd 10 type 2 diabetes on insulin", ["E11.9", "Z79.4"]),
])
def test_linked_codes_come_in_the_tabular_order(question, codes):
    a = ask(question)
    reported = [c.code for c in a.codes if c.role == "diagnosis"]
    assert ("answered", codes) == (a.status, reported)
    assert any(c.startswith("Report " + codes[0]) for c in a.caveats)


def test_a_status_code_asked_by_number_takes_the_side_from_the_words():
    a = ask("Z47.1 right knee replacement, what else do I code?")
    assert ["Z47.1", "Z96.651"] == [c.code for c in a.codes if c.role == "diagnosis"]


def test_aftercare_found_from_the_joint_status_code_by_its_own_note():
    a = ask("ICD-10 codes for PT after a left hip replacement?")  # Z47.1 says: use additional code (Z96.6-)
    assert ["Z47.1", "Z96.642"] == [c.code for c in a.codes if c.role == "diagnosis"]


def test_a_code_asked_with_words_that_say_another_code_of_its_category():
    a = ask("Chart says diabetes type 2, uncontrolled. We billed E11.9, is that right?")
    assert [("E11.65", "diagnosis"), ("E11.9", "quoted, not these words' code")] == \
        [(c.code, c.role) for c in a.codes][:2]  # the words' code first: the quoted one is never the answer
    assert any("Your words describe E11.65" in c for c in a.caveats)


@pytest.mark.parametrize("question, code", [
    ("icd 10 left distal radius fracture, routine healing", "S52.502D"),
    ("dx code sprain of right ankle, sequela", "S93.401S"),
    ("icd 10 for old left wrist sprain", "S63.502S"),
    ("icd 10 concussion without loss of consciousness, first ER visit", "S06.0X0A"),
    ("Referral says S93.401A but we are doing rehab now, which code?", "S93.401D"),
])
def test_the_seventh_character_the_words_name(question, code):
    assert ("answered", code) == (ask(question).status, ask(question).codes[0].code)


def test_a_malformed_variant_of_a_named_code_is_explained_not_guessed():
    a = ask("T84.84XD or T84.84D?")
    assert ("answered", "T84.84XD") == (a.status, a.codes[0].code)
    assert any("T84.84D is not an ICD-10-CM code" in c for c in a.caveats)


def test_the_excludes1_with_final_characters_note_is_read():
    a = ask("R47.01 and I69.120 together?")  # R47.01 Excludes1: I69. with final characters -20
    assert (False, "pair") == (a.pair.allowed, a.intent)


@pytest.mark.parametrize("channel", ["cli", "slack", "email"])
def test_every_channel_shows_the_order(channel):
    out = render_answer(ask("type 1 diabetic with ckd stage 4, icd 10"), channel)
    text = out if isinstance(out, str) else str(out)
    assert "in this order" in text and text.index("E10.22") < text.index("N18.4")


def test_remote_care_and_unrelated_questions_are_left_alone():
    assert "unknown" == ask("what's the weather today").status
    assert "98980" == ask("RTM management 25 min, patient call done").codes[0].code


@pytest.mark.parametrize("question, codes", [
    # J12.82 carries "code first COVID-19 (U07.1)": the written codes in that order, whichever is written first
    ("For a patient with covid-19 pneumonia, is J12.82 listed first or is U07.1?", ["U07.1", "J12.82"]),
    # E66.813's category asks "use additional code to identify BMI (Z68.-)": the obesity code leads
    ("Z68.41 and E66.813 on the same claim: which one should be sequenced first?", ["E66.813", "Z68.41"]),
    # guideline I.C.2.e.2 (dx_synonyms encounter_first): a visit solely for immunotherapy lists Z51.12 first
    ("Patient came in solely for her immunotherapy infusion, lung cancer C34.11. Should Z51.12 be the primary dx?",
     ["Z51.12", "C34.11"]),
])
def test_written_codes_are_put_in_the_order_the_tabular_gives(question, codes):
    a = ask(question)
    assert ("answered", codes) == (a.status, [c.code for c in a.codes][:2])


def test_written_codes_the_notes_leave_unordered_are_not_ranked():
    a = ask("Which goes first, J45.909 or I10?")  # no note links them: never a made-up order
    assert a.intent in ("pair", "compare")


def test_codes_asked_together_then_an_alternative_is_a_pair_not_a_comparison():
    a = ask("Can R73.01 and E11.65 both be coded today, or does the diabetes replace it?")
    assert ("pair", False) == (a.intent, a.pair.allowed)
