"""find_matches and search_text: exact codes, one-edit suggestions, never a fuzzy code."""

from __future__ import annotations

import pytest

from bot.core import vocabulary
from bot.engine.match import find_matches, one_edit_neighbours
from bot.engine.search import search_text
from bot.engine.parse import parse_question


def q(kb, text):
    return parse_question(text, vocabulary(kb))


def test_one_edit_neighbours_cover_the_four_kinds():
    near = one_edit_neighbours("98981")
    assert {"98980", "989811", "9898", "89981", "98918"} <= near
    assert "98981" not in near


@pytest.mark.parametrize("token,suggested", [("98891", ["98981"]), ("99547", ["99457"]), ("98918", ["98981"]),
                                             ("9898", ["98980", "98981"])])
def test_code_typos_are_suggested_not_answered(kb, token, suggested):
    m = find_matches(kb, q(kb, f"what is {token}"))
    assert [] == m.codes
    assert set(suggested) <= {s.code for s in m.suggestions}


def test_well_formed_unknown_code_has_no_suggestion(kb):
    m = find_matches(kb, q(kb, "what is 12345"))
    assert (["12345"], []) == (m.unknown, m.suggestions)


@pytest.mark.parametrize("text,code", [
    ("code for RTM musculoskeletal device supply, 16 or more days", "98977"),
    ("remote patient monitoring setup code", "99453"),
    ("rpm treatment management first 20 minutes", "99457"),
    ("the new 10 minute RTM management code", "98979"),
    ("rtm respiratory short device", "98984"),
])
def test_descriptions_find_their_code(kb, text, code):
    assert code == search_text(kb, q(kb, text), 2026, vocabulary(kb).stopwords).code


def test_nonsense_finds_nothing(kb):
    hit = search_text(kb, q(kb, "what's the weather today"), 2026, vocabulary(kb).stopwords)
    assert (None, None, []) == (hit.code, hit.family, hit.suggestions)


@pytest.mark.parametrize("text", ['NOT "', "*", 'rtm" OR "', "'; DROP TABLE codes; --", "a AND (b OR", "NEAR(x y)"])
def test_fts_operators_are_data(kb, text):
    hit = search_text(kb, q(kb, text), 2026, vocabulary(kb).stopwords)
    assert hit.code is None


def test_near_codes_of_the_family_the_question_points_to_come_alone(kb):
    """'99242' for portal messaging: of 99202, 99212 and 99422 only the e-visit code is offered."""
    from bot.core import ask

    answer = ask("Is 99242 the code for 15 minutes of portal messages with an established patient over a week?", kb=kb)
    assert answer.status == "did_you_mean"
    assert [s.code for s in answer.suggestions] == ["99422"]
