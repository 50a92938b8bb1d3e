"""Diagnosis questions through ask(): codes by shape, headers, 7th characters, Excludes pairs, word search, channels."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml

from bot.core import ask
from bot.engine import cmsroute, handlers
from bot.render import render_answer

EVAL = __import__("pathlib").Path(__file__).resolve().parents[2] / "shared" / "eval"
pytestmark = pytest.mark.usefixtures("codesets", "dx_today")


@pytest.mark.parametrize("question, code", [
    ("what is M17.11", "M17.11"), ("M1711", "M17.11"), ("S72.001A", "S72.001A"), ("u07.1?", "U07.1"),
    ("icd-10 code r26.81 please", "R26.81"), ("is J44.1 billable", "J44.1"),
])
def test_a_code_is_read_with_or_without_its_dot(question, code):
    a = ask(question)
    assert ("answered", code, "ICD-10-CM", True) == (a.status, a.codes[0].code, a.codes[0].system, a.diagnosis.billable)
    assert a.diagnosis.descriptor == a.codes[0].title and a.diagnosis.release.startswith("ICD-10-CM FY2026")


def test_a_header_answers_with_its_billable_codes():
    d = ask("is M17.1 billable?").diagnosis
    assert (False, ["M17.10", "M17.11", "M17.12"], 3) == (d.billable, [c.code for c in d.choices], d.choices_total)
    assert ["M17"] == [c.code for c in d.chain] and d.groups[0].startswith("Chapter 13")


def test_seventh_character_and_placeholder():
    d = ask("what 7th character for T36.0X1").diagnosis
    assert not d.billable and {"A", "D", "S"} == {s.char for s in d.seventh}
    assert "T36.0X1A" in {s.code for s in d.seventh} and not d.placeholder
    short = ask("S00.00").diagnosis  # five characters: X fills the 6th before the 7th
    assert short.placeholder and "S00.00XA" in {s.code for s in short.seventh}


def test_notes_of_the_tabular_with_their_meaning():
    d = ask("E11.65").diagnosis
    kinds = {n.kind for n in d.notes}
    assert {"excludes1", "use_additional"} <= kinds and "not coded here" in d.meanings["excludes1"]
    assert any(n.at == "E11" and "type 1 diabetes mellitus (E10.-)" == n.text for n in d.notes)


def test_excludes1_pair_is_not_together_and_excludes2_is_allowed():
    no = ask("can I code E11.65 with E10.9?")
    assert ("pair", False) == (no.intent, no.pair.allowed) and "Excludes1 at E11" in no.pair.reason
    assert "unrelated" in no.pair.reason  # the exception is stated
    yes = ask("can M17.11 be coded with M47.816 together")
    assert yes.pair.allowed is True and "Excludes2" in yes.pair.reason
    residual = ask("can I code E11.65 with E11.9")
    assert residual.pair.allowed is False and "without complications" in residual.pair.reason


@pytest.mark.parametrize("question, code", [
    ("unsteadiness on feet", "R26.81"), ("ICD 10 for unsteadiness on feet", "R26.81"),
    ("type 2 diabetes with hyperglycemia", "E11.65"), ("dx code for copd with exacerbation", "J44.1"),
    ("icd10 essential hypertension", "I10"),
])
def test_words_find_the_code(question, code):
    a = ask(question)
    assert ("answered", code) == (a.status, a.diagnosis.code)


def test_a_close_call_offers_choices_instead_of_a_guess():
    a = ask("icd 10 for rotator cuff tear")  # incomplete or complete, traumatic or not: the coder chooses
    assert "did_you_mean" == a.status and not a.codes
    assert {"M75.110", "M75.120"} <= {s.code for s in a.suggestions}
    assert all("rotator cuff" in s.title.lower() for s in a.suggestions)


def test_a_mistyped_code_gets_one_edit_choices_never_a_guess():
    a = ask("what is M17.13")
    assert "did_you_mean" == a.status and not a.codes
    assert {"M17.10", "M17.11", "M17.12"} <= {s.code for s in a.suggestions}
    assert "unknown" == ask("Q99.99XZ").status


def test_a_bare_code_that_fits_hcpcs_says_so():
    a = ask("E1165")
    assert "E11.65" == a.diagnosis.code and any("HCPCS" in c for c in a.caveats)


@pytest.mark.parametrize("channel", ["cli", "slack", "email"])
def test_every_channel_renders_diagnosis_answers(channel):
    for question, expected in (("is M17.1 billable", "M17.12"), ("S72.001A", "initial encounter for closed fracture"),
                               ("can I code E11.65 with E10.9", "Excludes1")):
        out = render_answer(ask(question), channel)
        text = out.html if channel == "email" else out.text
        assert expected in text and "ICD-10-CM FY2026 (April 1, 2026 update)" in text


@pytest.mark.parametrize("channel", ["cli", "slack", "email"])
def test_a_diagnosis_answer_shows_its_reading_in_every_channel(channel):
    for question, read_as in (("ICD-10 for unsteadiness on feet", '"unsteadiness on feet" -> asked: which code fits'),
                              ("is M17.1 billable", "M17.1 -> asked: what the code is"),
                              ("dx for type 2 diabetes with hyperglycemia, no insulin",
                               '"type 2 diabetes with hyperglycemia"; no insulin -> asked: which code fits')):
        a = ask(question)
        assert read_as == a.understood["read_as"]
        out = render_answer(a, channel)
        assert "Read as" in (out.html if channel == "email" else out.text)


def test_words_no_diagnosis_code_says_are_listed_as_unplaced():
    # (gapS) "broke his right wrist" is read since as a wrist fracture (a close call among the carpal codes); a
    # wrist "hurt" says no condition a code holds, so it stays unplaced
    a = ask("diagnosis code for a fall from a ladder at home, hurt his right wrist, initial encounter")
    assert a.status != "answered" and "wrist" in a.unplaced


def test_remote_care_questions_answer_exactly_as_before(kb):
    from test_eval import ITEMS  # the public eval questions (none is about a diagnosis)

    real = EVAL / "real-sample.yaml"
    extra = [i["q"] for i in yaml.safe_load(real.read_text()) if "scope" not in (i.get("tags") or [])] \
        if real.exists() else []
    questions = [i["q"] for i in ITEMS] + extra + ["what is 99454", "RTM 12 minutes with a call", "can I bill 99457 with 99091"]
    for q in questions:
        ctx = _context(kb, q)
        if ctx is None:
            assert "rejected" == ask(q, kb=kb).status
            continue
        # the imported CMS files may add an NCCI verdict beside a pair rule (bot.engine.cmsroute.after): that is
        # not the diagnosis routing, which must leave the remote-care answer as it was
        assert cmsroute.after(ctx, handlers._remote_care(ctx)).to_dict() == ask(q, kb=kb).to_dict(), q


def _context(kb, text):
    from bot.core import vocabulary
    from bot.engine.clean import Rejected, clean_text
    from bot.engine.parse import parse_question

    try:
        q = parse_question(clean_text(text), vocabulary(kb))
    except Rejected:
        return None
    from bot.core import _year

    year, notes = _year(kb, q.year)
    return handlers.Context(kb=kb, q=q, year=year, notes=notes, stopwords=vocabulary(kb).stopwords)


def test_a_remote_care_question_never_opens_the_code_sets(tmp_path):
    env = {**os.environ, "CODEBOT_HOME": str(tmp_path)}
    script = "import sys; sys.argv = ['codebot', 'ask', 'what is 99454']; from bot.commands.entry import main; main()"
    proc = subprocess.run([sys.executable, "-c", script], env=env,
                          capture_output=True, text=True, timeout=120)
    assert 0 == proc.returncode, proc.stderr
    assert not (tmp_path / "codesets.db").exists()


def test_a_string_that_fits_two_systems_asks_which(kb):
    near_curated = next(c for c in sorted(kb.codes) if c.startswith("G05"))  # a curated HCPCS code
    token = near_curated[0] + near_curated[2:]  # drop its first zero: the shape of a bare ICD-10-CM code
    a = ask(f"what is {token}?")
    assert "did_you_mean" == a.status and near_curated in {s.code for s in a.suggestions}
    if any(s.why.startswith("ICD-10-CM") and "without its dot" in s.why for s in a.suggestions):
        assert "fits two systems" in a.message


def test_a_mistyped_curated_code_still_suggests_the_curated_one(kb):
    code = next(c for c in sorted(kb.codes) if c[0].isalpha())
    typo = code[:2] + "5" + code[2:]  # one inserted digit: six characters, also ICD-10-CM-shaped
    a = ask(f"explain {typo}")
    assert "did_you_mean" == a.status and code == a.suggestions[0].code


def test_the_words_complete_a_code_with_its_seventh_character():
    a = ask("S72.001 initial encounter closed fracture")
    assert "S72.001A" == a.diagnosis.code and any("7th character" in c for c in a.caveats)
    assert "S72.001" == ask("what 7th character for a subsequent encounter of S72.001").diagnosis.code  # D or G...


def test_a_seventh_character_question_without_a_code_asks_for_it():
    a = ask("what 7th character for a subsequent encounter?")
    assert "did_you_mean" == a.status and a.message.startswith("The 7th character depends on the code's category")
    assert " D in " in a.message and "Name the code" in a.message


def test_a_corrupt_code_set_file_is_set_aside_and_rebuilt(tmp_path, kb, codesets):
    from bot.codesets import open_codesets, use_codesets

    (tmp_path / "codesets.db").write_bytes(b"this is not a database" * 100)
    try:
        use_codesets(open_codesets(tmp_path))
        assert "answered" == ask("what is M17.11", kb=kb).status
        assert 1 == len(list(tmp_path.glob("codesets.db.corrupt-*")))
    finally:
        use_codesets(codesets)


def test_an_unusable_data_directory_is_a_polite_answer(tmp_path, kb, codesets, monkeypatch):
    from bot.codesets import use_codesets

    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("CODEBOT_HOME", str(blocked / "home"))
    use_codesets(None)
    try:
        a = ask("what is M17.11", kb=kb)
        assert "unknown" == a.status and "cannot be opened or built" in a.message
        assert "answered" == ask("what is 99454", kb=kb).status
    finally:
        use_codesets(codesets)


@pytest.mark.parametrize("question, code", [
    ("what's the icd 10 code for htn", "I10"), ("dx code for afib", "I48.91"), ("ICD-10 for low back pain", "M54.50"),
    ("icd 10 for chest pain", "R07.9"), ("icd 10 for chronic systolic heart failure", "I50.22"),
    ("what is the diagnosis code for copd", "J44.9"), ("icd 10 for urinary tract infection", "N39.0"),
])
def test_a_condition_named_without_detail_gets_its_unspecified_code(question, code):
    # "unspecified" is what a question that says no more means; words in parentheses are nonessential modifiers
    assert ("answered", code) == (ask(question).status, ask(question).diagnosis.code)


def test_descriptors_worded_by_a_coder_answer_their_own_code(codesets):
    import random
    from datetime import date

    rel = codesets.release(date(2026, 6, 1))
    rows = codesets.conn().execute("select dotted, descriptor from icd10cm_codes where release_id = ? and billable = 1 "
                                   "and kind != 'extension'", (rel.id,)).fetchall()
    for dotted, descriptor in random.Random(5).sample(rows, 150):
        a = ask(f"icd 10 for {descriptor.lower()}")
        assert (a.status == "answered" and a.diagnosis.code == dotted) or \
            (a.status == "did_you_mean" and dotted in {s.code for s in a.suggestions}), (dotted, descriptor)
