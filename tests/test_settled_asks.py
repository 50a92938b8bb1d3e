"""Questions the stated facts already settle get a confident answer, not a question back or a did-you-mean: a code
family held as data (self-measured blood pressure), a count told below a code's range, ... (fixclar classes)."""

from __future__ import annotations

from bot.core import ask


def _lines(a) -> dict[str, int]:
    return {l.code: l.units for l in a.billing.lines} if a.billing else {}


def test_self_measured_bp_codes_are_held_and_not_billed_with_rpm(kb):
    a = ask("home bp log reviewed (SMBP) this month for a patient also on RPM management 99458 - allowed with 99474?", kb=kb)
    assert (a.status, a.intent, a.pair.allowed) == ("answered", "pair", False)
    a = ask("what does 99473 cover and how often?", kb=kb)
    assert a.status == "answered" and a.codes[0].code == "99473" and a.codes[0].family == "SMBP"


def test_a_count_told_below_the_asked_codes_range_bills_nothing_and_says_why(kb):
    a = ask("our patient phoned in eight blood pressure readings over the month, is 99474 billable?", kb=kb)
    assert a.status == "answered" and _lines(a) == {} and any("not billed" in t for t in a.billing.trace)
    a = ask("she sent 20 home bp readings in April; 99474 ok?", kb=kb)
    assert _lines(a) == {"99474": 1}


def test_a_code_the_asker_checks_beside_a_story_is_noted_and_the_story_billed(kb):
    # a near miss of a held code, asked whether it is right, beside the facts that bill: the facts decide
    a = ask("our RN spent 22 minutes on RTM for her knee app this month with one video call; billing keeps using 98890, "
            "is that right?", kb=kb)
    assert a.status == "answered" and _lines(a) == {"98980": 1}
    assert any("98890" in c and "not a code I know" in c for c in a.caveats)


def test_a_checked_code_beside_a_held_base_is_no_pair_side(kb):
    a = ask("coder put G2216 on for the extra 30 minutes of collaborative care on top of 99492, is that the right add-on?", kb=kb)
    assert a.status == "answered" and _lines(a).get("99494") == 1 and a.pair is None


def test_a_code_asked_about_without_facts_to_bill_is_still_a_did_you_mean(kb):
    assert ask("is 98890 right for RTM?", kb=kb).status == "did_you_mean"


def test_a_ladder_code_billed_for_the_patient_tells_the_standing_criteria(kb):
    a = ask("Mrs. Diaz is billed G0557 every month. In March the NP put in just 3 minutes on her. OK to send G0557 for March?", kb=kb)
    assert a.status == "answered" and _lines(a) == {"G0557": 1}
    # a fact the question states still wins over the billed code
    a = ask("we have billed G0556 for him; he now has diabetes and heart failure. which APCM code now?", kb=kb)
    assert _lines(a) == {"G0557": 1}


def test_principal_care_management_beside_transitional_care_is_allowed(kb):
    a = ask("is 99424 ok in the same 30 days as a transitional care management service?", kb=kb)
    assert (a.status, a.pair.allowed) == ("answered", True)


def test_the_pcm_practitioner_limit_binds_one_condition(kb):
    same = ask("cardiology and nephrology both follow her heart failure. may both practices bill PCM for it this month?", kb=kb)
    other = ask("cardiology bills PCM for her heart failure; nephrology wants PCM for her kidney disease, a different "
                "condition. may both practices bill PCM this month?", kb=kb)
    assert (same.status, same.pair.allowed, other.pair.allowed) == ("answered", False, True)


def test_rpm_device_codes_are_not_billed_for_data_a_cgm_code_covers(kb):
    a = ask("we bill 95251 for reading her sensor data; may 99445 go out too for the same days?", kb=kb)
    assert (a.status, a.pair.allowed) == ("answered", False)


def test_who_may_bill_a_family_is_its_rule_beside_a_code_we_do_not_hold(kb):
    a = ask("Our psychologist did a 90791 for her last week. Can PIN be billed under her NPI?", kb=kb)
    assert a.status == "answered" and "PIN" in a.families and "psychologist" in a.message


def test_a_callback_told_by_its_abbreviation_is_a_check_in(kb):
    a = ask("np called pt back about a rash question, 12 min, no visit since march and none planned. what's the phone code?", kb=kb)
    assert a.status == "answered" and _lines(a) == {"G2252": 1}


def test_remote_monitoring_management_unqualified_is_rpm_and_a_therapists_is_rtm(kb):
    assert _lines(ask("MA did 12 min of remote monitoring management this month incl. one call. billing?", kb=kb)) == {"99470": 1}
    assert ask("is FDA clearance needed for a remote monitoring device?", kb=kb).families[:1] == ["RPM"]


def test_a_cued_familys_only_code_of_the_role_asked_is_billed_whatever_else_the_words_match(kb):
    a = ask("PA prescribed a digital CBT program (FDA-cleared) for her anxiety, set it up with her in exam room 2 today, "
            "age 71. which code for supplying it, what do we bill?", kb=kb)
    assert a.status == "answered" and _lines(a) == {"G0552": 1}


def test_the_patient_the_asking_sentence_names_is_billed_alone(kb):
    text = ("two patients on RTM this month: Carla had 25 min with a video call and Dev had 12 min with a phone call, "
            "both 18 days on the app. What can we bill for Dev?")
    a = ask(text, kb=kb)
    assert a.status == "answered" and _lines(a).get("98979") == 1 and "98980" not in _lines(a)
    assert ask(text.replace("for Dev?", "for them?"), kb=kb).status == "clarify"


def test_a_checked_code_that_is_no_near_miss_beside_a_held_code_is_noted_not_paired(kb):
    a = ask("our staff bill 98961 with G0023 for a commercial plan. For a Medicare patient's navigation, is 98961 ok?", kb=kb)
    assert a.status == "answered" and a.pair is None and any("98961" in c for c in a.caveats)


def test_a_shared_patient_tells_two_practices_for_an_add_on_of_anothers_program(kb):
    a = ask("Cardiology bills APCM for a shared patient. Can our behavioral health group bill G0570 on top for our BHI work?", kb=kb)
    assert (a.status, a.intent, a.pair.allowed) == ("answered", "pair", False)


def test_navigation_before_the_practices_own_first_visit_bills_no_pin(kb):
    a = ask("Our cardiology navigator has worked with a patient newly diagnosed with heart failure since 9/8, 75 minutes "
            "this month. He was only seen by an outside PCP so far; our cardiologist's first consult is booked for "
            "10/20. May we bill G0023 for September?", kb=kb)
    lines = {line["code"] for line in (a.to_dict().get("billing") or {}).get("lines", [])}
    assert not lines & {"G0023", "G0024"}
