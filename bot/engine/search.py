"""search_text: free text to a code or a family, scored on the knowledge's own words and facets."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from bot.answer import Suggestion
from bot.kb.records import Code
from bot.kb.store import KnowledgeBase
from bot.engine.parse import Question
from bot.engine.patterns import lazy

# Tuned on ../shared/eval and the generated set (bench/tune.py, bench/README.md). A winner needs
# SEARCH_CUTOFF points and SEARCH_MARGIN over the runner-up; otherwise the answer is "did you mean".
SEARCH_CUTOFF = 60
SEARCH_MARGIN = 8
FUZZY_CUTOFF = 88  # rapidfuzz score for a misspelt alias or family name to count
FUZZY_MARGIN = 6
SUGGEST_CUTOFF = 70
MAX_SUGGESTIONS = 5
FAMILY_ALIAS_MIN_CHARS = 12  # short aliases (RPM, CCM) would fuzzily "appear" in almost any text
WORD_MATCH = 85  # rapidfuzz ratio at which a misspelt word matches a knowledge word
ROLE_BONUS, VARIANT_BONUS, HINT_BONUS, DEFAULT_BONUS = 12, 15, 20, 4
_TOKEN = lazy(r"[a-z0-9/]+")


@dataclass(slots=True)
class SearchHit:
    """The result of free-text matching: one code, one family, or suggestions."""

    code: str | None = None
    family: str | None = None
    suggestions: list[Suggestion] = field(default_factory=list)
    how: str = ""


def _tokens(text: str, stop: set[str]) -> list[str]:
    return [t for t in _TOKEN().findall(text.lower()) if t not in stop]


def _code_words(kb: KnowledgeBase, code: Code, stop: set[str]) -> tuple[set[str], set[str], list[str]]:
    """(strong words: title and aliases, weak words: summary, title words), cached per code."""
    cache = kb.cache.setdefault("search_words", {})
    if code.code not in cache:
        strong = set(_tokens(" ".join((code.title, *code.aliases)), stop))
        cache[code.code] = (strong, set(_tokens(code.summary, stop)) - strong, _tokens(code.title, stop))
    return cache[code.code]


def _has(word: str, words: set[str]) -> bool:
    if word in words:
        return True
    if len(word) < 5:
        return False
    from rapidfuzz import fuzz  # only for long unknown words

    return any(abs(len(w) - len(word)) <= 2 and fuzz.ratio(word, w) >= WORD_MATCH for w in words)


def _text_score(query: list[str], strong: set[str], weak: set[str], title: list[str]) -> float:
    """Share of the question's words found in the code's words, and of the title's words in the question."""
    if not query:
        return 0.0
    covered = sum(1.0 if _has(w, strong) else 0.5 if _has(w, weak) else 0.0 for w in query) / len(query)
    qset = set(query)
    title_cov = sum(1 for t in title if _has(t, qset)) / len(title) if title else 0.0
    return 60 * covered + 40 * title_cov


def _facet_bonus(kb: KnowledgeBase, q: Question, code: Code) -> float:
    track = kb.track_by_code.get(code.code)
    bonus = ROLE_BONUS if code.role in q.roles or ("add_on" in q.roles and code.add_on_to) else 0
    if track is not None:
        if q.variant and track.variant:
            bonus += VARIANT_BONUS if track.variant == q.variant else -VARIANT_BONUS
        if any(re.search(r"(?<!\w)" + re.escape(h.strip()) + r"(?!\w)", q.text) for h in track.hints):
            bonus += HINT_BONUS
        elif track.default:
            bonus += DEFAULT_BONUS
    return bonus


