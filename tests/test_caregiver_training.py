"""Caregiver training (knowledge/families/cts.yaml): which ladder the case's words pick, units by the CPT time rule,
the patient present, a disowned code, and the other readings these questions leaned on."""

from __future__ import annotations

import pytest

from bot.core import ask


def _billed(kb, text: str) -> dict[str, int]:
    answer = ask(text, kb=kb).to_dict()
    return {str(l["code"]): int(l.get("units", 1)) for l in (answer.get("billing") or {}).get("lines") or []}


@pytest.mark.parametrize("text,expected", [
    # functional skills for one patient's caregivers: 30 minutes first, then 15-minute units past the midpoint
    ("Our speech therapist spent 50 minutes teaching the patient's husband feeding techniques without the patient "
     "present. What do we bill?", {"97550": 1, "97551": 1}),
    ("PT worked 20 minutes training the caregiver on wheelchair transfers, patient not present. Codes?", {"97550": 1}),
    # caregivers of several patients together: the untimed group code, once
    ("Our OT led a caregiver support group for caregivers of several patients, 45 minutes, patients not present. "
     "What goes on each claim?", {"97552": 1}),
    # behavior management in a group of families, and for one patient's caregivers
    ("Psychologist held a 75 minute training group on behavior management for family caregivers of several patients; "
     "no patients present. What do we bill?", {"96202": 1, "96203": 1}),
    ("The NP spent 25 minutes teaching the son behavior management strategies for his mother's dementia, patient not "
     "present. What do we bill?", {"G0539": 1}),
])
def test_caregiver_training_ladder_and_units(kb, text, expected):
    assert expected == _billed(kb, text)


def test_patient_present_is_not_caregiver_training(kb):
    billed = _billed(kb, "30 minute OT visit: the patient practiced bed mobility while our OT coached her husband. "
                         "Can we bill 97550 for it?")
    assert not {"97550", "97551", "97552"} & set(billed)


def test_disowned_code_gives_way_to_the_ladder_the_words_pick(kb):
    billed = _billed(kb, "Home health NP trained his daughter on wound care, 40 min, patient not present. "
                         "97550 looks wrong here, what is the right code?")
    assert {"G0541": 1, "G0542": 1} == billed


def test_hours_and_a_half_in_digits_are_read_as_minutes(kb):
    billed = _billed(kb, "Our oncology navigator logged 3 and a half hours with a new lung cancer patient in May, "
                         "after the oncologist's initiating visit. Codes and units?")
    assert {"G0023": 1, "G0024": 5} == billed


def test_add_on_asked_on_another_base_of_its_family_is_not_allowed(kb):
    pair = ask("Can G0024 be billed as the add-on to G0140?", kb=kb).to_dict()["pair"]
    assert (pair["left"], pair["right"], pair["allowed"]) == ("G0024", "G0140", False)
