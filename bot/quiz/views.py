"""Quiz text for each output kind through templates/quiz/*: questions, results, scores, report, worksheet."""

from __future__ import annotations

import dataclasses

from bot.engine.facts import source_refs
from bot.kb.store import KnowledgeBase
from bot.quiz.model import Question, Quiz
from bot.quiz.play import Outcome
from bot.quiz.scores import QuizReport, Standing
from bot.render import environment

EXTENSIONS = {"text": "txt", "slack": "mrkdwn", "html": "html"}


def _render(kind: str, name: str, **context: object) -> str:
    template = environment(kind).get_template(f"quiz/{name}.{EXTENSIONS[kind]}")
    return template.render(context).strip() + "\n"


def sources(kb: KnowledgeBase, question: Question) -> list[dict]:
    """Return the question's sources as plain data, official ones first."""
    return [dataclasses.asdict(s) for s in source_refs(kb, list(question.source_ids))]


def question_text(question: Question, number: int, total: int, kind: str = "text") -> str:
    """Return a question with its lettered choices."""
    return _render(kind, "question", q=question.to_dict(), number=number, total=total)


def result_text(kb: KnowledgeBase, outcome: Outcome, kind: str = "text") -> str:
    """Return right or wrong for an answer, with the explanation and its sources."""
    q = outcome.question
    return _render(kind, "result", q=q.to_dict(), right=outcome.right, chosen=outcome.chosen_letter,
                   chosen_note=q.notes[outcome.chosen] if q.notes else "", sources=sources(kb, q))


def score_text(score: int, total: int, kind: str = "text") -> str:
    """Return the end-of-quiz score line."""
    return _render(kind, "score", score=score, total=total, percent=round(100 * score / total) if total else 0)


def scores_text(board: list[Standing], kind: str = "text") -> str:
    """Return the leaderboard."""
    rows = [dict(dataclasses.asdict(s), percent=s.percent, place=i + 1) for i, s in enumerate(board)]
    return _render(kind, "scores", rows=rows)


def report_text(report: QuizReport, kind: str = "text") -> str:
    """Return accuracy per person by family and kind, and the codes missed most."""
    people = [dict(dataclasses.asdict(a), percent=a.percent) for a in report.people]
    return _render(kind, "report", people=people, missed=[dataclasses.asdict(m) for m in report.missed])


def worksheet_html(kb: KnowledgeBase, quiz: Quiz) -> str:
    """Return a printable HTML worksheet: the questions, then an answer key with explanations and sources."""
    items = [{"number": i + 1, "q": q.to_dict(), "sources": sources(kb, q)} for i, q in enumerate(quiz.questions)]
    again = f"codebot quiz export --format html -n {quiz.n} --seed {quiz.seed}"
    again += f" --family {quiz.family}" if quiz.family else ""
    return _render("html", "worksheet", items=items, family=quiz.family or "all families", seed=quiz.seed,
                   version=quiz.knowledge_version, total=len(items), again=again)
