"""Minutes told as a list of items: figures after a heading that names minutes ("CCM minutes in May: 10, 12 and 5",
"RPM time this month: 8 on Monday, 7 on Wednesday"), and date or weekday + figure pairs ("5/2 - 12 min, 5/9 - 9 min",
"Mon 8, Wed 7 min", one per line in an e-mail). A date before a hyphen and a figure keys the figure: never a range
of minutes, never a range of data days. A bare figure is minutes only when a heading or a unit in its list says so."""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.engine.lexicon import Lexicon
from bot.engine.patterns import lazy
from bot.engine.scenario import Fact

_FIG = r"(?P<n>\d{1,3})(?![\w/]|[.:,]\d)"
_UNIT = r"(?P<unit>\s*-?\s*(?:minutes?|mins?|m)\b\.?)"
_UNIT_IN = r"(?P<unit>\s*-?\s*(?:minutes?|mins?|m)\b)"  # no full stop: "25 minutes. Thursday, ..." is two sentences
_DATE = r"\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\w/])"
_ORDINAL = r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\b"
_KEY_SEP = r"(?:\s*[-\u2013\u2014:=]\s*|\s+)"
_LINK = r"\s*(?:(?:on|in|during)\s+)?"
# between items: a comma, semicolon or full stop, "and", "plus", "&", "+", "then", or a line break (cleaned to a space)
_JOIN = lazy(r"(?:\s*[,;.]\s*(?:(?:and|plus|then|&)\s+)?|\s+(?:and|plus|then|&)\s+|\s*\+\s*|\s*[-*\u2022]\s+|\s+)")
# after a bare figure: the list goes on or the sentence ends ("10, 12 and 5. what..."), never "18 days", "2 calls"
_ENDS = lazy(r"\s*(?:$|[,;.!?)+]|(?:and|plus|then|&)\b|\d|[-*\u2022]\s|(?:this|last|that|the)\s+(?:month|week)\b|so far\b)")
# what an item may say after its figure ("10 by the MA", "8 on the phone", "12 min reviewing data") before the next
_LINKED = r"\s+(?:for|of|by|with|on|in|doing|during|via|over|across|[a-z]+ing)\b"
_TAIL = lazy(rf"(?:{_LINKED}[^,;.!?\d()]{{0,40}}?|\s*\([^()\d]{{0,40}}\))(?=\s*(?:[,;.!?]|$)|\s+(?:and|plus|then|&)\s)")
_LINK_AFTER = lazy(_LINKED)
_TOTAL_WORDS = {"total", "all", "altogether", "overall", "combined", "together", "each"}
_COUNTED_NOUN = lazy(r"\s*(?:days?|calls?|readings?|times|units?|visits?|messages?|texts?|sessions?)\b")
_DOT_OR_DASH = lazy(r"[.\-\u2013\u2014]")
_HEAD_WORDS = r"(?:minutes?|mins?|time)"
_HEAD_TAIL = r"(?P<tail>(?:\s+[a-z()'/]+){0,5}?)"
_HEAD_END = r"(?P<end>\s*:\s*|\s+[-\u2013\u2014]\s+|\s*\u2014\s*|\s+(?:were|was|totaled|totalled|came\s+to)\s+)"  # "minutes were 25 + 30"
_THRESHOLD = {"minimum", "min", "required", "needed", "need", "needs", "threshold", "least", "max", "maximum"}
_PATTERNS: dict[int, dict[str, re.Pattern]] = {}
_MAY_LIST = lazy(r"min|time|(?<!\d)\d{1,3}(?!\d)")  # what every heading or item pattern needs somewhere in the text


class Item(NamedTuple):
    """One figure of a minutes list: where the item's words run, the figure, its unit and the time it is tied to."""

    start: int
    end: int
    at: int  # where the figure stands
    value: int
    unit: bool
    when: str
    keyed: bool  # a date, weekday or day of the month names the item
    role: str = "spent"


