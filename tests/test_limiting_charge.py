"""The limiting charge asked itself, with no code named: a non-participating practitioner's fee schedule amount and the
most an unassigned claim may charge the patient (knowledge/cms_files.yaml limiting_charge)."""

from __future__ import annotations

from bot.core import ask


def test_limiting_charge_is_of_the_non_participating_amount(kb):
    a = ask("We opted to stay non-par with Medicare. For claims we leave unassigned, what is the cap on our charge to "
            "the beneficiary?", kb=kb)
    assert ("answered", "define") == (a.status, a.intent)
    assert "95%" in a.message and "115%" in a.message and "109.25%" in a.message
    assert "noridian-nonparticipation" in [s.id for s in a.sources]


def test_limiting_charge_named_answers_the_same_rule(kb):
    a = ask("how is the Medicare limiting charge figured?", kb=kb)
    assert "answered" == a.status and "109.25%" in a.message
