"""quiz: training quizzes generated from the knowledge and graded by the same rules engine that answers questions; imports engine, kb, render and state, never a channel or a command."""

from bot.quiz.make import KINDS, make_quiz, resolve_family
from bot.quiz.model import LETTERS, Question, Quiz, UnknownFamily, choice_index, grade

__all__ = ["KINDS", "LETTERS", "Question", "Quiz", "UnknownFamily", "choice_index", "grade", "make_quiz",
           "resolve_family"]
