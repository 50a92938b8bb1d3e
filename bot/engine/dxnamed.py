"""A diagnosis code named beside words that describe the condition: a header (not billable) whose billable code the
words name ("the referral says G56.0 ... right carpal tunnel"), or a code that does not exist below a billable one
that the words name ("M72.21 for left plantar fasciitis": M72.2 has no further characters). The words decide only
when their own search lands there; otherwise the caller keeps listing the choices."""

from __future__ import annotations

import os
from collections.abc import Callable

from bot.codesets.icd_read import IcdCode, IcdReader
from bot.codesets.load import Release
from bot.engine.dxfind import Finding, find
from bot.engine.dxlex import Reading
from bot.engine.dxsearch import core_and_optional, held_outside_without

MAX_SHOWN = 5  # the header's other billable codes named in the caveat
MAX_BELOW = 300  # billable codes below a header compared word by word


def _shown(code: str) -> str:
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"


def words_choose_below(reader: IcdReader, rel: Release, header: IcdCode, reading: Reading,
                       finding: Finding | None = None) -> tuple[IcdCode, str] | None:
    """The billable code below a header that the question's other words name, and the caveat saying so; else None
    (`finding`: the words' own search, when the caller already ran it)."""
    if header.billable or not reading.required:
        return None
    finding = finding or find(reader, rel, reading)
    chosen = finding.primary
    if chosen is None or not chosen.billable or chosen.code == header.code or not chosen.code.startswith(header.code) \
            or not (_adds(reading, header, chosen) or _denies_others(reader, rel, header, chosen, reading)):
        chosen = discriminated(reader, rel, header, reading) or _only_said(reader, rel, header, reading)
    if chosen is None:
        return None
    below, total = reader.billable_below(rel.id, header.code, MAX_SHOWN + 1)
    others = [c.dotted for c in below if c.code != chosen.code][:MAX_SHOWN]
    more = f" (and {total - 1 - len(others)} more)" if total - 1 > len(others) else ""
    caveat = (f"{header.dotted} is a header, not billable: a claim needs a code below it. Your words name "
              f"{chosen.dotted} ({chosen.descriptor})"
              + (f"; the others below {header.dotted}: {', '.join(others)}{more}" if others else "")
              + ". Check the documentation supports it.")
    return chosen, caveat


def below_or_itself(reader: IcdReader, rel: Release, code: IcdCode, read_words: Callable[[], Reading],
                    caveats: list[str]) -> IcdCode:
    """A header asked beside another code: the billable code below it that the question's other words name, its
    caveat added; else the code itself (the words are read only for a header)."""
    if code.billable or (below := words_choose_below(reader, rel, code, read_words())) is None:
        return code
    caveats.append(below[1])
    return below[0]


def _said_by(code: IcdCode) -> set[str]:
    core, optional = core_and_optional(code.descriptor)
    return set(core | optional)


def _adds(reading: Reading, header: IcdCode, chosen: IcdCode) -> bool:
    """The chosen code says a word of the question that the header does not (a side, "plain"): the words chose it,
    not the search's default for a question that only repeats the header."""
    return any(c.held_by(_said_by(chosen)) and not c.held_by(_said_by(header)) for c in reading.required)


def _denies_others(reader: IcdReader, rel: Release, header: IcdCode, chosen: IcdCode, reading: Reading) -> bool:
    """The words' own code below the header, when the question denies what the others below it say ("M54.5 for low
    back pain; the doc didn't say vertebrogenic"): the documentation says no more than the chosen code."""
    if not reading.absent:
        return False
    below, _total = reader.billable_below(rel.id, header.code, MAX_BELOW)
    return any(c.held_by(_said_by(other)) and not c.held_by(_said_by(chosen))
               for other in below if other.code != chosen.code for c in reading.absent)


