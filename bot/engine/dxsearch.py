"""Rank ICD-10-CM codes for a question's concepts: FTS5 over descriptors, inclusion terms and an imported index, the
codes below a matching header, each scored so a billable code that says what the question says, and little else,
comes first; with_seventh completes a code with the 7th character the left-over concepts name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.codesets.icd_read import IcdCode, IcdReader
from bot.codesets.load import Release
from bot.engine.dxlex import FILLER, Concept, Reading, norm, tokens
from bot.engine.dxnegate import UNMENTIONED, absent_score, denials, only_denied, undenied
from bot.engine.dxrange import range_bounds
from bot.engine.dxwords import IMPLIED

CANDIDATES = 300
INDEX_HEADERS, INDEX_BELOW = 10, 60  # index entries read for their default, codes below each
DESCEND_HEADERS, DESCEND_BELOW = 8, 80  # matching headers whose billable codes are scored with the header's words
GREEDY_STARTS = 3  # greedy picks started from the rarest concepts
MAX_SETS = 3  # sets of concepts searched apart (each a condition of its own)
BROAD = 1500  # more matching rows than this: sampled unranked (ranking them all is slow)
COVERAGE_WEIGHT, EXTRA_WORD, BILLABLE_BONUS, INDEX_BONUS, VAGUE_PENALTY, EXACT_BONUS = 100, 5, 10, 12, 8, 15
OPTIONAL_BONUS = 12  # a context concept the code also says
UNSPECIFIED_BONUS = 4  # "unspecified" is the default a question that names no more means
ASSERTED = re.compile(r"\bwith unspecified\b")  # "with unspecified complications" says there are some: no default
DEFAULT_BONUS = 8  # the code carries the words the index or guidelines default to (primary, closed, type 2 ...)
MIN_COVERAGE_OR = 0.6  # a candidate must hold this share of the concepts searched
VAGUE = ("other",)  # "Other specified ..." needs a detail the question did not give; "unspecified" is the default
OPTIONAL = re.compile(r"[(\[]([^)\]]*)[)\]]")
UNSPECIFIED = re.compile(r"\b(site not specified|not otherwise specified)\b")
AFTER_UNSPECIFIED = re.compile(r"(?<=\w)\W+unspecified ([a-z]+)")  # not a leading "Unspecified X": X is the condition
AFTER_WITHOUT = re.compile(r"\bwithout (.*?)(?=\s+in\s+remission\b|,?\s+with\b|$)")  # "without behavioral disturbance, psychotic
# disturbance ...": all absent; "without complications in remission": the remission is said of the condition
CONTRADICTION = 10  # the text says "without" where the question says "with"
MANIFESTATION = 8  # "... in diseases classified elsewhere": only beside its underlying disease (code first)
CACHED_TEXTS = 1 << 15  # descriptor texts whose word sets are kept
STRUCTURAL = re.compile(r"\bin (other )?diseases classified elsewhere\b")  # a manifestation code: code first says the rest
NEC = re.compile(r"\bnot elsewhere classified\b")  # the classification's own NEC: says nothing of the condition


_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)")
_AT_MOST = re.compile(r"(\d+(?:\.\d+)?) or less\b")
_AT_LEAST = re.compile(r"(\d+(?:\.\d+)?) or (?:greater|more)\b")


def number_fit(text: str, values: list[float]) -> bool | None:
    """Whether one of the question's numbers falls in a range the text states ("BMI 40.0-44.9", "70 or greater");
    None when the text states no range or the question no number."""
    if not values:
        return None
    spans = [(float(lo), float(hi)) for lo, hi in _RANGE.findall(text)]
    spans += [(float("-inf"), float(v)) for v in _AT_MOST.findall(text)]
    spans += [(float(v), float("inf")) for v in _AT_LEAST.findall(text)]
    if not spans:
        return None
    return any(lo <= v <= hi for v in values for lo, hi in spans)


def numbers(reading: Reading) -> list[float]:
    """The question's loose numbers (not a type, stage or class: those are words of the condition)."""
    return [float(c.said) for c in reading.concepts if c.optional and c.said.isdigit()]


