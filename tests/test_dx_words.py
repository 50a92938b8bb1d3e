"""Reading a diagnosis question into concepts: lay words to the index's words (knowledge/dx_synonyms.yaml), sides,
defaults, dominance, context sentences; and the synonym file itself checked against the FY2026 tabular."""

from __future__ import annotations

import pytest

from bot.core import ask
from bot.engine.dxlex import lexicon, read
from bot.engine.dxsearch import match
from bot.kb.checks import check_knowledge
from bot.kb.load import load_knowledge

pytestmark = pytest.mark.usefixtures("codesets", "dx_today")


@pytest.mark.parametrize("question, code", [
    ("dx code for wobbly gait", "R26.81"), ("icd 10 for lower back pain", "M54.50"), ("dx code for neck pain", "M54.2"),
    ("icd10 for left sided sciatica with lbp", "M54.42"), ("icd 10 for left foot drop", "M21.372"),
    ("icd 10 for osteoarthritis of both hips", "M16.0"), ("icd 10 left knee oa", "M17.12"),
    ("dx for secondary progressive ms", "G35.C0"), ("icd 10 for generalized weakness", "M62.81"),
    ("dx code for carpal tunnel left arm", "G56.02"), ("icd 10 bppv, left", "H81.12"),
])
def test_lay_words_find_the_code_the_index_leads_to(question, code):
    a = ask(question)
    assert ("answered", code) == (a.status, a.codes[0].code), [s.code for s in a.suggestions]


@pytest.mark.parametrize("question, code", [
    ("icd 10 left hemiparesis after stroke", "I69.354"),  # no handedness: left is the non-dominant side
    ("icd 10 right hemiplegia after a cva", "I69.351"),  # right is the dominant side
    ("left-sided hemiplegia after cva, patient is left handed. icd 10?", "I69.352"),
    ("icd 10 right sided hemiparesis following stroke, left handed patient", "I69.353"),
])
def test_dominance_follows_the_handedness_or_the_guideline_default(question, code):
    assert code == ask(question).codes[0].code


@pytest.mark.parametrize("question, code", [
    ("icd 10 diabetes", "E11.9"),  # type not said: type 2; no complication said: without complications
    ("icd 10 type 1 diabetes", "E10.9"),
    ("icd 10 for right knee osteoarthritis", "M17.11"),  # primary, unilateral
])
def test_defaults_of_the_index_and_guidelines(question, code):
    assert ("answered", code) == (ask(question).status, ask(question).codes[0].code)


def test_context_after_the_question_does_not_block_it(kb):
    reading = read("ICD 10 code for neck pain? Referral from ortho, seen for balance too.", lexicon(kb))
    assert ["neck pain"] == [c.said for c in reading.required]
    assert "M54.2" == ask("ICD 10 code for neck pain? Referral from ortho, seen for balance too.").codes[0].code


def test_facts_before_the_question_are_required(kb):
    reading = read("Right knee pain for 3 weeks. What code?", lexicon(kb))
    assert {"right", "knee", "pain"} <= {c.said for c in reading.required}


def test_a_word_no_code_holds_is_named_not_ignored():
    a = ask("icd 10 for right knee pain with crepitus and locking episodes")
    assert a.status != "answered" or any("Not used from your words" in c for c in a.caveats)


def test_the_synonym_file_passes_codebot_check():
    from bot import paths

    kn = load_knowledge(paths.knowledge_dir())
    assert not [p for p in check_knowledge(kn) if p.file == "dx_synonyms.yaml"]
    assert len(kn.dx_words["synonyms"]) > 30 and kn.dx_words["dominance"]["source"]


def test_the_synonym_checks_catch_a_code_a_missing_source_and_a_repeated_phrase():
    from bot.kb.load_dx import dx_word_problems

    bad = {"synonyms": [{"lay": ["knee oa"], "means": ["M17.11"], "optional": False, "source": "nowhere"},
                        {"lay": ["Knee  OA"], "means": ["osteoarthritis of knee"], "optional": False, "source": ""}]}
    found = [str(p) for p in dx_word_problems(bad, {})]
    assert any("looks like a code" in p for p in found) and any("unknown source" in p for p in found)
    assert any("no source" in p for p in found) and any("already in synonyms[0]" in p for p in found)


def test_every_index_wording_is_found_in_the_fy2026_tabular(kb, codesets):
    from datetime import date

    from bot.engine.dxlex import Concept

    seventh = codesets.seventh_words(codesets.release(date(2026, 6, 1)).id)  # 7th-character meanings
    for entry in kb.dx_words["synonyms"]:
        for means in entry["means"]:
            words = tuple(w for w in means.split() if w not in {"of", "on", "with"})
            assert set(words) <= seventh or codesets.count(match([Concept(means, (words,))])) > 0, means


def test_a_denied_series_denies_every_item():
    a = ask("ICD-10: Alzheimer's dementia, late onset, severe, no agitation, psychotic, mood or anxiety disturbance")
    assert ["G30.1", "F02.C0"] == [c.code for c in a.codes]  # none of the four disturbances is coded
