"""A drug's units beside its giving: package sizes are no dose, a route denied is not the giving, the IV push and
toxin lines, the discarded part of a single-dose vial, and the pair rules of infusions and office tests."""

from __future__ import annotations

import pytest

from bot.core import ask


def _lines(a) -> dict[str, int]:
    return {l.code: l.units for l in (a.billing.lines if a.billing else [])}


@pytest.mark.parametrize("text,lines", [
    # the vial size said beside the dose is the package, not a second amount given
    ("ceftriaxone 500 mg IM from a 1 g vial, J0696 units?", {"J0696": 2, "96372": 1}),
    # a route named as the one not used is no administration line
    ("Toradol 15 mg into the knee rather than IM: units and codes?", {"J1885": 1, "20610": 1}),
    ("ondansetron 8 mg by IV push, units?", {"J2405": 8, "96374": 1}),
    ("Bicillin L-A 1.2 million units given IM: how many units?", {"J0561": 12, "96372": 1}),
    # a guided knee injection: the guided code, never the unguided one plus a guidance code
    ("Synvisc 16 mg into the left knee under ultrasound guidance, bill 20610 + 76942 x1?", {"J7325": 16, "20611": 1}),
])
def test_drug_units_with_the_giving_told(kb, text, lines):
    a = ask(text, kb=kb)
    assert ("answered", lines) == (a.status, _lines(a))


def test_the_discarded_part_of_a_single_dose_vial_is_noted_with_jw(kb):
    a = ask("Botox 100 units for chronic migraine out of a 200 unit vial, rest wasted: how many units?", kb=kb)
    assert {"J0585": 100, "64615": 1} == _lines(a)
    assert any("100 units" in n and "JW" in n for n in a.billing.assumptions)


def test_the_toxin_line_is_not_added_for_another_drug_given_for_migraine(kb):
    a = ask("ketorolac 30 mg IM for a migraine, units?", kb=kb)
    assert {"J1885": 2, "96372": 1} == _lines(a)


@pytest.mark.parametrize("left,right", [("96365", "96361"), ("94010", "94060"), ("43235", "43239")])
def test_included_services_are_not_billed_together(kb, left, right):
    a = ask(f"can {left} and {right} be billed together on one day?", kb=kb)
    assert (a.status, a.pair.allowed) == ("answered", False)


def test_a_named_flu_vaccine_product_gets_its_own_line_beside_medicares_giving_code(kb):
    a = ask("Medicare patient got a Fluad flu shot today; should the claim show 90471 for the administration?", kb=kb)
    assert {"G0008": 1, "90653": 1} == _lines(a)
