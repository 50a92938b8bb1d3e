"""A figure the writer corrects ("sorry, I meant 22 minutes not 12", "31 min (sorry, 13 min - typo)") is read as
corrected: the wrong figure goes wherever it was written, the correction's own words go."""

from __future__ import annotations

import re

from bot.engine.patterns import lazy

_UNIT = r"(?:min(?:ute)?s?|hours?|hrs?|days?|calls?)"
_CUE = r"(?:sorry|oops|typo|correction|my bad|i mean|i meant|meant to say|should (?:have )?(?:said|say|read|be)|make that)"
# "I meant 22 minutes not 12", "correction: 22 min, not 12 min", "should have said 22 minutes instead of 12"
_MEANT = re.compile(rf"(?:\b(?:sorry|oops)\b[,.!]?[^\S\n]*)?(?:\btypo\b[^.\n]{{0,20}}?[-:,]?[^\S\n]*)?\b(?:i[^\S\n]+meant|i[^\S\n]+mean"
                    rf"|meant[^\S\n]+to[^\S\n]+say|should[^\S\n]+(?:have[^\S\n]+)?(?:said|say|read|be)|correction:?)"
                    rf"[^\S\n]*(?:it[^\S\n]+(?:was|is)[^\S\n]+)?(\d{{1,4}})[^\S\n]*({_UNIT})?[^\S\n]*,?[^\S\n]*"
                    rf"(?:not|instead[^\S\n]+of)[^\S\n]+(\d{{1,4}})[^\S\n]*({_UNIT})?\b[.!]?", re.I)
# "31 min (sorry, 13 min - typo)", "31 min - sorry, 13 min", "31 min, make that 13"
# "17 days of uploads... wait no, sorry, 15": a short "of ..." phrase after the unit stays with the corrected figure
_AFTER = re.compile(rf"(?<![\d/.])(\d{{1,4}})[^\S\n]*({_UNIT})((?:[^\S\n]+of[^\S\n]+[a-z-]+){{0,1}})[^\S\n]*(\()?[^\S\n]*"
                    rf"(?:[-,;]|\.\.\.|\u2026)?[^\S\n]*(?:wait[,!]?[^\S\n]+no\b[,!.]*[^\S\n]*)?(?:{_CUE})\b[,:;!]?[^\S\n]*"
                    rf"(?:i[^\S\n]+meant[^\S\n]+|make[^\S\n]+that[^\S\n]+|it[^\S\n]+(?:was|is)[^\S\n]+)?(\d{{1,4}})(?![\d/:]|\.\d)"
                    rf"[^\S\n]*({_UNIT})?(?(4)[^()\n]{{0,30}}\)|(?:[^\S\n]*[-,][^\S\n]*typo\b)?)", re.I)
# "synced on 12 days, not 18", "the time was 22 minutes, not 15": a figure set against the one it replaces; it only
# corrects when the replaced figure is written elsewhere in the text (a reply read with its quoted message)
_NOT = re.compile(rf"(?<![\d/.])(\d{{1,4}})[^\S\n]*({_UNIT}),?[^\S\n]*not[^\S\n]+(\d{{1,4}})(?![\d/:]|\.\d)[^\S\n]*({_UNIT})?\b[.!]?",
                  re.I)

# "he only has 14 reading days in his 30-day period (3/3-4/1), not 18 like I said": the replaced figure is told later
# in the clause and said to be the writer's own earlier one
_NOT_SAID = re.compile(rf"(?<![\d/.])(\d{{1,4}})[^\S\n]*(?:[a-z-]+[^\S\n]+)?({_UNIT})\b[^,\n]{{0,60}}?,[^\S\n]*not[^\S\n]+"
                       rf"(\d{{1,4}})(?![\d/:]|\.\d)[^\S\n]*({_UNIT})?[^\S\n]+(?:like|as)[^\S\n]+i[^\S\n]+(?:said|wrote|had|sent)"
                       rf"(?:[^\S\n]+(?:earlier|before|below))?\b[.!]?", re.I)


