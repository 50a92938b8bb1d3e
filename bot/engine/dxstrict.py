"""may_read: whether a strict diagnosis search (words not said to be a diagnosis) could answer at all, checked before
every candidate is scored: an out-of-scope question ("device for diabetes") is refused without ranking hundreds of
descriptors, with the same outcome the full ranking gives."""

from __future__ import annotations

from collections.abc import Callable

from bot.codesets.icd_read import IcdReader
from bot.codesets.load import Release
from bot.engine.dxlex import Concept, Reading
from bot.engine.dxsearch import _candidates, core_and_optional, extra_words, held_outside_without, present_words


def may_read(reader: IcdReader, rel: Release, reading: Reading, searched: list[Concept],
             reads: Callable[[int], bool]) -> bool:
    """Whether a candidate of the searched concepts says every one of them and reads like the words (`reads`: of its
    extra words' count), or is a header that says them all (the codes below it are then scored too): a necessary
    condition of a strict answer, so False means the ranking would find none."""
    rows = _candidates(reader, rel, searched)
    if not rows:
        return False
    codes = {c.code: c for c in reader.existing(rel.id, list(dict.fromkeys(r[0] for r in rows)))}
    accounted = reading.accounted()
    needed = [c for c in searched if not c.optional]
    descends = any(c not in searched for c in reading.required)  # the ranking scores the codes below a header
    for code_id, source, text in rows:
        code = codes.get(code_id)
        if code is None:
            continue
        header = descends and not code.billable
        if not header and not reads(len(extra_words(reading, text, accounted, source == "descriptor"))):
            continue
        if _complete(reading, needed, text):
            return True
    return False


def _complete(reading: Reading, needed: list[Concept], text: str) -> bool:
    """Whether the text says every needed concept, as the ranking's score reads it (a denied concept by any words)."""
    core, optional = core_and_optional(text)
    have = core | optional if reading.said_without else held_outside_without(text)
    present = have & present_words(text)
    return all(c in reading.concepts and c.held_by(have if c in reading.denied else present) for c in needed)
