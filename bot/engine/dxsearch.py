"""Rank ICD-10-CM codes for a question's concepts: FTS5 over descriptors, inclusion terms and an imported index, the
codes below a matching header, each scored so a billable code that says what the question says, and little else,
comes first; with_seventh completes a code with the 7th character the left-over concepts name."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.codesets.icd_read import IcdCode, IcdReader
from bot.codesets.load import Release
from bot.engine.dxlex import Concept, Reading
from bot.engine.dxnegate import absent_score
from bot.engine.dxrange import bounds_said, number_fit, other_alternative, range_bounds, range_excludes, \
    said_numbers, stated_pairs
from bot.engine.dxtext import all_words as _all_words, core_and_optional, descriptor_words as _descriptor_words, \
    excused, held_outside_without, text_words
from bot.engine.dxtokens import norm
from bot.engine.dxwords import IMPLIED

CANDIDATES = 300
INDEX_HEADERS, INDEX_BELOW = 10, 60  # index entries read for their default, codes below each
DESCEND_HEADERS, DESCEND_BELOW = 8, 80  # matching headers whose billable codes are scored with the header's words
GREEDY_STARTS = 3  # greedy picks started from the rarest concepts
MAX_SETS = 3  # sets of concepts searched apart (each a condition of its own)
BROAD = 1500  # more matching rows than this: sampled unranked (ranking them all is slow)
COVERAGE_WEIGHT, EXTRA_WORD, BILLABLE_BONUS, INDEX_BONUS, VAGUE_PENALTY, EXACT_BONUS = 100, 5, 10, 12, 8, 15
OPTIONAL_BONUS = 12  # a context concept the code also says
PHRASE_BONUS = 4  # a phrase the code says in the question's order ("normal first pregnancy", not "..., first trimester")
_NUMBERING = frozenset({"first", "second", "third", "fourth", "fifth", "1", "2", "3", "4", "5", "6"})
UNSPECIFIED_BONUS = 4  # "unspecified" is the default a question that names no more means
DEFAULT_BONUS = 8  # the code carries the words the index or guidelines default to (primary, closed, type 2 ...)
MIN_COVERAGE_OR = 0.6  # a candidate must hold this share of the concepts searched
VAGUE = ("other", "secondary")  # "Other specified ...", "Secondary ..." need a detail the question did not give
CONTRADICTION = 10  # the text says "without" where the question says "with"
MANIFESTATION = 8  # "... in diseases classified elsewhere": only beside its underlying disease (code first)


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
    return sorted(picks, key=lambda p: (sum(c.parts for c in p), -len(p)), reverse=True)[:MAX_SETS]  # "stage 4": two words


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


@dataclass(frozen=True, slots=True)
class _Asked:
    """What the scoring reads of the question, once per ranking rather than once per candidate."""

    concepts: list[tuple[tuple[frozenset[str], ...], tuple[str, ...], bool]]  # normed, not_with, denied: held_by's
    first: list[bool]  # the concept is the first of those equal to it (a covered set counts it once)
    optional: list[bool]
    counted: list[int]  # positions of the required concepts, or of every concept when none is
    contradicted: list[int]  # positions of the required concepts not denied
    searched: list[int]  # for each non-optional searched concept, the position of the first equal to it (-1: none)
    unasked: frozenset[str]  # the words a code may carry unpenalised: accounted and implied
    said_vague: frozenset[str]  # the VAGUE words the question says itself
    said: frozenset[int]  # the numbers the question says (a range's lower bound is no detail when one is inside)
    values: list[float]
    stages: frozenset[tuple[str, int]] = frozenset()  # "stage 5": a code ranging over stages 1-4 is for others
    bare_without: frozenset[int] = frozenset()  # positions of the bare "without" a negation leaves
    detailed: frozenset[str] = frozenset()  # words the question states with a detail ("first trimester": trimester)
    phrases: list[tuple[str, ...]] = field(default_factory=list)  # each concept's multi-word phrasings, in order
    other_numbered: tuple[str, ...] = ()  # " first pregnancy " for a stated second pregnancy: another number's wording


def _asked(reading: Reading, searched: list[Concept], accounted: set[str]) -> _Asked:
    concepts = reading.concepts
    where = [next(i for i, d in enumerate(concepts) if d == c) for c in concepts]
    required = [i for i, c in enumerate(concepts) if not c.optional]
    return _Asked([(c.normed, c.not_with, c in reading.denied) for c in concepts], [where[i] == i for i in range(len(where))],
                  [c.optional for c in concepts], required or list(range(len(concepts))),
                  [i for i in required if concepts[i] not in reading.denied],
                  [next((i for i, d in enumerate(concepts) if d == c), -1) for c in searched if not c.optional],
                  frozenset(accounted | IMPLIED),
                  frozenset(v for v in VAGUE if any(v in c.words() for c in concepts)), said_numbers(accounted),
                  numbers(reading), stated_pairs(concepts),
                  frozenset(i for i, c in enumerate(concepts) if c.phrasings == (("without",),)),
                  frozenset(w for c in concepts for ph in c.normed if len(ph) > 1 and ph & _NUMBERING
                            for w in ph - _NUMBERING),
                  [tuple(" " + " ".join(norm(w) for w in ph) + " " for ph in c.phrasings if len(ph) > 1)
                   if not c.optional or c.parts > 1 or len(c.phrasings[0]) > 1 else () for c in concepts],
                  tuple(f" {other} {norm(ph[1])} " for c in concepts for ph in c.phrasings[:1]
                        if len(ph) == 2 and ph[0] in _NUMBERING for other in _NUMBERING - {ph[0]}))


def _holds(normed: tuple[frozenset[str], ...], not_with: tuple[str, ...], words: frozenset[str]) -> bool:
    """Concept.held_by, from its parts."""
    for ph in normed:
        if ph <= words:
            return not not_with or words.isdisjoint(not_with)
    return False


def _score(reading: Reading, code: IcdCode, source: str, text: str, asked: _Asked) -> Scored:
    t = text_words(text)
    core = t.core
    have = t.every if reading.said_without else t.outside
    present = have & t.undenied  # not "not intractable"
    held = [_holds(normed, not_with, have if denied else present) for normed, not_with, denied in asked.concepts]
    if asked.bare_without and reading.absent and not any(a.held_by(t.every) and not a.held_by(t.outside)
                                                        for a in reading.absent):
        held = [h and i not in asked.bare_without for i, h in enumerate(held)]  # its "without" denies something else
    covered = frozenset(c for c, h in zip(reading.concepts, held) if h)
    extra = core - asked.unasked - t.excused(text, reading.said_without, source == "descriptor")
    if t.ranges:
        extra = extra - bounds_said(t.ranges, asked.said)
    if extra and " or " in text:
        extra = extra - other_alternative(text, asked.unasked, lambda x: core_and_optional(x)[0])
    complete = all(i >= 0 and held[i] for i in asked.searched)
    score = COVERAGE_WEIGHT * sum(1 for i in asked.counted if held[i]) / max(1, len(asked.counted))
    score += OPTIONAL_BONUS * sum(1 for h, o, f in zip(held, asked.optional, asked.first) if h and o and f) \
        - EXTRA_WORD * len(extra)
    score += BILLABLE_BONUS * code.billable + (EXACT_BONUS if complete and not extra else 0)
    score += INDEX_BONUS if source == "index" else 0
    score += PHRASE_BONUS * sum(1 for i, h in enumerate(held) if h and any(p in t.ordered for p in asked.phrases[i]))
    stated = t.left_open & asked.detailed or any(p in t.ordered for p in asked.other_numbered)  # "first pregnancy"
    score += (UNSPECIFIED_BONUS if "unspecified" in core and not t.asserted else 0) if not stated else -CONTRADICTION
    score += DEFAULT_BONUS if t.unmentioned else 0  # "not specified as recurrent": unsaid, the default
    score += DEFAULT_BONUS * sum(1 for words in reading.defaults if words <= t.every)
    score -= MANIFESTATION if t.structural else 0
    vague = core - t.excused(text) if t.structural else have  # "other" of "in other diseases ..."
    score -= sum(VAGUE_PENALTY for v in VAGUE if v in vague and v not in asked.said_vague)
    if len(present) != len(have):  # present is a subset of have: equal in size, no concept is denied by the code
        score -= CONTRADICTION if any(_holds(*asked.concepts[i][:2], have) and not held[i]
                                      for i in asked.contradicted) else 0  # the code denies what the question says
    score += absent_score(reading.absent, text, _all_words, held_outside_without, OPTIONAL_BONUS, COVERAGE_WEIGHT / 2)
    score -= COVERAGE_WEIGHT if asked.stages and range_excludes(code.descriptor, asked.stages) else 0  # any row's
    fit = number_fit(text, asked.values)
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
    asked = _asked(reading, searched, reading.accounted())
    for code_id, source, text in rows:
        code = codes.get(code_id)
        if code is None:
            continue
        scored = _score(reading, code, source, text, asked)
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
