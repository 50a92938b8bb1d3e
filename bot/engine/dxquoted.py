"""A code quoted in someone's claim beside words that describe another condition ("the EHR picks I10 for hypertensive
heart disease with heart failure", "we billed E11.9, chart says uncontrolled"): the words' own code answers and the
quoted one is said to be wrong (or a header, with its billable codes), never the other way round. The words decide
only when their own search answers confidently with nothing left unused; otherwise the quoted code is explained."""

from __future__ import annotations

from bot.codesets.icd_read import IcdCode, IcdReader
from bot.codesets.load import Release
from bot.engine.dxfind import Finding
from bot.engine.dxlex import Reading
from bot.engine.dxsearch import core_and_optional

MAX_SHOWN = 5  # a header's billable codes named in the caveat


def _says(reader: IcdReader, rel: Release, code: IcdCode, reading: Reading) -> set:
    """The question's concepts the code's descriptor or inclusion terms say."""
    texts = [code.descriptor] + [n.text for n in reader.notes(rel.id, [code.code]) if n.kind == "inclusion"]
    said: set = set()
    for text in texts:
        core, optional = core_and_optional(text)
        said |= {c for c in reading.required if c.held_by(set(core | optional))}
    return said


def words_point_elsewhere(reader: IcdReader, rel: Release, quoted: IcdCode, reading: Reading,
                          finding: Finding | None) -> str | None:
    """The caveat when the words' own confident answer is another billable code that says what the quoted code
    does not; None when the quoted code fits the words as well (or the words do not answer on their own)."""
    if finding is None or finding.primary is None or finding.unused or not finding.primary.billable:
        return None
    other = finding.primary
    if other.code == quoted.code or quoted.code.startswith(other.code):
        return None  # the quoted code is the words' code, or below it (a code that does not exist is handled apart)
    if other.code.startswith(quoted.code) and quoted.billable:
        return None
    missing = [c for c in reading.required if c not in _says(reader, rel, quoted, reading)]
    if quoted.billable and not missing:
        return None
    return _caveat(reader, rel, quoted, other, missing)


def _caveat(reader: IcdReader, rel: Release, quoted: IcdCode, other: IcdCode, missing: list) -> str:
    words = ", ".join(c.said for c in missing)
    if not quoted.billable:
        below, total = reader.billable_below(rel.id, quoted.code, MAX_SHOWN)
        listed = ", ".join(c.dotted for c in below) + (f" and {total - len(below)} more" if total > len(below) else "")
        return (f"{quoted.dotted} ({quoted.descriptor}) is a header in {rel.name}, not billable: a claim needs a code "
                f"below it ({listed}). Your words describe {other.dotted} ({other.descriptor}); check the "
                "documentation supports it.")
    return (f"{quoted.dotted} ({quoted.descriptor}) is not the code for these words"
            + (f": it does not say {words}" if words else "")
            + f". Your words describe {other.dotted} ({other.descriptor}) rather than {quoted.dotted}; "
              "check the documentation before choosing.")
