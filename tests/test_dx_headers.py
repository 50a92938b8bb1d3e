"""A header code asked by number lists its billable codes in the answer's codes (every channel and the JSON name
them), and a code's use additional / code first notes name their partner codes as companions."""

from __future__ import annotations

import pytest

from bot.core import ask

pytestmark = pytest.mark.usefixtures("codesets", "dx_today")


@pytest.mark.parametrize("question, header, children", [
    ("is E11.2 billable?", "E11.2", ["E11.21", "E11.22", "E11.29"]),
    ("H81.1 got rejected", "H81.1", ["H81.10", "H81.11", "H81.12", "H81.13"]),
    ("can I use M25.55 on the claim", "M25.55", ["M25.551", "M25.552", "M25.559"]),
])
def test_a_header_lists_its_billable_codes_after_it(question, header, children):
    a = ask(question)
    codes = [c.code for c in a.codes]
    assert ("answered", header) == (a.status, codes[0]) and codes[1:] == children
    assert {"billable choice"} == {c.role for c in a.codes[1:]} and not a.diagnosis.billable


def test_a_code_needing_its_7th_character_lists_the_complete_codes():
    codes = [c.code for c in ask("is S82.101 complete?").codes]
    assert "S82.101" == codes[0] and {"S82.101A", "S82.101D"} <= set(codes[1:])


def test_the_notes_name_their_codes_as_companions():
    a = ask("what is E11.40?")  # E11: use additional code to identify control using insulin (Z79.4) ...
    assert {"Z79.4", "Z79.84"} <= {p.code for p in a.companions}
    assert all(p.relation == "see_also" and p.note.startswith("use additional code") for p in a.companions)


def test_a_billable_code_has_no_choices():
    a = ask("what is R26.81")
    assert ["R26.81"] == [c.code for c in a.codes] and not a.diagnosis.choices
