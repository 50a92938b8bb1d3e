"""True/false questions: may these two codes (or families) be billed together? Keyed by pair_verdict."""

from __future__ import annotations

import functools
import itertools
import random

from bot.answer import PairVerdict
from bot.kb.store import KnowledgeBase
from bot.engine.pairs import pair_verdict
from bot.quiz.codes import live_codes
from bot.quiz.model import Choice, Question, build_question


def _subject(kb: KnowledgeBase, subject: str) -> str:
    if subject in kb.codes:
        return f"{subject} ({kb.codes[subject].title})"
    return f"{subject} ({kb.families[subject].name})" if subject in kb.families else subject


def _candidates(kb: KnowledgeBase, family: str) -> list[tuple[str, str]]:
    """Pairs a coder meets: linked codes, add-ons with their primaries, rungs of the same ladder, codes of
    different ladders of the family, and family-level pair rules."""
    live = {c.code: c for f in kb.families for c in live_codes(kb, f)}
    own = [c for c in live_codes(kb, family)]
    pairs: list[tuple[str, str]] = []
    for code in own:
        pairs += [(code.code, l.target) for l in kb.links_of(code.code) if l.target in live]
        pairs += [(code.code, b) for b in code.add_on_to if b in live]
    # The family's within-family verdict is about its parts (device with management), billed every month:
    # not about setup or explicit-only codes, nor two ladders of the same role (two device kinds).
    regular = [(c, t) for t in kb.family_tracks(family) if t.when == "always" for c in t.codes if c in live]
    for (a, ta), (b, tb) in itertools.combinations(regular, 2):
        if ta.role != tb.role:
            pairs.append((a, b))
    pairs += [(r.left, r.right) for r in kb.pairs if family in (r.left, r.right)
              and all(x in kb.families or x in live for x in (r.left, r.right))]
    return sorted({tuple(sorted(p)) for p in pairs if p[0] != p[1]})


@functools.lru_cache(maxsize=256)  # the knowledge is read-only; verdicts for a family never change
def _pools(kb: KnowledgeBase, family: str) -> dict[bool, list[PairVerdict]]:
    """Uncontested verdicts with a clear answer, split into allowed and not allowed."""
    pools: dict[bool, list[PairVerdict]] = {True: [], False: []}
    for left, right in _candidates(kb, family):
        result = pair_verdict(kb, left, right)
        if result.verdict.allowed is not None and not result.contested:
            pools[result.verdict.allowed].append(result.verdict)
    return pools


def pair(kb: KnowledgeBase, family: str, rng: random.Random) -> Question | None:
    """Return a true/false question on billing two codes or families together, true and false equally often."""
    pools = _pools(kb, family)
    sides = [side for side in (True, False) if pools[side]]
    if not sides:
        return None
    verdict = rng.choice(pools[rng.choice(sides)])
    left, right = (verdict.left, verdict.right) if rng.random() < 0.5 else (verdict.right, verdict.left)
    where = f" ({verdict.period})" if verdict.period else ""
    prompt = (f"True or false: {_subject(kb, left)} and {_subject(kb, right)} may be billed together "
              f"for the same patient{where}.")
    why = "They may be billed together." if verdict.allowed else "They may not be billed together."
    choices = [Choice("True", True, "" if verdict.allowed else why, key=bool(verdict.allowed)),
               Choice("False", False, "" if not verdict.allowed else why, key=not verdict.allowed)]
    same = all(s in kb.codes and kb.codes[s].family == family for s in (left, right))
    codes = [s for s in (left, right) if s in kb.codes]
    return build_question(rng, kind="pair", family=family, difficulty="hard" if same else "medium", prompt=prompt,
                          choices=choices, explanation=f"{why} {verdict.reason}".strip(),
                          source_ids=list(verdict.source_ids), codes=codes,
                          facts={"left": left, "right": right}, shuffle=False)
