"""Quizzes: every generated question checked against the knowledge, the terminal flow, the worksheet, the scores."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from bot.engine.billing import bill
from bot.engine.pairs import pair_verdict
from bot.quiz import KINDS, LETTERS, UnknownFamily, grade, make_quiz, play
from bot.quiz.model import DIFFICULTIES, Question
from bot.quiz.mistakes import mistakes
from bot.quiz.scenario import Setting, lines_of, request_for
from bot.quiz.scores import Accuracy, Missed, leaderboard, quiz_report

SEEDS = range(200)
QUESTIONS_PER_QUIZ = 8


def _check_common(kb, q: Question, family: str | None) -> None:
    assert q.kind in KINDS and q.difficulty in DIFFICULTIES
    assert family is None or q.family == family
    assert 2 <= len(q.choices) <= 4 and len(set(q.choices)) == len(q.choices)
    assert len(q.values) == len(q.choices) == len(q.notes)
    assert q.prompt and q.explanation and q.source_ids
    assert all(s in kb.sources for s in q.source_ids)
    assert all(c in kb.codes for c in q.codes)
    assert [grade(q, i) for i in range(len(q.choices))] == [i == q.key for i in range(len(q.choices))]


def _check_which_code(kb, q: Question) -> None:
    key = kb.codes[q.values[q.key]]
    assert q.prompt.startswith(f"Which code is this? {key.title}.")
    assert all(kb.codes[v].title != key.title for i, v in enumerate(q.values) if i != q.key)


def _check_what_code(kb, q: Question) -> None:
    code = kb.codes[re.fullmatch(r"What is (\S+)\?", q.prompt).group(1)]
    assert code.summary == q.key_text
    assert all(text != code.summary for i, text in enumerate(q.choices) if i != q.key)


def _check_scenario(kb, q: Question) -> None:
    right = lines_of(bill(kb, request_for(kb, q.facts)))
    assert right == q.values[q.key]
    assert all(v != right for i, v in enumerate(q.values) if i != q.key)


def _check_pair(kb, q: Question) -> None:
    allowed = pair_verdict(kb, q.facts["left"], q.facts["right"]).verdict.allowed
    assert (True, False) == q.values and allowed is q.values[q.key]


def _check_add_on(kb, q: Question) -> None:
    add_on = kb.codes[q.codes[0]]
    assert q.values[q.key] in add_on.add_on_to
    assert all(v not in add_on.add_on_to for i, v in enumerate(q.values) if i != q.key)


def _check_changes(kb, q: Question) -> None:
    year, family = q.facts["year"], kb.families[q.family]
    if q.prompt.startswith("Which of these changed"):
        assert q.key_text in [c.text for c in family.changes if c.year == year]
        assert all(t not in [c.text for c in family.changes] for i, t in enumerate(q.choices) if i != q.key)
    else:
        assert kb.codes[q.values[q.key]].effective_year == year
        assert all(kb.codes[v].effective_year < year for i, v in enumerate(q.values) if i != q.key)


def _check_units(kb, q: Question) -> None:
    from bot.engine.units import Service, allocate_total

    rule = kb.families[q.family].unit_rule
    services = [Service(c, m, True) for c, m in q.facts["minutes"].items()]
    right = tuple(allocate_total(services, rule.unit_minutes, rule.first_unit_minutes).lines)
    assert right == q.values[q.key] and all(v != right for i, v in enumerate(q.values) if i != q.key)


CHECKS = {"which_code": _check_which_code, "what_code": _check_what_code, "scenario": _check_scenario,
          "pair": _check_pair, "add_on_primary": _check_add_on, "changes": _check_changes, "units": _check_units}


def test_every_kind_has_a_check():
    assert set(KINDS) == set(CHECKS)


def test_generated_questions_agree_with_the_knowledge(kb):
    families = [*sorted(kb.families), None]
    kinds = set()
    for family in families:
        for seed in SEEDS:
            quiz = make_quiz(kb, family, QUESTIONS_PER_QUIZ, seed)
            # a family with two codes runs out of distinct questions; the quiz is then shorter, never padded
            assert 2 <= len(quiz.questions) <= QUESTIONS_PER_QUIZ, (family, seed)
            for q in quiz.questions:
                _check_common(kb, q, family)
                CHECKS[q.kind](kb, q)
                kinds.add(q.kind)
    assert set(KINDS) == kinds


@pytest.mark.parametrize("family", [None, "RTM", "CCM"])
def test_same_seed_gives_the_same_quiz(kb, family):
    assert make_quiz(kb, family, 10, 42) == make_quiz(kb, family, 10, 42)
    assert make_quiz(kb, family, 10, 42).questions != make_quiz(kb, family, 10, 43).questions


def test_rtm_quiz_has_every_kind_and_no_repeats(kb):
    quiz = make_quiz(kb, "rtm", 12, 0)
    assert ("RTM", 12) == (quiz.family, len(quiz.questions))
    assert set(KINDS) - {"units"} == {q.kind for q in quiz.questions}  # units: families with a unit rule only
    assert len({q.id for q in quiz.questions}) == 12


def test_unknown_family_is_refused(kb):
    with pytest.raises(UnknownFamily, match="No family 'XYZ'; known: .*RTM"):
        make_quiz(kb, "XYZ")


def test_grade_accepts_index_letter_and_text(kb):
    q = make_quiz(kb, "RTM", 1, 3).questions[0]
    assert grade(q, q.key) and grade(q, q.key_letter.lower()) and grade(q, q.key_text.upper())
    assert not grade(q, (q.key + 1) % len(q.choices)) and not grade(q, "Z") and not grade(q, 99)


def _rtm_setting(kb, days: int, minutes: int, interactive: bool = True) -> tuple[Setting, dict]:
    device = next(t for t in kb.family_tracks("RTM") if t.variant == "musculoskeletal")
    management = next(t for t in kb.family_tracks("RTM") if t.role == "management")
    setting = Setting("RTM", device, management, days, minutes, interactive)
    facts = {"family": "RTM", "year": 2026, "minutes": minutes, "days": days, "interactive": interactive,
             "variant": "musculoskeletal", "ladders": [device.codes[0], management.codes[0]]}
    return setting, facts


def _wrong_lines(kb, days: int, minutes: int, interactive: bool = True) -> tuple[tuple, list]:
    import random

    setting, facts = _rtm_setting(kb, days, minutes, interactive)
    key = lines_of(bill(kb, request_for(kb, facts)))
    return key, [lines for lines, _note in mistakes(kb, setting, facts, key, random.Random(0))]


def test_scenario_distractors_include_the_usual_mistakes(kb):
    key, wrong = _wrong_lines(kb, days=12, minutes=15)
    assert (("98985", 1), ("98979", 1)) == key
    assert (("98985", 1), ("98979", 1), ("98980", 1)) in wrong  # the short and the long management code
    assert (("98977", 1), ("98979", 1)) in wrong  # the 16-30 day device code at 12 days
    key, wrong = _wrong_lines(kb, days=20, minutes=50)
    assert (("98977", 1), ("98980", 1), ("98981", 1)) == key
    assert (("98977", 1), ("98980", 1), ("98981", 2)) in wrong  # an add-on unit for a partial block
    key, wrong = _wrong_lines(kb, days=20, minutes=25, interactive=False)
    assert (("98977", 1),) == key
    assert (("98977", 1), ("98980", 1)) in wrong  # management billed without the real-time call


def _answer_script(quiz, right: list[bool]) -> str:
    replies = [q.key_letter if ok else LETTERS[(q.key + 1) % len(q.choices)] for q, ok in zip(quiz.questions, right)]
    return "z\n" + "\n".join(replies) + "\n"  # "z" first: an invalid reply is asked again


@pytest.fixture
def quiz_state(state_db, monkeypatch):
    """The CLI's state database is the test's."""
    monkeypatch.setattr("bot.commands.quiz._state", lambda: state_db)
    return state_db


def test_terminal_quiz_scores_and_records(cli_run, kb, quiz_state):
    quiz = make_quiz(kb, "RTM", 3, 7)
    result = cli_run("quiz", "--family", "RTM", "-n", "3", "--seed", "7", "--user", "ana",
                     input=_answer_script(quiz, [True, False, True]))
    out = result.output
    assert 0 == result.exit_code
    assert "Error: 'z' is not one of the choices; answer with a letter." in out
    assert [f"Question {i} of 3 · RTM" for i in (1, 2, 3)] == re.findall(r"Question \d of 3 · RTM", out)
    assert 2 == out.count("\nRight: ") + out.startswith("Right: ")
    q2 = quiz.questions[1]
    assert f"Wrong: you chose {LETTERS[(q2.key + 1) % len(q2.choices)]}; the answer is {q2.key_letter}) {q2.key_text}" in out
    assert out.rstrip().endswith("Score: 2/3 (67%)\n(seed 7; recorded for ana)".rstrip())
    assert [("ana", "cli", "RTM", 7, 3, 2)] == [tuple(r.values()) for r in quiz_state.rows(
        "select user_id, channel, family, seed, n, score from quiz_sessions where finished_at is not null")]
    assert [(i, q.kind, ",".join(q.codes), ok) for i, (q, ok) in enumerate(zip(quiz.questions, (1, 0, 1)))] == [
        tuple(r.values()) for r in quiz_state.rows(
            "select question_index, kind, code, correct from quiz_answers order by question_index")]


def test_terminal_scores_and_report(cli_run, kb, quiz_state):
    quiz = make_quiz(kb, "RTM", 2, 11)
    cli_run("quiz", "-f", "RTM", "-n", "2", "--seed", "11", "--user", "ana", input=_answer_script(quiz, [True, False]))
    cli_run("quiz", "-f", "RTM", "-n", "2", "--seed", "11", "--user", "ben", input=_answer_script(quiz, [True, True]))
    scores = cli_run("quiz", "scores").output.splitlines()
    assert "Quiz leaderboard" == scores[0]
    assert ["1", "ben", "1", "2/2", "100%", "2"] == scores[2].split()
    assert ["2", "ana", "1", "1/2", "50%", "1"] == scores[3].split()
    report = cli_run("quiz", "report").output
    missed = quiz.questions[1]
    assert f"ana RTM {missed.kind} 0/1 0%" in re.sub(r" +", " ", report)
    for code in missed.codes:
        assert re.search(rf"^  {code} +missed 1 of 2$", report, re.M), report


class _Worksheet(HTMLParser):
    """Collects prompts, choices and the answer key from the exported worksheet."""

    def __init__(self) -> None:
        super().__init__()
        self.prompts: list[str] = []
        self.choices: list[list[str]] = []
        self.keys: list[str] = []
        self._into: list | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        cls = dict(attrs).get("class", "")
        if tag == "p" and cls == "prompt":
            self.prompts.append("")
            self._into = self.prompts
        elif tag == "ol" and cls == "choices":
            self.choices.append([])
        elif tag == "li" and dict(attrs).get("data-letter"):
            self.choices[-1].append("")
            self._into = self.choices[-1]
        elif tag == "strong" and cls == "key":
            self.keys.append("")
            self._into = self.keys

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "li", "strong"):
            self._into = None

    def handle_data(self, data: str) -> None:
        if self._into is not None:
            self._into[-1] += data


def test_html_worksheet_has_every_question_and_its_key(cli_run, kb, tmp_path):
    out = tmp_path / "sheet.html"
    result = cli_run("quiz", "export", "--format", "html", "-n", "20", "--seed", "5", "-o", str(out))
    assert f"Wrote 20 questions and the answer key to {out} (seed 5).\n" == result.output
    sheet = _Worksheet()
    sheet.feed(out.read_text())
    quiz = make_quiz(kb, None, 20, 5)
    assert [q.prompt for q in quiz.questions] == sheet.prompts
    assert [list(q.choices) for q in quiz.questions] == sheet.choices
    assert [f"{q.key_letter}. {q.key_text}" for q in quiz.questions] == sheet.keys


def test_worksheet_escapes_html(kb):
    from bot.quiz.model import Quiz
    from bot.quiz.views import worksheet_html

    q = make_quiz(kb, "RTM", 1, 0).questions[0]
    evil = Quiz("RTM", 0, 1, (Question(**{**{f: getattr(q, f) for f in q.__slots__}, "prompt": "<b>&"}),))
    assert "<p class=\"prompt\">&lt;b&gt;&amp;</p>" in worksheet_html(kb, evil)


def test_quiz_report_and_leaderboard(kb, state_db):
    for user, replies in (("ana", [True, False, True]), ("ben", [False, False, True])):
        run = play.start(kb, state_db, user, "slack:C1", "RPM", 3, 9)
        for i, ok in enumerate(replies):
            q = run.quiz.questions[i]
            assert play.answer(state_db, run, i, user, q.key if ok else (q.key + 1) % len(q.choices)).right is ok
        assert play.answer(state_db, run, 2, user, 0) is None  # a second click on the last question is ignored
    quiz = make_quiz(kb, "RPM", 3, 9)
    report = quiz_report(state_db)
    assert Accuracy("ana", "RPM", quiz.questions[1].kind, 1, 0) in report.people
    assert sum(a.answered for a in report.people) == 6
    asked, missed = {}, {}
    for replies in ([True, False, True], [False, False, True]):
        for q, ok in zip(quiz.questions, replies):
            for code in q.codes:
                asked[code] = asked.get(code, 0) + 1
                missed[code] = missed.get(code, 0) + (not ok)
    assert sorted((c, missed[c], asked[c]) for c in missed if missed[c]) == sorted((m.code, m.missed, m.asked) for m in report.missed)
    assert max(missed.values()) == report.missed[0].missed
    assert [("ana", 2, 3, 67), ("ben", 1, 3, 33)] == [(s.user_id, s.correct, s.answered, s.percent)
                                                      for s in leaderboard(state_db, "slack")]
    assert [] == leaderboard(state_db, "cli")


def test_no_stem_repeats_past_the_cap_and_no_question_twice(kb):
    from collections import Counter

    from bot.quiz.make import MAX_STEM_REPEATS

    for family in [*sorted(kb.families), None]:
        for seed in (0, 7, 2026):
            questions = make_quiz(kb, family, 100, seed).questions
            stems = Counter(q.prompt for q in questions)
            assert max(stems.values()) <= MAX_STEM_REPEATS, (family, seed, stems.most_common(1))
            same = Counter((q.prompt, q.key_text) for q in questions)
            assert 1 == max(same.values()), (family, seed, same.most_common(1))


def test_the_cap_still_fills_a_quiz_where_the_knowledge_has_enough(kb):
    assert 40 == len(make_quiz(kb, "RPM", 40, 3).questions)
    assert 100 == len(make_quiz(kb, None, 100, 3).questions)


def test_a_quiz_shorter_than_asked_says_so(kb, cli_run, tmp_path):
    got = len(make_quiz(kb, "TCM", 100, 1).questions)
    result = cli_run("quiz", "export", "-f", "TCM", "-n", "100", "--seed", "1", "-o", str(tmp_path / "w.html"))
    assert 0 == result.exit_code and got < 100
    assert result.output.startswith(f"{got} questions, not 100: the knowledge holds no more distinct ones")
