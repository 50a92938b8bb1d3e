"""Claim rules held as data (knowledge/vocabulary.yaml joint_claim, medicare_codes, split_shared; the TESTS and ACP
families; pair links): each case is worded apart from the held-out questions, and each would fail without its rule."""

from __future__ import annotations

import pytest

from bot.core import ask


def _lines(a) -> dict[str, int]:
    return {l.code: l.units for l in (a.billing.lines if a.billing else [])}


def _named(a) -> set[str]:
    return {c.code for c in a.codes} | {c.code for c in a.companions} | set(_lines(a))


@pytest.mark.parametrize("q,lines,mentions", [
    # both sides: one line, modifier 50, one unit (the line's bilateral indicator is 1)
    ("Right and left shoulder injections at one visit, no imaging guidance, Medicare patient. Two lines of 20610, "
     "or how should this be billed?", {"20610": 1}, {"50"}),
    ("We aspirated both hips today without ultrasound for a traditional Medicare patient. What do we bill?",
     {"20610": 1}, {"50"}),
    # image guidance told: the guided code, never the unguided one plus the guidance code
    ("Knee aspiration done under ultrasound guidance with images kept; our coder put 20610 and 76942. What is the "
     "correct coding?", {"20611": 1}, set()),
    ("Elbow injection with ultrasound guidance: we sent 20605 + 76942. What's the right code?", {"20606": 1}, set()),
])
def test_joint_injection_claim_lines(kb, q, lines, mentions):
    a = ask(q, kb=kb)
    assert ("answered", "bill", lines) == (a.status, a.intent, _lines(a))
    assert mentions <= _named(a)


def test_guidance_pair_asked_alone_stays_a_pair(kb):
    a = ask("Is 76942 separately billable with 20611 for the same joint?", kb=kb)
    assert ("pair", False) == (a.intent, a.pair and a.pair.allowed)


@pytest.mark.parametrize("q,lines", [
    ("Nurse-only visit: a Medicare patient got Prevnar 20 and a flu shot. Do we code the admins with 90471 and 90472?",
     {"G0009": 1, "G0008": 1}),
    ("Medicare patient whose brother had colon cancer is in for a screening colonoscopy. 45378 or a G code?",
     {"G0105": 1}),
    ("Screening colonoscopy on an average-risk Medicare patient; a polyp was snared. Do we keep G0121 or switch?",
     {"45385": 1}),
])
def test_medicare_codes_for_services_others_bill_by_cpt(kb, q, lines):
    a = ask(q, kb=kb)
    assert ("answered", lines) == (a.status, _lines(a))


def test_medicare_code_asked_alone_is_defined(kb):
    a = ask("what is G0105?", kb=kb)
    assert ("answered", "define", "G0105") == (a.status, a.intent, a.codes[0].code)


def test_negated_risk_is_no_high_risk(kb):
    a = ask("Medicare pt, no family history of colon cancer, average risk: screening colonoscopy, 45378 or a G code?",
            kb=kb)
    assert {"G0121": 1} == _lines(a)


@pytest.mark.parametrize("q", [
    "can 80048 go with 80053 on the same draw?",
    "93010 and 93000 for the same tracing, same doctor - ok?",
    "Is 94640 billable with 94060 when the albuterol neb was the bronchodilator for the test?",
    "45380 and 45378 for one colonoscopy, allowed?",
    "are 93325 and 93306 billed together?",
])
def test_pairs_one_test_includes_the_other(kb, q):
    a = ask(q, kb=kb)
    assert ("answered", "pair", False) == (a.status, a.intent, a.pair and a.pair.allowed)


def test_acp_with_the_wellness_visit_is_allowed(kb):
    a = ask("99497 alongside G0438 on one claim?", kb=kb)
    assert ("pair", True) == (a.intent, a.pair and a.pair.allowed)


def test_acp_minutes_during_a_wellness_visit_bill_both(kb):
    a = ask("During her subsequent AWV the NP spent 50 minutes face to face on advance directives and a POLST form. "
            "What goes on the claim?", kb=kb)
    assert {"G0439": 1, "99497": 1, "99498": 1} == _lines(a)


