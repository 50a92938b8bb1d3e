"""find: a diagnosis question's concepts to the ICD-10-CM codes to report, in order: the code that says the most,
completed with the 7th character the question names, and the partners the tabular's notes link to it for what is
left ("type 2 diabetic with CKD stage 3a" -> E11.22 then N18.31). A close call comes back as alternatives only."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import combinations

from bot.codesets.icd_read import IcdCode, IcdReader
from bot.codesets.load import Release
from bot.engine.dxlex import Concept, Reading
from bot.engine.dxlink import Link, in_order, lifting, partners, through_first, unspecified_partners
from bot.engine.dxnegate import UNMENTIONED, denials
from bot.engine.dxrange import only_in_span
from bot.engine.dxexternal import listed_after
from bot.engine.dxlead import aftercare_led, also_coded, encounter_led, exam_led, weeks_code
from bot.engine.dxsystemic import systemic_first
from bot.engine.dxsearch import COVERAGE_WEIGHT, OPTIONAL_BONUS, Scored, core_and_optional, held_outside_without, rank, \
    searched_sets, with_seventh

TOP_COMBOS = 5  # best candidates tried with their partner codes
ANSWER_MARGIN = 8  # a winner needs this many points over the runner-up; otherwise the coder chooses
UNUSED_SHARE = 0.5  # concepts no code says may be at most this share of those said (each is named in the answer)
STRICT_MAX_EXTRA = 2  # unasked, a code's text must read like the question's own words
MAX_ALTERNATIVES = 6
MAX_RESTS = 2  # further conditions told beside the first one's code, each searched on its own
OVERLAP_MAX_EXTRA = 1  # two answers sharing a concept are joined only when each code reads as the words said
UNILATERAL = frozenset({"unilateral"})  # one side said: a code that says "unilateral" says it
SIDE_WORDS = frozenset({"right", "left", "bilateral", "unilateral", "side"})
SIDED_ROWS = 400  # billable codes of a category read for a side
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
    said: frozenset[Concept] = frozenset()  # what the codes say (kept on a close call refused for unused words)
    candidate: list[IcdCode] = field(default_factory=list)  # the codes refused only for the words left unused
    note: str = ""  # why several codes answer (one per side)


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


def _said_words(text: str) -> frozenset[str]:
    """A text's words, its nonessential ones too."""
    return frozenset().union(*core_and_optional(text))


def _combo(reader: IcdReader, rel: Release, scored: Scored, reading: Reading) -> _Combo:
    left = [c for c in reading.concepts if c not in scored.covered or only_in_span(c, scored.code.descriptor, _said_words)]
    code, by_seventh = with_seventh(reader, rel, scored.code, left, reading)
    left = [c for c in left if c not in by_seventh]
    links = partners(reader, rel, code, left, reading, reverse=False) if any(not c.optional for c in left) else []
    said = set(scored.covered) | by_seventh | {c for k in links for c in k.said}
    gained = by_seventh | lifting(links, scored.extra)  # "code, if applicable" never lifts a wordier code
    return _Combo(scored, code, said, links, scored.score + _gain(reading, gained - set(scored.covered)))


def complete_links(reader: IcdReader, rel: Release, code: IcdCode, said: set[Concept], reading: Reading,
                   links: list[Link]) -> tuple[list[Link], set[Concept]]:
    """Add the partners whose notes point at the code, for concepts still left; return all links and all said."""
    left = [c for c in reading.concepts if c not in said]
    if not any(not c.optional for c in left) or len(links) >= 2:  # context alone never calls for a second code
        return links, said
    more = [k for k in partners(reader, rel, code, left, reading) if k.code.code not in {x.code.code for x in links}]
    return links + more, said | {c for k in more for c in k.said}


def find(reader: IcdReader, rel: Release, reading: Reading, strict: bool = False) -> Finding:
    """The codes the question's words describe, or alternatives when it is a close call; a condition of both sides
    that no code says as bilateral is the right and the left code together."""
    found = _find(reader, rel, reading, strict)
    found = systemic_first(reading, found, lambda r: _find(reader, rel, r, strict)) or found  # sepsis, then its source
    found = listed_after(reading, found) or found  # an external cause follows the injury it explains
    if (found.primary is None or not found.primary.billable) and reading.absent:
        found = _denied_searched(reader, rel, reading, strict) or found
    found = _both_sides(reader, rel, reading, found, strict) or _default_child(reader, rel, reading, found)
    more = unspecified_partners(reader, rel, found.codes, reading) if found.primary is not None else []
    codes = list(found.codes)
    for owner, link in reversed(more):  # each right after the code whose note asks for it
        codes.insert(codes.index(owner) + 1, link.code)
    found = replace(found, codes=codes, links=found.links + [k for _o, k in more]) if more else found
    found = also_coded(reader, rel, reading, aftercare_led(reader, rel, reading, found))
    return weeks_code(reader, rel, reading, encounter_led(reading, exam_led(reader, rel, reading, found)))


