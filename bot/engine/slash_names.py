"""Written shorthand between names: family names joined by a slash ("RTM/CCM pt: ..."): two families, not one word
(the tokenizer keeps "e/m" and "pt/ot/slp" whole, so only a slash between two single-word family names is opened);
an equals sign after a code ("the CCM code = 30 min"), which says what the code is, as the word."""

from __future__ import annotations

import functools
import re


@functools.lru_cache(maxsize=4)
def _pattern(names: tuple[str, ...]) -> re.Pattern:
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b({alts})/(?=(?:{alts})\b)")


def split_slashed(low: str, family_of: dict[str, str]) -> str:
    """Lower-cased text with "rtm/ccm" written "rtm / ccm" (each a family alias of one word)."""
    if "/" not in low:
        return low
    return _pattern(tuple(a for a in family_of if a.isalpha())).sub(r"\1 / ", low)


# a code-shaped word, then "=" ("cheat sheet: <code> = 30 min"): the sign reads as "equals", a word that defines a code
_CODE_EQUALS = re.compile(r"(?<![\w$.])([a-z]\d{4}|\d{4}[a-z]|\d{5})\s*=\s*(?=\S)")


def spell_equals(low: str) -> str:
    """Lower-cased text with "<code> = 30 min" written "<code> equals 30 min"."""
    return _CODE_EQUALS.sub(r"\1 equals ", low) if "=" in low else low
