"""find_matches: exact codes, one-edit "did you mean" for code typos, and free text to a code or family."""

from __future__ import annotations

import dataclasses
import re
import string
from dataclasses import dataclass, field

from bot.answer import Suggestion
from bot.kb.store import KnowledgeBase
from bot.parse import Question

# Tuned on ../shared/eval and bench/ (see bench/README.md): a fuzzy winner must score at least
# FUZZY_CUTOFF and beat the runner-up by FUZZY_MARGIN, otherwise it is only a suggestion.
FUZZY_CUTOFF = 88
FUZZY_MARGIN = 6
SUGGEST_CUTOFF = 70
MAX_SUGGESTIONS = 5
FAMILY_ALIAS_MIN_CHARS = 12  # short aliases (RPM, CCM) would fuzzily "appear" in almost any text
_CODE_CHARS = string.digits + string.ascii_uppercase


@dataclass(slots=True)
class Matches:
    """Codes named in the question, code-shaped tokens we do not know, and suggestions for them."""

    codes: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)


@dataclass(slots=True)
class SearchHit:
    """The result of free-text matching: one code, one family, or suggestions."""

    code: str | None = None
    family: str | None = None
    suggestions: list[Suggestion] = field(default_factory=list)
    how: str = ""


def one_edit_neighbours(token: str) -> set[str]:
    """Return every string one substitution, insertion, deletion or adjacent swap away from `token`."""
    out: set[str] = set()
    for i in range(len(token) + 1):
        for ch in _CODE_CHARS:
            out.add(token[:i] + ch + token[i:])
            if i < len(token):
                out.add(token[:i] + ch + token[i + 1:])
        if i < len(token):
            out.add(token[:i] + token[i + 1:])
        if i < len(token) - 1:
            out.add(token[:i] + token[i + 1] + token[i] + token[i + 2:])
    out.discard(token)
    return out


def suggest_codes(kb: KnowledgeBase, token: str) -> list[Suggestion]:
    """Return known codes one edit away from an unknown code-shaped token."""
    near = sorted(one_edit_neighbours(token.upper()) & kb.codes.keys())
    return [Suggestion(code=c, why=f"one character away from {token}", title=kb.codes[c].title) for c in near]


def find_matches(kb: KnowledgeBase, q: Question) -> Matches:
    """Look up every code in the question exactly; unknown ones get one-edit suggestions."""
    m = Matches()
    for token in q.codes:
        if token in kb.codes:
            m.codes.append(token)
        else:
            m.unknown.append(token)
            m.suggestions.extend(suggest_codes(kb, token))
    for token in q.near_codes:
        m.suggestions.extend(s for s in suggest_codes(kb, token) if s not in m.suggestions)
        if suggest_codes(kb, token):
            m.unknown.append(token)
    return m


def _facet_candidates(kb: KnowledgeBase, q: Question, year: int) -> list[str]:
    """Codes of the named family that fit the role, variant and minutes/days the question gives."""
    family = q.families[0]
    codes = [c for c in kb.family_codes(family) if kb.exists_in(c, year)]
    if q.roles:
        wanted = set(q.roles) | ({"add_on"} if "management" in q.roles and "add_on" in q.roles else set())
        narrowed = [c for c in codes if c.role in wanted]
        if "add_on" in q.roles:
            narrowed = [c for c in narrowed if c.role == "add_on"] or narrowed
        codes = narrowed or codes
    if q.variant:
        codes = [c for c in codes if (t := kb.track_by_code.get(c.code)) is None or t.variant in (None, q.variant)] or codes
    for basis, value in (("minutes", q.minutes), ("days", q.days)):
        if value is not None:
            codes = _ladder_fit(kb, codes, basis, value, year) or codes
    return [c.code for c in codes]


def _ladder_fit(kb: KnowledgeBase, codes: list, basis: str, value: int, year: int) -> list:
    """Keep the code each ladder would pick at `value` (add-ons are kept only if asked for by role)."""
    fits = {}
    for code in codes:
        rule = kb.rule_for(code, year)
        lo, hi = (rule.min_minutes, rule.max_minutes) if basis == "minutes" else (rule.min_days, rule.max_days)
        if rule.basis != basis or lo is None or not lo <= value <= (hi if hi is not None else value):
            continue
        track = kb.track_by_code.get(code.code)
        key = track.id if track else code.code
        if key not in fits or lo > fits[key][0]:
            fits[key] = (lo, code)
    return [c for _lo, c in fits.values()]


