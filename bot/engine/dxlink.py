"""Codes that go with a diagnosis code by the tabular's own notes ("use additional code", "code first", "code also"):
the partner the question's left-over words name, whichever side the note sits on, and the order to report them in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.codesets.icd_read import IcdCode, IcdNote, IcdReader
from bot.codesets.load import Release
from bot.codesets.refs import note_covers, references
from bot.engine.dxlex import WITHOUT, Concept, Reading
from bot.engine.dxsearch import core_and_optional, extra_words, held_outside_without, match, number_fit, numbers, \
    with_seventh

KINDS = ("use_additional", "code_first", "code_also")
RANGE_LIMIT = 200  # codes read from one referenced range
REVERSE_ROWS, REVERSE_CODES = 40, 12  # rows searched, distinct codes checked, for a note sitting on the partner
MAX_PARTNERS = 2
_CODES_IN_NOTE = re.compile(r"\b[A-Z]\d[0-9A-Z](?:\.[0-9A-Z]{0,4})?-?")
_IF_APPLICABLE = re.compile(r"\bif applicable\b", re.I)  # a partner the note asks for only when it applies


@dataclass(frozen=True, slots=True)
class Link:
    """A partner code, the note that links it, and whether it is reported before or after the code it goes with."""

    code: IcdCode
    kind: str
    note: str
    at: str
    before: bool
    said: frozenset[Concept]
    extra: int = 0  # the partner's words the question did not say

def partner_notes(reader: IcdReader, rel: Release, code: IcdCode) -> list[IcdNote]:
    """The code's own and inherited use additional / code first / code also notes (its category and subcategories)."""
    owners = [code.code] + [c.code for c in reader.chain(rel.id, code)]
    return [n for n in reader.notes(rel.id, owners) if n.kind in KINDS]


def _referenced(reader: IcdReader, rel: Release, note: IcdNote) -> list[IcdCode]:
    return [c for lo, hi in references(note.text) for c in reader.billable_in(rel.id, lo, hi, RANGE_LIMIT)]


def _best_said(reader: IcdReader, rel: Release, codes: list[IcdCode], left: list[Concept], reading: Reading,
               note_text: str, primary: IcdCode) -> tuple[IcdCode, set, int] | None:
    """The code that says the most left-over concepts (with the note's own words); among equals, one whose own notes
    point back at the primary code (I12.9 asks for N18.1-N18.4, I12.0 for N18.5-N18.6), then the fewest words besides."""
    note_core, note_optional = core_and_optional(_CODES_IN_NOTE.sub(" ", note_text))  # "N18.4" says no stage 4
    note_words = note_core | note_optional
    found = []
    values = numbers(reading)
    accounted = reading.accounted()
    for code in codes:
        core, optional = core_and_optional(code.descriptor)
        words = core | optional  # the code's words, or the note's: never half of each ("unspecified" + "organism")
        said = {c for c in left if c.held_by(words) or bool(note_words) and c.held_by(note_words)}
        if not any(a.held_by(core | optional) for a in reading.absent):  # "no diabetes" is not "without heart failure"
            said = {c for c in said if c.phrasings != WITHOUT}
        fit = number_fit(code.descriptor, values)
        if fit is False or any(c.held_by(held_outside_without(code.descriptor)) for c in reading.absent):
            continue  # "BMI 42": never the code of another range; "no behavioral disturbance": never one "with" it
        said |= {c for c in left if fit and c.optional and c.said.isdigit()}
        if said:
            found.append(((sum(c.parts for c in said if not c.optional), len(said)), code, said,
                          len(extra_words(reading, code.descriptor, accounted))))
    if not found:
        return None
    top = max(f[0] for f in found)
    tied = [f for f in found if f[0] == top]
    back = {f[1].code for f in tied if len(tied) > 1 and _points_at(reader, rel, f[1], primary)}
    _key, code, said, extra = min(tied, key=lambda f: (f[1].code not in back, f[3]))
    return code, said, extra


def _points_at(reader: IcdReader, rel: Release, code: IcdCode, other: IcdCode) -> bool:
    return any(note_covers(n.text, other.code) for n in partner_notes(reader, rel, code))


def _forward(reader: IcdReader, rel: Release, code: IcdCode, left: list[Concept], reading: Reading,
             detail: list[Concept]) -> list[Link]:
    """Partners named by the code's own notes, each the referenced code the left-over concepts say (a use
    additional note asks for a detail, so the concepts the code itself says may name it too: "stage 4")."""
    links = []
    for note in partner_notes(reader, rel, code):
        pool = left + [c for c in detail if c not in left] if note.kind == "use_additional" else left
        found = _best_said(reader, rel, _referenced(reader, rel, note), pool, reading, note.text, code) if pool else None
        if found:
            partner, said, extra = found
            links.append(Link(partner, note.kind, note.text, note.owner, note.kind == "code_first", frozenset(said),
                              extra))
    return links


