"""What the asking sentences state outright (bot/engine/asking.py) wins over cue words and codes in the story
around them: one code defined, a difference asked, an open bill ask; and the answers that follow from it."""

from __future__ import annotations

import pytest

from bot.core import ask, vocabulary
from bot.engine.asking import asking_spans
from bot.engine.clean import clean_text
from bot.engine.parse import parse_question


@pytest.fixture
def parse(kb):
    voc = vocabulary(kb)
    return lambda text: parse_question(clean_text(text), voc)


def _lines(answer) -> dict[str, int]:
    return {line.code: line.units for line in answer.billing.lines} if answer.billing else {}


def test_asking_sentences_end_in_a_question_mark_or_close_with_an_asking_word():
    text = "dr. cho bills it monthly. can dr. patel bill it too? thanks. what goes on the claim"
    assert ["can dr. patel bill it too?", "what goes on the claim"] == [text[s:e].strip() for s, e in
                                                                      asking_spans(text, {"what", "can"})]


def test_a_code_defined_in_its_own_sentence_beside_codes_the_story_names_is_defined(kb):
    a = ask("Our billing vendor's sheet lists 99457 and 99458 for RPM. What is 99091?", kb=kb)
    assert ("answered", "define", "99091") == (a.status, a.intent, a.codes[0].code)


def test_a_code_defined_then_asked_how_often_is_defined_with_its_rules(kb):
    a = ask("What is 98975 exactly? Can it go out every month, or only once?", kb=kb)
    assert ("answered", "define", ["98975"]) == (a.status, a.intent, [c.code for c in a.codes])


def test_the_difference_asked_is_a_comparison_whatever_the_story_says_of_both(kb):
    a = ask("What's the difference between 99424 and 99491? We have both kinds of patients at our clinic.", kb=kb)
    assert ("answered", "compare", ["99424", "99491"]) == (a.status, a.intent, [c.code for c in a.codes])


def test_an_open_bill_ask_with_a_filler_word_is_a_bill_ask(parse):
    sc = parse("new RPM patient got a glucometer and a BP cuff on 3/2, and both sent readings 25+ days in the "
               "3/2-3/31 period. one 99454 for each? what actually goes on the claim").scenario
    assert ("bill", "bill") == (sc.ask.kind, sc.asked)


def test_an_open_bill_ask_inside_a_yes_or_no_is_no_open_bill_ask(parse):
    assert "" == parse("The vendor says 99457. Is 99457 what goes on the claim?").scenario.ask.kind


def test_two_devices_asked_what_goes_on_the_claim_bill_one_device_code(kb):
    a = ask("new RPM patient got a glucometer and a BP cuff on 3/2, and both sent readings 25+ days in the 3/2-3/31 "
            "period. one 99454 for each? what actually goes on the claim", kb=kb)
    assert ("answered", "bill", 1) == (a.status, a.intent, _lines(a)["99454"])


def test_the_claim_asked_beside_a_billed_code_that_rules_out_another_keeps_the_rest(kb):
    a = ask("Pt gets G0558 from us each month. RPM this period: 19 days of readings and 24 minutes of management with "
            "a call. Our vendor also logged 25 min of care coordination and suggests adding 99490. What should the "
            "claim look like?", kb=kb)
    assert ("answered", "bill", {"G0558": 1, "99454": 1, "99457": 1}) == (a.status, a.intent, _lines(a))
    assert (False, "99490") == (a.pair.allowed, a.pair.right)
    assert "25 min of a service ruled out (not counted)" in a.understood["read_as"]


def test_what_to_bill_besides_the_apcm_code_is_its_add_on_with_the_code(kb):
    a = ask("G0556 patient; this month she started collaborative care with our BH care manager and the psych "
            "consultant, same PCP. what can we bill besides g0556?", kb=kb)
    assert ("answered", "bill", {"G0556": 1, "G0568": 1}) == (a.status, a.intent, _lines(a))


def test_how_many_times_a_month_is_the_codes_own_rule_not_the_mue(kb):
    a = ask("Is 99439 an add-on? What does it go with and how many times per month can it be billed?", kb=kb)
    assert ("answered", "define", "99439") == (a.status, a.intent, a.codes[0].code)
    assert "99490" in [c.code for c in a.companions]


