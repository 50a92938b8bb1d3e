"""The rules engine against the reference's worked examples (../shared/reference/codes-2026.md)."""

from __future__ import annotations

import pytest

from bot.engine.billing import BillRequest, bill, example_request


def lines(result) -> dict[str, int]:
    return {l.code: l.units for l in result.billing.lines}


RTM_RPM_EXAMPLES = [
    # (family, minutes, days, interactive, setup, expected lines, unbilled, total) — reference examples 1-13
    ("RTM", 12, 10, True, True, {"98985": 1, "98975": 1, "98979": 1}, 0, 99.54),
    ("RTM", 25, 22, True, False, {"98977": 1, "98980": 1}, 5, 105.55),
    ("RTM", 45, None, True, False, {"98980": 1, "98981": 1}, 5, 95.53),
    ("RTM", 60, None, True, False, {"98980": 1, "98981": 2}, 0, 136.95),
    ("RTM", 19, None, False, False, {}, 19, None),
    ("RTM", 19, None, True, False, {"98979": 1}, 0, 26.39),
    ("RTM", 35, None, True, False, {"98980": 1}, 15, 54.11),
    ("RTM", 8, None, True, False, {}, 8, None),
    ("RPM", 12, 9, True, False, {"99445": 1, "99470": 1}, 0, 78.16),
    ("RPM", 25, 20, True, False, {"99454": 1, "99457": 1}, 5, 103.88),
    ("RPM", 45, None, True, False, {"99457": 1, "99458": 1}, 5, 93.19),
    ("RPM", 60, None, True, False, {"99457": 1, "99458": 2}, 0, 134.61),
    ("RPM", 19, None, False, False, {}, 19, None),
]


@pytest.mark.parametrize("family,minutes,days,interactive,setup,expected,unbilled,total", RTM_RPM_EXAMPLES)
def test_reference_worked_examples(kb, family, minutes, days, interactive, setup, expected, unbilled, total):
    result = bill(kb, BillRequest(family=family, year=2026, minutes=minutes, days=days, interactive=interactive,
                                  setup=setup))
    assert expected == lines(result)
    assert unbilled == result.billing.unbilled_minutes
    assert total == result.billing.total_amount


@pytest.mark.parametrize("days,expected", [(0, {}), (1, {}), (2, {"98985": 1}), (15, {"98985": 1}),
                                           (16, {"98977": 1}), (30, {"98977": 1}), (45, {"98977": 1})])
def test_device_code_follows_data_days(kb, days, expected):
    assert expected == lines(bill(kb, BillRequest(family="RTM", year=2026, days=days)))


def test_device_days_over_thirty_are_counted_as_thirty_and_said(kb):
    result = bill(kb, BillRequest(family="RTM", year=2026, days=45))
    assert "A 30-day period holds at most 30 data days; counted 30." in result.billing.assumptions


def test_respiratory_variant_picks_its_own_ladder(kb):
    assert {"98984": 1} == lines(bill(kb, BillRequest(family="RTM", year=2026, days=9, variant="respiratory")))


def test_unsaid_interaction_is_assumed_and_said(kb):
    result = bill(kb, BillRequest(family="RTM", year=2026, minutes=25))
    assert {"98980": 1} == lines(result)
    assert result.billing.inputs["interactive"] is True
    assert any(a.startswith("Assumed at least one real-time interactive communication") for a in result.billing.assumptions)


def test_trace_explains_each_candidate(kb):
    result = bill(kb, BillRequest(family="RTM", year=2026, minutes=35, interactive=True))
    assert [
        "98980: 35 minutes with a real-time interactive communication meets its rule (20+ minutes).",
        "98979 not billed: it covers 10-19 minutes; 35 is above that.",
        "98981 not billed: 15 minutes beyond the first 20 do not make a unit (full 20-minute blocks).",
    ] == result.billing.trace


def test_midpoint_reading_that_would_change_units_is_flagged_as_contested(kb):
    assert ["addon-full-block"] == bill(kb, BillRequest(family="RTM", year=2026, minutes=35)).contested
    assert [] == bill(kb, BillRequest(family="RTM", year=2026, minutes=45)).contested


def test_no_interaction_fails_management_with_reason(kb):
    result = bill(kb, BillRequest(family="RPM", year=2026, minutes=19, interactive=False))
    assert ("99470 not billed: it needs at least one real-time interactive communication in the calendar month, "
            "and none took place.") in result.billing.trace


def test_2025_rules_have_no_short_codes_and_setup_needs_16_days(kb):
    assert {} == lines(bill(kb, BillRequest(family="RTM", year=2025, minutes=12, interactive=True)))
    assert {} == lines(bill(kb, BillRequest(family="RTM", year=2025, days=10)))
    assert {"98977": 1} == lines(bill(kb, BillRequest(family="RTM", year=2025, days=20)))
    assert {"98985": 1, "98975": 1} == lines(bill(kb, BillRequest(family="RTM", year=2026, days=10, setup=True)))
    assert {} == lines(bill(kb, BillRequest(family="RTM", year=2025, days=10, setup=True)))


def test_amounts_only_for_the_priced_year(kb):
    result = bill(kb, BillRequest(family="RTM", year=2025, minutes=25, interactive=True))
    assert [None] == [l.amount for l in result.billing.lines]


def test_every_time_or_day_based_code_has_a_worked_example_that_bills_it(kb):
    for code in kb.codes.values():
        req = example_request(kb, code, 2026)
        if req is None:
            continue
        assert code.code in lines(bill(kb, req)), code.code