def _reverse(reader: IcdReader, rel: Release, code: IcdCode, left: list[Concept], reading: Reading) -> list[Link]:
    """Partners whose own notes point at the code ("Aftercare following joint replacement surgery: use additional
    code to identify the joint (Z96.6-)"), found by searching the left-over concepts."""
    searched: list[Concept] = []
    counts = {c: reader.count(match([c])) for c in left}
    for concept in sorted(left, key=lambda c: (c.optional, counts[c])):  # what is said, then the context that fits
        if reader.count(match(searched + [concept])):
            searched.append(concept)
    if not searched:
        return []
    rows = reader.search(rel.id, match(searched), REVERSE_ROWS)
    candidates = reader.existing(rel.id, list(dict.fromkeys(r[0] for r in rows))[:REVERSE_CODES])
    links = []
    for candidate in candidates:
        for note in partner_notes(reader, rel, candidate):
            if candidate.code != code.code and note_covers(note.text, code.code):
                found = _best_said(reader, rel, [candidate], left, reading, "", code)
                if found and not _said_plainer(reader, rel, found, reading, code):
                    links.append(Link(candidate, note.kind, note.text, note.owner, note.kind == "use_additional",
                                      frozenset(found[1]), found[2]))
                break
    return links


def _said_plainer(reader: IcdReader, rel: Release, found: tuple[IcdCode, set, int], reading: Reading,
                  code: IcdCode) -> bool:
    """Whether a partner reached only through its own note ("postviral fatigue syndrome: code, if applicable,
    U09.9") adds words the question never said while another code says the same concepts with fewer ("fatigue":
    R53.83): those concepts are then searched on their own, not read as the syndrome the note points from."""
    candidate, said, extra = found
    if not extra or not any(not c.optional for c in said):
        return False
    rows = reader.search(rel.id, match(list(said)), REVERSE_ROWS)
    others = [c for c in reader.existing(rel.id, list(dict.fromkeys(r[0] for r in rows))[:REVERSE_CODES])
              if c.code != candidate.code and c.billable]
    fits = [f for o in others if (f := _best_said(reader, rel, [o], list(said), reading, "", code)) and f[1] >= said]
    return any(f[2] < extra for f in fits)


def lifting(links: list[Link], extra: int) -> set[Concept]:
    """The concepts partners say that may raise their code's score: a partner asked for only "if applicable" never
    lifts a code whose text says more than the words ("postviral fatigue syndrome ... code, if applicable, U09.9"
    is no better a "fatigue" than R53.83, Fatigue NOS)."""
    return {c for k in links if not (extra and _IF_APPLICABLE.search(k.note)) for c in k.said}


def partners(reader: IcdReader, rel: Release, code: IcdCode, left: list[Concept], reading: Reading,
             reverse: bool = True, detail: list[Concept] | None = None) -> list[Link]:
    """The partner codes that say the left-over concepts, most said first, no concept claimed twice."""
    if not left and not detail:
        return []
    found = _forward(reader, rel, code, left, reading, detail or [])
    if reverse and left and not any(not c.optional for link in found for c in link.said):
        found += _reverse(reader, rel, code, left, reading)
    chosen: list[Link] = []
    claimed: set[Concept] = set()
    for link in sorted(found, key=lambda k: (-sum(not c.optional for c in k.said), -len(k.said), k.extra)):
        if len(chosen) < MAX_PARTNERS and not link.said & claimed and link.code.code != code.code:
            completed, more = with_seventh(reader, rel, link.code, [c for c in left if c not in claimed], reading)
            chosen.append(Link(completed, link.kind, link.note, link.at, link.before, link.said | frozenset(more),
                               link.extra))
            claimed |= link.said | more
    return chosen


def through_first(reader: IcdReader, rel: Release, code: IcdCode, links: list[Link], reading: Reading,
                  left: list | None = None) -> list[Link]:
    """The use additional partners of a partner reported first, for the details the question gives (I13.- before
    the heart failure code asks for the CKD stage too), and of a partner reported after, for the details nothing
    reported says yet (the ESRD code's dialysis status); a note whose range already holds a reported code is met."""
    have = [code.code] + [k.code.code for k in links]
    own = set().union(*core_and_optional(code.descriptor))
    more: list[Link] = []
    for first in [k for k in links if k.before or left]:
        for note in partner_notes(reader, rel, first.code):
            if note.kind != "use_additional" or any(note_covers(note.text, c) for c in have):
                continue
            found = _best_said(reader, rel, _referenced(reader, rel, note), reading.concepts if first.before else left,
                               reading, note.text, first.code)
            if found and found[0].code not in have and any(not c.optional and not c.held_by(own) for c in found[1]):
                more.append(Link(found[0], note.kind, note.text, note.owner, False, frozenset(found[1]), found[2]))
                have.append(found[0].code)
    return more


