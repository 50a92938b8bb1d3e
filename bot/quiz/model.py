"""Quiz value types: Question, Quiz, and grading a reply against a question's key."""

from __future__ import annotations

import dataclasses
import hashlib
import random
from dataclasses import dataclass, field
from typing import Any

LETTERS = "ABCDEFGH"
KIND_LABELS = {
    "which_code": "Which code is this?",
    "what_code": "What is this code?",
    "scenario": "What do you report?",
    "pair": "May these be billed together?",
    "add_on_primary": "Which code does this add-on go with?",
    "changes": "What changed this year?",
    "units": "How many units?",
    "icd_billable": "Billable, or a header?",
    "icd_seventh": "Which 7th character?",
    "icd_excludes": "May these diagnoses be coded together?",
}
DIFFICULTIES = ("easy", "medium", "hard")


class UnknownFamily(ValueError):
    """The family asked for is not in the knowledge."""


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer option while a question is being built: shown text, machine value, why it is wrong."""

    text: str
    value: Any
    note: str = ""
    key: bool = False


@dataclass(frozen=True, slots=True)
class Question:
    """One generated question with its choices, the index of the right one, and where the facts come from."""

    id: str
    kind: str
    family: str
    difficulty: str
    prompt: str
    choices: tuple[str, ...]
    key: int
    explanation: str
    source_ids: tuple[str, ...]
    codes: tuple[str, ...] = ()
    values: tuple[Any, ...] = ()
    notes: tuple[str, ...] = ()
    facts: dict = field(default_factory=dict)

    @property
    def key_text(self) -> str:
        """Return the text of the right choice."""
        return self.choices[self.key]

    @property
    def key_letter(self) -> str:
        """Return the letter of the right choice (A, B, ...)."""
        return LETTERS[self.key]

    def to_dict(self) -> dict:
        """Return the question as plain data for templates, with lettered choices."""
        data = dataclasses.asdict(self)
        data["values"] = [repr(v) for v in self.values]
        data["kind_label"] = KIND_LABELS.get(self.kind, self.kind)
        data["key_letter"], data["key_text"] = self.key_letter, self.key_text
        data["lettered"] = [{"letter": LETTERS[i], "text": t, "note": self.notes[i] if self.notes else ""}
                            for i, t in enumerate(self.choices)]
        return data


@dataclass(frozen=True, slots=True)
class Quiz:
    """A reproducible set of questions: the same knowledge, family, n and seed give the same quiz."""

    family: str | None
    seed: int
    n: int
    questions: tuple[Question, ...]
    knowledge_version: str = ""


def choice_index(question: Question, reply: int | str) -> int | None:
    """Return the choice index a reply names (an index, a letter, or the choice text), or None."""
    if isinstance(reply, bool):
        return None
    if isinstance(reply, int):
        return reply if 0 <= reply < len(question.choices) else None
    text = reply.strip()
    if len(text) == 1 and text.upper() in LETTERS[:len(question.choices)]:
        return LETTERS.index(text.upper())
    lowered = [c.lower() for c in question.choices]
    return lowered.index(text.lower()) if text.lower() in lowered else None


def grade(question: Question, choice: int | str) -> bool:
    """Return True when the reply names the question's key."""
    return choice_index(question, choice) == question.key


def question_id(kind: str, family: str, prompt: str, choices: list[str]) -> str:
    """Return a short stable id from what the question asks and offers."""
    digest = hashlib.sha1("\x1f".join([kind, family, prompt, *choices]).encode()).hexdigest()
    return f"{family.lower()}-{kind}-{digest[:8]}"


def build_question(rng: random.Random, *, kind: str, family: str, difficulty: str, prompt: str,
                   choices: list[Choice], explanation: str, source_ids: list[str], codes: list[str],
                   facts: dict | None = None, shuffle: bool = True) -> Question:
    """Return a Question from choices (exactly one marked key), shuffled by rng unless told not to."""
    if sum(c.key for c in choices) != 1 or len({c.text for c in choices}) != len(choices):
        raise ValueError(f"{kind}: need one key and distinct choices, got {[c.text for c in choices]}")
    order = list(choices)
    if shuffle:
        rng.shuffle(order)
    texts = [c.text for c in order]
    return Question(
        id=question_id(kind, family, prompt, texts), kind=kind, family=family, difficulty=difficulty,
        prompt=prompt, choices=tuple(texts), key=next(i for i, c in enumerate(order) if c.key),
        explanation=explanation, source_ids=tuple(dict.fromkeys(s for s in source_ids if s)),
        codes=tuple(dict.fromkeys(codes)), values=tuple(c.value for c in order),
        notes=tuple(c.note for c in order), facts=dict(facts or {}),
    )
