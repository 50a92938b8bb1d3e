"""parse_question: intent, codes, minutes, data days, interaction, families and hints from clean text."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from bot.kb.store import KnowledgeBase
from bot.engine.phrases import PhraseSet, tokens

_CODE = re.compile(r"(?<![\w$.])([A-Za-z]\d{4}|\d{4}[A-Za-z]|\d{5})(?![\w])")
_NEAR_CODE = re.compile(r"(?<![\w$.])([A-Za-z]\d{3,5}|\d{4}|\d{6})(?![\w])")
# (?<!\d) keeps the same leftmost matches and makes the _MINUTES and _DAYS scans linear: without it a long
# digit run is rescanned from every digit (1,999 digits took 0.5 s).
_MINUTES = re.compile(r"(?<!\d)(\d+(?:\.\d+)?)\s*(?:-|\+)?\s*(?:or more\s+)?(minutes?|mins?|m\b|hours?|hrs?|h\b|h(?=\d))", re.I)
_AN_HOUR = re.compile(r"\b(an|one) hour\b", re.I)
_HALF_HOUR = re.compile(r"\bhalf an hour\b", re.I)
_AN_HOUR_AND_HALF = re.compile(r"\b(an|one|1) hour and a half\b|\b(one|1) and a half hours?\b", re.I)
_JOINER = re.compile(r"[\s,]*(and)?[\s,]*", re.I)  # what may stand between "1 hour" and "15 minutes"
_DAYS = re.compile(r"(?<!\d)(\d+)\s*(?:\+\s*|or more\s+|\s*)(?:data\s+|reading\s+|monitoring\s+|transmission\s+)?days?\b(?!\s*(?:period|window))", re.I)
_PERIOD_BEFORE = re.compile(r"(same|per|every|each|within|in a|in the|a|within the)\s*$", re.I)
_YEAR = re.compile(r"\b(20[1-3]\d)\b")
_WORD = re.compile(r"[a-z0-9][a-z0-9'+-]*")
MIN_TYPO_WORD = 5  # shorter words are too easy to "correct" into another word
TYPO_CUTOFF = 85  # rapidfuzz ratio: one dropped or swapped letter in a 6+ letter word scores about 90


@dataclass(frozen=True, slots=True)
class Question:
    """What the parser understood from one question."""

    text: str
    intent: str
    codes: list[str] = field(default_factory=list)
    near_codes: list[str] = field(default_factory=list)
    families: list[str] = field(default_factory=list)
    minutes: int | None = None
    days: int | None = None
    interactive: bool | None = None
    year: int | None = None
    setup: bool = False
    changes: bool = False
    repeat: bool = False
    add_on_of: bool = False
    primary_of: bool = False
    different_practitioner: bool = False
    asynchronous: bool = False
    roles: list[str] = field(default_factory=list)
    variant: str | None = None
    words: list[str] = field(default_factory=list)


class Vocabulary:
    """Phrase lists from knowledge/vocabulary.yaml and the family aliases, compiled once."""

    def __init__(self, kb: KnowledgeBase) -> None:
        voc = kb.vocabulary
        self.intents = {k: PhraseSet(v) for k, v in voc.get("intents", {}).items()}
        inter = voc.get("interactive", {})
        self.interactive = PhraseSet(inter.get("positive", []))
        self.negators = {n.lower() for n in inter.get("negators", [])}
        self.asynchronous = PhraseSet(inter.get("asynchronous", []))
        self.failed = PhraseSet(inter.get("failed", []))
        self.fillers = {f.lower() for f in inter.get("fillers", [])}
        self.setup = PhraseSet(voc.get("setup_words", []))
        self.roles = {k: PhraseSet(v) for k, v in voc.get("role_words", {}).items()}
        self.variants = {k: PhraseSet(v) for k, v in voc.get("variant_words", {}).items()}
        self.stopwords = {w.lower() for w in voc.get("stopwords", [])}
        self.numbers = {str(k).lower(): int(v) for k, v in voc.get("number_words", {}).items()}
        self.targets, self.known = _word_lists(kb, voc)
        self.hints = PhraseSet(h for t in kb.tracks for h in t.hints)
        words = "|".join(sorted(self.numbers, key=len, reverse=True)) or "(?!)"
        self.number_pattern = re.compile(rf"\b({words})(?:[\s-]+({words}))?\b", re.I)
        self.family_of = {a: t for a, (kind, t) in kb.aliases.items() if kind == "family"}
        self.family_pattern = PhraseSet(self.family_of)
        self.family_words = {w for alias in self.family_of for w in _WORD.findall(alias)}


def _words_of(texts) -> set[str]:
    return {w for t in texts for w in re.findall(r"[a-z]+", str(t).lower()) if len(w) >= MIN_TYPO_WORD}


def _word_lists(kb: KnowledgeBase, voc: dict) -> tuple[list[str], set[str]]:
    """Words a misspelling may be corrected to (vocabulary, hints, aliases, titles), and all known words."""
    phrases = [p for group in ("intents", "role_words", "variant_words") for ps in voc.get(group, {}).values() for p in ps]
    phrases += voc.get("interactive", {}).get("positive", []) + voc.get("setup_words", [])
    phrases += [h for t in kb.tracks for h in t.hints] + list(kb.aliases)
    phrases += [c.title for c in kb.codes.values()] + [f.name for f in kb.families.values()]
    targets = _words_of(phrases)
    known = targets | _words_of(c.summary for c in kb.codes.values()) | _words_of(voc.get("stopwords", []))
    return sorted(targets), known


def _correct(low: str, voc: Vocabulary) -> str:
    """Fix misspelt knowledge words ("maagement" -> "management"); other words are left alone."""
    unknown = {w for w in re.findall(r"[a-z]+", low) if len(w) >= MIN_TYPO_WORD and w not in voc.known}
    if not unknown:
        return low
    from rapidfuzz import fuzz, process  # only when a long word is unknown

    for word in unknown:
        best = process.extractOne(word, voc.targets, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        if best:
            low = re.sub(rf"\b{word}\b", best[0], low)
    return low


def _cue(voc: Vocabulary, name: str, words: list[str]) -> bool:
    phrases = voc.intents.get(name)
    return phrases is not None and phrases.any(words)


def _digits(text: str, voc: Vocabulary) -> str:
    """Turn number words into digits ("forty-five" -> "45") so minutes and days read the same either way."""
    def value(m: re.Match) -> str:
        first, second = voc.numbers[m.group(1).lower()], m.group(2)
        if second and first >= 20 and first % 10 == 0 and voc.numbers[second.lower()] < 10:
            return str(first + voc.numbers[second.lower()])
        return str(first) + (f" {voc.numbers[second.lower()]}" if second else "")
    return voc.number_pattern.sub(value, text)


def _minutes(text: str) -> int | None:
    """The first time span, in minutes; "1 hr 15 min" and "an hour and a half" count as one span."""
    text = _AN_HOUR_AND_HALF.sub("90 minutes", _HALF_HOUR.sub("30 minutes", text))
    text = _AN_HOUR.sub("1 hour", text)
    spans = list(_MINUTES.finditer(text))
    if not spans:
        return None
    first, value = spans[0], float(spans[0].group(1))
    total = value * 60 if first.group(2).lower().startswith("h") else value
    if first.group(2).lower().startswith("h") and len(spans) > 1 and not spans[1].group(2).lower().startswith("h") \
            and _JOINER.fullmatch(text[first.end():spans[1].start()]):
        total += float(spans[1].group(1))
    return round(total) if math.isfinite(total) else None  # a 309-digit number is float infinity


def _days(text: str) -> int | None:
    for m in _DAYS.finditer(text):
        if not _PERIOD_BEFORE.search(text[: m.start()]):
            return int(m.group(1))
    return None


def _interactive(words: list[str], voc: Vocabulary) -> bool | None:
    """True if a call or visit took place; False if negated ("no call"), unanswered or only asynchronous; else None."""
    found_yes = found_no = False
    for start, _phrase in voc.interactive.find(words):
        before = words[max(0, start - 6):start]
        while before and before[-1] in voc.fillers:
            before.pop()
        negated = any(w in voc.negators for w in before[-2:])
        found_no |= negated
        found_yes |= not negated
    if found_no or voc.failed.any(words) or (not found_yes and voc.asynchronous.any(words)):
        return False
    return True if found_yes else None


def _families(words: list[str], voc: Vocabulary) -> list[str]:
    return list(dict.fromkeys(voc.family_of[phrase.lower()] for _i, phrase in voc.family_pattern.find(words)))


def _intent(words: list[str], voc: Vocabulary, subjects: int, has_codes: bool, numbers: bool, setup: bool,
            facets: bool, extra_words: bool = False) -> str:
    cue = {name: phrases.any(words) for name, phrases in voc.intents.items()}
    if subjects >= 2 and (cue.get("compare") or (cue.get("compare_weak") and not numbers)):
        return "compare"
    if subjects >= 2 and numbers and cue.get("compare_weak"):
        return "bill"  # "98977 or 98985 for 12 days": which of them the numbers earn
    if subjects >= 2 and (cue.get("pair") or cue.get("bill") or (cue.get("pair_weak") and not numbers)):
        return "pair"
    if subjects == 1 and has_codes and cue.get("repeat"):
        return "pair"
    if numbers and not (cue.get("search") and not cue.get("bill") and not setup):
        return "bill"
    if numbers:
        return "search"
    if has_codes:
        return "define"
    if subjects and (cue.get("changes") or cue.get("family")):
        return "family"
    if subjects and facets:
        return "search"
    if subjects and (cue.get("define") or cue.get("bill")):
        return "family"
    if subjects:
        return "search" if extra_words else "family"
    if cue.get("help") and len(words) <= 6:
        return "help"
    return "search"


def _extra_words(low: str, voc: Vocabulary) -> bool:
    """Whether the question says more than a family's name ("tcm high complexity" versus "tcm")."""
    words = {w for w in _WORD.findall(low) if w not in voc.stopwords}
    return bool(words - voc.family_words)


