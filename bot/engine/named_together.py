"""named_together: the codes and services one asking sentence names together, and the families that leaves."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.engine.asking import ASKING
from bot.engine.patterns import lazy
from bot.engine.phrases import tokens

if TYPE_CHECKING:
    from bot.engine.parse import Vocabulary
    from bot.engine.scenario import Scenario

# "can Dr. P bill the new add-on X with the Y in the same month?": two codes named, asked together for one period
_NAMED_TOGETHER = lazy(r"\b(?:bill|report|claim)\s+(?:the\s+|a\s+|an\s+)?(?:[a-z-]+\s+){0,5}?(\w{5})(?:\s+add-?on)?\s*(?:and|\+|&|with)\s*"
                       r"(?:the\s+|a\s+|an\s+)?(\w{5})\s+(?:(?:in|for)\s+)?(?:the\s+)?same\s+(?:month|calendar\s+month|period)"
                       r"\b[^.?!]*\?", re.I)

def named_together(text: str, codes: list[str]) -> list[str]:
    """The two codes one asking sentence names together for one period ("bill the add-on X with Y in the same month?")."""
    named = _NAMED_TOGETHER().search(text)
    pair = [c.upper() for c in named.groups()] if named else []
    return pair if len(set(pair) & set(codes)) == 2 else []


def only_named_together(text: str, codes: list[str], families: list[str], family_of: dict) -> list[str]:
    """The families left subjects when one asking sentence pairs two codes: theirs, not a program the story names."""
    asked = named_together(text, codes)
    return [f for f in families if f in {family_of.get(c) for c in asked}] if asked else families


# "drop to G2214, or can 99493 still be reported?", "is it 99457 or do we stay on 99458?": two codes joined by "or"
# in one asking sentence, alternatives of each other
_OR_BETWEEN = lazy(r"\b([a-z]?\d{4}[a-z\d]?)\b[^.?!\n]{0,40}?\bor\b[^.?!\n]{0,40}?\b([a-z]?\d{4}[a-z\d]?)\b[^.?!\n]*\?", re.I)


def alternatives_asked(text: str, codes: list[str], family_of: dict) -> bool:
    """Whether one asking sentence offers two codes of one family as alternatives ("X, or can Y still go out?")."""
    for m in _OR_BETWEEN().finditer(text):
        a, b = (c.upper() for c in m.groups())
        if a != b and {a, b} <= set(codes) and family_of.get(a) and family_of.get(a) == family_of.get(b):
            return True
    return False


_BILL_VERBS = {"bill", "billed", "report", "reported", "submit", "submitted", "claim"}


def names_two_asked(voc: "Vocabulary", sc: "Scenario", codes: list[str]) -> bool:
    """"Can we bill CHI and CCM in the same month?", "can the PCP bill the referral code and the consultant bill the consult code?": one
    question names two services of different programs joined by "and" beside a bill verb, whatever minutes it gives."""
    for asked in ASKING().findall(sc.text):
        words = tokens(asked)
        if not _BILL_VERBS & set(words) or {"or", "which"} & set(words) or not {"and", "+", "&", "plus", "with"} & set(words) \
                or voc.intents["compare"].any(words):  # "the difference between A and B, and which one ...?"
            continue
        named = {voc.code_family.get(c) for c in codes if c.lower() in words} - {None, ""}
        named |= {voc.family_of.get(phrase) for _, phrase in voc.family_pattern.find(words)} - {None}
        # "the PCP bill (code) and the consultant bill (code)": each party bills its own code (one program's two sides)
        own = {w for k, w in enumerate(words[1:], 1) if words[k - 1] in _BILL_VERBS and w.upper() in codes}
        if len(named) >= 2 or len(own) >= 2:
            return True
    return False