@dataclass(frozen=True, slots=True)
class Scored:
    """One candidate code, its score, the concepts its text says, and its words the question did not say."""

    code: IcdCode
    score: float
    covered: frozenset[Concept]
    complete: bool  # every concept searched is said
    extra: int
    source: str


def _words(text: str) -> set[str]:
    return {norm(w) for w in tokens(text) if w not in FILLER}


@lru_cache(maxsize=CACHED_TEXTS)
def _descriptor_words(text: str) -> frozenset[str]:
    """A descriptor's words, kept: the codes below a header are read again for each header and concept."""
    return frozenset(_words(text))


@lru_cache(maxsize=CACHED_TEXTS)
def core_and_optional(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """A text's words, and those in parentheses or brackets: ICD-10-CM's nonessential modifiers and synonyms,
    which do not change the code ("Chronic systolic (congestive) heart failure")."""
    text = UNSPECIFIED.sub("unspecified", text.lower())
    return frozenset(_words(OPTIONAL.sub(" ", text))), frozenset(_words(" ".join(OPTIONAL.findall(text))))


def _all_words(text: str) -> frozenset[str]:
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


def _fts(concept: Concept) -> str:
    return "(" + " OR ".join("(" + " AND ".join(f'"{w}"' for w in ph) + ")" for ph in concept.phrasings) + ")"


def match(concepts: list[Concept]) -> str:
    """The FTS5 expression that holds every concept (in any of its wordings)."""
    return " AND ".join(_fts(c) for c in concepts)


def _count(reader: IcdReader, concepts: list[Concept], with_index: bool) -> int:
    expr = match(concepts)
    return reader.count(expr) + (reader.count(expr, "icd10cm_index_search") if with_index else 0)


def _greedy(reader: IcdReader, order: list[Concept], with_index: bool) -> list[Concept]:
    kept: list[Concept] = []
    for concept in order:
        if not kept or _count(reader, kept + [concept], with_index):
            kept.append(concept)
    return kept


def _largest(reader: IcdReader, found: list[Concept], counts: dict, late: dict, with_index: bool) -> list[list[Concept]]:
    """The sets some text holds together, largest first, from a few greedy picks: from each of the rarest concepts,
    and from the commonest (a rare stray word must not hide the condition the other words name; two conditions in
    one question are two sets, each searched)."""
    rarest = sorted(found, key=lambda c: (late[c], counts[c]))
    orders = [[start] + [c for c in rarest if c is not start] for start in rarest[:GREEDY_STARTS]]
    orders.append(sorted(found, key=lambda c: (late[c], -counts[c])))
    orders.append(sorted(found, key=lambda c: -counts[c]))  # "type" and "2" are 7th-character words too
    picks: list[list[Concept]] = []
    for order in orders:
        kept = _greedy(reader, order, with_index)
        if set(kept) not in [set(p) for p in picks]:
            picks.append(kept)
    return sorted(picks, key=len, reverse=True)[:MAX_SETS]


def usable(reader: IcdReader, rel: Release, reading: Reading) -> list[Concept]:
    """The concepts to search together: all when some text holds them, else the largest greedy pick; 7th-character
    words go last."""
    sets = searched_sets(reader, rel, reading)
    return sets[0] if sets else []


def searched_sets(reader: IcdReader, rel: Release, reading: Reading) -> list[list[Concept]]:
    """Every set of concepts to search together: all of them when some text holds them, else the distinct greedy
    picks (rarest first, commonest first), largest first. Context concepts are scored, never searched for: they
    must not narrow the candidates."""
    with_index = reader.index_release(rel.fiscal_year) is not None
    required = reading.required
    if not required:
        return []
    if _count(reader, required, with_index):
        return [required]
    counts = {c: _count(reader, [c], with_index) for c in required}
    seventh = reader.seventh_words(rel.id)
    found = [c for c in required if counts[c]]
    late = {c: all(w in seventh for w in c.phrasings[-1]) for c in found}
    return _largest(reader, found, counts, late, with_index) if found else []


def _candidates(reader: IcdReader, rel: Release, searched: list[Concept]) -> list[tuple[str, str, str]]:
    """(code, source, text) rows holding the searched concepts; a broad query is sampled unranked."""
    if not searched:
        return []
    expr = match(searched)
    broad = reader.count(expr) > BROAD
    rows = [r[:3] for r in (reader.unranked if broad else reader.search)(rel.id, expr, CANDIDATES)]
    index = reader.index_release(rel.fiscal_year)
    if index is not None:
        rows += [r[:3] for r in reader.index_search(index.id, expr, CANDIDATES)]
        rows += _index_defaults(reader, rel, index.id, searched)
    return rows


def _below_saying(reader: IcdReader, rel: Release, header: IcdCode, rest: list[Concept]) -> list[IcdCode]:
    """Billable codes below a header that say one of the concepts the header lacks."""
    below, _total = reader.billable_below(rel.id, header.code, DESCEND_BELOW)
    return [c for c in below if any(r.held_by(_descriptor_words(c.descriptor)) for r in rest)]


def _below(reader: IcdReader, rel: Release, header: IcdCode, text: str, rest: list[Concept]) -> list[tuple[str, str, str]]:
    """Those codes scored with the header's words as nonessential ones (a code below a header means all it says)."""
    context = re.sub(r"[()\[\]]", " ", text)
    return [(c.code, "descriptor", f"{c.descriptor} ({context})") for c in _below_saying(reader, rel, header, rest)]


def _index_defaults(reader: IcdReader, rel: Release, index_id: int, searched: list[Concept]) -> list[tuple[str, str, str]]:
    """The index's own default for the concepts it holds ("Osteoarthritis, knee M17.1-": primary), narrowed by the
    concepts it lacks ("right"): each billable code below the header it points to that says all of them."""
    held: list[Concept] = []
    for concept in searched:
        if reader.count(match(held + [concept]), "icd10cm_index_search"):
            held.append(concept)
    rest = [c for c in searched if c not in held]
    if not held or not rest:
        return []
    rows = []
    for code, _source, term, _rank in reader.index_search(index_id, match(held), INDEX_HEADERS):
        header = reader.code(rel.id, code)
        if header is not None and not header.billable:
            rows += [(c.code, "index", f"{term} {c.descriptor}") for c in _below_saying(reader, rel, header, rest)
                     if all(r.held_by(_descriptor_words(c.descriptor)) for r in rest)]
    return rows


def extra_words(reading: Reading, text: str, accounted: set[str] | None = None, defaults: bool = True) -> frozenset[str]:
    """A text's words the question did not say, imply or leave open: details a code would add unasked (`accounted`:
    the reading's, when the caller holds them already)."""
    core, _optional = core_and_optional(text)
    accounted = reading.accounted() if accounted is None else accounted
    return frozenset(core - accounted - IMPLIED - excused(text, reading.said_without, defaults) - range_bounds(text, accounted))


@lru_cache(maxsize=CACHED_TEXTS)
def _marks(text: str) -> tuple[bool, bool]:
    """Whether a text asserts "with unspecified ..." and whether it is a manifestation code's."""
    low = text.lower()
    return bool(ASSERTED.search(low)), bool(STRUCTURAL.search(low))


def _score(reading: Reading, searched: list[Concept], code: IcdCode, source: str, text: str,
           accounted: set[str]) -> Scored:
    core, optional = core_and_optional(text)
    have = core | optional if reading.said_without else held_outside_without(text)
    present = have & _all_words(undenied(UNSPECIFIED.sub("unspecified", text.lower())))  # not "not intractable"
    covered = frozenset(c for c in reading.concepts if c.held_by(have if c in reading.denied else present))
    required = reading.required or reading.concepts
    extra = extra_words(reading, text, accounted, source == "descriptor")
    asserted, structural = _marks(text)
    complete = all(c in covered for c in searched if not c.optional)
    score = COVERAGE_WEIGHT * sum(1 for c in required if c in covered) / max(1, len(required))
    score += OPTIONAL_BONUS * sum(1 for c in covered if c.optional) - EXTRA_WORD * len(extra)
    score += BILLABLE_BONUS * code.billable + (EXACT_BONUS if complete and not extra else 0)
    score += INDEX_BONUS if source == "index" else 0
    score += UNSPECIFIED_BONUS if "unspecified" in core and not asserted else 0
    score += DEFAULT_BONUS if UNMENTIONED.search(text.lower()) else 0  # "not specified as recurrent": unsaid, the default
    score += DEFAULT_BONUS * sum(1 for words in reading.defaults if words <= core | optional)
    score -= MANIFESTATION if structural else 0
    vague = core - excused(text) if structural else have  # "other" of "in other diseases ..."
    score -= sum(VAGUE_PENALTY for v in VAGUE if v in vague and not any(v in c.words() for c in reading.concepts))
    score -= CONTRADICTION if any(c.held_by(have) and not c.held_by(present) for c in reading.required
                                  if c not in reading.denied) else 0  # the code denies what the question says
    score += absent_score(reading.absent, text, _all_words, held_outside_without, OPTIONAL_BONUS, COVERAGE_WEIGHT / 2)
    fit = number_fit(text, numbers(reading))
    score += 0 if fit is None else (OPTIONAL_BONUS if fit else -COVERAGE_WEIGHT)  # "BMI 42" is not "70 or greater"
    return Scored(code, score, covered, complete, len(extra), source)


def rank(reader: IcdReader, rel: Release, reading: Reading,
         searched: list[Concept] | None = None) -> tuple[list[Scored], list[Concept]]:
    """Every candidate code scored, best first (one entry per code), and the concepts searched together (the
    largest set, unless the caller names one of searched_sets)."""
    searched = usable(reader, rel, reading) if searched is None else searched
    ranked = sorted(_rank_set(reader, rel, reading, searched).values(), key=lambda s: (-s.score, s.code.code))
    return ranked, searched


def _rank_set(reader: IcdReader, rel: Release, reading: Reading, searched: list[Concept]) -> dict[str, Scored]:
    """The candidates of one set of concepts searched together, each scored against the whole question."""
    rows = _candidates(reader, rel, searched)
    codes = {c.code: c for c in reader.existing(rel.id, list(dict.fromkeys(r[0] for r in rows)))}
    best = _best_per_code(reading, searched, codes, rows)
    rest = [c for c in reading.required if c not in searched]
    headers = [s for s in best.values() if not s.code.billable and s.complete][:DESCEND_HEADERS]
    if rest and headers:
        texts = {r[0]: r[2] for r in rows}
        extra_rows = [row for s in headers for row in _below(reader, rel, s.code, texts.get(s.code.code, ""), rest)]
        codes.update({c.code: c for c in reader.existing(rel.id, list(dict.fromkeys(r[0] for r in extra_rows)))})
        for code_id, scored in _best_per_code(reading, searched, codes, extra_rows).items():
            if code_id not in best or scored.score > best[code_id].score:
                best[code_id] = scored
    needed = [c for c in searched if not c.optional]
    return {k: s for k, s in best.items()
            if not needed or sum(1 for c in needed if c in s.covered) / len(needed) >= MIN_COVERAGE_OR}


def _best_per_code(reading: Reading, searched: list[Concept], codes: dict[str, IcdCode],
                   rows: list[tuple[str, str, str]]) -> dict[str, Scored]:
    best: dict[str, Scored] = {}
    accounted = reading.accounted()
    for code_id, source, text in rows:
        code = codes.get(code_id)
        if code is None:
            continue
        scored = _score(reading, searched, code, source, text, accounted)
        if code_id not in best or scored.score > best[code_id].score:
            best[code_id] = scored
    return best


def with_seventh(reader: IcdReader, rel: Release, code: IcdCode, left: list[Concept],
                 reading: Reading) -> tuple[IcdCode, set[Concept]]:
    """Complete a code that needs a 7th character with the one the left-over concepts name; return it and the
    concepts that chose it (none, and the code itself, when nothing or a tie chooses)."""
    base = reader.code(rel.id, code.parent) if code.kind == "extension" else code
    extensions = [c for c in reader.children(rel.id, base.code) if c.kind == "extension"] if base else []
    if not extensions or not left:
        return code, set()
    scored = []
    for ext in extensions:
        tail = ext.descriptor[len(base.descriptor):]
        core, optional = core_and_optional(tail)
        said = {c for c in left if c.held_by(core | optional)}
        scored.append(((len(said), -len(extra_words(reading, tail))), ext, said))
    scored.sort(key=lambda t: t[0], reverse=True)
    (key, ext, said) = scored[0]
    if not key[0] or (len(scored) > 1 and scored[1][0] == key):
        return code, set()
    return ext, said