_REASON = re.compile(rf"[^\S\n]*[-,;:(]*[^\S\n]*(?:i[^\S\n]+)?(?:had[^\S\n]+)?(?:missed|forgot|left[^\S\n]+out|didn't[^\S\n]+count|"
                     rf"did[^\S\n]+not[^\S\n]+count|hadn't[^\S\n]+counted|counted|double[- ]?(?:counted|entered))"
                     rf"[^\S\n]+(?:the[^\S\n]+|a[^\S\n]+|an[^\S\n]+)?(\d{{1,4}})[^\S\n]*({_UNIT})\b", re.I)


def _same_unit(a: str, b: str) -> bool:
    return a[:3].lower() == b[:3].lower() or {a[:1].lower(), b[:1].lower()} == {"h"}


def _corrected(text: str, m: re.Match) -> str:
    """The text with the figure one correction names replaced, its words gone; unchanged when nothing matches."""
    right, wrong = m.group(1), m.group(3)
    unit = m.group(2) or m.group(4)
    rest = text[:m.start()] + "\x00" + text[m.end():]
    wrong_at = re.compile(rf"(?<![\d/.])({wrong})([^\S\n]*)({_UNIT})\b", re.I)
    hits = [w for w in wrong_at.finditer(rest) if unit is None or _same_unit(w.group(3), unit)]
    if not hits:
        return text  # nothing to correct in this text: leave the words for the reader
    for w in hits[::-1]:
        rest = rest[:w.start()] + right + w.group(2) + w.group(3) + rest[w.end():]
    # "45 min not 30 -- I left out 15 min of data review": the difference told as the reason is no time of its own
    at = rest.find("\x00") + 1
    told = _REASON.match(rest, at)
    if told and told.group(1) == str(abs(int(right) - int(wrong))) and _same_unit(told.group(2), unit or "min"):
        rest = rest[:told.start(1)] + rest[told.end(2):]
    return rest.replace("\x00", " ")


def apply_corrections(text: str) -> str:
    """The text with each corrected figure replaced by its correction and the correction's words removed."""
    text = _AFTER.sub(lambda m: f"{m.group(5)} {m.group(6) or m.group(2)}{m.group(3)}", text)
    for pattern in (_MEANT, _NOT, _NOT_SAID):  # a "not" figure inside an "I meant ..." correction is that correction
        at = 0
        while m := pattern.search(text, at):
            fixed = _corrected(text, m)
            at, text = (m.end(), text) if fixed == text else (m.start(), fixed)
    return text


def without_corrections(text: str) -> str:
    """The text without its correction phrases (a reply that only corrects the quoted message states no figure)."""
    return _NOT_SAID.sub(" ", _NOT.sub(" ", _MEANT.sub(" ", text)))


_NOUN = r"(?:total|totals|number|count|time|figure|tally|minutes|mins|days)[^\S\n]*(?::|=|-|\bwas\b|\bis\b)[^\S\n]*\d"
# "> Original total: 34 min ... > Corrected total: 43 min": a figure labelled as the one replaced, beside one labelled
# as its correction, is no fact of the case
_SUPERSEDED = lazy(rf"\b(?:original|old|first|initial|previous|prior|earlier|wrong|incorrect)[^\S\n]+{_NOUN}", re.I)
_CORRECTED = lazy(rf"\b(?:corrected|revised|updated|new|actual|correct|right|real|fixed|amended)[^\S\n]+{_NOUN}", re.I)


def drop_superseded(lines: list[str]) -> list[str]:
    """The lines without each figure labelled as replaced ("Original total: 34 min") when another is labelled as its
    correction ("Corrected total: 43 min"): the words from the replaced label up to the correction, or to its line's end."""
    if not any(_CORRECTED().search(line) for line in lines):
        return lines
    out = []
    for line in lines:
        while (old := _SUPERSEDED().search(line)) is not None:
            new = _CORRECTED().search(line, old.end())
            line = line[:old.start()] + (line[new.start():] if new else "")
        if line.strip():
            out.append(line)
    return out
