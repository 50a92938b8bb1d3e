"""Office, wellness and modifier readings: time said as "an hour and N minutes", specialties said by another of their
names, a nurse visit asked as "what's billable", a planned injection with nothing new (no visit line), the visit that
decided a major surgery (57, not 25), the yearly wellness visit's 11 full months, the lines beside a wellness visit
(the problem visit, advance care planning with 33)."""

from __future__ import annotations

import pytest

from bot.core import ask
from bot.render import render_answer


def _lines(a) -> dict[str, int]:
    return {l.code: l.units for l in a.billing.lines} if a.billing else {}


def _minutes(a) -> list[tuple[int, str]]:
    return [(f["value"], f["role"]) for f in a.understood["facts"] if f["kind"] == "minutes"]


@pytest.mark.parametrize("text,lines,minutes", [
    ("Established patient, the doctor spent an hour and ten minutes in total with him today. What do we bill?",
     {"99215": 1, "G2212": 1}, [(70, "total")]),
    # "5 minutes total" inside "1 hour and 5 minutes total" is the same span, never a second total
    ("CCM this month: our RN logged 1 hour and 5 minutes total. What do we bill?", {"99490": 1, "99439": 2},
     [(65, "total")]),
])
def test_hours_and_minutes_are_one_span(kb, text, lines, minutes):
    a = ask(text, kb=kb)
    assert ("answered", lines, minutes) == (a.status, _lines(a), _minutes(a))


@pytest.mark.parametrize("text,top", [
    # the PA works with the group's family physicians: the same specialty, seen within three years
    ("Fourteen months ago she saw our family practice PA. Today she sees Dr. Ruiz, a family medicine doctor in the "
     "same group. Is she a new patient? Straightforward MDM.", "99212"),
    # two names of one specialty, moderate MDM: the established code of that level leads
    ("Last year he was seen by our fam med NP; today Dr. Osei (family physician, same TIN) saw him, moderate MDM. "
     "New or established?", "99214"),
    # another specialty in a multispecialty group: new, whatever the group
    ("Multispecialty practice: she saw our rheumatologist a year ago and today had her first visit with one of our "
     "internists, low MDM. New or established?", "99203"),
])
def test_specialty_said_by_another_name_decides_new_or_established(kb, text, top):
    a = ask(text, kb=kb)
    assert ("answered", top) == (a.status, a.codes[0].code)


def test_whats_billable_asks_for_the_claim_line(kb):
    a = ask("Established pt came back for a blood pressure recheck with our nurse; the physician was on site and "
            "okayed the plan. What's billable?", kb=kb)
    assert ("bill", {"99211": 1}) == (a.intent, _lines(a))


def test_planned_injection_with_nothing_new_drops_the_visit_and_the_second_giving(kb):
    a = ask("Planned shoulder injection: Kenalog 80 mg, the doctor checked in, no new complaints, and injected. "
            "Coding sent 99214-25, 20610, 96372 and J3301 x1. What should the claim be?", kb=kb)
    assert ("answered", {"J3301": 8, "20610": 1}) == (a.status, _lines(a))
    said = " ".join(a.billing.assumptions)
    assert "99214 is not billed" in said and "96372 is not billed" in said


def test_injection_beside_a_separate_problem_keeps_the_visit(kb):
    a = ask("Kenalog 40 mg into the left knee, and the doctor also adjusted her diabetes meds, moderate MDM visit "
            "billed 99214-25. What should the claim be?", kb=kb)
    assert {"99214": 1, "J3301": 4, "20610": 1} == _lines(a)


def test_visit_that_decides_a_major_surgery_takes_57_not_25(kb):
    a = ask("The surgeon saw him Thursday, decided on a total knee replacement, and operated Friday. Should "
            "Thursday's visit get 25 so the global doesn't swallow it?", kb=kb)
    assert ["57", "25"] == [c.code for c in a.codes][:2]


