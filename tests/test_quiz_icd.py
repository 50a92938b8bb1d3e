"""ICD-10-CM quizzes: every generated question agrees with the tabular (read independently by simple-icd-10-cm)."""

from __future__ import annotations

import pytest

from bot.quiz import grade, make_quiz
from bot.quiz.icd import ICD_KINDS

SEEDS = range(12)
N = 12


@pytest.fixture(scope="module")
def icd():
    return pytest.importorskip("simple_icd_10_cm")


def _dotted(code: str) -> str:
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"


def _excludes1_covers(icd, left: str, right: str) -> bool:
    from bot.codesets.refs import note_covers

    def covers(a: str, b: str) -> bool:
        return any(note_covers(n, b) for c in [a] + icd.get_ancestors(a) for n in icd.get_excludes1(c))
    return covers(left, right) or covers(right, left)


def _check(icd, q) -> None:
    if q.kind == "icd_billable":
        assert q.values[q.key] == icd.is_leaf(_dotted(q.facts["code"]))
    elif q.kind == "icd_seventh":
        code = _dotted(q.facts["code"])
        parent = icd.get_parent(code)
        meaning = next(icd.get_seven_chr_def(c) for c in [parent] + icd.get_ancestors(parent) if icd.get_seven_chr_def(c))
        assert q.key_text == code and meaning[code[-1]].split("/")[0] in q.prompt
        assert all(icd.is_valid_item(c) and icd.get_parent(c) == parent for c in q.choices)
    else:
        left, right = _dotted(q.facts["left"]), _dotted(q.facts["right"])
        assert icd.is_leaf(left) and icd.is_leaf(right)
        assert (q.values[q.key] is False) == _excludes1_covers(icd, left, right), (left, right)


def test_icd_questions_agree_with_the_tabular(kb, codesets, icd):
    kinds = set()
    for seed in SEEDS:
        quiz = make_quiz(kb, "ICD-10-CM", N, seed)
        assert N == len(quiz.questions) and "ICD-10-CM" == quiz.family
        for q in quiz.questions:
            _check(icd, q)
            assert grade(q, q.key_letter) and not grade(q, (q.key + 1) % len(q.choices))
            kinds.add(q.kind)
    assert set(ICD_KINDS) == kinds


def test_the_same_seed_gives_the_same_icd_quiz(kb, codesets):
    assert make_quiz(kb, "icd", 6, 5) == make_quiz(kb, "icd", 6, 5)
    assert make_quiz(kb, "icd", 6, 5).questions != make_quiz(kb, "icd", 6, 6).questions


def test_an_icd_quiz_session_resumes_with_the_same_questions(kb, codesets, state_db):
    from bot.quiz import play

    run = play.start(kb, state_db, "U1", "slack:C1", "icd-10-cm", 3, seed=9)
    again = play.resume(kb, state_db, run.session.id)
    assert run.quiz.questions == again.quiz.questions and "ICD-10-CM" == again.quiz.family
    outcome = play.answer(state_db, again, 0, "U1", again.quiz.questions[0].key_letter)
    assert outcome.right and not outcome.done