def discriminated(reader: IcdReader, rel: Release, header: IcdCode, reading: Reading,
                  rarest: bool = False) -> IcdCode | None:
    """The one billable code below the header that says the most of the question's words that tell the codes below
    it apart ("right", "plain"); None when no such word is said or two codes say as many (with `rarest`, a tie of
    different words goes to the code whose words fewer codes say: "remission" over "after")."""
    below, _total = reader.billable_below(rel.id, header.code, MAX_BELOW)
    held = {c.code: {k for k, concept in enumerate(reading.required)  # a word said as present: not a "without ..."
                     if concept.held_by(set(held_outside_without(c.descriptor)))} for c in below}
    header_says = _said_by(header)
    telling = {k for k, concept in enumerate(reading.required) if not concept.held_by(header_says)
               and 0 < sum(k in h for h in held.values()) < len(below)}  # a word the header says tells nothing
    scores = {code: len(h & telling) for code, h in held.items()}
    best = max(scores.values(), default=0)
    winners = [c for c in below if scores[c.code] == best]
    if best == 0:
        return None
    if rarest and len(winners) > 1:
        winners = _rarest(winners, held, telling)
    if len(winners) > 1:
        winners = _saying_no_more(winners, reading)
    return winners[0] if len(winners) == 1 else _common_parent(reader, rel, header, winners)


def _only_said(reader: IcdReader, rel: Release, header: IcdCode, reading: Reading) -> IcdCode | None:
    """The one billable code below the header whose words the question all says, when no word tells the codes
    apart ("J35.0 for chronic tonsillitis": the chronic tonsillitis code, not the ones adding adenoiditis)."""
    below, _total = reader.billable_below(rel.id, header.code, MAX_BELOW)
    kept = _saying_no_more(below, reading)
    return kept[0] if len(kept) == 1 and len(below) > 1 else None


def _saying_no_more(winners: list[IcdCode], reading: Reading) -> list[IcdCode]:
    """Of tied codes, the one whose words the question all says ("chronic tonsillitis": not the code that adds
    adenoiditis); all of them when none or several say no more than the question."""
    said = set().union(*(c.words() for c in reading.concepts)) | reading.implied
    kept = [c for c in winners if not set(core_and_optional(c.descriptor)[0]) - said]
    return kept if len(kept) == 1 else winners


def _rarest(winners: list[IcdCode], held: dict[str, set[int]], telling: set[int]) -> list[IcdCode]:
    """The tied codes whose telling words the fewest codes share (each word weighs 1 / how many codes say it)."""
    share = {k: sum(k in h for h in held.values()) for k in telling}
    weight = {c.code: sum(1 / share[k] for k in held[c.code] & telling) for c in winners}
    top = max(weight.values())
    return [c for c in winners if weight[c.code] == top]


def _common_parent(reader: IcdReader, rel: Release, header: IcdCode, winners: list[IcdCode]) -> IcdCode | None:
    """Several codes tie, all under one code deeper than the header and nothing else under it (the words chose
    "left ACL sprain" and only the 7th character is left): that code, for the 7th-character words to complete."""
    prefix = os.path.commonprefix([c.code for c in winners])
    for cut in range(len(prefix), len(header.code), -1):
        parent = reader.code(rel.id, prefix[:cut])
        if parent is not None:
            _below, total = reader.billable_below(rel.id, parent.code, 1)
            return parent if total == len(winners) else None
    return None


def billable_ancestor(reader: IcdReader, rel: Release, token: str) -> IcdCode | None:
    """The nearest existing code that the token extends (M72.21 -> M72.2), when it is billable."""
    for cut in range(len(token) - 1, 2, -1):
        code = reader.code(rel.id, token[:cut])
        if code is not None:
            return code if code.billable else None
    return None


def words_name_ancestor(reader: IcdReader, rel: Release, tokens: list[str],
                        read_words: Callable[[], Reading]) -> tuple[IcdCode, str] | None:
    """Codes that do not exist, each below the same billable code that the question's words also name: that code,
    and the caveat that the written ones are not codes (the words are read only when there is such a code)."""
    ancestors = {billable_ancestor(reader, rel, t) for t in tokens}
    if len(ancestors) != 1 or None in ancestors:
        return None
    reading = read_words()
    if not reading.required:
        return None
    parent = ancestors.pop()
    finding = find(reader, rel, reading)
    best = finding.primary or (finding.alternatives[0] if finding.alternatives else None)  # the words' best fit
    if best is None or best.code != parent.code:
        return None
    written = ", ".join(_shown(t) for t in tokens)
    return parent, (f"{written} {'is not an ICD-10-CM code' if len(tokens) == 1 else 'are not ICD-10-CM codes'}"
                    f" in {rel.name}: {parent.dotted} is billable as it is, with no further characters to add; "
                    f"it is the code your words name ({parent.descriptor}).")