def test_a_minor_procedures_decision_keeps_25(kb):
    a = ask("Doctor decided to inject the knee the same day, procedure 20610. Should the visit get 25?", kb=kb)
    assert "57" not in [c.code for c in a.codes]


@pytest.mark.parametrize("text,lines", [
    # the next one is payable from the first day of the month after 11 full months (March 2027 here)
    ("Her last AWV was March 3, 2026. She is here February 20, 2027 for her yearly wellness visit. Can we bill "
     "G0439?", {}),
    ("Her last AWV was March 3, 2026. She is here March 2, 2027 for her yearly wellness visit. Can we bill "
     "G0439?", {"G0439": 1}),
])
def test_subsequent_wellness_visit_waits_eleven_full_months(kb, text, lines):
    a = ask(text, kb=kb)
    assert ("answered", lines) == (a.status, _lines(a))


def test_wellness_answer_renders_on_every_channel(kb):
    a = ask("Her last AWV was March 3, 2026. She is here February 20, 2027. Can we bill G0439?", kb=kb)
    for channel in ("cli", "slack", "email"):
        assert "G0439" in render_answer(a, channel).text


@pytest.mark.parametrize("text,lines", [
    ("Subsequent AWV this morning; she also raised new ankle pain, which the doctor worked up, moderate MDM. "
     "Which lines go on the claim?", {"G0439": 1, "99214": 1}),
    ("Subsequent AWV, then 25 minutes of advance care planning with him and his son. What do we bill?",
     {"G0439": 1, "99497": 1}),
    # 10 minutes is below the first ACP unit (16 by the CPT time rule): the wellness visit alone
    ("During the subsequent AWV the doctor talked about a health care proxy for ten minutes. Can 99497 go on "
     "the claim?", {"G0439": 1}),
    ("Advance care planning, 50 minutes face to face with the family. What do we bill?", {"99497": 1, "99498": 1}),
])
def test_lines_beside_the_wellness_visit(kb, text, lines):
    a = ask(text, kb=kb)
    assert ("answered", lines) == (a.status, _lines(a))


def test_acp_beside_the_wellness_visit_carries_33(kb):
    a = ask("Subsequent AWV, then 25 minutes of advance care planning. What do we bill?", kb=kb)
    assert any("modifier 33" in t for t in a.billing.trace)


def test_on_the_same_claim_as_asks_the_pair(kb):
    a = ask("30 minutes of ACP at her subsequent wellness visit. Can 99497 go out on the same claim as G0439?", kb=kb)
    assert ("pair", True) == (a.intent, a.pair.allowed)


@pytest.mark.parametrize("text,allowed,lines", [
    # two timed codes asked "billable together": the pair's verdict beside the units
    ("One OT visit: 20 minutes of 97140, later 10 minutes of 97530 in its own block. Is the pair billable together?",
     True, {"97140": 1, "97530": 1}),
    # manual therapy on the manipulated region: not with the manipulation, whose own line stays
    ("DC manipulated the cervical spine (98940), then 12 minutes of 97140 on the same cervical region. Can 97140 go "
     "with that?", False, {"98940": 1}),
])
def test_therapy_pair_asked_beside_its_minutes(kb, text, allowed, lines):
    a = ask(text, kb=kb)
    assert ("pair", allowed, lines) == (a.intent, a.pair.allowed, _lines(a))


def test_split_shared_visit_in_a_facility_adds_the_times_and_names_the_biller(kb):
    a = ask("Hospital outpatient department, established patient: the PA spent eleven minutes, the physician "
            "twenty-four. Level by time, who bills?", kb=kb)
    assert {"99214": 1} == _lines(a)
    assert any("physician" in n and "FS" in n and "24 of 35" in n for n in a.billing.assumptions)


def test_split_shared_is_no_office_rule(kb):
    a = ask("Established patient in our private office: NP 20 minutes and the physician 15 minutes, same day. "
            "What level?", kb=kb)
    assert not any("FS" in n for n in a.billing.assumptions)
