"""A code quoted in someone's claim beside words that describe another condition ("the EHR picks I10 for hypertensive
heart disease with heart failure", "we billed E11.9, chart says uncontrolled"): the words' own code answers and the
quoted one is said to be wrong (or a header, with its billable codes), never the other way round. The words decide
only when their own search answers confidently with nothing left unused; otherwise the quoted code is explained."""

from __future__ import annotations

from bot.codesets.icd_read import IcdCode, IcdReader
from bot.codesets.load import Release
from bot.codesets.refs import note_covers
from bot.engine.dxfind import Finding
from bot.engine.dxlink import partner_notes
from bot.engine.dxlex import Reading
from bot.engine.dxnamed import discriminated
from bot.engine.dxsearch import core_and_optional, extra_words

MAX_SHOWN = 5  # a header's billable codes named in the caveat
SIDES = {"right", "left", "bilateral", "unilateral", "dominant", "nondominant", "non"}


def _says(reader: IcdReader, rel: Release, code: IcdCode, reading: Reading, sided: bool = False) -> set:
    """The question's concepts the code's descriptor or inclusion terms say (with sided, also the optional side
    words: the dominant / non-dominant side the handedness, or the guideline's default, gives)."""
    texts = [code.descriptor] + [n.text for n in reader.notes(rel.id, [code.code]) if n.kind == "inclusion"]
    concepts = reading.required + ([c for c in reading.concepts if c.optional and c.words() <= SIDES] if sided else [])
    said: set = set()
    for text in texts:
        core, optional = core_and_optional(text)
        said |= {c for c in concepts if c.held_by(set(core | optional))}
    return said


def unsaid(reader: IcdReader, rel: Release, code: IcdCode, reading: Reading) -> list[str]:
    """The question's concepts the code does not say, as the question said them."""
    said = _says(reader, rel, code, reading)
    return [c.said for c in reading.required if c not in said]


def words_code(reader: IcdReader, rel: Release, finding: Finding | None, quoted: IcdCode,
               documented: bool = False) -> IcdCode | None:
    """The billable code the words answer with on their own: with nothing left over, or, in the quoted code's own
    category, also with words left over when it says one the quoted code does not ("in remission"); for the
    documentation's own words, also the one code of that category their telling words name."""
    if finding is None:
        return None
    if finding.primary is not None and finding.primary.billable and not finding.unused:
        return finding.primary
    other = finding.primary or next(iter(finding.candidate), None)
    category = reader.code(rel.id, quoted.code[:3]) if documented and other is None else None
    if category is not None and not category.billable:
        other = discriminated(reader, rel, category, finding.reading, rarest=True)
    if other is None or not other.billable or other.code[:3] != quoted.code[:3]:
        return None
    more = _says(reader, rel, other, finding.reading, True) - _says(reader, rel, quoted, finding.reading, True)
    return other if more else None


def words_point_elsewhere(reader: IcdReader, rel: Release, quoted: IcdCode, reading: Reading,
                          finding: Finding | None, documented: bool = False) -> str | None:
    """The caveat when the words' own confident answer is another billable code that says what the quoted code
    does not; None when the quoted code fits the words as well (or the words do not answer on their own)."""
    other = words_code(reader, rel, finding, quoted, documented)
    if other is None:
        return None
    if other.code == quoted.code or quoted.code.startswith(other.code):
        return None  # the quoted code is the words' code, or below it (a code that does not exist is handled apart)
    if other.code.startswith(quoted.code) and quoted.billable:
        return None
    if _linked(reader, rel, quoted, other):
        return None  # "Z47.1 right knee replacement": the words name the partner its note asks for, not a rival
    said_quoted, said_other = _says(reader, rel, quoted, reading, True), _says(reader, rel, other, reading, True)
    missing = [c for c in reading.concepts if c in said_other and c not in said_quoted] or \
        [c for c in reading.required if c not in said_quoted]  # what the other says (a left hand's non-dominant side)
    told = reader.seventh_words(rel.id) | SIDES  # a side or an encounter the referral gave is not a contradiction
    other_words = set().union(*core_and_optional(other.descriptor))
    more = sorted(w for w in extra_words(reading, quoted.descriptor) if w not in told and w not in other_words)
    if quoted.billable and not missing and not more:
        return None  # the quoted code says what the words say, and no detail they do not
    return _caveat(reader, rel, quoted, other, missing, more)


