"""make_quiz: a seeded mix of question kinds from the knowledge, for one family or all of them."""

from __future__ import annotations

import logging
import random
from collections import Counter
from collections.abc import Callable

from bot.kb.store import KnowledgeBase
from bot.codesets import default_codesets
from bot.engine import dxfacts
from bot.quiz import codes, icd, scenario, together, units
from bot.quiz.model import Question, Quiz, UnknownFamily

log = logging.getLogger(__name__)

Maker = Callable[[KnowledgeBase, str, random.Random], Question | None]
KINDS: dict[str, Maker] = {
    "which_code": codes.which_code,
    "what_code": codes.what_code,
    "scenario": scenario.scenario,
    "pair": together.pair,
    "add_on_primary": codes.add_on_primary,
    "changes": codes.changes,
    "units": units.units,
}
ATTEMPTS_PER_QUESTION = 12  # a small family runs out of new questions; stop trying rather than loop
PATIENCE = 240  # attempts in a row that find nothing new: the family has run out, so stop looking
MAX_STEM_REPEATS = 3  # one wording ("Which of these changed for PIN in 2026?") at most this often per quiz


def resolve_family(kb: KnowledgeBase, family: str | None) -> str | None:
    """Return the family id for a name or id in any case; raise UnknownFamily naming the known ones."""
    if family is None or family == "":
        return None
    for fam in kb.families.values():
        if family.lower() in (fam.id.lower(), fam.name.lower(), *(a.lower() for a in fam.aliases)):
            return fam.id
    raise UnknownFamily(f"No family {family!r}; known: {', '.join(sorted(kb.families))}.")


def _topic(question: Question) -> tuple:
    """What a question is about, so one quiz never asks the same thing twice in other words."""
    subjects = question.codes or tuple(str(question.facts[k]) for k in ("left", "right") if k in question.facts)
    if question.kind == "scenario" or not subjects:
        return (question.kind, question.id)
    return (question.kind, frozenset(subjects))


def make_quiz(kb: KnowledgeBase, family: str | None = None, n: int = 10, seed: int = 0) -> Quiz:
    """Return n questions (fewer if the knowledge runs out), the same for the same knowledge, family, n and seed."""
    if icd.is_icd_family(family):  # "--family icd-10-cm": generated from the code-set database's tabular
        reader = default_codesets()
        release = reader.release(dxfacts.today())
        return icd.make_icd_quiz(reader, release, n, seed, kb.version)
    fam = resolve_family(kb, family)
    families = [fam] if fam else sorted(kb.families)
    kinds = list(KINDS)
    random.Random(f"kinds:{seed}").shuffle(kinds)
    questions: list[Question] = []
    seen: set[tuple] = set()
    stems: Counter[str] = Counter()
    last_new = 0
    for attempt in range(max(0, n) * ATTEMPTS_PER_QUESTION):
        if len(questions) >= n or attempt - last_new > PATIENCE:
            break
        rng = random.Random(f"{seed}:{fam}:{attempt}")
        kind = kinds[attempt % len(kinds)]
        question = KINDS[kind](kb, rng.choice(families), rng)
        if question is None or stems[question.prompt] >= MAX_STEM_REPEATS:
            continue
        keys = {_topic(question), (question.prompt, question.key_text)}  # the same stem and answer is a repeat
        if not keys & seen:
            seen |= keys
            stems[question.prompt] += 1
            questions.append(question)
            last_new = attempt
    if len(questions) < n:
        log.info("quiz %s seed %s: only %d of %d distinct questions", fam, seed, len(questions), n)
    return Quiz(family=fam, seed=seed, n=n, questions=tuple(questions), knowledge_version=kb.version)
