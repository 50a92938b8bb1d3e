"""The words of a diagnosis text as the search sees them: lower case, accents and possessives dropped, plurals and
-ing folded the same on both sides."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")
_POSSESSIVE = re.compile(r"(?<=\w)'s\b")


def plain(text: str) -> str:
    """Lower case, accents and possessive 's dropped, as the FTS5 tokenizer sees it (Ménière's -> meniere)."""
    if text.isascii():  # no accent to drop (ASCII is its own NFKD form): skip the per-character pass
        return _POSSESSIVE.sub("", text.lower())
    text = unicodedata.normalize("NFKD", text.lower().replace("\u2019", "'"))
    return _POSSESSIVE.sub("", "".join(ch for ch in text if not unicodedata.combining(ch)))


def norm(word: str) -> str:
    """A light folding of plurals and -ing, the same on both sides (FTS5's porter stemmer finds; this only ranks):
    falls, falling -> fall."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        stem = word[:-3]
        return stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls" else stem
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "us")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """The words of a text as the search sees them."""
    return _WORD.findall(plain(text))
