"""Claim questions read from their shorthand: two codes joined by "+" in a question, the MDM of a story that names a
condition by its adjective or a sore throat worked up for strep, and a code the named payer replaces with its own."""

from __future__ import annotations

import pytest

from bot.core import ask


def _lines(a) -> dict[str, int]:
    return {l.code: l.units for l in (a.billing.lines if a.billing else [])}


# ---------------------------------------------------------------- 1. "A + B?" is a pair question ---------------------

@pytest.mark.parametrize("question", [
    "shot only, nurse gave it. 96372 + 99211 fine?",
    "B12 shot by the MA today, 99211 plus 96372?",
])
def test_two_codes_joined_by_plus_in_a_question_are_a_pair(kb, question):
    a = ask(question, kb=kb)
    assert (a.intent, a.pair is not None and a.pair.allowed) == ("pair", False)


def test_a_charge_line_told_with_plus_is_not_asked_as_a_pair(kb):
    a = ask("Charge sheet shows 96372 + J3301 x1 for Kenalog 40 mg in the left knee. Can you confirm the lines?", kb=kb)
    assert a.intent == "bill" and "96372" not in {l.code for l in a.billing.lines}


# ---------------------------------------------------------------- 2. MDM read from the story ---------------------------

def test_two_stable_conditions_one_told_as_an_adjective_with_refills_are_moderate(kb):
    a = ask("Established patient, hypothyroid and hyperlipidemia, both stable. Refilled levothyroxine and atorvastatin. "
            "Which level by MDM?", kb=kb)
    assert _lines(a) == {"99214": 1}


def test_a_sore_throat_with_a_negative_strep_test_and_otc_advice_is_low(kb):
    a = ask("Est patient, sore throat, strep test negative, advised Tylenol and fluids. 99212, 99213 or 99214 by MDM?",
            kb=kb)
    assert _lines(a) == {"99213": 1}


def test_a_cold_with_a_sore_throat_and_no_workup_stays_minor(kb):
    a = ask("Established patient with a runny nose and sore throat for two days, told to rest and take Tylenol. What "
            "office visit level?", kb=kb)
    assert _lines(a) == {"99212": 1}


# ---------------------------------------------------------------- 3. the named payer's own code leads -----------------

def test_a_code_the_named_payer_does_not_accept_leads_with_the_payers_code(kb):
    a = ask("We bill 97014 for unattended e-stim. Will Medicare take it?", kb=kb)
    assert [c.code for c in a.codes][:2] == ["G0283", "97014"]
    assert any("does not accept 97014" in c for c in a.caveats)


def test_the_code_asked_without_a_payer_stays_first(kb):
    assert [c.code for c in ask("what is 97014", kb=kb).codes][:1] == ["97014"]


# ---------------------------------------------------------------- 4. the nurse visit inside the flu shot --------------

def test_a_nurse_visit_beside_the_medicare_flu_shot_administration_is_not_billed(kb):
    a = ask("Nurse-only flu vaccine day, checked BP and gave the shot. Bill 99211 with G0008 too?", kb=kb)
    assert (a.intent, a.pair.allowed) == ("pair", False)


def test_a_problem_visit_above_level_1_beside_the_flu_shot_stays_allowed(kb):
    a = ask("Treated her sinusitis and gave a flu shot the same day. Can 99213 go with G0008?", kb=kb)
    assert a.pair is not None and a.pair.allowed is True


# ---------------------------------------------------------------- 5. a pair whose other code we do not hold -----------

def test_a_pair_question_with_a_code_nothing_holds_gets_no_verdict_on_the_other_code(kb):
    # (11106 is held now, knowledge/families/procedures.yaml: a lesion shaving, 11300, is not)
    a = ask("Froze one AK (17000) and shaved off a separate raised lesion (11300). OK together with XS?", kb=kb)
    assert a.status != "answered" and a.pair is None


def test_a_pair_of_held_codes_is_still_judged(kb):
    a = ask("Froze one AK (17000) and removed a skin tag (11200) on the neck. OK together with XS?", kb=kb)
    assert a.status == "answered" and a.pair is not None