def _patterns(lex: Lexicon) -> dict[str, re.Pattern]:
    """The item and heading patterns for this vocabulary (months and weekdays), compiled once."""
    found = _PATTERNS.get(id(lex))
    if found is not None:
        return found
    months = "|".join(sorted((re.escape(m) for m in lex.months), key=len, reverse=True))
    days = "|".join(sorted((re.escape(d) for d in lex.weekdays), key=len, reverse=True))
    key = (rf"(?P<key>(?P<date>{_DATE})|(?P<mday>(?P<mm>{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!/))|"
           rf"(?P<wday>\b(?:{days})\b)\.?|(?P<ord>{_ORDINAL}))")
    month_key = rf"(?P<month>\b(?:{months})\b)"
    pats = {
        "key_first": re.compile(rf"(?<![\w/])(?:on\s+)?{key}{_KEY_SEP}{_FIG}{_UNIT}?"),
        "month_first": re.compile(rf"(?:in\s+)?{month_key}\s*[-\u2013\u2014:]\s*{_FIG}{_UNIT}?"),
        "fig_first": re.compile(rf"(?<![\w/]){_FIG}{_UNIT_IN}?{_LINK}(?:{key}|{month_key})"),
        "plain": re.compile(rf"{_FIG}{_UNIT}?"),
        # "staff time this month mon 10 wed 15": a heading with no colon, over a list of weekday-keyed figures
        "heading": re.compile(rf"(?<![\d\w])(?<!\d\s)(?P<word>{_HEAD_WORDS})(?:{_HEAD_TAIL}{_HEAD_END}|"
                              rf"(?P<ktail>(?:\s+[a-z()'/]+){{0,5}}?)(?P<keyed>\s+)(?=(?:{days})\b\.?\s*[-:]?\s*\d)|(?P<bare>\s+))"),
        "month": re.compile(rf"\b(?:{months})\b"),
    }
    return _PATTERNS.setdefault(id(lex), pats)


def read_items(text: str, lex: Lexicon) -> list[Item]:
    """Every item of every minutes list in the text, in order."""
    if not _MAY_LIST().search(text):
        return []  # no heading word and no figure of up to three digits: no list (its patterns stay uncompiled)
    pats = _patterns(lex)
    out: list[Item] = []
    for head in pats["heading"].finditer(text):
        if (out and head.start() < out[-1].end) or _threshold(text, head):
            continue
        month = next((m.group(0) for m in pats["month"].finditer(head.group("tail") or "")), "")
        items = _list_at(text, head.end(), pats, lex, heading=True, month=month)
        if head.group("bare") is not None and (head.group("word") == "time" or len(items) < 2):
            continue  # "CCM minutes 10, 12 and 5" needs no colon; "time" with no colon or dash is no heading
        if head.group("keyed") is not None and (len(items) < 2 or not all(i.keyed for i in items)):
            continue
        out += _breakdown(items, head, text)
    pos = 0
    for start in _starts(text, pats):
        if start < pos or _inside(start, out):
            continue
        items = _list_at(text, start, pats, lex, heading=False, month="")
        if items and any(i.unit for i in items):
            out += items
            pos = items[-1].end
    return sorted(out, key=lambda i: i.start)


def _breakdown(items: list[Item], head: re.Match, text: str) -> list[Item]:
    """"Total time: 40, 25 by the MA and 15 by the RN": under a heading that names a total, a first figure the
    others add up to is the total, the others its parts."""
    words = set((head.group("tail") or "").split()) | set(text[max(0, head.start() - 24):head.start()].split()[-3:])
    if len(items) < 3 or not _TOTAL_WORDS & words or items[0].value != sum(i.value for i in items[1:]):
        return items
    return [items[0]._replace(role="total")] + [i._replace(role="part") for i in items[1:]]


def _threshold(text: str, head: re.Match) -> bool:
    """"Minimum time: 20", "time required: 16": a heading that names a threshold, not time spent."""
    before = text[max(0, head.start() - 12):head.start()].split()[-1:]
    return bool(_THRESHOLD & (set((head.group("tail") or "").split()) | set(before)))


def _inside(at: int, items: list[Item]) -> bool:
    return any(i.start <= at < i.end for i in items)


def _starts(text: str, pats: dict[str, re.Pattern]) -> list[int]:
    """Where a list with no heading may start: a keyed figure ("5/2 - 12 min"), or a figure with its unit and a key
    after it ("12 min on 5/2")."""
    found = {m.start() for m in pats["key_first"].finditer(text)}
    return sorted(found | {m.start() for m in pats["fig_first"].finditer(text) if m.group("unit")})


