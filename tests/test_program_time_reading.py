"""Care-program time read right: a program's own required work is not another program's minutes, a month already
billed is not listed again, each month keeps its own figure, weekday lists under a bare "time" heading, and a
criteria ladder asked about another point (the claim's date, a second discharge) answers instead of asking."""

from __future__ import annotations

from bot.core import ask


def _lines(a) -> dict[str, int]:
    d = a.to_dict()
    return {l["code"]: l["units"] for l in (d.get("billing") or {}).get("lines") or []}


def test_minutes_of_the_tcm_contact_call_do_not_count_toward_ccm(kb):
    a = ask("Our RN spent 18 minutes on the 2-business-day call for TCM and 12 minutes on other CCM care "
            "coordination this month. What CCM can we bill?", kb=kb)
    assert a.status == "answered"
    assert "99490" not in _lines(a)


def test_a_tcm_share_of_ccm_minutes_comes_off_them(kb):
    a = ask("CCM: the nurse logged 31 minutes in May, but 14 of those were the TCM call and med rec for the TCM. "
            "What CCM code goes out for May?", kb=kb)
    assert a.status == "answered"
    assert "99490" not in _lines(a)


def test_a_month_told_as_billed_is_not_listed_again(kb):
    a = ask("CCM: 41 min in June (billed 99490) and 12 min in July. Can the extra June minutes go to July?", kb=kb)
    assert a.status == "answered"
    assert _lines(a) == {}


def test_each_month_keeps_the_figure_told_right_after_it(kb):
    a = ask("CCM staff time June 3-30 was 25 min, July 1-2 was 30 min. What goes on the June claim?", kb=kb)
    assert a.status == "answered"
    assert _lines(a) == {"99490": 1}


def test_weekday_figures_under_a_time_heading_are_minutes(kb):
    a = ask("ccm - nurse time this month tue 12 thu 9 what can we bill", kb=kb)
    assert a.status == "answered"
    assert _lines(a) == {"99490": 1}


def test_a_tcm_claim_date_question_answers_with_the_lowest_level_assumed(kb):
    a = ask("Discharged 3/2 from the hospital, seen in the office 3/9. Do we hold the TCM claim until day 30, or can "
            "we send it now?", kb=kb)
    assert a.status == "answered"
    assert _lines(a) == {"99495": 1}
    assert any("99496" in s for s in a.billing.assumptions)


def test_a_second_discharge_inside_a_billed_tcm_period_bills_no_tcm(kb):
    a = ask("We billed 99496 for her 4/3 discharge (seen 4/6). She was readmitted and discharged again 4/20. Can we "
            "bill TCM for the 4/20 discharge?", kb=kb)
    assert a.status == "answered"
    assert _lines(a) == {}


def test_a_level_question_with_no_decision_making_still_asks(kb):
    a = ask("TCM: discharged 3/2, our nurse called 3/3, seen 3/6. Which TCM code?", kb=kb)
    assert a.status == "clarify"


def test_a_code_window_quoted_beside_the_time_spent_is_not_added_to_it(kb):
    a = ask("our cheat sheet says 60-79 min of nurse CCM = 99490 + two add-ons. This month the nurse did 50 min, "
            "not complex. What do we bill?", kb=kb)
    assert ("answered", {"99490": 1, "99439": 1}) == (a.status, _lines(a))


def test_a_range_alone_is_still_read_at_its_low_end(kb):
    a = ask("Our MA spent 25-30 minutes on CCM for him in March, non-complex. What do we bill?", kb=kb)
    assert ("answered", {"99490": 1}) == (a.status, _lines(a))
