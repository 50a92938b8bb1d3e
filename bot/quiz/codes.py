"""Question kinds about single codes: which code is this, what is this code, an add-on's primary, 2026 changes."""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Callable

from bot.engine.facts import describe_rule
from bot.kb.records import Code
from bot.kb.store import KnowledgeBase
from bot.quiz.model import Choice, Question, build_question

CHOICES = 4  # one key and three distractors, as on a certification exam
_CODE_TOKEN = re.compile(r"\b[A-Z]?\d{4,5}\b")


def live_codes(kb: KnowledgeBase, family: str) -> list[Code]:
    """Return the family's active codes that can be billed in the knowledge's current year."""
    return list(_live(kb, family))


@functools.lru_cache(maxsize=256)  # a KnowledgeBase is read-only, so its answers can be kept
def _live(kb: KnowledgeBase, family: str) -> tuple[Code, ...]:
    return tuple(c for c in kb.family_codes(family) if c.status == "active" and kb.exists_in(c, kb.default_year))


def _pick_others(kb: KnowledgeBase, rng: random.Random, key: Code, pool: list[Code], exclude: set[str],
                 label: Callable[[Code], str] = lambda c: c.code, k: int = CHOICES - 1) -> list[Code]:
    """Pick k other codes whose labels differ from the key's and each other's: the key's own track first
    (the hardest), then its family, then other families."""
    track = kb.track_by_code.get(key.code)
    allowed = [c for c in pool if c.code not in exclude and c.code != key.code]
    same = [c for c in allowed if track is not None and c.code in track.codes]
    fam = [c for c in allowed if c.family == key.family and c not in same]
    rest = [c for c in allowed if c.family != key.family]
    picked: list[Code] = []
    labels = {label(key)}
    for group in (same, fam, rest):
        group = list(group)
        rng.shuffle(group)
        for code in group:
            if len(picked) < k and label(code) not in labels:
                labels.add(label(code))
                picked.append(code)
    return picked


@functools.lru_cache(maxsize=16)
def _all_live(kb: KnowledgeBase) -> tuple[Code, ...]:
    return tuple(c for f in sorted(kb.families) for c in _live(kb, f))


def _difficulty(kb: KnowledgeBase, key: Code, others: list[Code]) -> str:
    track = kb.track_by_code.get(key.code)
    if track is not None and any(o.code in track.codes for o in others):
        return "hard"
    return "medium" if any(o.family == key.family for o in others) else "easy"


def _explain(kb: KnowledgeBase, code: Code) -> str:
    return "\n".join([f"{code.code}: {code.title}.", code.summary, *describe_rule(kb, code, kb.default_year)])


def _sources(code: Code) -> list[str]:
    return [*code.sources, code.rule.source]


def which_code(kb: KnowledgeBase, family: str, rng: random.Random) -> Question | None:
    """Describe a code in plain words; the choices are four codes, mostly of the same family."""
    codes = live_codes(kb, family)
    if not codes:
        return None
    key = rng.choice(codes)
    others = _pick_others(kb, rng, key, _all_live(kb), set(), label=lambda c: c.title)
    if not others:
        return None
    summary = key.summary.replace(key.code, "this code")
    choices = [Choice(key.code, key.code, key=True)] + [Choice(o.code, o.code, f"{o.code} is {o.title}.") for o in others]
    return build_question(rng, kind="which_code", family=family, difficulty=_difficulty(kb, key, others),
                          prompt=f"Which code is this? {key.title}. {summary}", choices=choices,
                          explanation=_explain(kb, key), source_ids=_sources(key), codes=[key.code])


def what_code(kb: KnowledgeBase, family: str, rng: random.Random) -> Question | None:
    """Name a code; the choices are four plain-language summaries."""
    codes = live_codes(kb, family)
    if not codes:
        return None
    key = rng.choice(codes)
    others = _pick_others(kb, rng, key, _all_live(kb), set(), label=lambda c: c.summary)
    if not others:
        return None
    choices = [Choice(key.summary, key.code, key=True)] + [Choice(o.summary, o.code, f"That is {o.code}.") for o in others]
    return build_question(rng, kind="what_code", family=family, difficulty=_difficulty(kb, key, others),
                          prompt=f"What is {key.code}?", choices=choices, explanation=_explain(kb, key),
                          source_ids=_sources(key), codes=[key.code])


