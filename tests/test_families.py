"""Every family's rules run through the billing engine (reference rule tables and worked examples)."""

from __future__ import annotations

import pytest

from bot.engine.billing import BillRequest, bill
from bot.core import ask


def lines(kb, family, minutes=None, days=None, interactive=True, text=""):
    result = bill(kb, BillRequest(family=family, year=2026, minutes=minutes, days=days, interactive=interactive,
                                  text=text))
    return {l.code: l.units for l in result.billing.lines}


@pytest.mark.parametrize("family,minutes,text,expected", [
    # CCM: full 20-minute thresholds, 99439 capped at two units a month
    ("CCM", 19, "", {}),
    ("CCM", 20, "", {"99490": 1}),
    ("CCM", 50, "", {"99490": 1, "99439": 1}),
    ("CCM", 60, "", {"99490": 1, "99439": 2}),
    ("CCM", 90, "", {"99490": 1, "99439": 2}),
    ("CCM", 90, "complex ccm", {"99487": 1, "99489": 1}),
    ("CCM", 59, "complex ccm", {"99490": 1, "99439": 1}),  # short of 99487: the same staff time bills 99490 + 99439
    ("CCM", 60, "physician personally", {"99491": 1, "99437": 1}),
    # PCM: 30-minute full thresholds, staff by default
    ("PCM", 29, "", {}),
    ("PCM", 30, "", {"99426": 1}),
    ("PCM", 60, "clinical staff", {"99426": 1, "99427": 1}),
    ("PCM", 45, "physician personally", {"99424": 1}),
    # BHI and CoCM: 99484 at a full 20; CoCM by the CPT midpoint rule
    ("BHI", 20, "general bhi", {"99484": 1}),
    ("BHI", 19, "general bhi", {}),
    ("BHI", 15, "", {}),
    ("BHI", 16, "", {"G2214": 1}),
    ("BHI", 31, "", {"99493": 1}),
    ("BHI", 35, "initial month", {"G2214": 1}),
    ("BHI", 36, "initial month", {"99492": 1}),
    ("BHI", 85, "initial month", {"99492": 1}),
    ("BHI", 86, "initial month", {"99492": 1, "99494": 1}),
    ("BHI", 76, "", {"99493": 1, "99494": 1}),
    # E-visits and virtual check-ins: range codes in a 7-day period
    ("EVISIT", 4, "", {}),
    ("EVISIT", 5, "", {"99421": 1}),
    ("EVISIT", 11, "", {"99422": 1}),
    ("EVISIT", 21, "", {"99423": 1}),
    ("EVISIT", 15, "physical therapist", {"98971": 1}),
    ("VCI", 7, "", {"98016": 1}),
    ("VCI", 15, "", {"G2252": 1}),
    # Interprofessional consults
    ("IPC", 5, "", {"99446": 1}),
    ("IPC", 25, "", {"99448": 1}),
    ("IPC", 45, "", {"99449": 1}),
    # CHI and PIN: a full 60 minutes, then full 30-minute blocks
    ("CHI", 59, "", {}),
    ("CHI", 60, "", {"G0019": 1}),
    ("CHI", 95, "", {"G0019": 1, "G0022": 1}),
    ("PIN", 120, "", {"G0023": 1, "G0024": 2}),
    ("PIN", 90, "peer support", {"G0140": 1, "G0146": 1}),
    # DMHT management: 20 minutes, then 20-minute add-ons
    ("DMHT", 45, "", {"G0553": 1, "G0554": 1}),
])
def test_family_ladders(kb, family, minutes, text, expected):
    assert expected == lines(kb, family, minutes=minutes, text=text)


def test_ccm_cap_leaves_minutes_unbilled(kb):
    result = bill(kb, BillRequest(family="CCM", year=2026, minutes=90))
    assert 30 == result.billing.unbilled_minutes
    assert "99439 x2: 70 minutes beyond the first 20, counted in full 20-minute blocks, at most 2 a calendar month." \
        in result.billing.trace


@pytest.mark.parametrize("question,allowed", [
    ("can I bill RTM and CCM in the same month", True),
    ("can RPM be billed with PCM", True),
    ("can I bill RTM and TCM together", True),
    ("can I bill CCM and PCM in the same month", False),
    ("can I bill CCM and TCM together", True),
    ("can I bill APCM and CCM", False),
    ("can I bill APCM and TCM in the same month", False),
    ("can APCM be billed with e-visits", False),
    ("can RPM be billed with APCM", True),
    ("can I bill 99484 and 99492 in the same month", False),
    ("can I bill G0568 with G0557", True),
    ("can CHI be billed with RPM", True),
    ("can I bill 99239 and 99496 together", True),  # the discharging practitioner may report TCM too (CMS MLN908628)
    ("can G0506 be billed with 99214", True),  # on the visit that starts CCM (CY2017 PFS final rule)
])
def test_concurrency_between_families(kb, question, allowed):
    a = ask(question, kb=kb)
    assert ("pair", allowed) == (a.intent, a.pair.allowed)
    assert a.pair.period and a.pair.reason and a.pair.source_ids


def test_ccm_with_pcm_shows_its_caveat(kb):
    a = ask("can I bill CCM and PCM in the same month", kb=kb)
    assert a.caveats, "CCM+PCM relies on a contested point"


@pytest.mark.parametrize("code,replacement", [("G2012", "98016"), ("G2061", "98970"), ("G2062", "98971"),
                                              ("G2063", "98972")])
def test_deleted_codes_point_to_their_replacement(kb, code, replacement):
    a = ask(f"what is {code}", kb=kb)
    assert ("answered", "deleted") == (a.status, a.codes[0].status)
    assert [replacement] == [c.code for c in a.companions if c.relation == "replaced_by"]
    assert any(replacement in c for c in a.caveats)


def test_every_active_code_answers_with_title_summary_rules_payment_and_sources(kb):
    for code in kb.codes.values():
        if code.status != "active":
            continue
        a = ask(f"what is {code.code}", kb=kb)
        if a.status == "did_you_mean" and code.code in {s.code for s in a.suggestions}:
            a = ask(f"what is HCPCS {code.code}", kb=kb)  # also a diagnosis code without its dot (J1100, J11.00)
        fact = a.codes[0]
        assert ("answered", code.code) == (a.status, fact.code)
        assert fact.title and fact.summary and fact.rules and a.sources, code.code
        if kb.families[code.family].payments_held:  # families whose national amounts are curated
            assert fact.payment is not None, code.code
        assert a.companions, code.code
        if code.rule.basis == "minutes" and kb.track_by_code.get(code.code) is not None:
            assert a.billing is not None and a.billing.lines, code.code


def test_what_changed_for_rpm(kb):
    a = ask("what changed for RPM in 2026", kb=kb)
    assert any("99445" in c for c in a.changes) and any("99470" in c for c in a.changes)


def test_2025_rpm_has_no_short_codes(kb):
    a = ask("rpm 12 min with one call", kb=kb, year=2025)
    assert ({}, 2025) == ({l.code: l.units for l in a.billing.lines}, a.year)


def test_same_practitioner_restriction_lifts_for_different_practitioners(kb):
    same = ask("can PCM and CCM be billed together", kb=kb)
    different = ask("can PCM and CCM be billed together by different providers", kb=kb)
    assert (False, True) == (same.pair.allowed, different.pair.allowed)
    assert "different practitioners" in different.pair.period and different.caveats


def test_apcm_bundle_for_another_practitioner_carries_a_caveat(kb):
    a = ask("can a different practitioner bill TCM when another bills APCM", kb=kb)
    assert a.pair.allowed is True and any("APCM bundles" in c for c in a.caveats)