def one_code_for(reader: IcdReader, rel: Release, quoted: list[IcdCode], finding: Finding | None,
                 documented: bool = False) -> tuple[IcdCode, str] | None:
    """The words' own code when several codes are quoted and it is none of them, in one's category, saying what that
    one does not (and what no other quoted code says) and named by no other's notes (a combination or bilateral
    code); with the caveat. Else None."""
    for one in quoted:
        other = words_code(reader, rel, finding, one, documented)
        if other is None or finding is None or other.code[:3] != one.code[:3] \
                or not _says_beyond(reader, rel, other, one, [q for q in quoted if q is not one], finding.reading) or any(other.code == q.code for q in quoted) \
                or any(_linked(reader, rel, q, other) for q in quoted if q is not one):
            continue
        listed = ", ".join(q.dotted for q in quoted)
        return other, (f"One code says what the words describe: {other.dotted} ({other.descriptor}), not {listed} "
                       "(alone or together); check the documentation supports it.")
    return None


def adds_to_quoted(reader: IcdReader, rel: Release, found: list[IcdCode], quoted: list[IcdCode],
                   reading: Reading) -> bool:
    """Whether each code found in a quoted code's category says something of the question the quoted code does not
    (E11.22 the CKD beside a quoted E11.9), never less ("lung cancer" is no reason to trade C34.11 for C34.90)."""
    for code in found:
        for one in quoted:
            if code.code == one.code or code.code[:3] != one.code[:3] or code.code.startswith(one.code):
                continue
            if not _says(reader, rel, code, reading, True) - _says(reader, rel, one, reading, True):
                return False
    return True


def _says_beyond(reader: IcdReader, rel: Release, other: IcdCode, one: IcdCode, rest: list[IcdCode],
                 reading: Reading) -> bool:
    """Whether the words' code says all the quoted codes say (sides apart) and tells more: the billable code below a
    quoted header; a word of
    the question neither the quoted code of its category nor any other says ("both" for G56.03; not the "2" of "type
    2" that E11.9 says, for E10.A2); or all a code of another chapter says (a combination code: E11.42 for G62.9)."""
    said = _says(reader, rel, other, reading, True)
    if any(not c.words() <= SIDES and c not in said for q in [one, *rest] for c in _says(reader, rel, q, reading)):
        return False  # a quoted code says what the words' code does not ("dizziness" of R42 beside BPPV H81.11)
    if any(not q.billable and other.code.startswith(q.code) for q in [one, *rest]):
        return True
    others = [_says(reader, rel, q, reading, True) for q in rest]
    if any(q.code[0] != other.code[0] and o and o <= said for q, o in zip(rest, others)):
        return True
    return bool(said - _says(reader, rel, one, reading, True) - set().union(*others))


def _linked(reader: IcdReader, rel: Release, quoted: IcdCode, other: IcdCode) -> bool:
    """Whether either code's use additional / code first / code also notes name the other."""
    return any(note_covers(n.text, other.code) for n in partner_notes(reader, rel, quoted)) or \
        any(note_covers(n.text, quoted.code) for n in partner_notes(reader, rel, other))


def _caveat(reader: IcdReader, rel: Release, quoted: IcdCode, other: IcdCode, missing: list, more: list[str]) -> str:
    words = ", ".join(c.said for c in missing)
    if not quoted.billable:
        below, total = reader.billable_below(rel.id, quoted.code, MAX_SHOWN)
        listed = ", ".join(c.dotted for c in below) + (f" and {total - len(below)} more" if total > len(below) else "")
        return (f"{quoted.dotted} ({quoted.descriptor}) is a header in {rel.name}, not billable: a claim needs a code "
                f"below it ({listed}). Your words describe {other.dotted} ({other.descriptor}); check the "
                "documentation supports it.")
    return (f"{quoted.dotted} ({quoted.descriptor}) is not the code for these words"
            + (f": it does not say {words}" if words else f": it says more than they do ({', '.join(more)})")
            + f". Your words describe {other.dotted} ({other.descriptor}) rather than {quoted.dotted}; "
              "check the documentation before choosing.")