def _fits_numbers(kb: KnowledgeBase, q: Question, codes: list[Code], year: int) -> list[Code]:
    """Keep the codes each ladder would pick at the question's minutes or days (add-ons if asked for)."""
    for basis, value in (("minutes", q.minutes), ("days", q.days)):
        if value is None:
            continue
        fits: dict[str, tuple[int, Code]] = {}
        for code in codes:
            rule = kb.rule_for(code, year)
            lo, hi = (rule.min_minutes, rule.max_minutes) if basis == "minutes" else (rule.min_days, rule.max_days)
            if rule.basis != basis or lo is None or not lo <= value <= (value if hi is None else hi):
                continue
            key = track.id if (track := kb.track_by_code.get(code.code)) else code.code
            if key not in fits or lo > fits[key][0]:
                fits[key] = (lo, code)
        add_ons = [c for c in codes if c.add_on_to and "add_on" in q.roles and kb.rule_for(c, year).basis == basis]
        codes = [c for _lo, c in fits.values()] + add_ons or codes
    return codes


def _rank(kb: KnowledgeBase, q: Question, codes: list[Code], query: list[str], stop: set[str]) -> list[tuple[float, str]]:
    scored = [(_text_score(query, *_code_words(kb, c, stop)) + _facet_bonus(kb, q, c), c.code) for c in codes]
    return sorted(scored, key=lambda s: -s[0])


def _reason(kb: KnowledgeBase, code: Code, query: list[str], stop: set[str]) -> str:
    """Why a code is suggested, in plain words: the knowledge's words the question matched (scores stay inside)."""
    strong, weak, _title = _code_words(kb, code, stop)
    words = sorted(strong | weak)
    matched = dict.fromkeys(next((w for w in words if _has(q, {w})), "") for q in query)
    shown = [f'"{w}"' for w in matched if w][:3]
    return f"matches {', '.join(shown)}" if shown else f"another {code.family} code"


def _decide(kb: KnowledgeBase, ranked: list[tuple[float, str]], suggest_all: bool,
            query: list[str], stop: set[str]) -> SearchHit:
    if not ranked:
        return SearchHit()
    top, second = ranked[0][0], ranked[1][0] if len(ranked) > 1 else 0.0
    if top >= SEARCH_CUTOFF and top - second >= SEARCH_MARGIN:
        return SearchHit(code=ranked[0][1], how=f"scored {top:.0f} vs {second:.0f}")
    keep = [(s, c) for s, c in ranked[:MAX_SUGGESTIONS] if suggest_all or s >= SEARCH_CUTOFF / 2]
    return SearchHit(suggestions=[Suggestion(code=c, why=_reason(kb, kb.codes[c], query, stop),
                                             title=kb.codes[c].title) for s, c in keep])


def _exact(kb: KnowledgeBase, q: Question, stop: set[str]) -> SearchHit | None:
    """The question is an alias, a family name or a code's own title."""
    for text in (" ".join(re.sub(r"[^\w\s/-]", " ", q.text.lower()).split()), " ".join(q.words)):
        if text in kb.aliases:
            kind, target = kb.aliases[text]
            return SearchHit(code=target, how="alias") if kind == "code" else SearchHit(family=target, how="alias")
    titles = kb.cache.setdefault("title_keys", {})
    if not titles:
        titles.update({" ".join(_tokens(c.title, stop)): c.code for c in kb.codes.values()})
    code = titles.get(" ".join(_tokens(q.text, stop)))
    return SearchHit(code=code, how="title") if code else None


def _fuzzy_family(kb: KnowledgeBase, q: Question) -> str | None:
    """A misspelt long family name ("remote theraputic monitoring") inside the question."""
    from rapidfuzz import fuzz, utils

    text = utils.default_process(q.text)
    # partial_ratio aligns the shorter string inside the longer: the question must be the longer one.
    best = max(((fuzz.partial_ratio(alias, text), target) for alias, (kind, target) in kb.aliases.items()
                if kind == "family" and FAMILY_ALIAS_MIN_CHARS <= len(alias) <= len(text)), default=(0, None))
    return best[1] if best[0] >= FUZZY_CUTOFF else None


