"""The one code a modifier is asked about ("PTA did the treatment-management time; does the device code need CQ?"):
the question's sentence holding the modifier names one code, the other codes told elsewhere are the case around it,
so the answer is the modifier's rule for that code, not a pair of the codes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.engine import office_pairs, pair_phrase
from bot.engine.phrases import PhraseSet, tokens

if TYPE_CHECKING:
    from bot.engine.handlers import Context
    from bot.engine.office_read import ClaimTerms
    from bot.kb.store import KnowledgeBase

_SENTENCES = re.compile(r"[^.;!?\n]+[.;!?\n]*")


def asked_code(ctx: Context, codes: list[str], terms: ClaimTerms) -> list[str]:
    """`codes` narrowed to the one code the modifier's asking sentence names, when the others stand outside it and
    no pair of the codes is asked; else `codes` as they are."""
    low = ctx.q.text
    if len(codes) < 2 or not terms.modifiers or pair_phrase.names_pair(low, codes) \
            or office_pairs.asks_pair(ctx, codes):
        return codes
    asking = [s for s in _SENTENCES.findall(low) if s.rstrip().endswith("?")
              and any(re.search(rf"\b{re.escape(m.lower())}\b", s) for m in terms.modifiers)]
    if len(asking) != 1 or _both(ctx).any(tokens(asking[0])):  # "can I put XS on B and bill both?": the pair
        return codes
    named = [c for c in codes if re.search(rf"\b{re.escape(c.lower())}\b", asking[0])]
    return named if len(named) == 1 else codes


def _both(ctx: Context) -> PhraseSet:
    cached = ctx.kb.cache.get("modifier_focus_pair")
    if cached is None:
        cached = ctx.kb.cache.setdefault("modifier_focus_pair",
                                         PhraseSet(ctx.kb.vocabulary.get("intents", {}).get("pair_strong", [])))
    return cached


def not_on(kb: KnowledgeBase, mod, target: str) -> str:
    """Why a modifier asked about a code has no use on it, when its use for the code's family leaves out the code's
    role ("CQ on the device-supply code?": for RTM it goes on setup and management only); else the plain note."""
    code = kb.codes.get(target)
    use = next((u for u in mod.uses if code is not None and u.target == code.family and u.roles
                and code.role not in u.roles), None)
    if use is None:
        return f"Modifier {mod.code} has no rule on file for {target}; see its meaning below."
    return f"Modifier {mod.code} does not go on {target} ({code.role} line): for {code.family} it is used on {use.when}."


def compares(ctx: Context) -> bool:
    """The question's words ask for a comparison ("vs", "difference between"), from the vocabulary's cues."""
    phrases = ctx.kb.cache.get("compare_cues")
    if phrases is None:
        cues = ctx.kb.vocabulary.get("intents", {})
        phrases = ctx.kb.cache.setdefault("compare_cues", PhraseSet([*cues.get("compare", []), *cues.get("compare_weak", [])]))
    return phrases.any(tokens(ctx.q.text))
