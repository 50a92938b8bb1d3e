"""Quiz sessions, answers, leaderboard and weak-spot report, kept in the state database."""

from __future__ import annotations

import time
import uuid
from collections import Counter
from dataclasses import dataclass

from bot.quiz.model import Question, Quiz
from bot.state import StateDB


@dataclass(frozen=True, slots=True)
class Session:
    """A quiz someone started: enough to regenerate the same questions (family, seed, n)."""

    id: str
    user_id: str
    channel: str
    family: str | None
    seed: int
    n: int
    finished_at: float | None
    score: int | None


@dataclass(frozen=True, slots=True)
class Accuracy:
    """One person's answers for one family and question kind."""

    user_id: str
    family: str
    kind: str
    answered: int
    correct: int

    @property
    def percent(self) -> int:
        """Return the share answered right, in whole percent."""
        return round(100 * self.correct / self.answered) if self.answered else 0


@dataclass(frozen=True, slots=True)
class Missed:
    """A code the team got wrong, and how often it came up."""

    code: str
    missed: int
    asked: int


@dataclass(frozen=True, slots=True)
class Standing:
    """One person's line on the leaderboard."""

    user_id: str
    quizzes: int
    answered: int
    correct: int
    best: int | None

    @property
    def percent(self) -> int:
        """Return the share answered right, in whole percent."""
        return round(100 * self.correct / self.answered) if self.answered else 0


@dataclass(frozen=True, slots=True)
class QuizReport:
    """Accuracy per person by family and kind, and the codes missed most."""

    people: list[Accuracy]
    missed: list[Missed]


def start_session(state: StateDB, user_id: str, channel: str, quiz: Quiz) -> str:
    """Record a new quiz session and return its id."""
    session_id = uuid.uuid4().hex[:12]
    with state.write() as db:
        db.execute("insert into quiz_sessions (id, user_id, channel, family, seed, n, created_at) "
                   "values (:id, :user, :channel, :family, :seed, :n, :at)",
                   {"id": session_id, "user": user_id, "channel": channel, "family": quiz.family, "seed": quiz.seed,
                    "n": quiz.n, "at": time.time()})
    return session_id


def get_session(state: StateDB, session_id: str) -> Session | None:
    """Return a session by id, or None."""
    row = state.row("select id, user_id, channel, family, seed, n, finished_at, score from quiz_sessions "
                    "where id = :id", {"id": session_id})
    return Session(**row) if row else None


def record_answer(state: StateDB, session_id: str, index: int, user_id: str, question: Question,
                  correct: bool) -> bool:
    """Store one answer; return False if that question of the session was already answered (a double click)."""
    with state.write() as db:
        cur = db.execute("insert into quiz_answers values (:session, :index, :user, :kind, :family, :codes, "
                         ":correct, :at) on conflict (session_id, question_index) do nothing",
                         {"session": session_id, "index": index, "user": user_id, "kind": question.kind,
                          "family": question.family, "codes": ",".join(question.codes), "correct": int(correct),
                          "at": time.time()})
    return cur.rowcount == 1


def answered(state: StateDB, session_id: str) -> list[bool]:
    """Return right/wrong for the session's answers so far, in question order."""
    rows = state.rows("select correct from quiz_answers where session_id = :id order by question_index",
                      {"id": session_id})
    return [bool(r["correct"]) for r in rows]


def finish_session(state: StateDB, session_id: str) -> int:
    """Mark the session finished and return its score (answers right)."""
    score = sum(answered(state, session_id))
    with state.write() as db:
        db.execute("update quiz_sessions set finished_at = coalesce(finished_at, :at), score = :score where id = :id",
                   {"at": time.time(), "score": score, "id": session_id})
    return score


def leaderboard(state: StateDB, channel_prefix: str = "") -> list[Standing]:
    """Return everyone's standing, best accuracy first, for sessions whose channel starts with the prefix."""
    rows = state.rows(
        """select s.user_id, count(distinct case when s.finished_at is not null then s.id end) as quizzes,
                  count(a.session_id) as answered, coalesce(sum(a.correct), 0) as correct, max(s.score) as best
           from quiz_sessions s left join quiz_answers a on a.session_id = s.id
           where s.channel like :prefix escape '\\' group by s.user_id""", {"prefix": _like_prefix(channel_prefix)})
    board = [Standing(**dict(r)) for r in rows if r["answered"]]
    return sorted(board, key=lambda s: (-s.percent, -s.correct, s.user_id))


def _like_prefix(prefix: str) -> str:
    """A LIKE pattern matching what starts with `prefix` (its own % and _ taken literally)."""
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def quiz_report(state: StateDB, limit: int = 10) -> QuizReport:
    """Return each person's accuracy by family and kind, and the codes the team misses most."""
    people = [Accuracy(**r) for r in state.rows(
        """select user_id, coalesce(family, '') as family, kind, count(*) as answered, sum(correct) as correct
           from quiz_answers group by user_id, family, kind order by user_id, family, kind""")]
    asked, missed = Counter(), Counter()
    for codes, correct in (tuple(r.values()) for r in state.rows("select code, correct from quiz_answers")):
        for code in filter(None, (codes or "").split(",")):
            asked[code] += 1
            missed[code] += not correct
    worst = sorted((c for c in missed if missed[c]), key=lambda c: (-missed[c], -missed[c] / asked[c], c))
    return QuizReport(people=people, missed=[Missed(c, missed[c], asked[c]) for c in worst[:limit]])
