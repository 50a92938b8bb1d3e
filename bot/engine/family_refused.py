"""A family the question names only to say it is not used ("we are NOT using the RTM codes for this", "we don't bill
CCM here"), beside another family it does tell of: the named one is no subject of the bill (vocabulary
program_left_off), and a context alias that names another family's own visit ("the TCM office visit")."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.engine.scenario import Fact, Scenario

_FILLERS = r"(?:(?:our|the|a|an|any|their|her|his|its|your)\s+)*"


@lru_cache(maxsize=8)
def _cue(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """The program_left_off phrases, then fillers, at the end of the text before a family name."""
    if not phrases:
        return None
    alts = "|".join(sorted((re.escape(p.lower()).replace(r"\ ", r"\s+") for p in phrases), key=len, reverse=True))
    return re.compile(rf"(?<![a-z'])(?:{alts})\s+{_FILLERS}$")


def without_refused(sc: Scenario, named: list[Fact], voc: dict) -> list[Fact]:
    """The named family facts without those said not used, when another family the question tells of remains."""
    cue = _cue(tuple(str(p) for p in voc.get("program_left_off") or []))
    if cue is None:
        return named
    refused = [f for f in named if cue.search(sc.text[max(0, f.at - 60):f.at].lower())]
    kept = {f.value for f in sc.of("family")} - {f.value for f in refused}
    return [f for f in named if f not in refused] if refused and kept else without_doubted(sc, named, voc)


_INSTEAD = re.compile(r"^[^.?!]{0,40}?\binstead\b")


def without_doubted(sc: Scenario, named: list[Fact], voc: dict) -> list[Fact]:
    """The only family named, offered as a doubted alternative ("should this go on the RTM codes instead?",
    vocabulary program_doubted) after a case told by another family's cue words: the cued family is the case's."""
    cue = _cue(tuple(str(p) for p in voc.get("program_doubted") or []))
    if cue is None or len({f.value for f in named}) != 1:
        return named
    doubted = [f for f in named if cue.search(sc.text[max(0, f.at - 60):f.at].lower())
               and _INSTEAD.match(sc.text[f.at + len(f.words):].lower())]
    cued = {f.value for f in sc.of("family", "cue") if not f.negated and f.at < min((d.at for d in doubted), default=0)}
    return [] if doubted and len(named) == len(doubted) and cued - {doubted[0].value} else named


def own_visits(named: list[Fact], text: str, context_aliases: set[str]) -> list[Fact]:
    """The family facts less a context alias told right after another family's name ("the TCM office visit", "her
    CCM visit"): that family's own visit, not a second service asked about."""
    def owned(f: Fact) -> bool:
        return " ".join(f.words.lower().split()) in context_aliases and any(
            o.value != f.value and o.at + len(o.words) <= f.at and not text[o.at + len(o.words):f.at].strip(" -")
            for o in named)
    return [f for f in named if not owned(f)]