def parse_question(text: str, voc: Vocabulary) -> Question:
    """Parse clean question text (see clean.clean_text) into a Question."""
    low = _correct(text.lower(), voc)
    words = tokens(low)
    codes = list(dict.fromkeys(c.upper() for c in _CODE.findall(text) if not _YEAR.fullmatch(c)))
    near = [c.upper() for c in _NEAR_CODE.findall(text) if not _YEAR.fullmatch(c) and c.upper() not in codes]
    families = _families(words, voc)
    numeric = _digits(low, voc)
    minutes, days = _minutes(numeric), _days(numeric)
    year = next((int(y) for y in _YEAR.findall(text)), None)
    setup = voc.setup.any(words)
    roles = [r for r, phrases in voc.roles.items() if phrases.any(words)]
    variant = next((v for v, phrases in voc.variants.items() if phrases.any(words)), None)
    intent = _intent(words, voc, len(codes) + len(families), bool(codes), minutes is not None or days is not None,
                     setup, bool(roles or variant or voc.hints.any(words)), _extra_words(low, voc))
    return Question(
        text=low, intent=intent, codes=codes, near_codes=near, families=families, minutes=minutes, days=days,
        interactive=_interactive(words, voc), year=year, setup=setup, changes=_cue(voc, "changes", words),
        repeat=_cue(voc, "repeat", words), add_on_of=_cue(voc, "add_on_of", words),
        primary_of=_cue(voc, "primary_of", words), different_practitioner=_cue(voc, "different_practitioner", words), asynchronous=voc.asynchronous.any(words), roles=roles, variant=variant,
        words=[w for w in _WORD.findall(low) if w not in voc.stopwords],
    )