def in_order(code: IcdCode, links: list[Link]) -> list[IcdCode]:
    """The codes in the order to report them: code first partners, the code, then use additional partners."""
    return [k.code for k in links if k.before] + [code] + [k.code for k in links if not k.before]


def named_by_notes(reader: IcdReader, rel: Release, code: IcdCode) -> list[tuple[IcdCode, IcdNote]]:
    """Each single code (or family header) the code's partner notes name, with its note (for the answer's companions)."""
    out, seen = [], set()
    for note in partner_notes(reader, rel, code):
        for lo, hi in references(note.text):
            if lo == hi and lo not in seen and (found := reader.code(rel.id, lo)) is not None:
                seen.add(lo)
                out.append((found, note))
    return out


def unspecified_partners(reader: IcdReader, rel: Release, codes: list[IcdCode],
                         reading: Reading) -> list[tuple[IcdCode, Link]]:
    """The unspecified code of a category a use additional note asks for, when the question names that category
    but none of its details ("diabetes with CKD", no stage: E11.22 then N18.9; the condition itself is still coded,
    guideline I.C.14.a); never for a category the question does not name (insulin use, Z79.4). Each with the code
    whose note asks for it."""
    have = {c.code for c in codes}
    more: list[tuple[IcdCode, Link]] = []
    for code in codes:
        for note in partner_notes(reader, rel, code):
            if note.kind != "use_additional" or any(note_covers(note.text, c) for c in have):
                continue
            for category in dict.fromkeys(lo[:3] for lo, _hi in references(note.text)):
                if any(c.startswith(category) for c in have):
                    continue
                if not _named(reader, rel, category, reading):
                    continue
                link = _detailed(reader, rel, note, category, code, reading)  # the ESRD the code itself words
                found = None if link else _unspecified_of(reader, rel, category)
                if link or found is not None:
                    owner = [c for c in codes if _asks_for(reader, rel, c, category)][-1]  # after the last that asks
                    more.append((owner, link or Link(found, note.kind, f"{note.text}; the question names no such "
                                                    "detail, so the category's unspecified code", note.owner, False,
                                                    frozenset())))
                    have.add(more[-1][1].code.code)
    return more


def _asks_for(reader: IcdReader, rel: Release, code: IcdCode, category: str) -> bool:
    return any(n.kind == "use_additional" and any(lo.startswith(category) for lo, _hi in references(n.text))
               for n in partner_notes(reader, rel, code))


def _detailed(reader: IcdReader, rel: Release, note: IcdNote, category: str, code: IcdCode,
              reading: Reading) -> Link | None:
    """The code of the category the note asks for that a detail the question says names, even one the first code
    says too ("end stage renal disease": I12.0 says it, N18.6 is still the stage), never the bare category."""
    header = reader.code(rel.id, category)
    title = set().union(*core_and_optional(header.descriptor)) if header is not None else set()
    codes = [c for c in _referenced(reader, rel, note) if c.code.startswith(category)]
    pool = [c for c in reading.required if not c.said.isdigit()]  # a bare number is another word's ("type 2")
    found = _best_said(reader, rel, codes, pool, reading, note.text, code) if codes and pool else None
    if found is None or not any(not c.optional and not c.held_by(title) for c in found[1]):
        return None
    return Link(found[0], note.kind, note.text, note.owner, False, frozenset(found[1]), found[2])


def _named(reader: IcdReader, rel: Release, category: str, reading: Reading) -> bool:
    """Whether the question's words say the category's title ("CKD" says chronic kidney disease, N18)."""
    header = reader.code(rel.id, category)
    title = core_and_optional(header.descriptor)[0] if header is not None else frozenset()
    return bool(title) and title <= {w for c in reading.required for ph in c.normed for w in ph}


def _unspecified_of(reader: IcdReader, rel: Release, category: str) -> IcdCode | None:
    """The one billable "<category title>, unspecified" code."""
    header = reader.code(rel.id, category)
    title = core_and_optional(header.descriptor)[0] if header is not None else frozenset()
    below, _total = reader.billable_below(rel.id, category, RANGE_LIMIT)
    plain = [c for c in below if core_and_optional(c.descriptor)[0] - title == {"unspecified"}]
    return plain[0] if len(plain) == 1 else None
