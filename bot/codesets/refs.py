"""Code references inside tabular notes ("type 1 diabetes mellitus (E10.-)", "(P35-P39)") and what they cover."""

from __future__ import annotations

import re

_CODE_T = r"[A-Z][0-9A-Z]{2}(?:\.[0-9A-Z]{0,4})?"
_PIECE = re.compile(rf"^({_CODE_T})-?(?:\s*-\s*({_CODE_T})-?)?$")
_PARENS = re.compile(r"\(([^()]*)\)")
_FINAL = re.compile(r"\b([A-Z]\d[0-9A-Z])\. with final characters -(\w+)")  # "(I69. with final characters -20)"


def _bare(code: str) -> str:
    return code.upper().replace(".", "").rstrip("-")


def references(note: str) -> list[tuple[str, str]]:
    """Return the (first, last) code prefixes, without dots, that a note's parentheses point to."""
    out = []
    for group in _PARENS.findall(note):
        for piece in group.split(","):
            found = _PIECE.match(piece.strip())
            if found:
                lo = _bare(found.group(1))
                out.append((lo, _bare(found.group(2)) if found.group(2) else lo))
    return out


def covers(ref: tuple[str, str], code: str) -> bool:
    """Whether a reference (first, last prefix) covers a code (without dot): a prefix covers every code below it."""
    lo, hi = ref
    code = _bare(code)
    return code[:len(lo)] >= lo and code[:len(hi)] <= hi


def note_covers(note: str, code: str) -> bool:
    """Whether any reference in the note covers the code (a range, a prefix, or a category with final characters)."""
    bare = _bare(code)
    if any(bare.startswith(stem) and bare.endswith(tail) for stem, tail in _FINAL.findall(note)):
        return True
    return any(covers(ref, code) for ref in references(note))
