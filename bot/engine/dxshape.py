"""Code shapes per system: which tokens of a question may be ICD-10-CM codes, and one-edit neighbours per system."""

from __future__ import annotations

import functools
import re
from collections.abc import Container

from bot.engine.match import one_edit_neighbours
from bot.engine.patterns import lazy

# ICD-10-CM: a letter, a digit, a digit or letter, then up to 4 more after an optional dot (M17.11, M1711,
# S72.001A, U07.1). Written with a dot the second character may be a letter too (QA0.0).
_DOTTED = re.compile(r"(?<![\w.$])([A-Za-z][0-9A-Za-z][0-9A-Za-z]\.[0-9A-Za-z]{1,4})(?![\w]|\.\w)")
_BARE = re.compile(r"(?<![\w.$])([A-Za-z][0-9][0-9A-Za-z]{1,5})(?![\w]|\.\w)")
# HCPCS Level II: a letter and four digits. A bare ICD-10-CM code of the same shape (E1165) fits both.
HCPCS_SHAPE = lazy(r"^[A-Z]\d{4}$")
_ASCII_ICD_SHAPE = lazy(r"[A-Za-z][A-Za-z0-9]{2}.{0,4}", re.S)
MIN_BARE = 4  # a bare 3-character token counts only as a letter and two digits, and only if the tabular has it
# "17003 x17", "J3301 x 4 units": an x and a number after a code or a number is a count of units, not a code
_TIMES_AFTER = lazy(r"(?:\b[A-Za-z]?\d{4,5}|\d)\s*$")
# "the Excludes1 note at R40-R46", "F01 through F99": a block of the tabular, its two ends no codes of the question
_BLOCK = lazy(r"(?<![\w.])[A-Za-z]\d{2}(?:\.[0-9A-Za-z-]{1,4})?\s*(?:-|\u2013|\u2014|to|through|thru)\s*[A-Za-z]\d{2}"
              r"(?:\.[0-9A-Za-z-]{1,4})?(?![\w])", re.I)


def dx_tokens(text: str, curated: Container[str]) -> list[tuple[str, bool]]:
    """Return (token upper-cased without dot, written with a dot) for each ICD-10-CM-shaped token, in order.

    Codes the curated knowledge holds (remote-care CPT and HCPCS codes) are left to it, and so are the two ends of
    a block of the tabular ("R40-R46")."""
    found: list[tuple[int, str, bool]] = []
    text = _BLOCK().sub(lambda m: " " * len(m.group(0)), text)  # a block's ends are no codes asked
    for m in _DOTTED.finditer(text) if "." in text else ():
        found.append((m.start(), m.group(1).upper().replace(".", ""), True))
    for m in _BARE.finditer(text):
        token = m.group(1).upper()
        if len(token) < MIN_BARE and not token[1:].isdigit():
            continue  # "a1c", "x2b": a bare 3-character code is a letter and two digits (E11, I10)
        if token[0] == "X" and token[1:].isdigit() and _TIMES_AFTER().search(text[:m.start()]):
            continue
        if token not in curated and len(token) <= 7:
            found.append((m.start(), token, False))
    seen: dict[str, bool] = {}
    for _pos, token, dotted in sorted(found):
        seen.setdefault(token, dotted)
    return list(seen.items())


def fits_hcpcs(token: str) -> bool:
    """Whether a bare token also has the HCPCS Level II shape (letter + four digits)."""
    return bool(HCPCS_SHAPE().match(token))


def icd_neighbours(token: str) -> list[str]:
    """One-edit neighbours of a token that keep the ICD-10-CM shape (letter first, 3 to 7 characters)."""
    return list(_icd_neighbours(token))


@functools.lru_cache(maxsize=64)  # a question compares the same tokens several times
def _icd_neighbours(token: str) -> tuple[str, ...]:
    near = one_edit_neighbours(token)
    if token.isascii():  # then so is every neighbour, and one pattern tests the shape faster than four calls
        return tuple(sorted(filter(_ASCII_ICD_SHAPE().fullmatch, near)))
    return tuple(sorted([n for n in near if 3 <= len(n) <= 7 and n[0].isalpha() and n[1:3].isalnum()]))
