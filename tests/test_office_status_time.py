"""Office visit readings: an earlier test read with no face-to-face service makes no established patient; an NP of
the group seen in a month named without its year makes the patient established; a slot on the schedule or undocumented
time picks no level; a procedure's part of a stated total comes off the visit; plural patients name other patients'
payer; a first wellness visit had makes the yearly one the subsequent one; a Part B start date within 12 months picks
the IPPE; ACP minutes told at a visit are ACP's; a therapy figure said again is not more time; a claim asked how to
bill instead keeps the line whose rule stands."""

from __future__ import annotations

import pytest

from bot.core import ask


def _lines(a) -> dict[str, int]:
    return {l.code: l.units for l in a.billing.lines} if a.billing else {}


@pytest.mark.parametrize("text,lines", [
    # an X-ray read with the 26 modifier, the patient never seen: new, whatever the chart says
    ("Our orthopedist read her outside x-ray two years ago (modifier 26, interpretation only) and never saw her. "
     "Today is her visit, low MDM. Established code?", {"99203": 1}),
    # the group's PA saw him in June (no year): the same specialty within three years, so established
    ("He saw our PA in June (same dermatology group, same specialty). Today Dr. Ng sees him for the first time; Dr. Ng "
     "never met him. Low MDM. So 99203, right?", {"99213": 1}),
    # told by the day he came back: more than three years, new even with the same doctor
    ("Dr. Ames saw this man in 2022 and not since. He came back to the same doctor in 2026, 35 minutes total. "
     "The chart says established: what do we bill?", {"99203": 1}),
])
def test_earlier_contact_decides_new_or_established(kb, text, lines):
    a = ask(text, kb=kb)
    assert ("answered", lines) == (a.status, _lines(a))


@pytest.mark.parametrize("text,lines", [
    # only MDM counts when no time is in the note; the schedule's slot is no time spent
    ("High MDM visit for an established patient, no time documented, though the schedule had a 75 minute slot. "
     "99215 plus the Medicare prolonged code?", {"99215": 1}),
    # 30 minutes in all, 12 of them on the aspiration itself: 18 minutes of visit time, straightforward MDM
    ("Established patient follow-up plus a knee aspiration, 30 minutes total, which includes roughly 12 minutes for the "
     "procedure itself. Straightforward MDM. What level?", {"99212": 1}),
    # the patient is a Medicare patient (G2212 from 69 minutes); the Aetna patients are only what the office does
    ("established medicare patient, 70 minutes total time today, billed 99215. our aetna pts get 99417 for that; "
     "same here?", {"99215": 1, "G2212": 1}),
])
def test_visit_time_that_does_not_count(kb, text, lines):
    a = ask(text, kb=kb)
    assert ("answered", lines) == (a.status, _lines(a))


def test_follow_up_with_ongoing_primary_care_gets_the_addon(kb):
    a = ask("She is our ongoing primary care patient; COPD follow-up today, 22 minutes total time. "
            "Add the complexity add-on? Full codes please.", kb=kb)
    assert ("answered", {"99213": 1, "G2211": 1}) == (a.status, _lines(a))


@pytest.mark.parametrize("text,lines", [
    # her first wellness visit was in 2023: the yearly one today is the subsequent one, beside the problem visit
    ("Medicare patient in for her yearly wellness visit; she had her first one in 2023. The doctor also treated a new "
     "rash and prescribed a cream, low MDM, documented apart. Codes?", {"G0439": 1, "99213": 1}),
    # Part B began in March, the visit is in October: within 12 months, the Welcome to Medicare visit
    ("new to medicare, part b started 3/1/2026. wants the annual wellness visit on 10/15. is it g0438?", {"G0402": 1}),
])
def test_wellness_visit_kind_from_the_story(kb, text, lines):
    a = ask(text, kb=kb)
    assert ("answered", lines) == (a.status, _lines(a))


@pytest.mark.parametrize("text,lines", [
    ("PA spent 12 minutes on advance care planning during an office visit. Bill 99497?", {}),
    ("Advance care planning only, no AWV today: 40 minutes with the daughter on the MOLST. Codes?",
     {"99497": 1}),
])
def test_acp_minutes_at_a_visit(kb, text, lines):
    a = ask(text, kb=kb)
    assert ("answered", lines) == (a.status, _lines(a))


def test_therapy_figure_said_again_is_not_added(kb):
    a = ask("just 6 minutes of therapeutic exercise plus 20 minutes of unattended e-stim. does the 6 min of 97110 "
            "count toward 8 with the e-stim?", kb=kb)
    assert "97110" not in _lines(a)


def test_denied_nurse_visit_beside_injection_keeps_the_injection(kb):
    a = ask("Nurse gave the monthly B12 IM shot, no provider saw her. We billed 99211-25 with 96372 and 99211 was "
            "denied. How should it be billed?", kb=kb)
    assert "96372" in _lines(a) and "99211" not in _lines(a)
