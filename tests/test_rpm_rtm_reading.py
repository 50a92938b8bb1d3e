"""RPM and RTM stories read as told: shortfalls, figure lists, readings keyed in, chats, schedules and month lengths."""

from __future__ import annotations

import pytest

from bot.core import ask


def billed(answer) -> dict[str, int]:
    return {line["code"]: line["units"] for line in (answer.to_dict().get("billing") or {}).get("lines", [])}


def test_minutes_short_of_a_code_are_no_time_spent(kb):
    a = ask("RPM this month: 18 minutes of staff time with a video call, 2 minutes short of 99457. Bill what?", kb=kb)
    assert {"99470": 1} == billed(a)
    a = ask("RPM, 18 min mgmt with a video call - we're two minutes short, can we still bill 99457?", kb=kb)
    assert {"99470": 1} == billed(a)


def test_colon_list_of_bare_task_minutes_splits_the_total(kb):
    a = ask("MA logged 50 minutes total for one patient: 30 on RPM (readings review and a call) and 20 on CCM "
            "care planning. What do we bill?", kb=kb)
    assert {"99457": 1, "99490": 1} == billed(a)


def test_extra_minutes_asked_about_restate_the_surplus(kb):
    a = ask("RTM patient, 35 minutes with one call this month. Aren't 15 extra minutes enough for 98981?", kb=kb)
    assert {"98980": 1} == billed(a)


def test_readings_relayed_by_phone_and_keyed_in_are_no_device_data(kb):
    a = ask("She reads off her glucose numbers on the phone and our MA types it into the RPM platform. "
            "Can those days count for 99454?", kb=kb)
    assert "99454" not in billed(a)


def test_app_chat_answered_later_is_no_interactive_communication(kb):
    a = ask("RTM: the PT spent 30 min this month and all contact was via the app's chat, she answered hours later. "
            "22 data days. What do we bill?", kb=kb)
    assert {"98977": 1} == billed(a)


def test_phone_call_with_video_denied_is_still_a_call(kb):
    a = ask("rpm 15 min mgmt this month, one audio-only phone call, no video. what do we bill?", kb=kb)
    assert {"99470": 1} == billed(a)


def test_days_a_week_beside_data_days_are_a_schedule(kb):
    a = ask("Our nurse works remotely three days a week. For one RPM patient she logged 22 minutes with a call and "
            "the cuff sent 19 days of data this period. What do we report?", kb=kb)
    assert {"99454": 1, "99457": 1} == billed(a)


def test_a_months_length_is_no_data_day_count(kb):
    a = ask("RPM: April has 30 days, and this patient's cuff uploaded readings on 9 days. Which device code?", kb=kb)
    assert {"99445": 1} == billed(a)


def test_range_of_days_describing_a_code_is_no_count(kb):
    a = ask("Isn't 98985 the RTM code for 2-15 days? She only transmitted on 20 days, so 98977?", kb=kb)
    assert {"98977": 1} == billed(a)


def test_one_word_minutes_naming_a_code_are_no_time(kb):
    a = ask("Is 99453 the 20-minute RPM management code?", kb=kb)
    assert "99453" == a.to_dict()["codes"][0]["code"]
    assert not billed(a)


def test_code_told_as_another_role_is_said_and_led(kb):
    a = ask("99470 = the RPM device code for short months, right? Readings on 8 days.", kb=kb)
    assert {"99445": 1} == billed(a)
    assert any(c.startswith("99470 is RPM treatment management") for c in a.to_dict()["caveats"])


def test_setup_billed_in_an_earlier_episode_is_billed_in_a_new_one(kb):
    a = ask("We billed 99453 in January for her BP cuff. In June she started a new episode with a new diagnosis, "
            "new plan of care and a glucometer: 17 days of readings and 21 minutes with a call. Can 99453 go out again?",
            kb=kb)
    assert {"99453": 1, "99454": 1, "99457": 1} == billed(a)


def test_setup_billed_before_is_not_billed_again_in_the_same_episode(kb):
    a = ask("We billed 99453 in January. Same cuff, same plan; 17 days of readings and 21 minutes with a call in "
            "February. Can 99453 go out again?", kb=kb)
    assert {"99454": 1, "99457": 1} == billed(a)


def test_codes_ruled_out_within_a_month_go_in_different_months(kb):
    a = ask("Billed 98979 in May (15 min) and 98980 in June (26 min) for one patient. Our auditor says 98979 and "
            "98980 can never both be billed. Will June deny?", kb=kb)
    assert a.to_dict()["pair"]["allowed"] is True


def test_family_compared_after_a_bundling_verb_is_no_subject(kb):
    a = ask("We bill G0558 for her. Does APCM bundle RTM the way it bundles CCM?", kb=kb)
    pair = a.to_dict()["pair"]
    assert pair["allowed"] is True
    assert "CCM" not in (pair["left"], pair["right"])


def test_minutes_at_a_coded_visit_with_its_date_are_the_visits(kb):
    a = ask("At the 99213 visit on 3/4 the NP spent 12 min reviewing her weight log. Later in March the RN spent "
            "11 min on RPM with a call. Can we count 23 min for 99457?", kb=kb)
    assert {"99470": 1} == billed(a)


