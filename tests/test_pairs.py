"""Pair verdicts: code/code, code/family and family/family, with period and reason."""

from __future__ import annotations

import pytest

from bot.engine.pairs import pair_verdict


@pytest.mark.parametrize("left,right,allowed,period", [
    ("98979", "98980", False, "same calendar month"),
    ("98980", "98979", False, "same calendar month"),
    ("98977", "98985", False, "same 30-day period"),
    ("99454", "99445", False, "same 30-day period"),
    ("98980", "98981", True, "same calendar month"),
    ("99457", "99091", False, "same 30-day period"),
])
def test_code_pairs(kb, left, right, allowed, period):
    verdict = pair_verdict(kb, left, right).verdict
    assert (allowed, period) == (verdict.allowed, verdict.period)
    assert verdict.reason and verdict.source_ids


def test_family_rule_applies_to_codes_of_the_families(kb):
    verdict = pair_verdict(kb, "98977", "99454").verdict
    assert verdict.allowed is False
    assert verdict.source_ids[0] == "foley-2024-rpm-rtm"


def test_rtm_and_rpm_families_never_together(kb):
    assert pair_verdict(kb, "RTM", "RPM").verdict.allowed is False


def test_device_and_management_of_one_family_go_together(kb):
    assert pair_verdict(kb, "98977", "98980").verdict.allowed is True


def test_short_and_long_ladder_codes_are_alternatives(kb):
    verdict = pair_verdict(kb, "99470", "99457").verdict
    assert verdict.allowed is False


def test_contested_pair_reports_its_point(kb):
    assert ["rpm-99091-overlap"] == pair_verdict(kb, "99091", "99457").contested


@pytest.mark.parametrize("left,right,allowed", [
    ("20552", "20553", False),  # one trigger point code per session (a link of its own)
    ("98940", "98942", None),  # a family with no default verdict: no curated rule, so not on file (never allowed)
    ("20550", "96372", None),
])
def test_procedure_pairs_need_their_own_rule(kb, left, right, allowed):
    assert allowed == pair_verdict(kb, left, right).verdict.allowed
