"""Minutes told with care-management work ("23 min was care plan / specialist coordination") beside several named
programs: tied to the one named program made for that work (a family whose minute ladders require chronic
conditions), so each program bills its own time. The work words are vocabulary care_management_cues."""

from __future__ import annotations

import dataclasses
import re

from bot.engine.phrases import PhraseSet, tokens
from bot.engine.scenario import Scenario
from bot.kb.store import KnowledgeBase

_REACH = 60  # characters after the minutes that may still say what they were spent on
_LEAD_WORDS = 3  # plain words between the minutes and the work words ("was", "spent on", "of the")
_STOP = re.compile(r"\d|[.;?!,]\s|\s(?:and|but|plus|then)\s")


def _care_family(kb: KnowledgeBase, fam: str) -> bool:
    """Whether a family's minute ladders require chronic conditions (a care-management program)."""
    return any(t.basis == "minutes" and any(c in kb.codes and "chronic_conditions" in kb.codes[c].rule.requires
                                            for c in t.codes) for t in kb.family_tracks(fam))


def tie_care_work(kb: KnowledgeBase, sc: Scenario, families: list[str]) -> None:
    """Tie each loose minutes figure whose own words name care-management work to the one named care program."""
    care = [f for f in families if f in kb.families and _care_family(kb, f)]
    if len(care) != 1 or len(families) < 2:
        return
    cues = PhraseSet(kb.vocabulary.get("care_management_cues", []))
    for n, f in enumerate(sc.facts):
        if f.kind != "minutes" or f.family or f.code:
            continue
        after = sc.text[f.at + len(f.words):f.at + len(f.words) + _REACH]
        stop = _STOP.search(after)
        words = re.findall(r"[a-z][a-z'-]*", (after[:stop.start()] if stop else after).lower())
        if any(i <= _LEAD_WORDS for i, _p in cues.find(words)):
            sc.facts[n] = dataclasses.replace(f, family=care[0])



_BACK = 45  # characters before the minutes that may still name the work ("did the 2-business-day call (15 min)")
_BACK_STOP = re.compile(r".*(?:[.;?!,]\s|\s(?:and|but|plus|then)\s)", re.S)
_AFTER_STOP = re.compile(r"[.;?!,]\s|\s(?:but|plus|then)\s")  # a digit may be the work's own ("the 2-business-day call")


def tie_family_work(voc: dict, sc: Scenario, families: set[str]) -> None:
    """Minutes told as one named program's own required work ("the 2-business-day TCM call and med rec for the TCM")
    beside another named program are that program's (vocabulary family_work): another ladder never counts them; a
    share of another figure comes off it, time told on its own is left out and nothing comes off."""
    work = {fam: PhraseSet(words) for fam, words in (voc.get("family_work") or {}).items() if fam in families}
    if not work or len(families) < 2:
        return
    for n, f in enumerate(sc.facts):
        if f.kind != "minutes" or f.family or f.code or f.role not in ("spent", "additional", "call", "part", "portion"):
            continue
        if any(phrases.any(tokens(side)) for side in _near(sc, f) for phrases in work.values()):
            fam = next(fam for fam, phrases in work.items() if any(phrases.any(tokens(side)) for side in _near(sc, f)))
            sc.facts[n] = dataclasses.replace(f, family=fam, role="elsewhere" if f.role in ("part", "portion") else "apart")


def _near(sc: Scenario, f) -> list[str]:
    """The words of the minutes' own clause: back to the figure or clause before, on to the clause's end."""
    start = max([f.at - _BACK, 0] + [m.at + len(m.words) for m in sc.of("minutes") if m.at < f.at])
    before = sc.text[start:f.at]
    cut = _BACK_STOP.match(before)
    after = sc.text[f.at + len(f.words):f.at + len(f.words) + _REACH]
    stop = _AFTER_STOP.search(after)
    return [before[cut.end():] if cut else before, after[:stop.start()] if stop else after]
