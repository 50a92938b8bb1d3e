"""Read what a question asks of the imported CMS files: units (MUE), payment, a pair, or the code itself; the
modifiers it names; the place words a locality may be read from. Kept here, apart from parse.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.engine.cmswords import meanings
from bot.engine.phrases import PhraseSet, tokens
from bot.engine.patterns import lazy

_ATTACHED = lazy(r"(?<=[0-9A-Za-z]{5})-([0-9A-Za-z]{2})\b")  # a code, a hyphen, a modifier: E0100-RR
_MODIFIER_WORDED = lazy(r"\bmod(?:ifier)?s?\s*[-#:]?\s*([0-9a-zA-Z]{2})\b", re.I)
_MODIFIER_BEFORE = lazy(r"\b([0-9a-zA-Z]{2})\s*-?\s*mod(?:ifier)?s?\b", re.I)  # "the GY modifier"
NOT_MODIFIERS = {"IN", "OF", "AT", "ON", "TO", "IS", "OR", "CO", "NO", "AN", "MY", "BY", "IF", "SO", "DO", "BE", "WE",
                 "UP", "ME", "US", "IT", "AS", "AM", "HE", "OK"}
_PLACE = lazy(r"\b(?:in|for|at|near|around|within)\s+(?:the\s+)?(?!the\b)([A-Za-z][A-Za-z .,'/()-]{1,80})",
              re.I)
_CODE_SHAPE = lazy(r"^[A-Za-z]\d{4}$|^\d{4}[A-Za-z]$|^\d{5}$")


@dataclass(slots=True)
class Asked:
    """What the question wants from the CMS files."""

    codes: list[str]
    kind: str  # units, pay, pair or define
    modifiers: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # phrases that may name a locality, most likely first
    place_in: str = ""  # the first "in <words>" phrase: a place the question clearly names
    facility: bool = False
    national: bool = False
    says_hcpcs: bool = False
    strong_pair: bool = False  # "together", "same day", "both": a pair question, however else it is worded
    words: list[str] = field(default_factory=list)


def _phrases(name: str) -> PhraseSet:
    cache = _phrases.__dict__.setdefault("cache", {})
    if name not in cache:
        cache[name] = PhraseSet(meanings()["words"][name])
    return cache[name]


def modifiers_named(raw: str) -> list[str]:
    """Two-character modifiers the question names: 'modifier RR', 'mod 59', an equipment code with -NU, a code followed by -25."""
    hits = sorted([*_MODIFIER_WORDED().finditer(raw), *_MODIFIER_BEFORE().finditer(raw), *_ATTACHED().finditer(raw)],
                  key=lambda m: m.start(1))
    found = [m.group(1).upper() for m in hits]  # in the question's order
    return list(dict.fromkeys(m for m in found if m not in NOT_MODIFIERS))


def place_phrases(raw: str) -> list[tuple[str, str]]:
    """(preposition, words) after 'in', 'for', 'at' ... that may name a locality, county or state (codes and
    setting words such as 'the office' left out)."""
    skip = {str(w).lower() for w in meanings()["words"]["not_places"]}
    out = []
    for m in _PLACE().finditer(raw):
        words = [w for w in re.split(r"[\s?!]+", m.group(1)) if w and not _CODE_SHAPE().match(w.strip(".,"))]
        if not {w.lower().strip(".,'()") for w in words} - skip:
            continue
        phrase = " ".join(words).strip(" .,")
        if phrase:
            out.append((m.group(0).split()[0].lower(), phrase))
    return out


def _how_much_pay(words: list[str]) -> bool:
    """'how much is a visit in Houston' asks a payment; 'how much time does it need' does not."""
    not_pay = {str(w) for w in meanings()["words"]["how_much_not"]}
    return any(words[i:i + 2] == ["how", "much"] and (words[i + 2:i + 3] or [""])[0] not in not_pay
               for i in range(len(words)))


def _kind(words: list[str], codes: list[str], intent: str, minutes: int | None, days: int | None = None) -> str:
    skip = {i + k for i, p in _phrases("units_not").find(words) for k in range(len(tokens(p)))}  # a count per period
    units = _phrases("units").any([w for i, w in enumerate(words) if i not in skip]) and minutes is None
    # "25 min ... X pays more, which one?", "a blog says every device code pays the same; 18 days: which code?": the
    # lines the minutes or data days earn show the amounts
    billed_time = (minutes is not None or days is not None) and intent == "bill"
    pay = (_phrases("pay").any(words) or _how_much_pay(words)) and not billed_time \
        and not _phrases("modifier_asked").any(words)
    pair = len(codes) >= 2 and (intent == "pair" or _phrases("pair").any(words))
    return "pay" if pay and not units and not (pair and intent == "pair") else \
        "units" if units else "pair" if pair else "define"


def asked_kind(raw: str, codes: list[str], intent: str, minutes: int | None, days: int | None = None) -> str:
    """What is asked (units, pay, pair or define) without the rest of `read` (modifiers, places)."""
    return _kind(tokens(raw), codes, intent, minutes, days)


def read(raw: str, codes: list[str], intent: str, minutes: int | None, days: int | None = None) -> Asked:
    """What is asked, from the clean question text (before spelling correction) and the parsed codes, intent,
    minutes and data days."""
    words = tokens(raw)
    kind = _kind(words, codes, intent, minutes, days)
    places = place_phrases(raw)
    if kind == "pay" and not places:  # "99213 rate Harris county": no preposition, so the whole question is read
        places = [("", " ".join(w for w in re.split(r"\s+", raw) if not _CODE_SHAPE().match(w.strip(".,?!"))))]
    return Asked(codes=codes, kind=kind, modifiers=modifiers_named(raw), places=[p for _w, p in places],
                 place_in=next((p for w, p in places if w == "in"), ""),
                 facility=_phrases("facility").any(words), national=_phrases("national").any(words),
                 says_hcpcs=_phrases("hcpcs").any(words), strong_pair=_phrases("pair_strong").any(words), words=words)


def asks_mue(raw: str) -> bool:
    """The question names the MUE itself ("what is the MUE for X?")."""
    return _phrases("mue").any(tokens(raw))
