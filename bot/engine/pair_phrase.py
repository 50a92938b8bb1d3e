""""Can we bill A with the B?", "is A billable with a B?": one named code, at most two words, a joining word and the
other named code. Minutes told beside it describe the case, other codes named are context: the question asks
whether these two go together."""

from __future__ import annotations

import re

_CODE = r"\+?([a-z]?\d{4}[a-z0-9]?)"
_JOINED = re.compile(_CODE + r"\s+(?:[a-z]+\s+){0,2}?(?:with|alongside|on top of|together with|in addition to|plus)\s+"
                     r"(?:a\s+|an\s+|the\s+|that\s+|this\s+)?" + _CODE + r"\b")
_JOINERS = (" with ", " plus ", " alongside ", " on top of ", " in addition to ")


def asked_pairs(low: str, codes: list[str]) -> list[tuple[str, str]]:
    """The (first, second) pairs of `codes` the lower-cased question joins as one asked pair."""
    if not any(j in low for j in _JOINERS):
        return []
    wanted = {c.lower(): c for c in codes}
    return [(wanted[a], wanted[b]) for a, b in _JOINED.findall(low) if a in wanted and b in wanted and a != b]


def names_pair(low: str, codes: list[str]) -> bool:
    """Whether the lower-cased question asks to bill one of `codes` with another of them."""
    return bool(asked_pairs(low, codes))


def narrowed(low: str, codes: list[str]) -> list[str]:
    """Of three or more codes, the two the question joins as its one asked pair; else the codes as they are."""
    if len(codes) < 3:
        return codes
    pairs = set(asked_pairs(low, codes))
    return list(next(iter(pairs))) if len(pairs) == 1 else codes
