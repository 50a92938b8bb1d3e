""""Did you mean" choices say why in plain words (which of the question's words matched), never a score."""

from __future__ import annotations

import re

import pytest

from bot.core import ask

SCORE = re.compile(r"\d+\s*(points?|%)|\bpoints?\b|\bscore", re.I)


@pytest.mark.parametrize("question", ["rtm device", "rpm devise suply", "patient edukation setup", "device supply",
                                      "rpm supply"])
def test_no_suggestion_shows_a_score(kb, question):
    answer = ask(question, kb=kb)
    assert "did_you_mean" == answer.status and answer.suggestions, question
    assert [] == [s.why for s in answer.suggestions if SCORE.search(s.why) or not s.why]


def test_word_matches_name_the_knowledge_words(kb):
    why = {s.code: s.why for s in ask("rpm devise suply", kb=kb).suggestions}
    assert 'matches "supply"' == why["99454"]  # "suply" is close enough to "supply", "devise" not to "device"
    assert "another RPM code" == why["99457"]
    assert {'matches "device"'} == {s.why for s in ask("rtm device", kb=kb).suggestions}


def test_fuzzy_choices_name_the_wording_they_are_close_to(kb):
    why = {s.code: s.why for s in ask("patient edukation setup", kb=kb).suggestions}
    assert why["99453"].startswith('close to "') and why["99453"].endswith('"')
