"""The years a question names for its service, not the year of a document it cites ("a 2025 article about ...")."""

from __future__ import annotations

import re

YEAR = re.compile(r"\b(20[1-3]\d)\b")


def document_year_pattern(nouns: list[str], past: list[str] = ()) -> re.Pattern | None:
    """A pattern for a year that dates a document ("a 2025 article", "the blog post from 2024") or the patient's last
    contact told before it ("last visit with us was in September 2025": when he was seen, not the service's year)."""
    if not nouns:
        return None
    names = "|".join(sorted(map(re.escape, nouns), key=len, reverse=True))
    # "a 2025 RPM implementation guide": up to two words may stand between the year and the document's noun
    told = rf"\b20[1-3]\d\s+(?:[a-z-]+\s+){{0,2}}(?:{names})\b|\b(?:{names})\s+(?:from|of|dated|written in|published in)\s+20[1-3]\d\b"
    if past:
        lasts = "|".join(sorted(map(re.escape, past), key=len, reverse=True))
        told += rf"|\b(?:{lasts})\b(?:\s+[a-z'.,-]+){{0,8}}?\s+(?:[a-z]{{3,9}}\.?\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?20[1-3]\d\b"
    return re.compile(told)


def service_years(text: str, documents: re.Pattern | None) -> list[str]:
    """The years named in the text, in order, less those told as a document's date."""
    dated = [m.span() for m in documents.finditer(text.lower())] if documents else []
    return [m.group(1) for m in YEAR.finditer(text) if not any(a <= m.start() < b for a, b in dated)]
