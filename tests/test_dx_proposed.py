"""Codes the asker proposes beside words that describe the patient (real tabular, real engine): a set written without
asking whether it goes together is checked against the words, whose own codes answer when they say more (the
combination code, the stage said); a pair asked together keeps its verdict; and the encounter words of therapy after
a fracture (cast off, coming to PT, healing normally, a numbered bone) pick the 7th character."""

import pytest

from bot.core import ask


def _reported(question: str) -> tuple[str, list[str]]:
    a = ask(question)
    return a.status, [c.code for c in a.codes]


@pytest.mark.parametrize("question, codes", [
    # guideline I.C.4.a: the diabetic CKD combination code first, then the stage said (not E11.9 with N18.30)
    ("Type 2 diabetic whose stage 4 CKD is from the diabetes. Last biller sent E11.9 and N18.30, which do we report?",
     ["E11.22", "N18.4"]),
    # guideline I.C.9.a.2: hypertension with CKD is presumed linked, so I12.9 and the stage, never I10
    ("patient with htn, CKD stage 2, nothing saying they're linked. I10 + N18.2??", ["I12.9", "N18.2"]),
])
def test_a_proposed_set_is_checked_against_the_words(question, codes):
    a = ask(question)
    assert (a.status, [c.code for c in a.codes][:len(codes)]) == ("answered", codes)
    assert any("as written" in c and "not what these words call for" in c for c in a.caveats)


def test_a_pair_asked_together_keeps_its_verdict():
    a = ask("Chart lists both type 1 and type 2 diabetes. Is E10.9 with E11.9 allowed on one claim?")
    assert (a.status, a.intent, a.pair.allowed) == ("answered", "pair", False)


def test_words_that_say_less_than_a_written_code_do_not_replace_it():
    status, codes = _reported("Patient with lung cancer C34.11 came in solely for her immunotherapy infusion. Is Z51.12 listed first?")
    assert (status, codes[:2]) == ("answered", ["Z51.12", "C34.11"])


@pytest.mark.parametrize("question, code", [
    ("Nondisplaced fracture of the left 4th metatarsal, no surgery, cast removed, now coming to PT. Which code?",
     "S92.345D"),
    ("ER used S52.522A for a torus fracture of the left distal radius. Cast is off and she's now in OT. 7th character?",
     "S52.522D"),
])
def test_therapy_after_a_fracture_is_a_subsequent_encounter(question, code):
    status, codes = _reported(question)
    assert (status, codes[:1]) == ("answered", [code])


@pytest.mark.parametrize("question, code", [
    # FY2025 split of the lumbar disc degeneration codes by the pain the degenerated disc causes
    ("icd-10 for lumbar DDD with low back pain and leg pain", "M51.362"),
    ("dx code: degenerative disc disease L3-L4 with leg pain only, no back pain", "M51.361"),
    ("Payer rejected M51.36 as incomplete. Provider noted disc degeneration at L2-L3 causing low back pain only, "
     "denies any leg pain. Which code replaces it?", "M51.360"),
])
def test_a_degenerated_lumbar_disc_is_coded_by_the_pain_it_causes(question, code):
    status, codes = _reported(question)
    assert (status, codes[:1]) == ("answered", [code])


@pytest.mark.parametrize("question, code", [
    # the story (who brought her, what the doctor orders next) leaves many words unused; the asking sentence names it
    ("Hello billing team,\n\nMr. Abara, 79, has gone down four times this spring, twice in the kitchen. His son drove "
     "him in; the doctor plans a gait study and labs to look for a reason. Which ICD-10 code do we use for the "
     "repeated falls?\n\nThanks", "R29.6"),
    ("Hi Dana,\n\nFor Mr. Lund's referral the PT wrote: 'walks slowly and tires fast, has to rest after 40 ft, no "
     "falls, not unsteady.' Cause not found yet. What ICD-10 code goes on the claim for the walking problem?", "R26.2"),
])
def test_the_asking_sentence_confirms_a_code_a_long_story_buries(question, code):
    status, codes = _reported(question)
    assert (status, codes[:1]) == ("answered", [code])
