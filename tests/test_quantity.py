"""Units of supplies and drugs billed by quantity: the amount given over the amount one unit holds, rounded up."""

from __future__ import annotations

import pytest

from bot.core import ask


@pytest.mark.parametrize("text,lines", [
    ("120 glucose strips this month, units of A4253?", {"A4253": 3}),  # 2.4 boxes of 50: a part box rounds up
    ("how many A4259 for 200 lancets", {"A4259": 2}),
    # grams are read as 1000 mg; "IM" names the injection's own line (knowledge/vocabulary.yaml drug_administration)
    ("Rocephin 2 grams IM, units for J0696?", {"J0696": 8, "96372": 1}),
    ("we gave 500 mg of Rocephin, our sheet says 250 mg per unit: how many units of J0696?", {"J0696": 2}),  # a unit size is no dose
    ("Kenalog 25 mg into the knee: J3301 units?", {"J3301": 3, "20610": 1}),  # the knee names the joint injection
])
def test_units_from_the_amount(kb, text, lines):
    a = ask(text, kb=kb)
    assert ("answered", "bill", lines) == (a.status, a.intent, {l.code: l.units for l in a.billing.lines})


def test_a_deleted_dose_code_is_billed_with_its_replacement(kb):
    a = ask("Depo-Medrol 120 mg: J1040 plus J1030?", kb=kb)
    assert {"J1010": 120} == {l.code: l.units for l in a.billing.lines}
    assert any("J1040" in t for t in a.billing.trace)


def test_no_amount_is_no_units_answer(kb):
    assert ask("what is J3301", kb=kb).intent == "define"


def test_a_supply_named_in_a_monitoring_story_is_no_units_question(kb):
    a = ask("RPM glucometer: patient used 2 test strips a day and transmitted 18 days, 25 minutes with a call. "
            "What do we bill?", kb=kb)
    assert "A4253" not in {l.code for l in (a.billing.lines if a.billing else [])}


def test_a_joint_steroid_given_into_a_joint_names_the_injection_line(kb):
    a = ask("Kenalog 40 mg was put into her right knee, what do we bill?", kb=kb)
    # the knee injection is its own line (our own title; its NCCI and payment rules from the practice's CPT import)
    assert {"J3301": 4, "20610": 1} == {l.code: l.units for l in a.billing.lines}
    assert any("20610" in n and "CPT import" in n for n in a.billing.assumptions)  # the procedure line, not dropped


@pytest.mark.parametrize("text,lines", [
    ("Toradol 60 mg given intramuscularly in the deltoid: codes and units?", {"J1885": 4, "96372": 1}),
    ("Depo-Medrol 80 mg into the left shoulder under ultrasound guidance: units and codes?", {"J1010": 80, "20611": 1}),
    ("Kenalog-10, 2 mL into the right hip, no ultrasound: units?", {"J3301": 2, "20610": 1}),  # 10 mg/mL x 2 mL
    ("we supplied 150 test strips and 100 lancets, what are the units on each?", {"A4253": 3, "A4259": 1}),
    ("vitamin B12 1000 mcg IM, which codes and units?", {"J3420": 1, "96372": 1}),
    # a dose told in parentheses for each side of a bilateral injection counts once per side
    ("bilateral shoulder injections, Kenalog 2 mL (20 mg) into each shoulder: J3301 units?", {"J3301": 4, "20610": 1}),
])
def test_the_drug_and_its_giving_or_two_supplies(kb, text, lines):
    a = ask(text, kb=kb)
    assert ("answered", "bill", lines) == (a.status, a.intent, {l.code: l.units for l in a.billing.lines})


@pytest.mark.parametrize("text,lines", [
    # a vial's concentration ("5 mg/mL") is not the dose given
    ("gave 6 mg dexamethasone IM from a 5 mg/mL multidose vial, J1100 units?", {"J1100": 6, "96372": 1}),
    # units smaller than 1 mg: 0.3 mg of a per-0.1 mg code are 3 units
    ("ranibizumab 0.3 mg into the left eye, how many units of J2778?", {"J2778": 3}),
    ("aflibercept 2 mg intravitreal, units of J0178 please", {"J0178": 2}),
    # a product whose name is its dose: the prefilled 104 mg syringe
    ("how many J1050 units for one depo-subQ provera 104 shot", {"J1050": 104}),
])
def test_units_of_eye_drugs_and_doses_told_by_strength(kb, text, lines):
    a = ask(text, kb=kb)
    assert ("answered", "bill", lines) == (a.status, a.intent, {l.code: l.units for l in a.billing.lines})


def test_a_long_deleted_contraceptive_code_is_billed_per_mg(kb):
    a = ask("clinic still uses J1055 for the 150 mg Depo-Provera shot, claims bounce. correct code and units?", kb=kb)
    assert {"J1050": 150} == {l.code: l.units for l in a.billing.lines}


@pytest.mark.parametrize("text,word", [
    ("dexamethasone 4 mg IM from a multi-dose vial: units, and is JZ needed?", "multi-dose vial takes neither"),
    ("J2778 0.5 mg, single-dose vial, nothing wasted: units and JW or JZ?", "modifier JZ goes on the drug line"),
])
def test_the_discard_modifiers_follow_the_container(kb, text, word):
    a = ask(text, kb=kb)
    assert any(word in n for n in a.billing.assumptions)
