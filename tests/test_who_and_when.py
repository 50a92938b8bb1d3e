"""Stories whose reading rests on who did the work, where a need was found and whether the patient is new yet."""

from __future__ import annotations

from bot.core import ask


def _lines(a) -> dict[str, int]:
    d = a.to_dict()
    return {l["code"]: l["units"] for l in (d.get("billing") or {}).get("lines") or []}


def test_a_need_found_during_an_admission_cannot_start_chi(kb):
    a = ask("The attending found housing instability while she was admitted last week, identified it on rounds in the "
            "hospital, and our community health worker has since put in 70 minutes this month. Bill G0019?", kb=kb)
    assert "G0019" not in _lines(a)


def test_a_need_found_at_an_office_visit_still_starts_chi(kb):
    a = ask("At her office visit Dr. Ruiz identified transportation barriers. Our CHW then spent 65 minutes this month "
            "helping her. Can we bill G0019?", kb=kb)
    assert _lines(a) == {"G0019": 1}


def test_devices_shipped_before_the_first_visit_are_not_rpm_yet(kb):
    a = ask("We mailed a patient a blood pressure cuff; readings came in on 18 days in March, but her first appointment "
            "is not until April 3. Bill 99454?", kb=kb)
    assert a.status == "answered" and "99454" not in _lines(a)


def test_each_e_consult_side_takes_its_own_minutes(kb):
    a = ask("Dr. Park (our PCP) spent 25 minutes writing up the question for Dr. Lowe (our rheumatologist). "
            "Dr. Lowe looked through the chart for 9 minutes and answered in writing only. Consent is on file. What "
            "does each of them bill?", kb=kb)
    assert _lines(a) == {"99452": 1, "99451": 1}


def test_a_consultant_who_saw_the_patient_last_week_does_not_bill_the_e_consult(kb):
    a = ask("Rheumatology here. The PCP asked me for an e-consult about a patient I already saw in clinic 6 days ago. "
            "I spent 12 minutes reviewing and replied in writing. Is 99451 billable?", kb=kb)
    assert a.status == "answered" and "99451" not in _lines(a)


def test_units_asked_to_be_confirmed_are_a_bill_question(kb):
    a = ask("a scale and a cuff on one patient, each sending on 18 days this 30-day period. we bill 99454 x2 correct?", kb=kb)
    assert a.intent == "bill" and _lines(a) == {"99454": 1}


def test_days_told_as_a_number_word_plus_are_data_days(kb):
    a = ask("Her cuff sent readings on twenty-plus days of the 30-day period. What device code do we bill?", kb=kb)
    assert _lines(a).get("99454") == 1


def test_a_code_someone_suggested_yields_to_the_side_asked(kb):
    a = ask("Dr. Ito (our PCP) spent 18 minutes gathering labs and talking it over with Dr. Baker in nephrology. Dr. "
            "Baker spent 14 minutes and replied. What do we bill for Dr. Ito's time? Somebody told us 99447.", kb=kb)
    assert _lines(a) == {"99452": 1}


def test_a_nurse_visit_told_with_its_code_is_no_initiating_visit_for_chi(kb):
    a = ask("The patient's only visit with us this year was a nurse visit (99211) for a weight check; she told the "
            "nurse she has no food at home. Our CHW has spent 65 minutes this month on it. Can we start billing G0019?",
            kb=kb)
    assert a.status == "answered" and a.pair is not None and a.pair.allowed is False
    assert not a.billing or not {"G0019", "G0022"} & {line.code for line in a.billing.lines}


def test_a_call_two_days_after_a_therapy_session_is_part_of_that_session(kb):
    a = ask("Our LCSW had a therapy session with a patient on 3/2; on 3/4 the patient called with a question about "
            "what they discussed and the LCSW spent 15 minutes on the phone with her. Can we bill 98967?", kb=kb)
    assert a.status == "answered" and a.billing is not None and not a.billing.lines
