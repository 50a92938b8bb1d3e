"""The code a question about a named code really asks for: its add-on, its primary, or another item's code asked
beside it."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from bot.engine.asking import ASKING
from bot.engine.search import search_text

if TYPE_CHECKING:
    from bot.answer import Answer
    from bot.engine.handlers import Context
    from bot.engine.phrases import PhraseSet
    from bot.kb.store import KnowledgeBase


def related_code(ctx: Context, code_id: str) -> str:
    """Return the add-on when the question asks for a code's add-on, the base when it asks for a primary, or the code
    of another item asked beside it ("the strips are on the strip code; what's the code for the lancets?": a search hit)."""
    kb, q, code = ctx.kb, ctx.q, ctx.kb.codes[code_id]
    if (q.add_on_of or q.primary_of) and defined_first(kb, q.text, code_id):
        return code_id  # "what is X and what base code does it ride on?": X, its companions name the base
    if q.add_on_of and not code.add_on_to and kb.add_ons.get(code_id):
        return kb.add_ons[code_id][0]
    if q.primary_of and code.add_on_to:
        return code.add_on_to[0]
    if (described := _described_instead(ctx, code_id)) is not None:
        return described
    tail = q.text[q.text.rfind(code_id.lower()) + len(code_id):]  # the words after the code name the other item
    found = search_text(kb, dataclasses.replace(q, text=tail, words=[w for w in q.words if w in tail]), ctx.year,
                        ctx.stopwords) if q.intent == "search" else None
    hit = found and (found.code or (found.suggestions[0].code if len(found.suggestions) == 1 else None))
    return hit if hit in kb.codes and hit not in q.codes else code_id


def defined_first(kb: KnowledgeBase, text: str, code_id: str) -> bool:
    """Whether the question opens an asking sentence with the code's own meaning."""
    from bot.engine.asking import defines_first  # noqa: PLC0415
    from bot.engine.period_contact import _vocabulary  # noqa: PLC0415

    return defines_first(_vocabulary(kb), text, code_id)


def lead_code(ctx: Context, codes: list[str]) -> str:
    """The code to define: the first one the question's own asking sentence names ("all we had was A. When did
    Medicare begin paying B?": B), else the first code."""
    text = ctx.q.text
    asking = [m.group(0) for m in ASKING().finditer(text)]
    return next((c for c in codes if any(c.lower() in s for s in asking)), codes[0]) if asking else codes[0]


def _described_instead(ctx: Context, code_id: str) -> str | None:
    """A code told as billed already ("we coded X and it was flagged; what's the right code?") beside an item the
    question describes by another code's name of the same family ("a folding pickup walker, no wheels"): that code,
    with a note saying why; None otherwise."""
    from bot.engine.phrases import tokens  # noqa: PLC0415

    kb, sc = ctx.kb, ctx.q.scenario
    if sc is None or sc.role_of(code_id) != "billed" or len(ctx.q.codes) != 1:
        return None
    owner, phrases = _names(kb, code_id, False)
    said = [p for _i, p in phrases.find(tokens(ctx.q.text))]
    named = list(dict.fromkeys(owner[p.lower()] for p in said))
    if len(named) != 1 or named[0] == code_id or not kb.exists_in(kb.codes[named[0]], ctx.year):
        return None
    sc.use(*(f for f in sc.of("code") if f.value == code_id))  # read: the code the note corrects
    ctx.notes.append(f"{code_id} ({kb.codes[code_id].title}) was told as coded; the item described "
                     f"('{said[0]}') is {named[0]}.")
    return named[0]


_OFFERED_FILLERS = {"the", "a", "an", "that", "this", "our", "its"}


def _names(kb: KnowledgeBase, code_id: str, offered: bool) -> tuple[dict[str, str], PhraseSet]:
    """The code-name aliases of a code's family (offered: also hyphenated names, and not the code's own) with their
    codes, and their phrase set: built once per knowledge base, not per question."""
    from bot.engine.phrases import PhraseSet, tokens  # noqa: PLC0415

    cache = kb.cache.setdefault("related_names", {})
    found = cache.get((code_id, offered))
    if found is None:
        family = kb.codes[code_id].family
        owner = {a: t for a, (kind, t) in kb.aliases.items() if kind == "code"
                 and (len(tokens(a)) >= 2 or offered and "-" in a)  # "pin-ps" is a name too
                 and t in kb.codes and kb.codes[t].family == family and not (offered and t == code_id)}
        found = cache[(code_id, offered)] = (owner, PhraseSet(owner))
    return found


def offered_by_name(ctx: Context, code_id: str) -> str | None:
    """Another code of the named code's family that the question offers as the other choice by its name alone ("is
    that the navigation code or the peer support PIN code?"), or None."""
    from bot.engine.phrases import tokens  # noqa: PLC0415

    kb = ctx.kb
    owner, phrases = _names(kb, code_id, True)
    words = tokens(ctx.q.text.lower())
    spots = [k for k, w in enumerate(words) if w == code_id.lower()]
    for i, phrase in phrases.find(words):
        start, end = i, i + len(tokens(phrase))
        while start > 0 and words[start - 1] in _OFFERED_FILLERS:
            start -= 1
        after = end + (end < len(words) and words[end] == "code")
        if any((start > 0 and words[start - 1] == "or" and start - 1 - k in (1, 2)) or
               (after < len(words) and words[after] == "or" and k - after in (1, 2)) for k in spots):
            other = owner[phrase.lower()]
            return other if kb.exists_in(kb.codes[other], ctx.year) else None
    return None


def named_code_answer(ctx: Context, codes: list[str]) -> Answer:
    """A question about named codes: two codes compared when it offers another of the family by name beside the one
    named ("the navigation code or the peer support one?"), else the code it asks for, defined."""
    from bot.engine.handlers import define  # noqa: PLC0415
    from bot.engine.pair_handler import compare_answer  # noqa: PLC0415

    lead = lead_code(ctx, codes)
    if len(codes) == 1 and (other := offered_by_name(ctx, lead)) is not None:
        return compare_answer(ctx, [lead, other])
    return define(ctx, related_code(ctx, lead))
