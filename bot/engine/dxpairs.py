"""Can two diagnosis codes be coded together: the tabular's Excludes1 and Excludes2 notes, in both directions."""

from __future__ import annotations

from bot.answer import PairVerdict
from bot.codesets.icd_read import IcdCode, IcdReader
from bot.codesets.refs import note_covers
from bot.engine.dxwords import MEANINGS

PERIOD = "on the same claim for the same encounter"
RESIDUAL_WORDS = ("without complications", "unspecified")  # a category's catch-all codes
CONTRADICTS = "without complications"  # says the opposite of any complication code of its category


def _owners(reader: IcdReader, rel: int, code: IcdCode) -> list[str]:
    chain = reader.chain(rel, code)
    return [code.code] + [c.code for c in chain] + [g[0] for g in reader.groups(rel, code.section)]


def _label(owner: str) -> str:
    if owner.startswith(("ch:", "sec:")):
        return ("Chapter " if owner.startswith("ch:") else "Section ") + owner.split(":", 1)[1]
    return owner if len(owner) <= 3 else f"{owner[:3]}.{owner[3:]}"


def excluding_notes(reader: IcdReader, rel: int, code: IcdCode, other: IcdCode, kind: str) -> list[tuple[str, str]]:
    """(where, text) of each `kind` note on the code or above it that points at the other code."""
    return [(_label(n.owner), n.text) for n in reader.notes(rel, _owners(reader, rel, code))
            if n.kind == kind and note_covers(n.text, other.code)]


def _residual(left: IcdCode, right: IcdCode) -> tuple[str, str]:
    """(word, caution) when one code is its category's catch-all and the other a more specific code of it."""
    if left.code[:3] != right.code[:3]:
        return "", ""
    for code, other in ((left, right), (right, left)):
        word = next((w for w in RESIDUAL_WORDS if w in code.descriptor.lower()), None)
        if not other.code.startswith(code.code[:-1] if len(code.code) > 4 else code.code[:3]):
            continue  # catch-all of its own subcategory only (M54.50 is low back pain, not any dorsalgia)
        if word and word not in other.descriptor.lower():
            return word, (f" But {code.dotted} is the '{word}' code of category {code.code[:3]}: it is not reported beside "
                    f"{other.dotted}, a more specific code of the same category that says what {code.dotted} leaves out.")
    return "", ""


def pair_verdict(reader: IcdReader, rel: int, left: IcdCode, right: IcdCode) -> PairVerdict:
    """The verdict for coding two diagnosis codes together, from the tabular's Excludes notes."""
    names = (left.dotted, right.dotted)
    headers = [c.dotted for c in (left, right) if not c.billable]
    ex1 = excluding_notes(reader, rel, left, right, "excludes1") + excluding_notes(reader, rel, right, left, "excludes1")
    if ex1:
        where, text = ex1[0]
        return PairVerdict(*names, allowed=False, period=PERIOD, source_ids=[],
                           reason=f"Excludes1 at {where}: \"{text}\". {MEANINGS['excludes1']}")
    ex2 = excluding_notes(reader, rel, left, right, "excludes2") + excluding_notes(reader, rel, right, left, "excludes2")
    header_note = f" Note: {', '.join(headers)} is a header, not billable; code its specific code." if headers else ""
    if ex2:
        where, text = ex2[0]
        return PairVerdict(*names, allowed=True, period=PERIOD, source_ids=[],
                           reason=f"Excludes2 at {where}: \"{text}\". {MEANINGS['excludes2']}{header_note}")
    word, residual = _residual(left, right)
    return PairVerdict(*names, allowed=False if word == CONTRADICTS else None, period=PERIOD, source_ids=[],
                       reason=f"No Excludes1 or Excludes2 note of the tabular links {left.dotted} and {right.dotted}: "
                              f"the tabular itself does not forbid coding both when both are documented.{residual}"
                              f"{header_note}")


def worst_pair(reader: IcdReader, rel: int, codes: list[IcdCode]) -> tuple[IcdCode, IcdCode]:
    """With three or more codes, the first pair that may not go together (else one without a verdict, else the first)."""
    pairs = [(a, b) for i, a in enumerate(codes) for b in codes[i + 1:]]
    verdicts = [(pair_verdict(reader, rel, a, b).allowed, (a, b)) for a, b in pairs]
    return next((p for v, p in verdicts if v is False), None) or next((p for v, p in verdicts if v is None), pairs[0])
