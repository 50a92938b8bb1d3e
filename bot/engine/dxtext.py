"""The words of an ICD-10-CM text as the diagnosis search scores them, read once per text: its core and
nonessential words, what it says outside any "without", what it leaves open, and its marks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot.engine.dxlex import FILLER, norm, tokens
from bot.engine.dxnegate import UNMENTIONED, denials, only_denied, undenied
from bot.engine.dxrange import range_spans

CACHED_TEXTS = 1 << 15  # descriptor texts whose word sets are kept
OPTIONAL = re.compile(r"[(\[]([^)\]]*)[)\]]")
UNSPECIFIED = re.compile(r"\b(site not specified|not otherwise specified)\b")
ASSERTED = re.compile(r"\bwith unspecified\b")  # "with unspecified complications" says there are some: no default
AFTER_UNSPECIFIED = re.compile(r"(?<=\w)\W+unspecified ([a-z]+)")  # not a leading "Unspecified X": X is the condition
BEFORE_UNSPECIFIED = re.compile(r"([a-z]+),\s+unspecified(?=,|$)")  # "normal pregnancy, unspecified, first trimester"
AFTER_WITHOUT = re.compile(r"\bwithout (.*?)(?=\s+in\s+remission\b|,?\s+with\b|$)")  # "without behavioral disturbance, psychotic
# disturbance ...": all absent; "without complications in remission": the remission is said of the condition
STRUCTURAL = re.compile(r"\bin (other )?diseases classified elsewhere\b")  # a manifestation code: code first says the rest
NEC = re.compile(r"\bnot elsewhere classified\b")  # the classification's own NEC: says nothing of the condition


def _words(text: str) -> set[str]:
    return {norm(w) for w in tokens(text) if w not in FILLER}


@lru_cache(maxsize=CACHED_TEXTS)
def descriptor_words(text: str) -> frozenset[str]:
    """A descriptor's words, kept: the codes below a header are read again for each header and concept."""
    return frozenset(_words(text))


@lru_cache(maxsize=CACHED_TEXTS)
def core_and_optional(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """A text's words, and those in parentheses or brackets: ICD-10-CM's nonessential modifiers and synonyms,
    which do not change the code ("Chronic systolic (congestive) heart failure")."""
    text = UNSPECIFIED.sub("unspecified", text.lower())
    return frozenset(_words(OPTIONAL.sub(" ", text))), frozenset(_words(" ".join(OPTIONAL.findall(text))))


def all_words(text: str) -> frozenset[str]:
    """A text's core and nonessential words together."""
    core, optional = core_and_optional(text)
    return core | optional


@lru_cache(maxsize=CACHED_TEXTS)
def excused(text: str, said_without: bool = False, defaults: bool = True) -> frozenset[str]:
    """Words a text leaves open on purpose ("unspecified part", "in diseases classified elsewhere"), and what a
    "without ..." lists (when the question says "no", all of it; else each denial to its comma) unless the text says
    the word outside its denials too ("heart ... without heart failure" says heart): not details left ungiven."""
    text = text.lower()
    denied = AFTER_WITHOUT.findall(text) if said_without else denials(text) if defaults else []
    absent = " ".join(only_denied(text, denied, tokens) + [m.group(0) for m in STRUCTURAL.finditer(text)]
                      + NEC.findall(text) + UNMENTIONED.findall(text))
    return frozenset(norm(w) for w in AFTER_UNSPECIFIED.findall(ASSERTED.sub(" ", text)) + tokens(absent))


@lru_cache(maxsize=CACHED_TEXTS)
def held_outside_without(text: str) -> frozenset[str]:
    """A text's words before any "without": what it says is present (a question that says no "no" asks for that)."""
    core, optional = core_and_optional(AFTER_WITHOUT.sub(" ", text.lower()))
    return core | optional


@lru_cache(maxsize=CACHED_TEXTS)
def marks(text: str) -> tuple[bool, bool]:
    """Whether a text asserts "with unspecified ..." and whether it is a manifestation code's."""
    low = text.lower()
    return bool(ASSERTED.search(low)), bool(STRUCTURAL.search(low))


@dataclass(slots=True)
class TextWords:
    """Everything the scoring reads of one text that does not depend on the question, computed once."""

    core: frozenset[str]
    optional: frozenset[str]
    every: frozenset[str]  # core | optional
    outside: frozenset[str]  # held_outside_without
    undenied: frozenset[str]  # the words left once what the text denies is taken out
    asserted: bool
    structural: bool
    unmentioned: bool  # "without mention of", "not specified as": unsaid, the default
    ranges: tuple[tuple[str, int, int], ...] = ()  # range_spans: "stage 1 through stage 4"
    left_open: frozenset[str] = frozenset()  # what the text says is unspecified ("unspecified trimester": trimester)
    ordered: str = ""  # the text's normalised words in order, space-padded (a phrase said in order)
    open_words: dict[tuple[bool, bool], frozenset[str]] = field(default_factory=dict)  # excused, by its flags

    def excused(self, text: str, said_without: bool = False, defaults: bool = True) -> frozenset[str]:
        """excused(text, said_without, defaults), kept per flags."""
        key = (said_without, defaults)
        found = self.open_words.get(key)
        if found is None:
            found = self.open_words[key] = excused(text, said_without, defaults)
        return found


@lru_cache(maxsize=CACHED_TEXTS)
def text_words(text: str) -> TextWords:
    """The question-independent words and marks of one candidate text."""
    core, optional = core_and_optional(text)
    every = core | optional
    asserted, structural = marks(text)
    low = text.lower()
    told = UNSPECIFIED.sub("unspecified", low)  # what core_and_optional reads: when nothing in it is denied, the same words
    plain = undenied(told) == told and UNSPECIFIED.search(told) is None
    return TextWords(core, optional, every, held_outside_without(text) if "without" in low else every,
                     every if plain else all_words(undenied(told)), asserted, structural, bool(UNMENTIONED.search(low)),
                     range_spans(low) if "through" in low else (),
                     frozenset(norm(w) for w in AFTER_UNSPECIFIED.findall(low) + BEFORE_UNSPECIFIED.findall(low))
                     if "unspecified" in low else frozenset(), " " + " ".join(norm(w) for w in tokens(low)) + " ")