def _default_child(reader: IcdReader, rel: Release, reading: Reading, found: Finding) -> Finding:
    """A header answered is replaced by the one code below it that only adds what is not there ("..., without
    status epilepticus", "without mention of fluctuations"): unsaid, or said absent, that is the code (guideline
    I.A.9: "with" needs the documentation to say it)."""
    code = found.primary
    while code is not None and not code.billable:
        plain = [c for c in reader.children(rel.id, code.code) if c.kind != "extension" and _only_denies(code, c, reading)]
        if len(plain) != 1:
            return found
        code = plain[0]
    if code is None or code is found.primary:
        return found
    return replace(found, codes=[code if c is found.primary else c for c in found.codes], primary=code)


def _only_denies(header: IcdCode, child: IcdCode, reading: Reading) -> bool:
    tail = child.descriptor[len(header.descriptor):] if child.descriptor.startswith(header.descriptor) else ""
    rest = core_and_optional(tail)[0] - core_and_optional(" ".join(denials(tail) + UNMENTIONED.findall(tail.lower())))[0]
    return bool(tail.strip(" ,")) and not rest - {"mention", "specified", "not"} and \
        not any(c.held_by(core_and_optional(tail)[0]) for c in reading.required)


def _denied_searched(reader: IcdReader, rel: Release, reading: Reading, strict: bool) -> Finding | None:
    """"Alzheimer's dementia, no behavioral disturbance": when the words present do not answer alone, the denied
    ones searched too, kept only when a code says them after its "without" (never as present)."""
    said = [replace(c, optional=False) if c.phrasings == (("without",),) else c for c in reading.concepts]
    if not any(c.phrasings == (("without",),) for c in said):
        return None
    found = _find(reader, rel, replace(reading, concepts=said + reading.absent, absent=[], said_without=True,
                                         denied=list(reading.absent)), strict)
    denied = [c for c in reading.absent]
    for code in found.codes:
        core, optional = core_and_optional(code.descriptor)
        if all(c.held_by(core | optional) and not c.held_by(held_outside_without(code.descriptor)) for c in denied):
            return found
    return None


def _both_sides(reader: IcdReader, rel: Release, reading: Reading, found: Finding, strict: bool) -> Finding | None:
    """"Pain in both knees": when no code found says bilateral, the codes the words name for the right side and
    for the left, each found on its own (guideline I.B.13); None when the words do not say both sides or either
    side does not answer confidently."""
    boths = [c for c in reading.required if ("bilateral",) in c.phrasings]  # "both knees ... bilateral code"
    both = boths[0] if boths else None
    if both is None or any("bilateral" in core_and_optional(c.descriptor)[0] for c in found.codes):
        return None
    sides = []
    for side in ("right", "left"):
        concepts = [Concept(side, ((side,),)) if c is both else c for c in reading.concepts if c not in boths[1:]]
        one = _find(reader, rel, replace(reading, concepts=concepts, implied=reading.implied | UNILATERAL,
                                         defaults=reading.defaults + [frozenset(UNILATERAL)]), strict)
        if one.primary is None or one.unused or side not in core_and_optional(one.primary.descriptor)[0]:
            return None
        sides.append(one)
    right, left = sides
    if right.primary.code == left.primary.code or right.primary.code[:3] != left.primary.code[:3]:
        return None
    codes = _distinct(right.codes + left.codes)
    note = (f"No {right.primary.code[:3]} code says both sides: report {right.primary.dotted} (right) and "
            f"{left.primary.dotted} (left), one code for each side (guideline I.B.13).")
    return Finding(reading, codes, right.primary, right.links + left.links, _distinct(right.alternatives),
                   right.how, [], right.extra, note=note)


def _find(reader: IcdReader, rel: Release, reading: Reading, strict: bool = False) -> Finding:
    """Words no one text holds together are searched set by set (two conditions in one question): the first set
    that answers with nothing left unused wins, else the answer that leaves the fewest concepts unused, else the
    largest set's close call."""
    if reading.concepts and not reading.required:
        reading = replace(reading, concepts=[replace(c, optional=False) for c in reading.concepts])
    sets = searched_sets(reader, rel, reading) if reading.concepts else []
    findings: list[Finding] = []
    for searched in sets:
        found = _find_set(reader, rel, reading, searched, strict)
        if found.primary is not None and not found.unused:
            return found
        findings.append(found)
    answered = [f for f in findings if f.primary is not None]
    if answered:
        best = min(answered, key=lambda f: len(f.unused))  # among equals the largest set
        return _overlapping(reading, best, answered) or _with_rest(reader, rel, best)
    return _together(reading, findings) or (findings[0] if findings else Finding(reading))