def _fuzzy_alias(kb: KnowledgeBase, q: Question) -> SearchHit:
    from rapidfuzz import fuzz, process, utils

    query = " ".join(q.words)
    if len(query) < 4:
        return SearchHit()
    # QRatio compares whole strings: WRatio's partial matching lets any long text "contain" a short alias.
    choices = kb.cache.get("alias_list") or kb.cache.setdefault("alias_list", list(kb.aliases))
    found = process.extract(query, choices, scorer=fuzz.QRatio, processor=utils.default_process,
                            score_cutoff=SUGGEST_CUTOFF, limit=MAX_SUGGESTIONS * 2)
    targets: dict[str, float] = {}
    closest: dict[str, str] = {}  # the alias each target was found by, to say why it is suggested
    for alias, score, _i in found:
        targets.setdefault(kb.aliases[alias][1], score)
        closest.setdefault(kb.aliases[alias][1], alias)
    ranked = sorted(targets.items(), key=lambda t: -t[1])
    if not ranked:
        return SearchHit()
    (best, top), second = ranked[0], ranked[1][1] if len(ranked) > 1 else 0
    if top >= FUZZY_CUTOFF and top - second >= FUZZY_MARGIN:
        return SearchHit(code=best, how="fuzzy alias") if best in kb.codes else SearchHit(family=best, how="fuzzy alias")
    return SearchHit(suggestions=[Suggestion(code=t, why=f'close to "{closest[t]}"',
                                             title=kb.codes[t].title if t in kb.codes else kb.families[t].name)
                                  for t, s in ranked[:MAX_SUGGESTIONS]])


def _family_search(kb: KnowledgeBase, q: Question, year: int, stop: set[str]) -> SearchHit:
    family = q.families[0]
    family_words = {w for a, (kind, t) in kb.aliases.items() if kind == "family" and t == family for w in _tokens(a, stop)}
    query = [w for w in _tokens(q.text, stop) if w not in family_words]
    codes = _fits_numbers(kb, q, [c for c in kb.family_codes(family) if kb.exists_in(c, year)], year)
    if not query and not (q.roles or q.variant or q.minutes is not None or q.days is not None):
        return SearchHit(family=family, how="family name")
    if len(codes) == 1:
        return SearchHit(code=codes[0].code, how="family facets")
    ranked = _rank(kb, q, codes, query, stop)
    hit = _decide(kb, ranked, True, query, stop)
    if hit.code or q.roles or q.variant or q.minutes is not None or q.days is not None:
        return hit
    # "DME question - a folding walker with 2 front wheels, HCPCS?": the family named, its words pick one code clearly
    if len(ranked) > 1 and ranked[0][0] >= SEARCH_CUTOFF * 0.8 and ranked[0][0] >= 1.5 * ranked[1][0]:
        return SearchHit(code=ranked[0][1], how=f"family, scored {ranked[0][0]:.0f} vs {ranked[1][0]:.0f}")
    return SearchHit(family=family, how="family name")


def search_text(kb: KnowledgeBase, q: Question, year: int, stopwords: set[str]) -> SearchHit:
    """Free text to a code or a family: exact alias or title, then family facets and word scores, then FTS5 and
    rapidfuzz over aliases. Only a clear winner is answered; close calls come back as suggestions."""
    hit = _exact(kb, q, stopwords)
    if hit:
        return hit
    if not q.families and (family := _fuzzy_family(kb, q)):
        q = dataclasses.replace(q, families=[family])
    if q.families:
        return _family_search(kb, q, year, stopwords)
    query = _tokens(q.text, stopwords)
    found = [kb.codes[c] for c, _s in kb.search_fts(q.words, limit=MAX_SUGGESTIONS * 4) if c in kb.codes]
    # With no family named, a candidate must share a word with its own title or aliases, not just its summary.
    found = [c for c in found if any(_has(w, _code_words(kb, c, stopwords)[0]) for w in query)]
    ranked = _rank(kb, q, _fits_numbers(kb, q, found, year), query, stopwords)
    hit = _decide(kb, ranked, False, query, stopwords)
    if hit.code:
        return hit
    fuzzy = _fuzzy_alias(kb, q)
    return fuzzy if fuzzy.code or fuzzy.family or fuzzy.suggestions else hit
