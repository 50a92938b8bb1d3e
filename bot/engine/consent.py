"""Minutes dated before a dated consent ("consent was documented on 3/15; 30 minutes from 3/4-3/14") are not
counted: care management, CHI and PIN time counts only once the patient has consented (knowledge meta.yaml
`uncounted_time`; the consent words are vocabulary `consent_dated`). A helper of reader.read_scenario."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, NamedTuple

from bot.engine.lexicon import Lexicon
from bot.engine.patterns import lazy
from bot.engine.scenario import Fact, Scenario

if TYPE_CHECKING:
    from bot.engine.reader import _Text

CONSENT_REACH = 8  # words: how far after (or before) the consent words its date may stand
BEFORE_REACH = 5  # words: "before" after the minutes, and the consent word after "before"
MINUTES_REACH = 8  # words: how far after the minutes (or before them) their date may stand
RELATIVE_REACH = 4  # words more when the consent is told in a relative clause ("the visit, where consent was ...")
_RELATIVE = lazy(r",?\s*\b(?:where|when|at which|during which|in which)\b")
_JOINED = lazy(r"[,;]|\b(?:and|or|but|then|so|while)\b")  # "before lunch, and consent is on file": not joined
_COUNTED = ("spent", "additional", "call", "part")
_BACK = ("that", "then", "this", "it")  # "12 minutes before that": the thing told just before (the consent)
# "12 minutes before consent and 9 after": the bare number after "and" is the minutes after the consent
_AFTER_BARE = lazy(r"[^.;?!]{0,60}?\b(?:and|but|then|plus|with)\s+(?:only\s+|just\s+|another\s+)?(\d{1,3})\s+"
                   r"(?:after|afterwards?|since|following|once\s+(?:she|he|they)\s+(?:signed|consented))\b")
_THROUGH = r"\s*(?:-|–|to|through|thru|until)\s*"


class Day(NamedTuple):
    """A day of the story: its month (0 when only the day of the month is told) and day, and where it is told."""

    month: int
    day: int
    start: int
    end: int
    last: tuple[int, int]  # the range's last (month, day): "3/4-3/14" ends on 3/14
    before: bool = False  # "before the 10th": the minutes came before that day


def _pattern(lex: Lexicon) -> re.Pattern:
    months = "|".join(sorted(map(re.escape, lex.months), key=len, reverse=True))
    ordinals = "|".join(sorted(map(re.escape, lex.day_ordinals), key=len, reverse=True))
    one = (rf"(?:(?<![\w/])\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?(?![\w/])|\b(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
           rf"|\b\d{{1,2}}(?:st|nd|rd|th)\b(?:\s+of\s+(?:{months}))?|\bthe\s+(?:{ordinals})\b)")
    between = rf"\bbetween\s+(?:the\s+)?({one})\s+and\s+({one})"  # "between 4/1 and 4/30": a range
    return re.compile(rf"{between}|(?:\b(before|prior to|after|since|from|on)\s+(?:the\s+)?)?({one})"
                      rf"(?:{_THROUGH}({one}|\d{{1,2}}\b))?")


_PATTERNS: dict[int, re.Pattern] = {}


def _parse(words: str, lex: Lexicon, month: int = 0) -> tuple[int, int]:
    """(month, day) of one date's words; a bare day number keeps the month given."""
    words = words.replace(".", " ")
    if "/" in words:
        m, d = words.split("/")[:2]
        return int(m), int(d)
    parts = re.findall(r"[a-z]+|\d+", words)
    named = next((lex.months[p] for p in parts if p in lex.months and p != "the"), month)
    day = next((int(p) for p in parts if p.isdigit()), 0) or next((lex.day_ordinals[p] for p in parts
                                                                    if p in lex.day_ordinals), 0)
    return named, day


