"""Find the place of service a question describes instead of naming: "video visit from her car" -> 10, "long-term
resident, not in a Part A stay" -> 32. Each POS lists the setting words (`cues`) that point to it; a cue with a negation
just before it counts against its POS, and telehealth words keep the choice among the telehealth POS codes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.engine.phrases import PhraseSet, tokens
from bot.kb.store import KnowledgeBase
from bot.engine.patterns import lazy

ASKS_PLACE = re.compile(r"\b(?:pos|place[\s-]of[\s-]service)\b")


def asks_place(ctx) -> bool:
    """ "POS 11 still? does the rate change?": a POS asked beside the pay (the claim-level answer names its rate)."""
    return bool(ASKS_PLACE.search((ctx.raw_text or ctx.q.text).lower()))


_TWO_DIGITS = lazy(r"(?<![\w$.,-])(\d{2})(?![\w%$]|\s*(?:minutes?|mins?|min\b|units?|days?|dollars|years?))")
_FUNCTION_WORDS = {"a", "an", "the", "at", "in", "on", "her", "his", "their", "our", "my", "your"}
_NEGATION_REACH = 3  # "not in a Part A skilled stay": the negator stands up to this many words before the cue
_ENDED_REACH = 2  # "Part A SNF stay ended": words that may stand between a setting cue and the word saying it is over
_SIDE_REACH = 4  # "doc is in our office": whose place a setting word is, read from the words just before it


@dataclass(slots=True)
class PlaceReading:
    """The places the story points to (best first) and the setting words each was read from."""

    places: list[str] = field(default_factory=list)
    because: dict[str, list[str]] = field(default_factory=dict)
    scores: dict[str, int] = field(default_factory=dict)
    telehealth: bool = False

    @property
    def best(self) -> str | None:
        """The one POS the story points to, when no other scores as high."""
        if not self.places:
            return None
        top = self.places[0]
        return top if len(self.places) == 1 or self.scores[top] > self.scores[self.places[1]] else None


def _cues(kb: KnowledgeBase) -> tuple[PhraseSet, dict[str, list[str]], PhraseSet, set[str], tuple[set[str], set[str]]]:
    cached = kb.cache.get("place_cues")
    if cached is None:
        owner: dict[str, list[str]] = {}
        for place in kb.places.values():
            for cue in place.cues:
                owner.setdefault(" ".join(tokens(cue)), []).append(place.code)
        tele = PhraseSet(kb.vocabulary.get("place_words", {}).get("telehealth", []))
        negators = {n.lower() for n in kb.vocabulary.get("interactive", {}).get("negators", [])}
        words = kb.vocabulary.get("place_words", {})
        sides = ({w.lower() for w in words.get("practitioner_side", [])}, {w.lower() for w in words.get("patient_side", [])})
        cached = kb.cache.setdefault("place_cues", (PhraseSet(owner), owner, tele, negators, sides))
    return cached


def _ended(kb: KnowledgeBase, words: list[str], end: int) -> bool:
    """The setting is said to be over just after its cue, at most two words on ("Part A SNF stay ended in March")."""
    cached = kb.cache.get("place_ended")
    if cached is None:
        cached = kb.cache.setdefault("place_ended", PhraseSet(kb.vocabulary.get("place_words", {}).get("ended", [])))
    return any(i <= _ENDED_REACH for i, _p in cached.find(words[end:end + _ENDED_REACH + 3]))


def _practitioners_place(words: list[str], i: int, sides: tuple[set[str], set[str]]) -> bool:
    """A telehealth setting said of the practitioner ("the doc is in our office"), not of the patient."""
    before = words[max(0, i - _SIDE_REACH):i]
    return bool(set(before) & sides[0]) and not set(before) & sides[1]


def numbers_as_places(low: str, kb: KnowledgeBase) -> list[str]:
    """In a question about POS, two-digit numbers that are POS codes ("nursing home POS: 31 or 32?")."""
    if not ASKS_PLACE.search(low):
        return []
    return [n for n in dict.fromkeys(_TWO_DIGITS().findall(low)) if n in kb.places]


def read_setting(low: str, kb: KnowledgeBase) -> PlaceReading:
    """The POS codes whose setting words the question holds, by score; empty when none fits."""
    phrases, owner, tele, negators, sides = _cues(kb)
    words = [w[:-2] if w.endswith("'s") else w for w in tokens(low)]  # "the hospital's main building"
    telehealth = tele.any(words)
    score: dict[str, int] = {}
    because: dict[str, list[str]] = {}
    for i, phrase in phrases.find(words):
        key = " ".join(tokens(phrase))
        negated = bool(set(words[max(0, i - _NEGATION_REACH):i]) & negators) or _ended(kb, words, i + len(tokens(phrase)))
        if telehealth and _practitioners_place(words, i, sides):
            continue
        for code in owner[key]:
            if kb.places[code].telehealth != telehealth:
                continue
            weight = max(1, len([w for w in key.split() if w not in _FUNCTION_WORDS]))  # "at home" weighs as "home"
            score[code] = score.get(code, 0) + (-weight if negated else weight)
            if not negated:
                because.setdefault(code, []).append(phrase)
    ranked = sorted((c for c, v in score.items() if v > 0), key=lambda c: -score[c])
    return PlaceReading(places=ranked, because=because, scores=score, telehealth=telehealth)
