"""Office procedures told as a story: one joint drained and injected, both sides of a joint injection with a dose for
each, unit sizes said before their figure, skin biopsies with repairs or destructions, a guided joint
injection beside an ultrasound, and a visit denied inside a surgery's global period."""

from __future__ import annotations

import pytest

from bot.core import ask


def _lines(a) -> dict[str, int]:
    return {l.code: l.units for l in (a.billing.lines if a.billing else [])}


def test_a_joint_drained_and_injected_at_one_session_is_one_unit(kb):
    a = ask("Our PA tapped the right shoulder and then injected steroid through the same needle. Bill 20610 twice?", kb=kb)
    assert ("answered", {"20610": 1}) == (a.status, _lines(a))
    assert any("aspiration" in t.lower() for t in a.billing.trace)


def test_both_sides_asked_as_units_get_the_bilateral_line(kb):
    a = ask("Steroid shots into both hips today, no imaging. Is it 20610 x2?", kb=kb)
    assert ("answered", {"20610": 1}) == (a.status, _lines(a))
    assert "modifier 50" in a.billing.lines[0].title


def test_a_dose_for_each_side_counts_both_doses(kb):
    a = ask("Depo-Medrol 40 mg into each shoulder, both shoulders, no ultrasound: what are the lines?", kb=kb)
    assert {"J1010": 80, "20610": 1} == _lines(a)


def test_a_unit_size_said_before_its_figure_is_no_dose(kb):
    a = ask("Gave Rocephin 1 gram IM; a coworker says units are per 100 mg. How many units of J0696?", kb=kb)
    assert ("bill", {"J0696": 4, "96372": 1}) == (a.intent, _lines(a))


@pytest.mark.parametrize("text,allowed", [
    ("Can a simple repair 12001 go with an incisional biopsy 11106 when the site was sutured?", False),
    ("Wrist effusion: 76882 then an ultrasound-guided wrist injection 20606 same session, may both be billed?", False),
    ("Froze an AK (17000) and did a shave biopsy of another lesion elsewhere (11102): both payable, which modifier?", True),
])
def test_procedure_pairs_follow_their_own_rules(kb, text, allowed):
    a = ask(text, kb=kb)
    assert ("answered", allowed) == (a.status, a.pair.allowed if a.pair else None)


def test_a_visit_denied_inside_a_global_period_names_modifier_24(kb):
    a = ask("Hip replacement in March with a 90-day global; the surgeon saw her in April for a UTI and it was denied "
            "as global. Which modifier?", kb=kb)
    assert a.status == "answered" and "24" in [c.code for c in a.codes]
