"""service_year: the year the question's service falls in, not the year of a document it cites."""

from __future__ import annotations

import re

YEAR = re.compile(r"\b(20[1-3]\d)\b")


def document_year_pattern(nouns: list[str]) -> re.Pattern | None:
    """A pattern for a year that dates a document ("a 2025 article", "the blog post from 2024")."""
    if not nouns:
        return None
    names = "|".join(sorted(map(re.escape, nouns), key=len, reverse=True))
    return re.compile(rf"\b20[1-3]\d\s+(?:[a-z-]+\s+)?(?:{names})\b|\b(?:{names})\s+(?:from|of|dated|written in|published in)\s+20[1-3]\d\b")


def service_year(text: str, documents: re.Pattern | None) -> int | None:
    """The first year not told as a document's date; None when no other year is named."""
    dated = [m.span() for m in documents.finditer(text.lower())] if documents else []
    for m in YEAR.finditer(text):
        if not any(a <= m.start() < b for a, b in dated):
            return int(m.group(1))
    return None