def add_on_primary(kb: KnowledgeBase, family: str, rng: random.Random) -> Question | None:
    """Name an add-on code; the choices are codes, one of them a primary it is reported with."""
    add_ons = [c for c in live_codes(kb, family) if any(b in kb.codes for b in c.add_on_to)]
    if not add_ons:
        return None
    addon = rng.choice(add_ons)
    key = kb.codes[rng.choice([b for b in addon.add_on_to if b in kb.codes])]
    pool = [c for c in _all_live(kb) if not c.add_on_to]
    others = _pick_others(kb, rng, key, pool, {addon.code, *addon.add_on_to})
    if not others:
        return None
    choices = [Choice(key.code, key.code, key=True)] + [
        Choice(o.code, o.code, f"{addon.code} is not an add-on to {o.code} ({o.title}).") for o in others]
    rules = describe_rule(kb, addon, kb.default_year)
    explanation = "\n".join([f"{addon.code} ({addon.title}) is an add-on to {' or '.join(addon.add_on_to)}.", *rules])
    return build_question(rng, kind="add_on_primary", family=family, difficulty="easy" if len(others) < 2 else "medium",
                          prompt=f"{addon.code} ({addon.title}) is an add-on code. Which primary code is it reported with?",
                          choices=choices, explanation=explanation, source_ids=[*_sources(addon), key.rule.source],
                          codes=[addon.code, key.code])


def changes(kb: KnowledgeBase, family: str, rng: random.Random) -> Question | None:
    """Ask what changed this year: a family's change statement, or which of its codes is new."""
    makers = [_change_statement, _new_code]
    rng.shuffle(makers)
    for make in makers:
        question = make(kb, family, rng)
        if question is not None:
            return question
    return None


def _mentions(text: str) -> set[str]:
    return set(_CODE_TOKEN.findall(text))


def _names_own_family(kb: KnowledgeBase, family: str, text: str) -> bool:
    """True when a change names one of its own family's codes, so it cannot be read as about another family."""
    return bool(_mentions(text) & {c.code for c in kb.family_codes(family)})


def _change_statement(kb: KnowledgeBase, family: str, rng: random.Random) -> Question | None:
    """Key: one of the family's uncontested changes this year; distractors: other families' changes that
    name only other families' codes, so they are false about this family however they are read."""
    year, fam = kb.default_year, kb.families[family]
    keys = [ch for ch in fam.changes if ch.year == year and not ch.contested]
    own_codes = {c.code for c in kb.family_codes(family)}
    names = [family.lower(), fam.name.lower(), *(a.lower() for a in fam.aliases)]
    wrong = sorted({ch.text: ch for f in sorted(kb.families) if f != family for ch in kb.families[f].changes
                    if _names_own_family(kb, f, ch.text) and not _mentions(ch.text) & own_codes
                    and not any(re.search(rf"\b{re.escape(n)}\b", ch.text.lower()) for n in names)}.items())
    if not keys or len(wrong) < CHOICES - 1:
        return None
    key = rng.choice(keys)
    others = rng.sample([ch for _t, ch in wrong], CHOICES - 1)
    choices = [Choice(key.text, key.text, key=True)] + [Choice(o.text, o.text, "That change is about another family.")
                                                        for o in others]
    return build_question(rng, kind="changes", family=family, difficulty="medium",
                          prompt=f"Which of these changed for {fam.name} ({family}) in {year}?", choices=choices,
                          explanation=key.text, source_ids=[key.source],
                          codes=sorted(_mentions(key.text) & own_codes), facts={"year": year})


def _new_code(kb: KnowledgeBase, family: str, rng: random.Random) -> Question | None:
    """Key: a code first billable this year; distractors: the family's codes billable before it."""
    year = kb.default_year
    codes = live_codes(kb, family)
    new = [c for c in codes if c.effective_year == year]
    old = [c for c in codes if c.effective_year < year]
    if not new or len(old) < 2:
        return None
    key = rng.choice(new)
    others = rng.sample(old, min(CHOICES - 1, len(old)))
    choices = [Choice(key.code, key.code, key=True)] + [
        Choice(o.code, o.code, f"{o.code} has been billable since {o.effective_year}.") for o in others]
    return build_question(rng, kind="changes", family=family, difficulty="easy",
                          prompt=f"Which of these {family} codes is new in {year}?", choices=choices,
                          explanation=f"{key.code} ({key.title}) can be billed from {year}.\n{key.summary}",
                          source_ids=_sources(key), codes=[key.code], facts={"year": year})
