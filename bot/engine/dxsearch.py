"""search_codes: words to ICD-10-CM codes with FTS5 over descriptors, inclusion terms and an imported index,
ranked so a billable code that says what the question says, and little else, comes first."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from bot.codesets.icd_read import IcdCode, IcdReader
from bot.codesets.load import Release
from bot.engine.dxwords import IMPLIED, NOISE, SHORTHAND

CANDIDATES = 300
INDEX_HEADERS, INDEX_BELOW = 10, 60  # index entries read for their default, codes below each
BROAD = 1500  # more matching rows than this: too vague to rank, the coder will be asked to choose
COVERAGE_WEIGHT, EXTRA_WORD, BILLABLE_BONUS, INDEX_BONUS, VAGUE_PENALTY, EXACT_BONUS = 100, 5, 10, 12, 8, 15
ANSWER_MARGIN = 8  # a winner needs this many points over the runner-up; otherwise the coder chooses
MIN_COVERAGE_OR = 0.6  # with no code holding every word, a candidate must hold this share of them
MAX_ALTERNATIVES = 6
FILLER = {"of", "and", "the", "with", "in", "on", "to", "for", "a", "an", "or", "by", "as", "due", "nos", "at"}
VAGUE = ("other",)  # "Other specified ..." needs a detail the question did not give; "unspecified" is the default
OPTIONAL = re.compile(r"[(\[]([^)\]]*)[)\]]")
UNSPECIFIED = re.compile(r"\b(site not specified|not otherwise specified)\b")
_WORD = re.compile(r"[a-z0-9]+")
ROMAN = {"i", "ii", "iii", "iv", "v", "vi"}
NUMBERED = {"type", "class", "stage", "grade", "degree", "phase", "level"}


@dataclass(slots=True)
class DxHit:
    """The best code (None when it is a close call), close alternatives, and how the best one was found."""

    code: IcdCode | None = None
    alternatives: list[IcdCode] = field(default_factory=list)
    how: str = ""
    dropped: list[str] = field(default_factory=list)  # question words no code holds together with the others
    extra: int = 0  # words of the winning text the question did not say


def _norm(word: str) -> str:
    """A light plural folding, the same on both sides (FTS5's porter stemmer finds; this only ranks)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "us")):
        return word[:-1]
    return word


def _plain(text: str) -> str:
    """Lower case, accents and possessive 's dropped, as the FTS5 tokenizer sees it (Ménière's -> meniere)."""
    text = unicodedata.normalize("NFKD", text.lower().replace("\u2019", "'"))
    return re.sub(r"'s\b", "", "".join(ch for ch in text if not unicodedata.combining(ch)))


def query_words(text: str) -> list[str]:
    """The question's words about the condition: shorthand spelled out, noise and code-shaped tokens dropped."""
    words, kept, previous = [], set(), ""
    for w in _WORD.findall(_plain(text)):
        if w in ROMAN and previous in NUMBERED:
            kept.add(w)  # "class I", "type II": here "i" is a numeral, not the asker
        words += SHORTHAND.get(w, w).split()
        previous = w
    return list(dict.fromkeys(w for w in words if w in kept or (w not in NOISE and w not in FILLER
                                                                and not re.match(r"^[a-z]\d\w{2}", w))))


def _words(text: str) -> set[str]:
    return {_norm(w) for w in _WORD.findall(_plain(text)) if w not in FILLER}


def _core_and_optional(text: str) -> tuple[set[str], set[str]]:
    """A descriptor's words, and those in parentheses or brackets: ICD-10-CM's nonessential modifiers and
    synonyms, which do not change the code ("Chronic systolic (congestive) heart failure")."""
    text = UNSPECIFIED.sub("unspecified", _plain(text))
    optional = _words(" ".join(OPTIONAL.findall(text)))
    return _words(OPTIONAL.sub(" ", text)), optional


def _match(words: list[str]) -> str:
    return " AND ".join(f'"{w}"' for w in words)


def _count(reader: IcdReader, words: list[str], with_index: bool) -> int:
    match = _match(words)
    return reader.count(match) + (reader.count(match, "icd10cm_index_search") if with_index else 0)


def _usable(reader: IcdReader, rel: Release, words: list[str]) -> list[str]:
    """The words to require, rarest first, each kept only if some row still holds all kept so far; words of the
    7th-character meanings (initial, encounter, sequela) come last: they usually complete the code instead."""
    with_index = reader.index_release(rel.fiscal_year) is not None
    if _count(reader, words, with_index):
        return list(words)  # the usual case: some text holds every word
    counts = {w: _count(reader, [w], with_index) for w in words}
    seventh = reader.seventh_words(rel.id)
    usable: list[str] = []
    for word in sorted((w for w in words if counts[w]), key=lambda w: (w in seventh, counts[w])):
        if not usable or _count(reader, usable + [word], with_index):
            usable.append(word)
    return usable


def _candidates(reader: IcdReader, rel: Release, usable: list[str]) -> list[tuple[str, str, str]]:
    """(code, source, text) rows matching the usable words; a broad query is sampled unranked (ranking it is slow)."""
    if not usable:
        return []
    match = _match(usable)
    broad = reader.count(match) > BROAD
    rows = [r[:3] for r in (reader.unranked if broad else reader.search)(rel.id, match, CANDIDATES)]
    index = reader.index_release(rel.fiscal_year)
    if index is not None:
        rows += [r[:3] for r in reader.index_search(index.id, match, CANDIDATES)]
        rows += _index_defaults(reader, rel, index.id, usable)
    return rows


def _index_defaults(reader: IcdReader, rel: Release, index_id: int, words: list[str]) -> list[tuple[str, str, str]]:
    """The index's own default for the words it holds ("Osteoarthritis, knee M17.1-": primary), narrowed by the
    words it lacks ("right"): each billable code below the header it points to whose descriptor has them."""
    held: list[str] = []
    for word in words:
        if reader.count(_match(held + [word]), "icd10cm_index_search"):
            held.append(word)
    rest = [w for w in words if w not in held]
    if not held or not rest:
        return []
    rows = []
    for code, _source, term, _rank in reader.index_search(index_id, _match(held), INDEX_HEADERS):
        header = reader.code(rel.id, code)
        if header is None or header.billable:
            continue
        below, _total = reader.billable_below(rel.id, code, INDEX_BELOW)
        rows += [(c.code, "index", f"{term} {c.descriptor}") for c in below
                 if all(_norm(w) in _words(c.descriptor) for w in rest)]
    return rows


def _score(query: set[str], code: IcdCode, source: str, text: str) -> tuple[float, float, int]:
    """(score, coverage, extra words) of one matching text for one code."""
    core, optional = _core_and_optional(text)
    have = core | optional
    coverage = len(query & have) / len(query)
    extra = core - query - IMPLIED
    score = COVERAGE_WEIGHT * coverage - EXTRA_WORD * len(extra) + BILLABLE_BONUS * code.billable
    score += EXACT_BONUS if coverage == 1 and not extra else 0
    score += INDEX_BONUS if source == "index" else 0
    score -= sum(VAGUE_PENALTY for v in VAGUE if v in have and v not in query)
    return score, coverage, len(extra)


def with_seventh(reader: IcdReader, rel: Release, code: IcdCode, words: list[str]) -> tuple[IcdCode, set[str]]:
    """Complete a code that needs a 7th character with the one the left-over words name; return it and the
    left-over words nothing explains (a non-empty set means the answer would ignore what the coder wrote)."""
    wanted = {_norm(w) for w in words}
    extensions = [c for c in reader.children(rel.id, code.code) if c.kind == "extension"]
    if not extensions or not wanted:
        return code, wanted
    scored = sorted(((len(wanted & _words(c.descriptor[len(code.descriptor):])), -len(c.descriptor), c)
                     for c in extensions), key=lambda t: (-t[0], -t[1]))
    best = scored[0]
    if not best[0] or (len(scored) > 1 and scored[1][:2] == best[:2]):
        return code, set()  # the header answers with its 7th characters to choose from
    return best[2], wanted - _words(best[2].descriptor[len(code.descriptor):])


def search_codes(reader: IcdReader, rel: Release, text: str) -> DxHit:
    """Find the code the words describe; a close call comes back as alternatives only."""
    words = query_words(text)
    if not words:
        return DxHit()
    usable = _usable(reader, rel, words)
    rows = _candidates(reader, rel, usable)
    codes = {c.code: c for c in reader.existing(rel.id, list(dict.fromkeys(r[0] for r in rows)))}
    query = {_norm(w) for w in usable}
    best: dict[str, tuple[float, float, str, int]] = {}
    for code_id, source, text_found in rows:
        code = codes.get(code_id)
        if code is None:
            continue
        score, coverage, extra = _score(query, code, source, text_found)
        if code_id not in best or score > best[code_id][0]:
            best[code_id] = (score, coverage, source, extra)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
    ranked = [kv for kv in ranked if kv[1][1] >= MIN_COVERAGE_OR]
    if not ranked:
        return DxHit()
    (top_id, (top, coverage, source, extra)), second = ranked[0], ranked[1][1][0] if len(ranked) > 1 else float("-inf")
    others = [codes[c] for c, _s in ranked[1:MAX_ALTERNATIVES + 1]]
    if coverage == 1 and top - second >= ANSWER_MARGIN:
        how = {"descriptor": "descriptor", "inclusion": "inclusion term", "index": "index"}[source]
        left_over = [w for w in words if w not in usable]
        chosen, unplaced = with_seventh(reader, rel, codes[top_id], left_over)
        if not unplaced:
            return DxHit(chosen, others, how, [w for w in left_over if _norm(w) not in _words(chosen.descriptor)], extra)
    return DxHit(None, [codes[c] for c, _s in ranked[:MAX_ALTERNATIVES]], "close call")
