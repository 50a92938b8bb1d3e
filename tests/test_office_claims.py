"""Claim-level answers: the add-on asked about among same-day services (G2211 with a modifier-25 visit beside a
wellness visit, a vaccine or a procedure), modifiers read from bare or hyphened numbers, places of service found
from the story, several codes compared, and the codes of one role listed."""

from __future__ import annotations

import pytest

from bot.core import ask


def _codes(a, system: str | None = None) -> list[str]:
    return [c.code for c in a.codes if system is None or c.system == system]


@pytest.mark.parametrize("question,allowed", [
    ("IPPE G0402 and a problem visit 99213-25 the same day. G2211 too?", True),
    ("99213-25 with a wrist injection 20605 today. Can G2211 go on the claim?", False),
    ("Can we add G2211 to 99214-25 when the nurse also gave a pneumonia shot?", True),
    ("Is G2211 allowed with 99214-25?", False),
])
def test_g2211_on_a_modifier_25_visit_depends_on_the_other_service(kb, question, allowed):
    a = ask(question, kb=kb)
    assert ("answered", "pair", allowed) == (a.status, a.intent, a.pair.allowed)
    assert "G2211" in (a.pair.left, a.pair.right) or "G2211" in a.pair.right
    assert "25" in _codes(a, "modifier")


def test_a_several_code_question_in_one_family_keeps_the_first_failing_pair(kb):
    a = ask("can I bill 98980 and 98981 and 98979", kb=kb)
    assert (False, {"98979", "98980"}) == (a.pair.allowed, {a.pair.left, a.pair.right})


@pytest.mark.parametrize("question,expected", [
    ("we billed 26 on the x-ray read, should it be TC?", ["26", "TC"]),
    ("91 or 76 for a repeat glucose later that day?", ["91", "76"]),
    ("I always mix up -52 and -53", ["52", "53"]),
])
def test_modifiers_named_bare_or_with_a_leading_hyphen(kb, question, expected):
    a = ask(question, kb=kb)
    assert "answered" == a.status
    assert expected == _codes(a, "modifier")


def test_a_word_is_not_a_modifier_in_lower_case(kb):
    assert ["GP"] == _codes(ask("does GP go on every line?", kb=kb), "modifier")


def test_which_code_gets_the_modifier_of_a_pair(kb):
    a = ask("Which code gets the 59 when 97530 and 97140 are done the same day?", kb=kb)
    assert ("pair", True) == (a.intent, a.pair.allowed)
    assert {"97530", "97140", "59"} <= set(_codes(a))


def test_the_difference_between_two_modifiers_is_a_comparison(kb):
    a = ask("what's the difference between XE and XU?", kb=kb)
    assert ("compare", ["XE", "XU"]) == (a.intent, _codes(a))


@pytest.mark.parametrize("question,place", [
    ("telehealth visit, patient in her car outside work. POS?", "10"),
    ("video visit with the patient at the hospital. which POS?", "02"),
    ("in-person visit at the patient's assisted living facility, which place of service?", "13"),
    ("nursing home resident who is not on a Part A stay, POS?", "32"),
    ("patient in a Part A SNF stay seen today, place of service?", "31"),
    ("what POS for a visit in the ER", "23"),
])
def test_the_place_of_service_from_the_story(kb, question, place):
    a = ask(question, kb=kb)
    assert ("answered", place) == (a.status, a.codes[0].code)
    assert any(c.startswith("Read as:") for c in a.caveats)


def test_a_home_told_in_words_names_the_telehealth_pos_too(kb):
    a = ask("place of service code for the patient's home", kb=kb)
    assert "12" == a.codes[0].code
    assert any("POS 10" in c for c in a.caveats)


def test_two_places_that_fit_as_well_are_offered(kb):
    a = ask("which POS if we see her at home or office?", kb=kb)
    assert "did_you_mean" == a.status and {"11", "12"} <= {s.code for s in a.suggestions}


def test_several_codes_compared_side_by_side(kb):
    a = ask("how do I choose between 97165, 97166 and 97167?", kb=kb)
    assert ("compare", ["97165", "97166", "97167"]) == (a.intent, _codes(a))
    assert ["97165", "97166", "97167"] == [r.label for r in a.compare]


def test_same_day_pair_joined_by_and_is_a_pair_even_with_or(kb):
    a = ask("can I bill 97110 and 97530 on the same day or not?", kb=kb)
    assert "pair" == a.intent


def test_the_codes_of_a_role_are_listed(kb):
    a = ask("what are the PT evaluation codes?", kb=kb)
    assert ("family", ["97161", "97162", "97163", "97164"]) == (a.intent, _codes(a))
    one = ask("code for OT evaluation, low complexity", kb=kb)
    assert "97165" == one.codes[0].code and one.intent != "family"


def test_a_repeat_of_a_once_only_add_on_at_a_later_wellness_visit(kb):
    a = ask("Can G0506 be billed again at next year's AWV for the same CCM patient?", kb=kb)
    assert (False, "G0506") == (a.pair.allowed, a.pair.left)