def _rank(kb: KnowledgeBase, q: Question, candidates: list[str], suggest_cutoff: float = SUGGEST_CUTOFF) -> SearchHit:
    """Rank candidates by how well their text fits the question; accept a clear winner only."""
    from rapidfuzz import fuzz, utils  # only when free text needs ranking: keeps `ask` start-up small

    query = " ".join(q.words)
    scored = sorted(((max(fuzz.token_set_ratio(query, t, processor=utils.default_process)
                          for t in (kb.codes[c].title, *kb.codes[c].aliases)), c) for c in candidates), reverse=True)
    if not scored:
        return SearchHit()
    top, second = scored[0][0], scored[1][0] if len(scored) > 1 else 0
    if top >= FUZZY_CUTOFF and top - second >= FUZZY_MARGIN:
        return SearchHit(code=scored[0][1], how=f"text match {top:.0f}")
    return SearchHit(suggestions=[Suggestion(code=c, why=f"matches your description ({s:.0f}%)", title=kb.codes[c].title)
                                  for s, c in scored[:MAX_SUGGESTIONS] if s >= suggest_cutoff])


def _alias(kb: KnowledgeBase, q: Question) -> SearchHit | None:
    for text in (" ".join(q.words), re.sub(r"[^\w\s-]", " ", q.text.lower())):
        hit = kb.aliases.get(" ".join(text.split()))
        if hit:
            kind, target = hit
            return SearchHit(code=target, how="alias") if kind == "code" else SearchHit(family=target, how="alias")
    return None


def _fuzzy_alias(kb: KnowledgeBase, q: Question) -> SearchHit:
    from rapidfuzz import fuzz, process, utils

    query = " ".join(q.words)
    if len(query) < 4:
        return SearchHit()
    # QRatio compares whole strings: WRatio's partial matching lets any long text "contain" a short alias.
    found = process.extract(query, list(kb.aliases), scorer=fuzz.QRatio, processor=utils.default_process,
                            score_cutoff=SUGGEST_CUTOFF, limit=MAX_SUGGESTIONS * 2)
    targets: dict[str, float] = {}
    for alias, score, _i in found:
        targets.setdefault(kb.aliases[alias][1], score)
    ranked = sorted(targets.items(), key=lambda t: -t[1])
    if not ranked:
        return SearchHit()
    (best, top), second = ranked[0], ranked[1][1] if len(ranked) > 1 else 0
    if top >= FUZZY_CUTOFF and top - second >= FUZZY_MARGIN:
        return SearchHit(code=best, how="fuzzy alias") if best in kb.codes else SearchHit(family=best, how="fuzzy alias")
    return SearchHit(suggestions=[Suggestion(code=t, why=f"close to your wording ({s:.0f}%)",
                                             title=kb.codes[t].title if t in kb.codes else kb.families[t].name)
                                  for t, s in ranked[:MAX_SUGGESTIONS]])


def _fuzzy_family(kb: KnowledgeBase, q: Question) -> str | None:
    """A misspelt long family name ("remote theraputic monitoring") inside the question."""
    from rapidfuzz import fuzz, utils

    text = utils.default_process(q.text)
    best = max(((fuzz.partial_ratio(alias, text), target) for alias, (kind, target) in kb.aliases.items()
                if kind == "family" and len(alias) >= FAMILY_ALIAS_MIN_CHARS), default=(0, None))
    return best[1] if best[0] >= FUZZY_CUTOFF else None


def search_text(kb: KnowledgeBase, q: Question, year: int) -> SearchHit:
    """Free text to a code or a family: alias, then family facets + text rank, then FTS5, then rapidfuzz."""
    hit = _alias(kb, q)
    if hit:
        return hit
    if not q.families and (family := _fuzzy_family(kb, q)):
        q = dataclasses.replace(q, families=[family])
    if q.families:
        candidates = _facet_candidates(kb, q, year)
        if len(candidates) == 1:
            return SearchHit(code=candidates[0], how="family facets")
        if not (q.roles or q.minutes or q.days or q.variant):
            ranked = _rank(kb, q, candidates, suggest_cutoff=101)
            return ranked if ranked.code else SearchHit(family=q.families[0], how="family alias")
        return _rank(kb, q, candidates, suggest_cutoff=0)  # every candidate already fits the family facets
    fts = [c for c, _score in kb.search_fts(q.words, limit=MAX_SUGGESTIONS * 2)]
    ranked = _rank(kb, q, fts) if fts else SearchHit()
    if ranked.code:
        return ranked
    fuzzy = _fuzzy_alias(kb, q)
    return fuzzy if fuzzy.code or fuzzy.family or fuzzy.suggestions else ranked