@pytest.mark.parametrize("code", ["99490", "99457"])
def test_two_places_asked_for_a_remote_code_follow_its_family_rule(kb, code):
    a = ask(f"Patient lives in assisted living. POS 13 or our office POS 11 on {code}?", kb=kb)
    codes = [c["code"] for c in a.to_dict()["codes"]]
    assert code == codes[0]
    assert not any(c.startswith("Read as: of POS") for c in a.to_dict()["caveats"])


def test_a_number_ending_a_date_span_is_no_minutes(kb):
    a = ask("CCM: the RN logged 15 minutes between May 20 and 31 and 10 minutes between June 1 and 9. "
            "Can we bill 99490 for either month?", kb=kb)
    assert {} == billed(a)


def test_call_dated_in_another_month_meets_no_interaction_this_month(kb):
    a = ask("RPM: our nurse logged 27 minutes of management in October. We last spoke with him on September 29 "
            "and nothing since. Can October be billed?", kb=kb)
    assert {} == billed(a)
    a = ask("RPM: our nurse logged 27 minutes of management in October and called him on 10/14. Bill?", kb=kb)
    assert {"99457": 1} == billed(a)


def test_end_of_a_device_window_is_no_date_of_the_call(kb):
    a = ask("RPM, window 5/6-6/4: readings on 12 days, the MA put in 13 min in May including one call. Codes?", kb=kb)
    assert {"99445": 1, "99470": 1} == billed(a)


def test_staff_and_practitioner_minutes_add_when_device_data_is_named(kb):
    a = ask("In August the RN spent 12 minutes going over her glucose data and the PA another 10 minutes, "
            "including a phone call on 8/19. What is billable?", kb=kb)
    assert {"99457": 1} == billed(a)


def test_first_ten_minutes_names_the_short_management_code(kb):
    assert ["99470"] == [c["code"] for c in ask("which code is for the first 10 minutes of RPM treatment "
                                                 "management each month?", kb=kb).to_dict()["codes"]][:1]
    assert ["98979"] == [c["code"] for c in ask("code for the first 10 minutes of RTM treatment management?",
                                                 kb=kb).to_dict()["codes"]][:1]


def test_pain_tracking_app_is_therapeutic_monitoring(kb):
    a = ask("Her knee pain tracking app recorded entries on 9 days this 30-day period; no staff time. Billable?", kb=kb)
    assert {"98985": 1} == billed(a)


def test_pill_bottle_has_no_rtm_device_code(kb):
    a = ask("RTM via a smart pillbox for a diabetic on metformin: 22 days of dose data, and our RN did 24 minutes "
            "with one phone call. What do we bill?", kb=kb)
    lines = billed(a)
    assert not {"98976", "98977", "98978", "98984", "98985", "98986"} & set(lines)
    assert {"98980": 1} == lines


def test_one_use_of_the_device_is_one_data_day(kb):
    a = ask("He stepped on his scale once on 4/8 and not again during the 30-day period. Is 99445 billable?", kb=kb)
    assert a.status == "answered" and a.intent == "bill"
    assert {} == billed(a)


def test_talking_to_the_patient_twice_is_no_repeat_billing_ask(kb):
    a = ask("Can we bill 99457 this month? The nurse spent 22 minutes and spoke with him twice.", kb=kb)
    assert a.intent == "bill" and {"99457": 1} == billed(a)


@pytest.mark.parametrize("held, code", [("99XX4", "99445")])
def test_a_proposed_rule_placeholder_answers_with_the_final_code(kb, held, code):
    a = ask(f"A webinar deck from 2025 still lists {held} for RPM. Our scrubber will not take it - which code is it now?", kb=kb)
    assert a.status == "answered"
    assert code in [c.code for c in a.codes] + [l.code for l in (a.billing.lines if a.billing else [])]


def test_readings_from_a_paper_log_keyed_in_by_staff_earn_no_device_code(kb):
    a = ask("Our patient writes her sugars in a paper glucose log and our nurse keys the numbers into the RPM "
            "platform each week. 18 days of readings this period - 99454?", kb=kb)
    assert a.status == "answered"
    assert not {"99454", "99445"} & {l.code for l in a.billing.lines}


def test_count_for_the_thirty_day_period_wins_over_the_calendar_months(kb):
    a = ask("The glucometer started sending on 6/12. The portal's June view (6/1-6/30) lists 12 days with readings, "
            "but over his first 30 days (6/12 to 7/11) the meter sent data on 19 days. Which supply code?", kb=kb)
    assert "99454" in billed(a) and "99445" not in billed(a)


def test_part_of_a_period_told_by_month_names_is_the_data_days(kb):
    a = ask("Her scale period ran Jan 6 through Feb 4 and she weighed in on 11 of those days. "
            "16 minutes of nurse time in January with one phone call. What goes on the claim?", kb=kb)
    assert {"99445": 1, "99470": 1} == billed(a)


def test_device_code_asked_for_a_patient_with_no_data_days_asks_the_count(kb):
    a = ask("Could we bill 99454 for Mr. Cho this cycle? He has had the scale since the 3rd and the nurse called "
            "him once.", kb=kb)
    assert ("clarify", {}) == (a.status, billed(a))
    a = ask("Could we bill 99454 for Mr. Cho this cycle? He has had the scale since the 3rd and the nurse called "
            "him once. Readings came in on 18 days.", kb=kb)
    assert "99454" in billed(a)
