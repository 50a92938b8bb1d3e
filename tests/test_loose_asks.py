"""Remote-care questions written loosely: compare asks in chat spelling, a negated role in brackets, a bare "dr"
before a verb, a setup told as billed in words, a bound listed with "or", a refused "A + B", a month billed already,
and a family ruled out by one fact showing every code the rest would earn."""

from __future__ import annotations

from bot.core import ask


def _lines(a) -> dict[str, int]:
    d = a.to_dict()
    return {l["code"]: l["units"] for l in (d.get("billing") or {}).get("lines") or []}


def test_chat_spelled_difference_between_two_codes_is_a_compare(kb):
    a = ask("whats the real difference btwn 99458 and 99457? both are mgmt time no?", kb=kb)
    assert (a.status, a.intent) == ("answered", "compare")
    assert [c.code for c in a.codes][:2] == ["99458", "99457"]


def test_what_is_different_between_two_programs_named_earlier_is_a_compare(kb):
    a = ask("Our RPM panel mostly has hypertension and staff spend about 22 min a month each. Switching some to RTM "
            "later. What is really different between RTM and RPM, and can one patient have both?", kb=kb)
    assert (a.status, a.intent) == ("answered", "compare")
    assert {"RTM", "RPM"} <= set(a.families)


def test_a_practitioner_not_staff_in_brackets_does_the_time_himself(kb):
    a = ask("Physician (not clinical staff) spent 40 minutes of CCM on one patient in June, nobody else logged time. "
            "What goes on the claim?", kb=kb)
    assert a.status == "answered" and _lines(a) == {"99491": 1}


def test_the_same_dr_told_twice_is_one_practitioner(kb):
    a = ask("same dr already bills CCM 99490 for this pt. can that same dr also bill PCM 99424 in that month?", kb=kb)
    assert (a.status, a.intent) == ("answered", "pair")
    assert a.pair is not None and a.pair.allowed is False


def test_setup_billed_earlier_in_words_keeps_the_setup_code_off(kb):
    a = ask("Our list says RTM is 98975, 98977, 98980 and 98981. This month the patient sent data on 12 days and the "
            "PT spent 15 minutes incl. a phone call. The set up was billed last month. What do we bill?", kb=kb)
    assert a.status == "answered" and _lines(a) == {"98985": 1, "98979": 1}


def test_a_minute_figure_listed_after_a_bound_not_reached_is_a_bound_too(kb):
    a = ask("RTM in June: app data on 11 days. Our PT did 6 minutes on 6/2 and 7 minutes on 6/25 with a video call. "
            "Anything billable since we didn't reach 16 days or 20 minutes?", kb=kb)
    assert a.status == "answered" and _lines(a) == {"98985": 1, "98979": 1}


def test_a_refused_plus_pair_is_answered_as_the_pair(kb):
    a = ask("RTM for July: 12 minutes early on, then 22 more later. could we bill 98979 + 98981 for that?", kb=kb)
    assert (a.status, a.intent) == ("answered", "pair")
    assert a.pair is not None and a.pair.allowed is False


def test_a_base_and_its_add_on_asked_with_plus_stay_a_bill(kb):
    a = ask("RTM this month: 45 minutes with a video call. can we bill 98980 + 98981?", kb=kb)
    assert (a.status, a.intent) == ("answered", "bill")
    assert _lines(a) == {"98980": 1, "98981": 1}


def test_codes_for_two_devices_or_something_else_is_a_bill(kb):
    a = ask("Two devices on RPM: the glucometer sent readings on 20 days, the cuff on 8, same 30-day period. Are we "
            "billing 99454 for the glucometer and 99445 for the cuff, or something else?", kb=kb)
    assert (a.status, a.intent) == ("answered", "bill")
    assert _lines(a) == {"99454": 1}


def test_minutes_of_a_month_billed_already_do_not_carry_over(kb):
    a = ask("CCM: our MA logged 15 min in July. She had 31 in June and we billed June already. Can July borrow the "
            "extra 11 from June?", kb=kb)
    assert a.status == "answered" and _lines(a) == {}


def test_a_family_ruled_out_by_the_contact_shows_the_code_the_visit_would_earn(kb):
    a = ask("Discharged on the 3rd. Our receptionist phoned on day 1 only to book the follow-up, nothing clinical, no "
            "nurse or doctor contact. Seen day 4, high complexity MDM. Does that booking call count as the TCM contact?",
            kb=kb)
    assert (a.status, a.intent) == ("answered", "pair") and a.pair is not None and a.pair.allowed is False
    assert "99496" in [c.code for c in a.codes]