def _overlapping(reading: Reading, best: Finding, answered: list[Finding]) -> Finding | None:
    """Two answers sharing a concept, each saying what the other left ("type 2 diabetes, hypertension and CKD
    stage 4": E11.22 and I12.9 both say the CKD, guideline I.A.15 links each to it): both, in the question's order."""
    def said(f: Finding) -> set[Concept]:
        return {c for c in reading.required if c not in f.unused}
    for other in answered:
        left = set(best.unused) & set(other.unused)  # a stray word neither code says ("benign essential ...")
        if other is not best and set(best.unused) - left and max(best.extra, other.extra) <= OVERLAP_MAX_EXTRA \
                and set(best.unused) - left <= said(other) and set(other.unused) - left <= said(best) \
                and not any(k.before for k in best.links + other.links):  # a code-first partner leads its own code
            firsts = _ordered(reading, [(best, [best.primary]), (other, [other.primary])])
            return replace(best, codes=_distinct(firsts + best.codes + other.codes),  # the shared stage last
                           unused=[c for c in best.unused if c in left])
    return None


def _with_rest(reader: IcdReader, rel: Release, found: Finding, depth: int = 0) -> Finding:
    """An answer that left concepts unused, completed by the codes those concepts name on their own ("right knee
    pain and low back pain"; "ESRD on hemodialysis, quit smoking": the dialysis status, then the smoking history):
    both, when the rests answer with nothing left over (or only a stray place beside an external cause)."""
    if not found.unused:
        return found
    said = {c for c in found.reading.required if c not in found.unused and c.phrasings != (("without",),)}
    after = tuple(found.reading.after.get("letters") or ()) or ("\0",)
    have = {c.code for c in found.codes}
    tried: list[Finding] = []
    # "hypertension and type 2 diabetes, no fever": the other condition is searched with the context, then, when
    # that answers nothing, without the bare "without" a denial of something else left behind
    for keep in (lambda c: c.optional, lambda c: c.optional and c.phrasings != (("without",),)):
        rest_reading = replace(found.reading, concepts=[c if c in found.unused or keep(c) else replace(c, optional=True)
                                                        for c in found.reading.concepts if c in found.unused or keep(c)
                                                        or c in said])  # what the first code said: the rest's context
        tried += [f for f in (_find_set(reader, rel, rest_reading, s, False) for s in searched_sets(reader, rel, rest_reading))
                  if f.primary and len(f.unused) < len(found.unused) and f.primary.code not in have]
    for rest in sorted(tried, key=lambda f: len(f.unused)):
        joined = replace(found, codes=_ordered(found.reading, [(found, found.codes), (rest, rest.codes)]),
                         unused=rest.unused)
        deeper = _with_rest(reader, rel, joined, depth + 1) if rest.unused and depth < MAX_RESTS else joined
        if not deeper.unused or rest.primary.code.startswith(after):  # an external cause and a stray place
            return deeper  # ("in his garage", at a follow-up: what neither says is still named)
    return found


def _ordered(reading: Reading, parts: list[tuple[Finding, list[IcdCode]]]) -> list[IcdCode]:
    """The codes of several findings, the one whose words come first in the question first."""
    position = {c: i for i, c in enumerate(reading.concepts)}
    def first_said(part: tuple[Finding, list[IcdCode]]) -> int:
        said = part[0].said or frozenset(c for c in reading.required if c not in part[0].unused)
        return min((position.get(c, len(position)) for c in said), default=len(position))
    return _distinct([c for _f, codes in sorted(parts, key=first_said) for c in codes])


def _together(reading: Reading, findings: list[Finding]) -> Finding | None:
    """Two or three sets that each name a condition of their own ("hypertension and hyperlipidemia"; "hypertensive
    ESRD, on hemodialysis, former smoker"), between them saying every concept, none twice: their codes, in the
    question's order; None when no such sets do."""
    ready = [f for f in findings if f.candidate]
    for size in (2, 3):
        for group in combinations(ready, size):
            said = [f.said for f in group]
            if any(a & b for a, b in combinations(said, 2)) or not set(reading.required) <= frozenset().union(*said):
                continue
            codes = _ordered(reading, [(f, f.candidate) for f in group])
            return Finding(reading, codes, codes[0], [], [], "descriptor", [], 0, frozenset().union(*said))
    return None