def test_a_code_compared_across_a_dash_is_context(parse):
    q = parse("We're moving some CCM patients over to PCM. For a patient with diabetes, how many minutes of staff "
              "time do we need to document each month to bill the PCM code - like the 20 minutes for 99490?")
    assert ["compared"] == [f.role for f in q.scenario.of("code")]


def test_two_doctors_told_as_billing_are_two_practitioners_for_the_add_on(kb):
    a = ask("Her APCM (G0558) is billed every month under Dr. Lin. Can Dr. Ortiz bill G0570 for the general BHI work "
            "this month, since Dr. Lin is the one billing the APCM?", kb=kb)
    assert ("answered", "pair", False, "G0570") == (a.status, a.intent, a.pair.allowed, a.pair.left)


def test_portal_minutes_earn_no_office_visit_line_beside_the_e_visit_verdict(kb):
    a = ask("Patient messaged the portal Tuesday about a rash; the NP spent 14 minutes on it over two days, then she "
            "came in Thursday for the same rash. Can we bill 99422 and the office visit both?", kb=kb)
    assert ("answered", "pair", False, {}) == (a.status, a.intent, a.pair.allowed, _lines(a))


def test_a_line_of_a_told_claim_checked_is_the_claim_the_story_earns(kb):
    a = ask("Discharged 3/3, our nurse called him 3/4, the doctor saw him 3/9 with moderate MDM. The biller put 99214 "
            "for the visit plus 99495 on the same claim. Should the 99214 be there?", kb=kb)
    assert ("answered", "bill", {"99495": 1}, False) == (a.status, a.intent, _lines(a), a.pair.allowed)


@pytest.mark.parametrize("text", [
    "The vendor's list shows 99457 and 99458. Can you explain 99091?",
    "The vendor's list shows 99457 and 99458. And 99091 - what is that?",
])
def test_a_code_asked_by_other_wordings_of_its_meaning_is_defined(kb, text):
    a = ask(text, kb=kb)
    assert ("define", "99091") == (a.intent, a.codes[0].code)


def test_how_one_differs_from_the_other_is_a_comparison(kb):
    a = ask("How is 99424 different from 99491? We have both kinds of patients at our clinic.", kb=kb)
    assert ("answered", "compare") == (a.status, a.intent)


def test_how_the_minutes_should_be_billed_beside_an_mue_named_is_the_bill(kb):
    a = ask("Our CHW logged 110 minutes in March on a patient's food and housing barriers the doctor found at the "
            "initiating visit. The add-on has an MUE of 2, are we capped? How should the 110 minutes be billed?", kb=kb)
    assert ("answered", "bill") == (a.status, a.intent)
    assert "G0019" in _lines(a)


def test_one_code_for_each_share_of_the_time_is_asked_as_a_pair(kb):
    a = ask("Our nurse logged 18 min of RTM in March and a call, then 22 more later on. Could we bill 98979 for the "
            "early minutes and 98981 for the rest?", kb=kb)
    assert ("answered", "pair", False) == (a.status, a.intent, a.pair.allowed)


def test_one_code_for_each_worker_is_asked_as_a_pair(kb):
    a = ask("In April the doctor herself did 35 min of CCM and the nurse another 28. May we bill 99491 for her "
            "minutes and 99490 for the nurse's?", kb=kb)
    assert ("answered", "pair", False) == (a.status, a.intent, a.pair.allowed)


def test_two_codes_asked_whether_both_go_on_the_claim_is_a_pair(kb):
    a = ask("Her LPN logged 30 min of CCM in July; separately our MA did 21 min of RPM management with a video call. "
            "Could 99457 and 99490 both be billed for July?", kb=kb)
    assert ("answered", "pair", True) == (a.status, a.intent, a.pair.allowed)


def test_two_codes_of_one_family_neither_an_add_on_of_the_other_asked_with_is_a_pair(kb):
    a = ask("can u bill 98979 w/ 98981? 14 min one week and 20 the next", kb=kb)
    assert ("answered", "pair", False) == (a.status, a.intent, a.pair.allowed)
