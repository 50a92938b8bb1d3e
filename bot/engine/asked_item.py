"""asks_item_by_words: whether a question asks for the code of something it describes, beside codes it names."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from bot.engine.patterns import lazy

if TYPE_CHECKING:
    from bot.answer import Answer
    from bot.engine.handlers import Context

# words after "for" that point back at the named codes or the case, not at an item described
_BACK = r"(?!(?:the|this|that|these|those|it|them|time|minutes?|units?|both|each|one)\b)"
_FOR_ITEM = r"\s+for\s+(?:the\s+|a\s+|an\s+|plain\s+)?" + _BACK + r"[a-z]{3,}"
_SYSTEM = r"(?:icd-?10(?:-cm)?\s+|hcpcs\s+|cpt\s+|dx\s+|diagnosis\s+)?"
# "what's the current code for plain low back pain?", "what's the correct HCPCS code for a cushion?"
_CURRENT_CODE = lazy(r"\b(?:what(?:'s|s| is)|which is)\s+the\s+(?:current|correct|right|proper|valid|new|replacement)\s+"
                     + _SYSTEM + r"code" + _FOR_ITEM)
# "what code do we use for unattended e-stim?", "which code should I bill for a nasal cushion?"
_CODE_WE_USE = lazy(r"\b(?:what|which)\s+" + _SYSTEM + r"code\s+(?:do|should|would|can|could)\s+(?:we|i|you)\s+"
                    r"(?:use|bill|report|put)" + _FOR_ITEM)
# "A keeps getting kicked back for unattended e-stim: what code do they want instead?": the service's other code
_CODE_INSTEAD = lazy(r"\b(?:what|which)\s+" + _SYSTEM + r"code\s+(?:do|does|should|would|will|can|could)\s+"
                     r"(?:we|i|you|they|medicare|the\s+payer)\s+(?:want|use|bill|report|need|accept|expect)\s+"
                     r"(?:us\s+to\s+(?:use|bill)\s+)?instead\b")
# "is it A + B, or is there one bilateral code?": a single code asked for instead of the codes named
_ONE_CODE = lazy(r"\bis\s+there\s+(?:one|a\s+single|just\s+one|a\s+combined|one\s+combined)\s+(?:[a-z-]+\s+){0,2}code\b")


def asks_item_by_words(text: str) -> bool:
    """Whether the question asks for a code by its description (the named codes being rejected or doubted)."""
    low = text.lower()
    return any(p().search(low) for p in (_CURRENT_CODE, _CODE_WE_USE, _ONE_CODE, _CODE_INSTEAD))


def described_search(ctx: "Context", search: Callable[["Context"], "Answer"]) -> "Answer | None":
    """The answer for the item the words describe (the named codes set aside), when it finds a code not named."""
    if not asks_item_by_words(ctx.raw_text or ctx.q.text):
        return None
    named = set(ctx.q.codes)  # the codes named are the ones doubted: their families do not narrow the search
    words = [w for w in ctx.q.words if w.upper() not in named]
    text = " ".join(w for w in ctx.q.text.split() if w.strip(".,;:?!()").upper() not in named)
    found = search(replace(ctx, q=replace(ctx.q, codes=[], families=[], weak_families=[], words=words, text=text)))
    return found if found.status == "answered" and found.codes and found.codes[0].code not in named else None


# "31 minutes or more", "20 min and up", "61+ minutes": a code's own time range, told to find the code
_PLUS = lazy(r"\d+\s*(?:\+|or\s+(?:more|longer))")  # "16+ days", "16 or more days": the figure written as a range
_RANGE = lazy(r"\s*(?:or\s+(?:more|longer|over|above)|and\s+(?:up|over|above|longer)|\+)")


def described_range(text: str, minutes: list) -> bool:
    """Whether every minutes (or days) figure told is followed by range words, or written "16+ days" (the code's
    description, not time spent)."""
    return bool(minutes) and all(_RANGE().match(text, f.at + len(f.words)) or _PLUS().match(f.words) for f in minutes)



# "code for X when the patient ...", "code when the physician ...": a headline that asks a code by what it describes
_HEADLINE = lazy(r"^\W*(?:the\s+)?(?:cpt\s+|hcpcs\s+)?code\s+(?:for|when)\b", re.I)
_OURS = lazy(r"\b(?:we|we've|we're|our|us|i|i'm|i've|my|me)\b", re.I)


def headline_search(text: str) -> bool:
    """Whether the question is a bare "code for/when ..." headline telling no case of the asker's own (no we/our/I):
    the code is asked by its description, figures and all ("readings on 9 days")."""
    return bool(_HEADLINE().match(text)) and not _OURS().search(text)


def as_search(text: str, answer: "Answer") -> "Answer":
    """A headline's answer is the code it asks for (a search), the lines its figures earn kept as the worked case."""
    return replace(answer, intent="search") if answer.status == "answered" and answer.intent == "bill" \
        and headline_search(text) else answer
