"""Whether codes belong to a family the question names ("this CHI code is one of the PIN codes", "are the
PIN codes CHI codes?", "a FAQ lists both CHI codes as PIN codes"): the codes' own family, then the named family's codes."""

from __future__ import annotations

import dataclasses
import re

from bot.answer import Answer
from bot.engine.handlers import Context

_LINKS = {"is", "are", "as", "be", "was", "were"}  # "are X CHI codes", "lists X as PIN codes"
_REACH = 4  # words from the last code to the family's name ("X is a PIN code", "X and Y as PIN codes")


def membership_answer(ctx: Context, codes: list[str]) -> Answer | None:
    """The codes' own family, and the named family's codes (billed at the stated minutes, so its threshold shows),
    when the question says or asks that codes of one family belong to another one."""
    from bot.engine.bill_handler import bill_answer
    from bot.engine.handlers import family

    kb, q = ctx.kb, ctx.q
    sc = q.scenario
    own = {kb.codes[c].family for c in codes if c in kb.codes}
    if sc is None or not codes or len(own) != 1:
        return None
    others = [f for f in q.families if f not in own and f in kb.families]
    if len(others) != 1 or not (_asks_member(sc) or _said_of(sc, others[0])):
        return None
    fam = own.pop()
    named = " and ".join(codes)
    one = len(codes) == 1
    ctx.notes.append(f"{named} {'is ' + _article(fam) if one else 'are'} {fam} code{'' if one else 's'} "
                     f"({kb.families[fam].name}), not {_article(others[0]) + ' ' if one else ''}{others[0]} "
                     f"code{'' if one else 's'}.")
    ctx.source_ids += list(kb.families[fam].sources[:1])
    sc.use(*(f for f in sc.of("code") if f.value in codes), *sc.of("asked"))
    answer = bill_answer(ctx, []) if q.minutes is not None or q.days is not None else family(ctx, others[0])
    # the answer is about the codes' own family too
    return dataclasses.replace(answer, families=list(dict.fromkeys(answer.families + [fam])))


def _asks_member(sc) -> bool:
    """"Is that a PIN code?", "is it one of the CCM codes": a membership ask that goes on to a family or a code within a
    few words ("is that a conflict" asks no membership)."""
    names = [str(f.words).lower() for f in sc.of("family")]
    for f in (f for f in sc.of("asked") if f.value == "membership"):
        after = sc.text[f.at + len(f.words):f.at + len(f.words) + _AFTER].lower()
        if re.search(r"\bcodes?\b|\b[a-z]?\d{4}[a-z0-9]?\b", after) or any(n and n in after for n in names):
            return True
    return False


_AFTER = 30  # characters after the ask that may name the family or the code ("is that a PIN code")


def _article(name: str) -> str:
    """"an RPM code", "a CCM code": the article by how the family's first letter is spoken."""
    return "an" if name[:1].upper() in "AEFHILMNORSX" else "a"


def _said_of(sc, fam: str) -> bool:
    """"are these two CHI codes", "lists them as PIN codes": the family's name, then "code(s)", a few words
    after a linking word that follows one of the codes."""
    code_ends = [f.at + len(f.words) for f in sc.of("code")]
    for f in sc.of("family"):
        after = sc.text[f.at + len(f.words):f.at + len(f.words) + 7].lower().split()
        if f.value != fam or not after or after[0].strip("?,.!") not in ("code", "codes"):
            continue
        ends = [e for e in code_ends if e <= f.at]
        if not ends:
            continue
        between = sc.text[max(ends):f.at].lower().split()
        if len(between) <= _REACH and _LINKS & set(between):
            return True
        first = min(f2.at for f2 in sc.of("code"))  # "are X and Y CHI codes?": the link before the codes
        if set(between) <= {"a", "an"} and _LINKS & set(sc.text[max(0, first - 12):first].lower().split()[-2:]):
            return True
    return False
