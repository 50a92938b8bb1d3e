"""Playing a quiz one answer at a time, for any channel: start, resume by session id, answer, finish."""

from __future__ import annotations

import random
from dataclasses import dataclass

from bot.kb.store import KnowledgeBase
from bot.quiz import scores
from bot.quiz.make import make_quiz
from bot.quiz.model import LETTERS, Question, Quiz, choice_index, grade
from bot.state import StateDB


@dataclass(frozen=True, slots=True)
class Run:
    """A session and its questions, regenerated from the session's family, n and seed."""

    session: scores.Session
    quiz: Quiz

    @property
    def total(self) -> int:
        """Return how many questions the quiz has."""
        return len(self.quiz.questions)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one answer did: right or wrong, whether it counted, and the score once the quiz is over."""

    question: Question
    index: int
    chosen: int
    right: bool
    counted: bool
    done: bool
    score: int
    total: int

    @property
    def chosen_letter(self) -> str:
        """Return the letter the person picked."""
        return LETTERS[self.chosen]


def new_seed() -> int:
    """Return a fresh seed for a quiz nobody asked to reproduce."""
    return random.SystemRandom().randrange(1_000_000)


def start(kb: KnowledgeBase, state: StateDB, user_id: str, channel: str, family: str | None = None, n: int = 10,
          seed: int | None = None) -> Run:
    """Generate a quiz and open a session for it; raise UnknownFamily for an unknown family."""
    quiz = make_quiz(kb, family, n, new_seed() if seed is None else seed)
    session_id = scores.start_session(state, user_id, channel, quiz)
    return Run(session=scores.get_session(state, session_id), quiz=quiz)


def resume(kb: KnowledgeBase, state: StateDB, session_id: str) -> Run | None:
    """Return the run for a session id (the same questions again), or None if there is no such session."""
    session = scores.get_session(state, session_id)
    if session is None:
        return None
    return Run(session=session, quiz=make_quiz(kb, session.family, session.n, session.seed))


def next_index(state: StateDB, run: Run) -> int:
    """Return the index of the next unanswered question (== total when all are answered)."""
    return len(scores.answered(state, run.session.id))


def answer(state: StateDB, run: Run, index: int, user_id: str, reply: int | str) -> Outcome | None:
    """Grade and record a reply to question `index`; None if the reply names no choice or the index is not next."""
    if index != next_index(state, run) or index >= run.total:
        return None
    question = run.quiz.questions[index]
    chosen = choice_index(question, reply)
    if chosen is None:
        return None
    right = grade(question, chosen)
    counted = scores.record_answer(state, run.session.id, index, user_id, question, right)
    done = index + 1 >= run.total
    score = scores.finish_session(state, run.session.id) if done else sum(scores.answered(state, run.session.id))
    return Outcome(question=question, index=index, chosen=chosen, right=right, counted=counted, done=done,
                   score=score, total=run.total)