def _list_at(text: str, pos: int, pats: dict[str, re.Pattern], lex: Lexicon, heading: bool, month: str) -> list[Item]:
    """The items of the list that starts at pos (a heading's list may hold bare figures with no key)."""
    items: list[Item] = []
    item = _item_at(text, pos, pats, lex, month)
    while item is not None and (heading or item.keyed):
        tail = _TAIL().match(text, item.end)
        if tail and _TOTAL_WORDS & set(tail.group(0).split()):
            if items and item.value == sum(i.value for i in items):  # "10, 12 and 22 in total": their sum
                items.append(item._replace(role="total"))
            break
        linked = not tail and _LINK_AFTER().match(text, item.end)  # "10 with 1 call": the item, then the list ends
        if not item.unit and not tail and not linked and not _ENDS().match(text, item.end) \
                and not (item.keyed and (_keyed_next(text, item.end, pats, lex, month)
                                         or (items and items[-1].keyed and not _COUNTED_NOUN().match(text, item.end)))):
            break  # "18 days", "2 calls", "72 yo": the figure is not minutes ("mon 10 wed 15": the list goes on)
        items.append(item)
        if linked:
            break
        month = _month_of(item.when, lex) or month
        after = tail.end() if tail else item.end
        join = _JOIN().match(text, after)
        if not join or join.end() == after:
            break
        item = _item_at(text, join.end(), pats, lex, month)
        if item is not None and not item.keyed and _DOT_OR_DASH().search(join.group(0)):
            break  # "10 - 15 minutes" is a range, ". 2 calls" another sentence; "- 5/2 12 min" a bulleted line
    return items


def _keyed_next(text: str, pos: int, pats: dict[str, re.Pattern], lex: Lexicon, month: str) -> bool:
    """Whether a keyed item follows right after pos ("mon 10 wed 15": the next weekday's figure)."""
    join = _JOIN().match(text, pos)
    nxt = _item_at(text, join.end(), pats, lex, month) if join and join.end() > pos else None
    return nxt is not None and nxt.keyed


def _item_at(text: str, pos: int, pats: dict[str, re.Pattern], lex: Lexicon, month: str) -> Item | None:
    """The item that starts right at pos, if one does: keyed by a day before or after it, or a bare figure."""
    for name in ("month_first", "key_first", "fig_first", "plain"):
        m = pats[name].match(text, pos)
        if m is None or (name == "fig_first" and m.group("key") is None and m.group("month") is None):
            continue
        if name == "key_first" and _day_range(text, m):
            return None  # "Jan 28-31 and 13 minutes": the days of a range, not a figure keyed by Jan 28
        when = _when(m, month)
        keyed = name != "plain" and (m.groupdict().get("key") is not None or name == "month_first")
        end = m.end() if not m.group("unit") or name != "plain" else m.end("unit")
        return Item(m.start(), end, m.start("n"), int(m.group("n")), bool(m.group("unit")), when, keyed)
    return None


def _day_range(text: str, m: re.Match) -> bool:
    """"Jan 28-31": a month day, a bare hyphen and a later day of the month, with no unit, is a range of days."""
    if not m.group("mday") or m.group("unit") or text[m.end("key"):m.start("n")] != "-":
        return False
    day = int(re.findall(r"\d+", m.group("mday"))[-1])
    return day < int(m.group("n")) <= 31


def _when(m: re.Match, month: str) -> str:
    """The time an item is tied to: its date or weekday, its month, or the month of its heading."""
    groups = m.groupdict()
    if groups.get("date"):
        return groups["date"]
    if groups.get("wday"):
        return groups["wday"]
    if groups.get("mm"):
        return groups["mm"]
    if groups.get("month"):
        return groups["month"]
    return month


def _month_of(when: str, lex: Lexicon) -> str:
    return when if when in lex.months else ""


def merge(text: str, found: list[Fact], items: list[Item]) -> list[Fact]:
    """The minutes with the list items placed: a figure already read keeps its role and takes the item's time and
    words; a bare figure becomes spent minutes; a "range" read across a date ("5/2 - 12 min") goes."""
    if not items:
        return found
    out = [f for f in found if not any(i.start <= f.at < i.end and f.at != i.at for i in items)]
    by_at = {f.at: f for f in out}
    for item in items:
        old = by_at.get(item.at)
        kept = old is not None and (old.role != "range" or not item.keyed)  # "5/2 - 12 min" is no range; "10 - 15 min" is
        if kept and not item.keyed and not item.when:
            continue  # "CCM time: 25 minutes": read already, nothing to add
        at, words = (old.at, old.words) if kept and not item.keyed else (item.start, text[item.start:item.end].strip())
        new = Fact("minutes", item.value, words, at, role=old.role if kept else item.role,
                   when=item.when or (old.when if old else ""))
        out = [f for f in out if f is not old] + [new]
    return sorted(out, key=lambda f: f.at)


def spans(items: list[Item]) -> list[tuple[int, int]]:
    """Where the items' words run: no day count and no date range is read inside them."""
    return [(i.start, i.end) for i in items]
