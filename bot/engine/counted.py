"""Codes chosen by a count (lesions destroyed, nails debrided, muscles injected): the count the question gives of a
ladder's measure words picks the code whose range holds it, and an `each` add-on one unit for every item of its range
(the code's rule.per_count in knowledge/)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.answer import Answer, Billing, BillingLine
from bot.engine import facts
from bot.kb.records import Code

if TYPE_CHECKING:
    from bot.engine.handlers import Context
    from bot.kb.store import KnowledgeBase

_SIDE = r"(?:(?:right|left|r|l|rt|lt)\.?\s+|(?:bilateral|both|b/l)\s+)?"
_RANGE_BEFORE = re.compile(r"(?:\d\s*(?:-|–|to|through|thru)|\bup to|\bover|\bunder|\bfor|\bfirst|\b(?:is|are|covers?))\s*$",
                           re.I)  # "1-5 nails", "up to 14 lesions", "17003 is for 2 lesions": a range, not this case's count
_MORE_AFTER = re.compile(r"^\s*(?:\+|or more\b|and up\b|or fewer\b|or less\b)", re.I)


def _ladders(kb: KnowledgeBase) -> dict[str, list[Code]]:
    """The codes chosen by a count, by measure (their order in knowledge/), once per knowledge build."""
    found = kb.cache.get("per_count_ladders")
    if found is None:
        found = {}
        for code in kb.codes.values():
            if code.rule.per_count and code.status == "active":
                found.setdefault(str(code.rule.per_count.get("measure", "")), []).append(code)
        kb.cache["per_count_ladders"] = found
    return found


def _number(word: str, kb: KnowledgeBase) -> int | None:
    """A figure or a number word ('eighteen')."""
    if word.isdigit():
        return int(word)
    return (kb.vocabulary.get("number_words") or {}).get(word.lower())


def _count_pattern(kb: KnowledgeBase, measure_words: list[str]) -> re.Pattern:
    """The compiled 'figure, up to three words, a measure word' pattern for these words (built once per knowledge)."""
    key = "per_count_pattern:" + "|".join(measure_words)
    pattern = kb.cache.get(key)
    if pattern is None:
        words = "|".join(sorted((re.escape(w) for w in measure_words), key=len, reverse=True))
        numbers = "|".join([r"\d{1,3}", *(re.escape(w) for w in kb.vocabulary.get("number_words") or {})])
        pattern = re.compile(rf"(?<![\w.-])({numbers})\s+((?:[a-z][\w'-]*\s+){{0,3}}?)(?:{words})(?![\w])", re.I)
        kb.cache[key] = pattern
    return pattern  # type: ignore[return-value]


_REGION = r"\s+(?:in|on|at|of|over|across)\s+(?:the\s+|her\s+|his\s+|their\s+)?(?:[a-z][\w/-]*\s+){0,2}?[a-z][\w/-]*"


def _part_pattern(kb: KnowledgeBase, measure_words: list[str]) -> re.Pattern:
    """The pattern of a count's region and one more part told after it ("in the neck and 3 in the low back"), once per
    knowledge build."""
    key = "per_count_part:" + "|".join(measure_words)
    pattern = kb.cache.get(key)
    if pattern is None:
        words = "|".join(sorted((re.escape(w) for w in measure_words), key=len, reverse=True))
        numbers = "|".join([r"\d{1,3}", *(re.escape(w) for w in kb.vocabulary.get("number_words") or {})])
        pattern = re.compile(rf"{_REGION}\s*(?:,\s*(?:and\s+|plus\s+)?|\s+(?:and|plus|\+)\s+)(?:another\s+)?"
                             rf"({numbers})(?:\s+(?:more\s+)?(?:{words}))?(?={_REGION})", re.I)
        kb.cache[key] = pattern
    return pattern  # type: ignore[return-value]


def _parts(text: str, kb: KnowledgeBase, words: list[str], end: int, told: list[int]) -> tuple[int, int]:
    """(sum, end) of the further parts of a count told region by region after a first part that ends at `end`
    ("2 muscles in the neck and 3 in the low back": 3 more): every muscle of the session counts."""
    at, extra, pattern = end, 0, _part_pattern(kb, words)
    while (m := pattern.match(text, at)) is not None and (n := _number(m.group(1), kb)) is not None:
        extra, at = extra + n, m.end()
        told.append(n)
    return extra, at


def _count(text: str, kb: KnowledgeBase, per: dict, told: list[int] | None = None) -> set[int]:
    """The counts the text gives of the measure's words ('22 actinic keratoses', 'all 10 toenails'), or the number of
    distinct items it names when it lists them ('right and left trapezius'); a count told region by region is their
    sum ('2 muscles in the neck and 3 in the back' are 5; `told` gathers the parts' own figures)."""
    found = set()
    words = [str(w) for w in per.get("words") or []]
    done = 0
    for m in _count_pattern(kb, words).finditer(text):
        if m.start() < done:
            continue  # a part of a count already summed
        if re.search(r"\b(?:more|other|others|additional|further)\b", m.group(2), re.I):
            return set()  # "then three more muscles": a part of the count, the whole not told as one figure
        if re.search(r"\b(?:or|more|than|of|units?|x)\b", m.group(2), re.I) or _RANGE_BEFORE.search(text[:m.start()]) \
                or _MORE_AFTER.match(text[m.end(1):]):
            continue
        if (n := _number(m.group(1), kb)) is not None and n > 0:
            parts = [n]
            extra, done = _parts(text, kb, words, m.end(), parts)
            found.add(n + extra)
            if told is not None and extra:
                told += parts
    return found or _named_items(text, [str(n) for n in per.get("names") or []])


def _named_items(text: str, names: list[str]) -> set[int]:
    """How many distinct items (a side with a name) the text names; both sides named once count two."""
    if not names:
        return set()
    sided, shared_sides = _item_patterns(tuple(names))
    seen: set[tuple[str, str]] = set()
    for m in sided.finditer(text):
        side, name = m.group(1).strip(" .").lower(), m.group(2).lower()
        sides = ["r", "l"] if side in ("bilateral", "both", "b/l") else [side[:1]]
        seen |= {(s, name) for s in sides}
    shared = shared_sides.findall(text)  # "right and left trapezius"
    seen |= {(s, n.lower()) for n in shared for s in "rl"}
    seen = {(s, n) for s, n in seen if s}  # each item told with its side ("right trapezius"), so none is counted twice
    return {len(seen)} if len(seen) >= 2 else set()


@lru_cache(maxsize=64)
def _item_patterns(names: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    """A named item with its side, and a name after "right and left", compiled once per ladder's names."""
    alt = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    return (re.compile(rf"\b({_SIDE})({alt})\b", re.I),
            re.compile(rf"\b(?:right|left)\s+and\s+(?:right|left)\s+({alt})\b", re.I))


def _span(code: Code) -> str:
    """The count range a code covers, in words ('1-5', '12 or more')."""
    per = code.rule.per_count or {}
    low, high = int(per.get("from") or 1), per.get("to")
    return f"{low}-{high}" if high is not None else f"{low} or more"


def lines_for(codes: list[Code], n: int) -> list[tuple[Code, int, str]]:
    """(code, units, why) for a count: the codes whose range holds it; an `each` add-on one unit an item of its range."""
    out = []
    for code in codes:
        per = code.rule.per_count or {}
        low, high = int(per.get("from") or 1), per.get("to")
        if n < low or (high is not None and n > int(high)):
            continue
        units = n - low + 1 if per.get("each") else 1
        out.append((code, units, f"{code.code}: {per.get('measure')} {_span(code)}"
                    + (f", one unit each: {units}." if per.get("each") else ", one unit a session.")))
    return out


def _mark_read(ctx: Context, ladder: set[str], n: int, parts: list[int] | None = None) -> None:
    """The ladder's codes and the count (and the parts it was summed from) are used: not shown as words left aside."""
    sc = ctx.q.scenario
    if sc is None:
        return
    sc.use(*[f for f in sc.of("code") if f.value in ladder], *[f for f in sc.of("count") if f.value == n])
    counts = {n, *(parts or [])}
    words = [w for w, v in (ctx.kb.vocabulary.get("number_words") or {}).items() if v in counts] + [str(k) for k in counts]
    sc.stray[:] = [w for w in sc.stray if not any(re.search(rf"(?<![\w.]){re.escape(x)}(?![\w])", w, re.I) for x in words)
                   and not any(c in w for c in ladder)]


def counted_answer(ctx: Context, named: list[str]) -> Answer | None:
    """The codes (and units) for the one count the question gives of a ladder's items, when it names a code of that
    ladder or asks what to bill ("22 AKs frozen: the first-lesion code plus its add-on?", "10 toenails: the 6-or-more code x 10?")."""
    from bot.engine.handlers import finish  # noqa: PLC0415

    kb, text = ctx.kb, ctx.raw_text or ctx.q.text
    asked = set(ctx.q.codes) | set(named)
    picked = []
    for measure, codes in _ladders(kb).items():
        mine = asked & {c.code for c in codes}
        per = codes[0].rule.per_count or {}
        # `named_only`: words as common as "readings" pick the ladder only beside its code or family named
        if not mine and (asked or ctx.q.intent not in ("bill", "search")
                         or per.get("named_only") and codes[0].family not in ctx.q.families):
            continue
        told: list[int] = []
        counts = _count(text, kb, per, told)
        if len(counts) == 1:
            picked.append((measure, codes, counts.pop(), bool(mine), told))
    if any(p[3] for p in picked):
        picked = [p for p in picked if p[3]]
    if len(picked) != 1:
        return None  # no count, or two ladders the words fit ("9 lesions": premalignant or benign?)
    measure, codes, n, mine, parts = picked[0]
    lines = lines_for(codes, n)
    if not lines and not mine:
        return None
    billed = {c.code for c, _u, _w in lines}
    shown = [c for c, _u, _w in lines] or [c for c in codes if c.code in asked]  # "only 10 readings: 99474?": it, not billed
    per = shown[0].rule.per_count or {}
    told_as = f"{' + '.join(map(str, parts))} = {n} {measure} told (one session: every region's {measure} count together)." \
        if parts else f"{n} {measure} told."
    trace = [told_as] + [w for _c, _u, w in lines]
    trace += [f"{c.code} not billed: it covers {_span(c)} {measure}, not {n}." for c in codes
              if c.code in asked and c.code not in billed]
    billing = Billing(inputs={"family": shown[0].family, "minutes": None, "days": None, "interactive": None,
                              "year": ctx.year, "count": n, "measure": measure},
                      lines=[BillingLine(code=c.code, units=u, title=c.title) for c, u, _w in lines],
                      assumptions=[str(per.get("assumed") or f"The {measure} counted are all those treated in this one session, one patient.")],
                      trace=trace)
    _mark_read(ctx, {k.code for k in codes}, n, parts)
    ctx.source_ids += [s for c in shown for s in (str((c.rule.per_count or {}).get("source", "")), *c.sources) if s]
    return finish(ctx, status="answered", intent="bill", codes=[facts.code_fact(kb, c, ctx.year) for c in shown],
                  billing=billing, families=list(dict.fromkeys(c.family for c in shown)),
                  asked_label=f"the codes for {n} {measure}")