def test_acp_beside_the_wellness_visit_it_names_keeps_that_visit(kb):
    a = ask("Initial AWV G0438 today plus 20 minutes of advance care planning. What do we bill?", kb=kb)
    assert {"G0438": 1, "99497": 1} == _lines(a)
    assert any("modifier 33" in t for t in a.billing.trace)


def test_add_on_on_a_code_outside_its_bases_is_not_billed(kb):
    a = ask("Is G2211 payable on top of an emergency department visit 99284?", kb=kb)
    assert ("answered", "pair", False) == (a.status, a.intent, a.pair and a.pair.allowed)
    assert "99284" == a.pair.right


def test_split_shared_visit_names_the_biller_and_the_modifier(kb):
    a = ask("Hospitalist saw the patient in observation for 10 minutes and the NP spent 30 minutes. Who bills, and "
            "which modifier?", kb=kb)
    assert "FS" == a.codes[0].code
    assert any("non-physician practitioner bills" in r for r in a.codes[0].rules)


def test_place_named_beside_a_pay_question_gets_the_setting_pos(kb):
    a = ask("The practice is now an off-campus provider-based department of the hospital. For 99213 do we keep POS 11, "
            "and is the rate different?", kb=kb)
    assert "19" in _named(a)


def test_originating_site_fee_beside_pos_02(kb):
    a = ask("The patient sat in our rural health clinic for a video visit with a distant cardiologist. What POS does "
            "the cardiologist bill, and can the clinic bill a fee?", kb=kb)
    assert {"02", "Q3014"} <= _named(a)


def test_drug_named_beside_a_code_someone_else_gives(kb):
    a = ask("Rocephin 1 g IM today. A coding blog says J0690; how many units?", kb=kb)
    assert ("answered", 4) == (a.status, _lines(a).get("J0696"))


def test_shorthand_with_in_an_item_asked_by_words(kb):
    a = ask("pt needs a rigid walker w/ wheels for home, HCPCS?", kb=kb)
    assert ("answered", "E0141") == (a.status, a.codes[0].code)


def test_untimed_code_asked_by_its_alias_beside_minutes(kb):
    a = ask("Our PCP spent 15 min of intensive behavioral therapy for obesity with a Medicare patient, BMI 31. "
            "Which G code?", kb=kb)
    assert ("answered", "G0447") == (a.status, a.codes[0].code)


def test_telehealth_pos_without_the_patients_place_is_asked(kb):
    a = ask("which place of service goes on a telehealth office visit for Medicare?", kb=kb)
    assert "clarify" == a.status
    assert {"home", "clinic"} <= {c.question.rsplit(" ", 1)[-1].rstrip(".") for c in a.choices}
    again = ask(next(c.question for c in a.choices if c.question.endswith("home.")), kb=kb)
    assert ("answered", "10") == (again.status, again.codes[0].code)


def test_mue_rules_asked_with_a_modifier_and_no_code(kb):
    a = ask("Can any modifier get around an MUE with MAI 2, or is the number a hard limit?", kb=kb)
    assert "answered" == a.status and "MAI 2" in a.message


def test_mue_of_a_code_no_file_holds_reads_the_indicator_told(kb):
    a = ask("Our 86003 line with 40 units hit the MUE (30 units, MAI 3). Can we appeal for the rest?", kb=kb)
    assert ("answered", "86003") == (a.status, a.codes[0].code)
    assert a.message.index("MAI 3") < a.message.index("MAI 1")


@pytest.mark.parametrize("q,units", [
    # the IV push told is its administration line (96374) beside the drug's units
    ("Ondansetron 8 mg IV push today, billed with J2405: how many units?", {"J2405": 8, "96374": 1}),
    ("J2550 for 12.5 mg of promethazine: units?", {"J2550": 1}),  # "up to 50 mg": any dose to 50 is one unit
])
def test_drug_units_from_the_imported_descriptor(kb, q, units):
    a = ask(q, kb=kb)
    assert ("answered", "bill", units) == (a.status, a.intent, _lines(a))
