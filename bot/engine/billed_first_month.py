"""A first-month code billed in an earlier month ("we billed the first-month CoCM code in January; in February the
care manager did 70 minutes"): the month asked about is a later one of the episode, so that code is not billed again."""

from __future__ import annotations

import re

from bot.engine.scenario import COUNTED_MINUTES, Fact, Scenario
from bot.kb.store import KnowledgeBase

_NEAR = 40  # characters around the billed code in which its month is told ("billed the first-month code in January")


def later_after_billed_first(kb: KnowledgeBase, sc: Scenario | None) -> Scenario | None:
    """Add an episode_month "later" fact when a code whose rule needs the first month of the episode was billed in
    another calendar month than the minutes told (or "last month"); nothing when the month of the episode is told.
    Returns the scenario."""
    if sc is None or sc.of("episode_month") or sc.of("episode_break"):
        return sc
    months, earlier = _month_words(kb)
    counted = [f for f in sc.of("minutes") if f.role in COUNTED_MINUTES]
    latest = months.get(str(counted[-1].when or "").lower()) if counted else _last_month_named(sc.text, months)
    for fact in sc.of("code", "billed"):
        if not _first_only(kb, str(fact.value)):
            continue
        told = _month_told(sc.text, fact.at, len(fact.words), months, earlier)
        if told == -1 or (told and latest and told != latest):
            sc.add(Fact("episode_month", "later", fact.words, fact.at, role="episode_month"))
            break
    return sc


def _month_words(kb: KnowledgeBase) -> tuple[dict[str, int], set[str]]:
    """The vocabulary's month names (to their number) and its words for the month before, read once per knowledge."""
    cached = kb.cache.get("billed_first_month_words")
    if cached is None:
        voc = kb.vocabulary
        cached = kb.cache.setdefault("billed_first_month_words", (
            {str(k).lower(): int(v) for k, v in (voc.get("months") or {}).items()},
            {str(k).lower() for k, v in (voc.get("relative_months") or {}).items() if int(v) == -1}))
    return cached


def _first_only(kb: KnowledgeBase, code: str) -> bool:
    """Whether the code is billed only in the first month of an episode (its rule, or every ladder holding it)."""
    found = kb.codes.get(code)
    if found is None:
        return False
    if (found.rule.requires or {}).get("episode_month") == "first":
        return True
    holding = [t for t in kb.family_tracks(found.family) if code in t.codes]
    return bool(holding) and all(t.requires.get("episode_month") == "first" for t in holding)


def _month_told(text: str, at: int, size: int, months: dict[str, int], earlier: set[str]) -> int:
    """The calendar month told beside the code in its sentence (1-12), -1 for "last month", 0 for none."""
    start = max(text.rfind(".", 0, at), text.rfind("?", 0, at), text.rfind(";", 0, at), at - _NEAR) + 1
    stops = [i for i in (text.find(c, at + size) for c in ".?;") if i >= 0]
    end = min(stops + [at + size + _NEAR])
    near = text[start:end].lower()
    if any(re.search(rf"\b{re.escape(p)}\b", near) for p in earlier):
        return -1
    found = [months[w] for w in re.findall(r"[a-z]+", near) if w in months and w != "may"]
    return found[0] if len(set(found)) == 1 else 0


def _last_month_named(text: str, months: dict[str, int]) -> int | None:
    """The last calendar month the question names ("which add-on for June?"), when no minutes carry one."""
    found = [months[w] for w in re.findall(r"[a-z]+", text.lower()) if w in months and w != "may"]
    return found[-1] if found else None
