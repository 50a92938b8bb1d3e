"""find: a diagnosis question's concepts to the ICD-10-CM codes to report, in order: the code that says the most,
completed with the 7th character the question names, and the partners the tabular's notes link to it for what is
left ("type 2 diabetic with CKD stage 3a" -> E11.22 then N18.31). A close call comes back as alternatives only."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot.codesets.icd_read import IcdCode, IcdReader
from bot.codesets.load import Release
from bot.engine.dxlex import Concept, Reading
from bot.engine.dxlink import Link, in_order, partners
from bot.engine.dxsearch import COVERAGE_WEIGHT, OPTIONAL_BONUS, Scored, rank, with_seventh

TOP_COMBOS = 5  # best candidates tried with their partner codes
ANSWER_MARGIN = 8  # a winner needs this many points over the runner-up; otherwise the coder chooses
UNUSED_SHARE = 0.5  # concepts no code says may be at most this share of those said (each is named in the answer)
STRICT_MAX_EXTRA = 2  # unasked, a code's text must read like the question's own words
MAX_ALTERNATIVES = 6
HOW = {"descriptor": "descriptor", "inclusion": "inclusion term", "index": "index"}


@dataclass(slots=True)
class Finding:
    """The codes to report in order (empty for a close call), the links between them, and what was not used."""

    reading: Reading
    codes: list[IcdCode] = field(default_factory=list)
    primary: IcdCode | None = None
    links: list[Link] = field(default_factory=list)
    alternatives: list[IcdCode] = field(default_factory=list)
    how: str = ""
    unused: list[Concept] = field(default_factory=list)
    extra: int = 0


@dataclass(slots=True)
class _Combo:
    scored: Scored
    code: IcdCode
    said: set[Concept]
    links: list[Link]
    score: float


def _gain(reading: Reading, said: set[Concept]) -> float:
    required = reading.required
    return COVERAGE_WEIGHT * sum(1 for c in said if not c.optional) / max(1, len(required)) + \
        OPTIONAL_BONUS * sum(1 for c in said if c.optional)


def _combo(reader: IcdReader, rel: Release, scored: Scored, reading: Reading) -> _Combo:
    left = [c for c in reading.concepts if c not in scored.covered]
    code, by_seventh = with_seventh(reader, rel, scored.code, left, reading)
    left = [c for c in left if c not in by_seventh]
    links = partners(reader, rel, code, left, reading, reverse=False) if any(not c.optional for c in left) else []
    said = set(scored.covered) | by_seventh | {c for k in links for c in k.said}
    return _Combo(scored, code, said, links, scored.score + _gain(reading, said - set(scored.covered)))


def complete_links(reader: IcdReader, rel: Release, code: IcdCode, said: set[Concept], reading: Reading,
                   links: list[Link]) -> tuple[list[Link], set[Concept]]:
    """Add the partners whose notes point at the code, for concepts still left; return all links and all said."""
    left = [c for c in reading.concepts if c not in said]
    if not any(not c.optional for c in left) or len(links) >= 2:  # context alone never calls for a second code
        return links, said
    more = [k for k in partners(reader, rel, code, left, reading) if k.code.code not in {x.code.code for x in links}]
    return links + more, said | {c for k in more for c in k.said}


def find(reader: IcdReader, rel: Release, reading: Reading, strict: bool = False) -> Finding:
    """The codes the question's words describe, or alternatives when it is a close call."""
    if reading.concepts and not reading.required:
        reading = replace(reading, concepts=[replace(c, optional=False) for c in reading.concepts])
    ranked, _searched = rank(reader, rel, reading) if reading.concepts else ([], [])
    if not ranked:
        return Finding(reading)
    combos = sorted((_combo(reader, rel, s, reading) for s in ranked[:TOP_COMBOS] if s.complete),
                    key=lambda c: (-c.score, c.code.code))
    others = [c.code for c in combos[1:]] + [s.code for s in ranked if s.code.code not in {c.scored.code.code for c in combos}]
    if not combos or (len(combos) > 1 and combos[0].score - combos[1].score < ANSWER_MARGIN):
        return Finding(reading, alternatives=_distinct([c.code for c in combos] + others))
    best = combos[0]
    links, said = complete_links(reader, rel, best.code, best.said, reading, best.links)
    unused = [c for c in reading.required if c not in said]
    used = len(said)  # a context concept that chose the 7th character or a partner counts as used
    if len(unused) > UNUSED_SHARE * used or best.scored.extra > used + 1 or \
            (strict and not _reads_as_diagnosis(best.scored.extra, used)):  # a text saying much more is a guess
        return Finding(reading, alternatives=_distinct([best.code] + others), unused=unused)
    return Finding(reading, in_order(best.code, links), best.code, links, _distinct(others), HOW[best.scored.source],
                   unused, best.scored.extra)


def _reads_as_diagnosis(extra: int, used: int) -> bool:
    """Unasked (no "ICD", "dx" ...), the words are taken as a diagnosis only when they read like the code's own:
    one word must be the code's whole text; several may leave a few of its words unsaid."""
    return extra == 0 if used < 2 else extra <= max(STRICT_MAX_EXTRA, used - 1)


def _distinct(codes: list[IcdCode]) -> list[IcdCode]:
    seen: dict[str, IcdCode] = {}
    for code in codes:
        seen.setdefault(code.code, code)
    return list(seen.values())[:MAX_ALTERNATIVES]