def _find_set(reader: IcdReader, rel: Release, reading: Reading, searched: list[Concept], strict: bool) -> Finding:
    """The finding of one set of concepts searched together."""
    ranked, _searched = rank(reader, rel, reading, searched)
    if not ranked:
        return Finding(reading)
    if strict and not any(s.complete and _reads_as_diagnosis(s.extra, len(reading.concepts)) for s in ranked[:TOP_COMBOS]):
        return Finding(reading)  # no code could read like the words, however many they say: a strict search's no
    combos = _no_header_over_child(sorted((_combo(reader, rel, s, reading) for s in ranked[:TOP_COMBOS] if s.complete),
                                          key=lambda c: (-c.score, c.code.code)))
    others = [c.code for c in combos[1:]] + [s.code for s in ranked if s.code.code not in {c.scored.code.code for c in combos}]
    if not combos or (len(combos) > 1 and combos[0].score - combos[1].score < ANSWER_MARGIN):
        return Finding(reading, alternatives=_distinct([c.code for c in combos] + others))
    best = combos[0]
    links, said = complete_links(reader, rel, best.code, best.said, reading, best.links)
    unused = [c for c in reading.required if c not in said]
    for _level in range(2):  # a partner's partner: I13.- first, then the CKD stage it asks for, then dialysis status
        links = links + (more := through_first(reader, rel, best.code, links, reading, unused))
        said = said | {c for k in more for c in k.said}
        unused = [c for c in unused if not any(c in k.said for k in more)]
    used = sum(c.parts for c in said)  # a context concept that chose the 7th character or a partner counts as used
    sideless = not best.code.code.startswith(tuple(reading.after.get("letters") or ("\0",))) and \
        any(c.words() <= SIDE_WORDS for c in unused) and not _sided(reader, rel, best.code)
    counted = [c for c in unused if not (sideless and c.words() <= SIDE_WORDS)]  # M65.4 has no side to ask
    if sum(c.parts for c in counted) > UNUSED_SHARE * used or best.scored.extra > used + 1 or \
            (strict and not _reads_as_diagnosis(best.scored.extra, used)):  # a text saying much more is a guess
        alone = not strict and best.scored.extra <= used + 1 and best.code.billable
        return Finding(reading, alternatives=_distinct([best.code] + others), unused=unused, said=frozenset(said),
                       candidate=in_order(best.code, links) if alone else [])
    return Finding(reading, in_order(best.code, links), best.code, links, _distinct(others), HOW[best.scored.source],
                   unused, best.scored.extra)


def _sided(reader: IcdReader, rel: Release, code: IcdCode) -> bool:
    """Whether the condition is coded by side: the code says "unspecified" (a sided sibling may fit), or a billable
    code of its category worded as it is names a side."""
    if "unspecified" in core_and_optional(code.descriptor)[0]:
        return True
    stem = code.descriptor.split(",")[0].lower()
    below, _total = reader.billable_below(rel.id, code.code[:3], SIDED_ROWS)
    return any(c.descriptor.lower().startswith(stem) and SIDE_WORDS & core_and_optional(c.descriptor)[0] for c in below)


def _no_header_over_child(combos: list[_Combo]) -> list[_Combo]:
    """A header is never the answer when a billable code below it says a stated word the header does not, and all
    the header's partners say: that code is (I50.2 with a partner for "chronic" loses to I50.22, which says it)."""
    def says(combo: _Combo, alone: bool = False) -> set[Concept]:
        return {c for c in (combo.scored.covered if alone else combo.said) if not c.optional}
    combos = [c for i, c in enumerate(combos) if all(c.code.code != b.code.code for b in combos[:i])]  # one per code
    return [h for h in combos if h.code.billable or not any(
        k.code.billable and k.code.code.startswith(h.code.code) and says(k) >= says(h)
        and says(k, True) > says(h, True) for k in combos)]


def _reads_as_diagnosis(extra: int, used: int) -> bool:
    """Unasked (no "ICD", "dx" ...), the words are taken as a diagnosis only when they read like the code's own:
    one word must be the code's whole text; several may leave a few of its words unsaid."""
    return extra == 0 if used < 2 else extra <= max(STRICT_MAX_EXTRA, used - 1)


def _distinct(codes: list[IcdCode]) -> list[IcdCode]:
    seen: dict[str, IcdCode] = {}
    for code in codes:
        seen.setdefault(code.code, code)
    return list(seen.values())[:MAX_ALTERNATIVES]