def days_told(text: str, lex: Lexicon) -> list[Day]:
    """Every day (or range of days) the text names, in order."""
    pattern = _PATTERNS.get(id(lex)) or _PATTERNS.setdefault(id(lex), _pattern(lex))
    out = []
    for m in pattern.finditer(text):
        first = 1 if m.group(1) else 4  # the group of the range's first day
        month, day = _parse(m.group(first), lex)
        if not 1 <= day <= 31 or month > 12:
            continue
        end = m.group(first + 1)
        last = _parse(end, lex, month) if end else (month, day)
        out.append(Day(month, day, m.start(first), m.end(), last, before=m.group(3) in ("before", "prior to")))
    return out


def _earlier(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether day a comes before day b; a day told without its month is taken in the other's month."""
    (ma, da), (mb, db) = a, b
    if not ma or not mb:
        return da < db
    return (ma, da) < (mb, db)


def _near(tx: "_Text", days: list[Day], at: int, end: int, reach: int, stop: int, floor: int) -> Day | None:
    """The day told right after the words (up to `stop`), else right before them (back to `floor`), in their clause."""
    i, j = tx.tok_at(at), tx.tok_at(max(end - 1, at)) + 1
    clause = tx.toks[i].clause
    same = [d for d in days if tx.toks[tx.tok_at(d.start)].clause == clause]
    inside = [d for d in same if at <= d.start < end]  # a list item's words hold its day ("12 minutes on 3/2")
    if inside:
        return inside[0]
    after = [d for d in same if end <= d.start < stop and tx.tok_at(d.start) - j < reach]
    before = [d for d in same if floor <= d.start < at and i - tx.tok_at(d.end - 1) <= reach // 2]
    return after[0] if after else before[-1] if before else None


def _told_before(tx: "_Text", lex: Lexicon, fact, consent_at: set[int]) -> bool:
    """"30 minutes before the patient signed consent": "before" (or "prior to") within a few words after the minutes,
    a consent word a few words on, no other number between."""
    j = tx.tok_at(fact.at + len(fact.words) - 1) + 1
    for k in range(j, min(j + BEFORE_REACH, len(tx.toks))):
        if tx.toks[k].clause != tx.toks[j - 1].clause or tx.words[k][:1].isdigit():
            return False
        if tx.words[k] in ("before", "prior"):
            if tx.words[k + 1:k + 2] and tx.words[k + 1] in _BACK and any(j - CONSENT_REACH * 2 <= c < j for c in consent_at):
                return True  # "consent signed on the 18th; 12 minutes before that": before the consent told just now
            ahead = [c for c in consent_at if k < c <= k + BEFORE_REACH + RELATIVE_REACH]
            between = tx.text[tx.toks[k].end:tx.toks[min(ahead)].start] if ahead else ""
            # "before the initiating visit, where consent was documented": the visit of the consent
            plain = _RELATIVE().sub(" ", between)
            near = bool(ahead) and (min(ahead) - k <= BEFORE_REACH or plain != between)
            return near and not _JOINED().search(plain)
    return False


def _after_figure(tx: "_Text", sc: Scenario, before: Fact) -> None:
    """"12 minutes before consent and 9 after": the bare number told as after the consent is minutes that count."""
    m = _AFTER_BARE().match(tx.text, before.at + len(before.words))
    if m is None or any(f.at <= m.start(1) < f.at + max(len(f.words), 1) for f in sc.facts):
        return
    sc.add(Fact("minutes", int(m.group(1)), tx.text[m.start(1):m.end()], m.start(1), role="spent", who=before.who,
                when=before.when, family=before.family))


# "62 minutes ..., but only 50 of those were after the patient signed consent": a share of the time told by the consent
_SHARE = lazy(r"(?<![\w.])(\d{1,4})\s+(?:(?:minutes?|mins?)\s+)?of\s+(?:those|these|them|which|that|it|the time)\s+"
              r"(?:(?:minutes?|mins?)\s+)?(?:were|was|came|happened|fell)\s+(?:\w+\s+)?(after|before|since|prior to)\b")


def _consent_shares(tx: "_Text", consent_at: set[int], sc: Scenario) -> None:
    """"Only 50 of those were after consent": of the minutes before it, that share counts and the rest does not (the
    reverse for "before")."""
    for m in _SHARE().finditer(tx.text):
        k = tx.tok_at(m.end(2) - 1)
        if not any(k < c <= k + BEFORE_REACH + 1 for c in consent_at) and not _back_to_consent(tx, k, consent_at):
            continue
        whole = next((f for f in reversed(sc.of("minutes")) if f.role in _COUNTED and f.at < m.start()), None)
        share = int(m.group(1))
        if whole is None or not 0 < share < whole.value:
            continue
        after = m.group(2) != "before" and m.group(2) != "prior to"
        kept, left = (share, whole.value - share) if after else (whole.value - share, share)
        sc.facts[sc.facts.index(whole)] = dataclasses.replace(whole, value=kept)
        # "35 min of it was before consent": the share's own figure is this fact, not more time beside it
        sc.facts = [f for f in sc.facts if not (f.kind == "minutes" and m.start() <= f.at < m.end())]
        sc.add(Fact("minutes", left, tx.text[m.start():m.end()], m.start(), role="uncounted", who=whole.who,
                    when=whole.when))


def _back_to_consent(tx: "_Text", k: int, consent_at: set[int]) -> bool:
    """"50 of those were before that", the consent told just before: "that" points back to it."""
    return tx.words[k + 1:k + 2] != [] and tx.words[k + 1] in _BACK \
        and any(k - CONSENT_REACH * 2 <= c < k for c in consent_at)


def uncount_before_consent(tx: "_Text", lex: Lexicon, sc: Scenario) -> None:
    """Minutes told as before the consent, or whose days all fall before the day consent was given, are uncounted."""
    hits = lex.consent_dated.find(tx.toks)
    consent_at = {h.i for h in hits}
    _consent_shares(tx, consent_at, sc)
    for fact in [f for f in sc.of("minutes") if f.role in _COUNTED]:
        if _told_before(tx, lex, fact, consent_at):
            sc.facts[sc.facts.index(fact)] = dataclasses.replace(fact, role="uncounted")
    for fact in sc.of("minutes", "uncounted"):
        _after_figure(tx, sc, fact)
    if not hits:
        return  # no consent told: no day of it to find (nor the date pattern to compile)
    days = days_told(tx.text, lex)
    # a day a minutes item holds ("18 min on 4/20") is that item's, never the consent's ("both after consent")
    free = [d for d in days if not any(f.at <= d.start < f.at + len(f.words) for f in sc.of("minutes"))]
    consent = None
    for hit in hits:
        if hit.i and tx.words[hit.i - 1] in ("after", "since", "following"):
            continue  # "both after consent": the minutes came after it, whatever its day
        start, end = tx.toks[hit.i].start, tx.toks[hit.j - 1].end
        consent = _near(tx, free, start, end, CONSENT_REACH, len(tx.text), 0)
        if consent is not None:
            break
    if consent is None:
        return
    minutes = sorted(sc.of("minutes"), key=lambda f: f.at)
    bounds = [f.at for f in minutes] + [len(tx.text)]
    for n, fact in enumerate(minutes):
        if fact.role not in _COUNTED:
            continue
        floor = minutes[n - 1].at + len(minutes[n - 1].words) if n else 0
        own = [d for d in days if d is not consent]
        told = _near(tx, own, fact.at, fact.at + len(fact.words), MINUTES_REACH, bounds[n + 1], floor)
        if told is None:
            continue
        last = told.last if not told.before else (told.month, told.day - 1)
        if _earlier(last, (consent.month, consent.day)):
            sc.facts[sc.facts.index(fact)] = dataclasses.replace(fact, role="uncounted")
        elif not told.before and _earlier((told.month, told.day), (consent.month, consent.day)) \
                and not re.search(r"\b(?:after|since|following)\s+(?:the\s+)?consent", tx.text):
            # "25 minutes from 1/2 to 1/31", consent on 1/20: only the share on or after consent counts, unknown
            sc.add(Fact("flag", f"{consent.month}/{consent.day}" if consent.month else str(consent.day),
                        tx.text[consent.start:consent.end], consent.start, role="consent_straddle"))
