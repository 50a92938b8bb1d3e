"""A listing asked by a code role ("what are the OT evaluation codes?", "the PT and OT eval codes"): the active codes
of that role whose title carries the word (or the joined words) before the role word, when they are of one family."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.answer import Answer
from bot.engine import facts, handlers
from bot.engine.phrases import tokens
from bot.kb.store import KnowledgeBase

if TYPE_CHECKING:
    from bot.engine.handlers import Context


def _role_at(kb: KnowledgeBase, words: list[str], stop: set[str]) -> tuple[str, int] | None:
    """The first word naming a role ("evaluation", or "eval" for short), and where it stands; a stopword names none."""
    for i, w in enumerate(words):
        if w in stop:
            continue
        for role, label in kb.meta.get("roles", {}).items():
            names = [role, *tokens(str(label))]
            if any(w == n or (len(w) >= 4 and n.startswith(w)) for n in names):
                return role, i
    return None


_JOINERS = {"and", "or", "&", "/", "plus"}


def _qualifiers(words: list[str], at: int, stop: set[str]) -> list[str]:
    """The word before the role word and those joined to it ("PT and OT eval codes": PT and OT)."""
    found, k = [words[at - 1]], at - 1
    while k >= 2 and words[k - 1] in _JOINERS and words[k - 2] not in stop:
        found.append(words[k - 2])
        k -= 2
    return found


def role_listing(ctx: Context) -> Answer | None:
    """ "What are the OT evaluation codes?": the codes of the role named, narrowed by the word before it."""
    kb, words = ctx.kb, tokens(ctx.q.text)
    if ctx.q.minutes is not None or ctx.q.days is not None:
        return None  # "prescribed a digital CBT device ... 45 minutes: what management codes?": a case to bill
    found = _role_at(kb, words, ctx.stopwords) if "codes" in words else None  # "the ... codes": a list is asked for
    if found is None or found[1] == 0 or words[found[1] - 1] in ctx.stopwords:
        return None
    role, at = found
    qualifiers = _qualifiers(words, at, ctx.stopwords)
    chosen = [c for c in kb.codes.values() if c.role == role and c.status == "active"
              and set(qualifiers) & set(tokens(c.title))]
    if len(chosen) < 2 or len({c.family for c in chosen}) != 1:
        return None
    family = chosen[0].family
    ctx.source_ids += list(kb.families[family].sources)
    return handlers.finish(ctx, status="answered", intent="family", families=[family],
                            codes=[facts.code_fact(kb, c, ctx.year) for c in chosen],
                            family_info=[facts.family_info(kb, family)])
