"""Care-management questions: compare asks, PCM told by one condition, who did the time, two programs' minutes, a code
another practice billed for the month, a code's own descriptor quoted, and add-ons asked for another group."""

from __future__ import annotations

from bot.core import ask


def _lines(a) -> dict[str, int]:
    d = a.to_dict()
    return {l["code"]: l["units"] for l in (d.get("billing") or {}).get("lines") or []}


def test_two_codes_of_one_family_asked_apart_are_compared(kb):
    a = ask("How is 99487 different from 99490? Same program, so what actually sets them apart?", kb=kb)
    assert (a.status, a.intent) == ("answered", "compare")
    assert [c.code for c in a.codes][:2] == ["99487", "99490"]


def test_a_code_against_another_program_compares_the_programs(kb):
    a = ask("What is the difference between PCM (99426) and plain CCM for a Medicare clinic?", kb=kb)
    assert (a.status, a.intent) == ("answered", "compare")
    assert {"PCM", "CCM"} <= set(a.families)


def test_condition_counts_set_against_each_other_are_the_contrast_not_the_patient(kb):
    a = ask("PCM vs CCM: is the whole difference 1 condition vs 2 or more?", kb=kb)
    assert (a.status, a.intent) == ("answered", "compare")
    assert {"PCM", "CCM"} <= set(a.families)


def test_one_named_condition_and_own_time_is_physician_pcm(kb):
    a = ask("Neurology here. I personally put in thirty-five minutes this month managing one patient's lupus (labs, "
            "dose changes). No staff time at all. Code?", kb=kb)
    assert a.status == "answered" and _lines(a) == {"99424": 1}


def test_the_worker_decides_when_both_ladders_are_hinted(kb):
    a = ask("Our cardiologist personally spent 40 minutes on one patient's heart failure this month, no staff. PCM: "
            "do we use the staff code or the physician code?", kb=kb)
    assert _lines(a) == {"99424": 1}


def test_no_other_chronic_dx_beside_staff_minutes_is_a_pcm_case(kb):
    a = ask("Patient has hypertension only (no other chronic dx). Our MA spent 31 min in May on BP med calls. "
            "What do we bill for May?", kb=kb)
    assert (a.status, a.intent) == ("answered", "bill")
    assert _lines(a) == {"99426": 1}


def test_two_programs_each_with_its_own_minutes(kb):
    a = ask("Pt is on CCM and BHI. In May our nurse spent 26 min on the chronic conditions and a separate 22 min on "
            "behavioral health care management. No psychiatric consultant. What do we bill?", kb=kb)
    assert _lines(a) == {"99490": 1, "99484": 1}


def test_a_code_another_practice_billed_for_the_same_month_gets_a_no(kb):
    a = ask("Her pulmonologist already billed 99490 for June. We are the PCP and our MA did 25 minutes of CCM in June. "
            "Can we bill 99490 for June as well?", kb=kb)
    assert "99490" not in _lines(a)
    assert a.pair is not None and a.pair.allowed is False


def test_an_add_on_asked_with_an_article_on_top_of_another_code_is_a_pair(kb):
    a = ask("The doctor did 35 min of her own CCM time (99491) and our MA did another 22 min. Can we add a 99439 on "
            "top of the 99491?", kb=kb)
    assert a.intent == "pair" and a.pair is not None and a.pair.allowed is False


def test_the_codes_own_descriptor_quoted_is_not_time_spent(kb):
    a = ask("Month one of collaborative care. Our BH care manager logged 38 minutes and the psychiatric consultant "
            "reviewed the case. Can the PCP bill 99492 even though it says 70 minutes?", kb=kb)
    assert _lines(a) == {"99492": 1}


def test_an_add_on_for_a_group_down_the_hall_is_refused(kb):
    a = ask("our PCP bills G0556 for the patient. the behavioral health group down the hall wants to bill G0570 that "
            "month. ok?", kb=kb)
    assert a.pair is not None and a.pair.allowed is False


def test_is_that_a_conflict_asks_no_family_membership(kb):
    a = ask("Our PCP bills CCM monthly for a patient. Her oncologist (separate practice) wants to bill PCM 99426 for "
            "her cancer the same month. Is that a conflict, or can both bill?", kb=kb)
    assert a.intent == "pair" and a.pair is not None and a.pair.allowed is True
