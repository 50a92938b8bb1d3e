"""Read the claim-level facts of a question: modifiers, places of service, payer, a dollar amount, and the
minutes tied to each timed service ("33 min of one code and 7 min of another"). Vocabulary comes from the knowledge."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.engine import story_mods
from bot.engine.patterns import lazy
from bot.engine.phrases import PhraseSet, tokens
from bot.engine.spoken_time import minutes_spelled_out
from bot.engine.place_read import ASKS_PLACE, numbers_as_places
from bot.kb.store import KnowledgeBase

if TYPE_CHECKING:
    from bot.engine.handlers import Context

_MODIFIER_WORD = re.compile(r"\b(?:modifiers?|modifer|modifers|mods?)\b(?!\s+(?:mdm|complexity|decision|level))")  # "mod MDM"
_PLACE_WORD = re.compile(r"\b(?:pos|place[\s-]of[\s-]service)\s*(?:codes?|code)?\s*[#:]?\s*(\d{1,2})\b")
_PLACE_MORE = lazy(r"^\s*(?:,|/|or|and|vs\.?|versus|&)\s*(?:pos\s*)?(\d{1,2})\b")
_HYPHENED = re.compile(r"\b[a-z]?\d{4,5}\s*-\s*([a-z0-9]{2})\b")
_MOD_WORDS = re.compile(r"[a-z0-9]+|[,/&]")
_AMOUNT = re.compile(r"\$\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?|\b(\d{1,3}(?:,\d{3})+|\d{3,6})\s*(?:dollars|usd)\b")
_AFTER_UNIT = lazy(r"^\s*(?:minutes?|mins?|min\b|days?|units?|hours?|%|dollars|years?|yo\b|year-old)")
_LIST_JOIN = {",", "and", "or", "/", "&", "vs", "versus", "with", "plus"}
_TIMED = re.compile(r"\d.{0,24}?\b(?:min|m\b|hours?\b|hrs?\b)")  # no span of time: no minutes to tie to services
_LEADING_HYPHEN = re.compile(r"(?:^|[\s(])-([a-z0-9]{2})\b")  # "-26 and TC"
_COVERED_BY = {"is", "on", "has", "with", "under", "via", "through", "covered", "by", "insured", "traditional"}
_DESCRIBES_PATIENT = {"part", "b", "advantage", "ffs", "established", "est", "new", "existing", "return", "adult",
                      "older", "elderly", "female", "male", "primary", "secondary"}
_NEGATION = {"not", "no", "non", "never", "isn't", "without"}
_PAYER_CLAUSE = re.compile(r"[,.;!?\n]|\b(?:but|while|whereas|although)\b")
_PATIENT_GAP = 3  # words between a payer and the patient it covers ("a Medicare Part B pt")
_PLAIN_WORDS = {"go", "on", "at", "me", "us", "so", "to", "no", "an", "am", "as"}  # words spelled as a modifier
_NAMES_ONE = {"the", "a", "use", "add", "append", "appended", "attach", "put", "get", "gets"}  # "which one gets the 59"


@dataclass(slots=True)
class ClaimTerms:
    """What the question says at claim level, each fact read from its own words."""

    modifiers: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    asks_modifiers: bool = False
    payer: str | None = None
    amount: float | None = None
    services: list[tuple[str, int | None]] = field(default_factory=list)
    asks_place: bool = False


def _payer_phrases(kb: KnowledgeBase) -> dict[str, PhraseSet]:
    cached = kb.cache.get("payer_words")
    if cached is None:
        cached = kb.cache.setdefault("payer_words", {p: PhraseSet(v.get("words", []))
                                                      for p, v in kb.meta.get("payers", {}).items()})
    return cached


def _payer(kb: KnowledgeBase, low: str, words: list[str]) -> str | None:
    """The payer whose rules the question asks about. When it names two ("commercial would pay X; what does Medicare
    pay?"), the patient's own payer ("a Medicare pt") wins, else the one in the last question asked."""
    named = {p: phrases.find(words) for p, phrases in _payer_phrases(kb).items()}
    named = {p: [i for i, _ph in hits if not set(words[max(0, i - 2):i]) & _NEGATION] for p, hits in named.items()}
    named = {p: spots for p, spots in named.items() if spots}  # "(not Medicare rules)" names no payer
    if len(named) <= 1:
        return next(iter(named), None)
    if (denied := _denied_by(kb, low)) is not None and denied in named:
        return denied
    vocab = kb.vocabulary.get("payer_of", {})
    own = _own_payers(named, words, PhraseSet(vocab.get("patient_words", [])))
    if len(own) > 1:  # "a Medicare pt ... what we do for our BCBS pts": the one patient of the case, not the others
        own = _own_payers(named, words, PhraseSet(set(vocab.get("patient_words", [])) - set(vocab.get("others", []))))
    if len(own) == 1:
        return own.pop()
    asked = [s for s in re.split(r"(?<=[.!?;\n])", low) if s.strip().endswith("?")]
    in_question = {p for p, phrases in _payer_phrases(kb).items() if asked and phrases.any(tokens(asked[-1]))}
    if len(in_question) == 1:
        return in_question.pop()
    return next((p for p in named if p != kb.meta.get("default_payer", "medicare")), None)


def _own_payers(named: dict[str, list[int]], words: list[str], patient: PhraseSet) -> set[str]:
    """The payers named as a patient's own ("a Medicare pt", "the patient has BCBS")."""
    return {p for p, spots in named.items() for i in spots
            if _before_patient(words[i + 1:i + 1 + _PATIENT_GAP], patient)
            or _covers(words[max(0, i - _PATIENT_GAP):i], patient)}


def _denied_by(kb: KnowledgeBase, low: str) -> str | None:
    """The one payer named in a clause that says it denied ("Medicare lines came back denied, commercial paid")."""
    denial = PhraseSet(kb.vocabulary.get("payer_of", {}).get("denied_words", []))
    found = {p for clause in _PAYER_CLAUSE.split(low) if denial.any(words := tokens(clause))
             for p, phrases in _payer_phrases(kb).items() if phrases.any(words)}
    return found.pop() if len(found) == 1 else None


def _before_patient(after: list[str], patient: PhraseSet) -> bool:
    """ "<payer> (part b / established) patient": the patient word follows with only describing words between."""
    for w in after:
        if patient.any([w]):
            return True
        if w not in _DESCRIBES_PATIENT:
            return False
    return False


def _covers(before: list[str], patient: PhraseSet) -> bool:
    """ "the patient is on / has / with <payer>": a patient word, then only a verb or preposition before the payer."""
    at = max((i for i, w in enumerate(before) if patient.any([w])), default=None)
    return at is not None and all(w in _COVERED_BY for w in before[at + 1:])


def _modifiers(low: str, kb: KnowledgeBase, asks: bool, typed: str = "") -> list[str]:
    """Modifier codes: unambiguous letters alone, others after "modifier", hyphened to a code, or listed beside one."""
    words = _MOD_WORDS.findall(low)
    if "-" not in low and not any(w.upper() in kb.modifiers for w in words):  # no modifier written: only by its name
        return (_by_alias(low, kb) or _by_alias(typed.lower(), kb)) if asks else []
    found: list[str] = []
    after_word = [i for i, w in enumerate(words) if _MODIFIER_WORD.fullmatch(w)]
    for i, w in enumerate(words):
        mod = kb.modifiers.get(w.upper())
        if mod is None or w.upper() in found:
            continue
        rest = " ".join(words[i + 1:i + 2])
        if _AFTER_UNIT().match(rest):
            continue
        near = any(0 < i - j <= 3 or 0 < j - i <= 1 for j in after_word) or (i > 0 and words[i - 1] in _NAMES_ONE)
        if near and w in _PLAIN_WORDS and typed and not re.search(rf"\b{w.upper()}\b", typed):
            continue  # "where does the modifier go?": a word typed in lower case, not modifier GO
        if (mod.standalone and (asks or not w.isdigit())) or near:
            found.append(w.upper())
    hyphened = _HYPHENED.findall(low) + _LEADING_HYPHEN.findall(low) if "-" in low else []
    found += [m.upper() for m in hyphened
              if m.upper() in kb.modifiers and m.upper() not in found]
    found += [c for c in _linked_pairs(words, kb, typed) if c not in found]
    found = _listed(words, found, kb) if found else found
    first = {w.upper(): i for i, w in reversed(list(enumerate(words)))}
    told = _told_reason(low, found, kb)  # "which of XE, XS, XP or XU for different anatomic sites?": XS first
    return sorted(found, key=lambda c: (c not in told, first.get(c, len(words)))) or \
        ((_by_alias(low, kb) or _by_alias(typed.lower(), kb)) if asks else [])  # typed: before spelling correction


def _linked_pairs(words: list[str], kb: KnowledgeBase, typed: str) -> list[str]:
    """Modifiers named bare that have a rule about each other ("76 or 77?", "we billed 26, should it be TC?").
    Letters count only as typed in capitals, so a word such as "go" is never a modifier."""
    bare = [w.upper() for i, w in enumerate(words) if w.upper() in kb.modifiers
            and (w.isdigit() or re.search(rf"\b{w.upper()}\b", typed))
            and not _AFTER_UNIT().match(" ".join(words[i + 1:i + 2]))]
    linked = {a for a in bare for b in bare if a != b and any(r.target == b for r in kb.modifiers[a].links)}
    return [c for c in dict.fromkeys(bare) if c in linked]


def _by_alias(low: str, kb: KnowledgeBase) -> list[str]:
    """No modifier named, but the question says "modifier": one whose alias (less that word) it contains."""
    cached = kb.cache.get("modifier_aliases")
    if cached is None:
        strip = lambda a: " ".join(w for w in tokens(a) if not _MODIFIER_WORD.fullmatch(w))  # noqa: E731
        cached = kb.cache.setdefault("modifier_aliases", [(strip(a), m.code) for m in kb.modifiers.values()
                                                          for a in m.aliases if len(strip(a)) > 3])
    text = " ".join(tokens(low))
    hits = [(len(phrase.split()), code) for phrase, code in cached if re.search(rf"\b{re.escape(phrase)}\b", text)]
    longest = {code for n, code in hits if n == max((n for n, _c in hits), default=0)}
    return list(longest) if len(longest) == 1 else []


def _told_reason(low: str, found: list[str], kb: KnowledgeBase) -> list[str]:
    """Of several modifiers named, the one whose own alias (its reason: "separate structure") the question states."""
    if len(found) < 2:
        return []
    picked = [c for c in _by_alias(low, kb) if c in found]
    return picked if len(picked) == 1 else []


def _listed(words: list[str], found: list[str], kb: KnowledgeBase) -> list[str]:
    """Codes in a list with an accepted modifier ("GP, KX, 59") are modifiers too."""
    out = list(found)
    changed = True
    while changed:
        changed = False
        for i, w in enumerate(words):
            code = w.upper()
            if code in out or code not in kb.modifiers:
                continue
            if _AFTER_UNIT().match(" ".join(words[i + 1:i + 2])):
                continue
            for step in (-2, 2):
                j = i + step
                if 0 <= j < len(words) and words[(i + j) // 2] in _LIST_JOIN and words[j].upper() in out:
                    out.append(code)
                    changed = True
                    break
    return out


def _places(low: str, kb: KnowledgeBase) -> list[str]:
    found: list[str] = []
    for m in _PLACE_WORD.finditer(low) if "pos" in low or "place" in low else ():
        found.append(m.group(1).zfill(2))
        rest = low[m.end():]
        while (more := _PLACE_MORE().match(rest)):
            found.append(more.group(1).zfill(2))
            rest = rest[more.end():]
    return [p for p in dict.fromkeys(found) if p in kb.places]


def _amount(low: str) -> float | None:
    m = _AMOUNT.search(low) if "$" in low or "dollars" in low or "usd" in low else None  # its words
    if not m:
        return None
    whole = (m.group(1) or m.group(3) or "0").replace(",", "")
    return float(f"{whole}.{m.group(2) or 0}")


def read_claim_terms(low: str, kb: KnowledgeBase, typed: str = "") -> ClaimTerms:
    """Read modifiers, places of service, payer, a dollar amount and per-service minutes from lower-cased text
    (`typed`: the question as typed, where capitals tell a modifier such as TC from a word)."""
    asks = "mod" in low and bool(_MODIFIER_WORD.search(low))
    words = tokens(low)
    payer = _payer(kb, low, words)
    modifiers = story_mods.instead(kb, low, _modifiers(low, kb, asks, typed)) or story_mods.told(kb, low, asks)
    places = _places(low, kb) or [p for p in numbers_as_places(low, kb) if p not in modifiers]
    return ClaimTerms(modifiers=modifiers, places=places, asks_modifiers=asks, asks_place=bool(ASKS_PLACE.search(low)),
                      payer=payer, amount=_amount(low),
                      services=_services(minutes_spelled_out(low, kb), kb))


def _services(low: str, kb: KnowledgeBase) -> list[tuple[str, int | None]]:
    if not _TIMED.search(low):
        return []
    from bot.engine.office_minutes import read_service_minutes  # noqa: PLC0415  (only for a question with minutes)

    return [(s.code, s.minutes) for s in read_service_minutes(low, kb)]


def raw_lower(ctx: Context) -> str:
    """The question before spelling correction: setting words ("clinic", "parking lot") are read as typed."""
    return (ctx.raw_text or ctx.q.text).lower()
