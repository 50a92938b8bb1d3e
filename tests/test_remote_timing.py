"""TCM contact attempts, visits told as booked, and minute ranges written out: how the story's timing is read."""

from __future__ import annotations

import pytest

from bot.core import ask


def billed(answer) -> dict[str, int]:
    return {line["code"]: line["units"] for line in (answer.to_dict().get("billing") or {}).get("lines", [])}


def test_one_unanswered_tcm_call_and_no_contact_bills_no_tcm(kb):
    a = ask("Care manager phoned once on the first business day after discharge, got voicemail, nothing more. "
            "Seen in clinic on day 4, high complexity. Can we bill 99496?", kb=kb)
    assert ("answered", {}) == (a.status, billed(a))


def test_two_unanswered_tcm_calls_still_count_as_the_contact(kb):
    a = ask("After discharge our RN left voicemails twice the next day and never reached her. "
            "Seen on day 4, high complexity MDM. Which TCM code?", kb=kb)
    assert ("answered", {"99496": 1}) == (a.status, billed(a))


@pytest.mark.parametrize("said", ["complex case", "a very complicated case"])
def test_complex_case_reads_as_high_decision_making(kb, said):
    a = ask(f"Discharged Monday, nurse reached him Tuesday, office visit on day 6, {said}. Which TCM code?", kb=kb)
    assert ("answered", {"99496": 1}) == (a.status, billed(a))


def test_evisit_followed_by_a_visit_booked_for_tomorrow_is_not_billed(kb):
    a = ask("portal message about a new cough, the doctor spent 15 min on it and we will book him in clinic tomorrow. "
            "bill 99422?", kb=kb)
    assert ("answered", {}) == (a.status, billed(a))


def test_econsult_that_leads_to_the_consultants_visit_in_days_is_not_billed(kb):
    a = ask("Rheumatologist answered a PCP's e-consult by phone for 14 minutes, then booked the patient into her "
            "office in six days. 99447?", kb=kb)
    assert ("answered", {}) == (a.status, billed(a))


def test_minute_range_written_with_to_names_the_code_not_time(kb):
    a = ask("our cheat sheet lists G2012 for the ten-to-twenty minute calls, but this established patient call was "
            "7 minutes with no visit after. what do we bill in 2026?", kb=kb)
    assert ("answered", {"98016": 1}) == (a.status, billed(a))


def test_a_check_in_that_has_nothing_to_do_with_a_visit_is_billed(kb):
    a = ask("our NP did a 6 min phone check-in w/ an established pt today about new ankle swelling, nothing to do "
            "with any visit in the last week, no appt needed. what do we bill?", kb=kb)
    assert a.status == "answered"
    assert ["98016"] == [l.code for l in a.billing.lines]


def test_later_dated_visit_in_the_clause_is_the_face_to_face(kb):
    a = ask("Home from the hospital 5/4 (high complexity MDM at the visit), our nurse phoned him 5/5 but he "
            "wasn't able to be seen until 5/15. Can we bill 99496?", kb=kb)
    lines = {line["code"]: line["units"] for line in (a.to_dict().get("billing") or {}).get("lines", [])}
    assert "99496" not in lines
