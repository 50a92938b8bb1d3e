"""The device kind the case itself describes (vocabulary variant_words): words inside someone else's claim ("an
article says the breathing code is the musculoskeletal one") describe the claim, not the patient's device."""

from __future__ import annotations

import re

from bot.engine.phrases import PhraseSet, tokens


def stated_variant(variants: dict[str, PhraseSet], low: str, claims: list[str]) -> str | None:
    """The one variant the question's own words name outside its quoted claims (else the one named anywhere); none
    when they name several ("the respiratory one or the MSK one?" asks which, it does not say)."""
    own = low
    for claim in claims:
        own = own.replace(claim.lower(), " ")
    # "a knee-exercise sensor": the parts of a hyphenated word name the kind too
    for words in (tokens(own.replace("-", " ")), tokens(low.replace("-", " "))):
        found = [v for v, phrases in variants.items() if phrases.any(words)]
        if found:
            return found[0] if len(found) == 1 else _beside_days(variants, found, own)
    return None


def _beside_days(variants: dict[str, PhraseSet], found: list[str], text: str) -> str | None:
    """Of several kinds named, the one told in the sentence that gives the data days ("inhaler sensor 18 days"; the
    PT's exercise app beside it has no days told): the device whose days are told is the one billed; else None."""
    sentences = [tokens(part.replace("-", " ")) for part in re.split(r"[.;?!]\s|\n", text)
                 if re.search(r"\b\d{1,2}\s+(?:of\s+(?:the\s+)?\d{1,2}\s+)?days?\b", part)]
    beside = {v for words in sentences for v in found if variants[v].any(words)}
    return beside.pop() if len(beside) == 1 else None


def variant_note(named: list, variant: str | None, tracks: list, why: dict[str, str]) -> str:
    """Why a named code's ladder gives way when it is for another device kind than the one the case describes
    (the respiratory device code for a knee-exercise sensor: the musculoskeletal ladder), or "" when it does not."""
    if not variant or not named or not all(t.variant and t.variant != variant for t in named):
        return ""
    own = next((t for t in tracks if t.variant == variant and not why[t.id]), None)
    if own is None:
        return ""
    return (f"{'/'.join(named[0].codes)} {'is' if len(named[0].codes) == 1 else 'are'} for {named[0].variant} "
            f"monitoring; the question describes {variant} monitoring, so the {variant} codes "
            f"({'/'.join(own.codes)}) apply.")
