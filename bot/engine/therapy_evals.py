"""A therapy evaluation told in words apart from its discipline ("the PT did a re-evaluation", "initial evaluation
of moderate complexity") is rewritten into the evaluation's own alias ("pt re-eval", "pt eval moderate") when the
question names exactly one discipline. Words are in vocabulary.yaml therapy_eval_words."""

from __future__ import annotations

import re

from bot.engine.phrases import PhraseSet, tokens
from bot.kb.store import KnowledgeBase


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in sorted(words, key=len, reverse=True))


def _patterns(kb: KnowledgeBase) -> tuple[dict[str, PhraseSet], list[tuple[re.Pattern[str], str]]]:
    cached = kb.cache.get("therapy_eval_words")
    if cached is None:
        voc = kb.vocabulary.get("therapy_eval_words") or {}
        disc = {str(d): PhraseSet(w) for d, w in (voc.get("disciplines") or {}).items()}
        names = _alt([w for ws in (voc.get("disciplines") or {}).values() for w in ws])
        lead = rf"(?:\b(?:{names})(?:'s)?\s+)?" if names else ""
        levels, ev = _alt(voc.get("levels") or []), _alt(voc.get("evaluation") or [])
        re_ev = _alt(voc.get("re_evaluation") or [])
        found = []
        if levels and ev:
            found.append((re.compile(rf"{lead}\b(?:{ev})\s+(?:of\s+)?(?:an?\s+)?({levels})\b(?:[\s-]+complexity)?"),
                          "{d} eval {level}"))
            found.append((re.compile(rf"\b({levels})[\s-]+complexity\s+{lead}(?:{ev})\b"), "{d} eval {level}"))
            # "eval today, low complexity", "evaluation (moderate complexity)": the level told a few words on
            found.append((re.compile(rf"{lead}\b(?:{ev})\b[\s,:(-]+(?:(?:was|is|today|done|of)[\s,:(-]+){{0,2}}({levels})"
                                     rf"[\s-]+complexity\b"), "{d} eval {level}"))
        if re_ev:
            found.append((re.compile(rf"{lead}\b(?:{re_ev})(?![\w-])"), "{d} re-eval"))
        cached = kb.cache.setdefault("therapy_eval_words", (disc, found))
    return cached


def with_discipline(low: str, kb: KnowledgeBase) -> str:
    """The text with each discipline-less evaluation phrase written as the named discipline's evaluation."""
    disc, found = _patterns(kb)
    words = tokens(low)
    named = [d for d, phrases in disc.items() if phrases.any(words)]
    if len(named) != 1 or not found:
        return low
    for pattern, form in found:
        low = pattern.sub(lambda m: " " + form.format(d=named[0], level=m.group(1) if m.groups() else "") + " ", low)
    return low


def requirement_met(kb: KnowledgeBase, sc, code: str) -> bool:
    """Whether the story leaves an untimed service's requirement met ("routine progress note" fails a re-evaluation's)."""
    from bot.engine import criteria  # noqa: PLC0415

    c = kb.codes.get(code)
    if sc is None or c is None or not c.rule.requires:
        return True
    return all(check.met is not False for check in criteria.check_all(kb.meta, sc, c.rule.requires))


def unmet_note(kb: KnowledgeBase, codes: list[str]) -> str:
    """Why the services whose requirement the story fails get no line."""
    from bot.engine import criteria  # noqa: PLC0415

    why = [criteria.criterion_text(kb.meta, n, v) for c in codes for n, v in kb.codes[c].rule.requires.items()]
    return (f"Not billed: {', '.join(codes)}. Its rule requires: {' '.join(why)} A routine "
            "progress report is part of the treatment visit, not a billable re-evaluation.")
