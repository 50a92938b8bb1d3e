"""Which time point (month, weekday, date, relative day) a figure in the question is tied to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine.patterns import lazy

if TYPE_CHECKING:
    from bot.engine.reader import _Text

_NEAR = 6  # words: how far a time point may stand after what it describes
_MONTH_REACH = 12  # words: how far on a month may name the minutes before it, with no other minutes between


def pick_point(tx: "_Text", points, i: int, end: int, clause: int, words: str = "", stop: int | None = None):
    """The nearest month, weekday, date or relative day after the words (same clause), else before them; a month
    may stand further on ("20 minutes of RPM management across two calls in September") when no other minutes
    come first."""
    kinds = ("month", "weekday", "date", "relative")
    near = [p for p in points if p.kind in kinds and tx.toks[tx.tok_at(p.at)].clause == clause]
    if words:
        return next((p for p in near if p.words == words), None)
    if (day := _own_day(tx, points, i, end, clause)) is not None:
        return day
    reach = min(stop if stop is not None else len(tx.toks), end + _MONTH_REACH)
    after = [p for p in near if end <= tx.tok_at(p.at) < end + _NEAR or (_names_month(p) and end <= tx.tok_at(p.at) < reach)
             or _far_weekday(tx, p, end, reach)]
    after = [p for p in after if not _heads_next(tx, p, end, stop)]
    before = [p for p in near if tx.tok_at(p.at) < i and not closed_aside(tx.text, p.at, tx.toks[i].start)]
    # "6 minutes Tuesday" takes the day right after; "replied Monday (6 minutes) and ... Tuesday" the day right before
    right_after = after and set(tx.words[end:tx.tok_at(after[0].at)]) <= _POINT_LINKS
    told_after = right_after and not set(tx.text[tx.toks[end - 1].end:after[0].at]) & set(",;")
    if not told_after and (lead := item_date(tx, near, i)) is not None:
        return lead
    # "25 minutes in March and 12 minutes ... in April": after "and" a new item starts, its own month follows it
    joined = before and after and set(tx.words[_last_tok(tx, before[-1]) + 1:i]) & {"and", "then", "plus"}
    # "March 15-31 was 22 min, April 1-14 was 21": a point after a comma opens the next item, the one just before is its own
    if before and not told_after and not joined and (i - _last_tok(tx, before[-1]) <= 2 or _in_brackets(tx, before[-1], i)):
        return before[-1]
    return after[0] if after else before[-1] if before else None


_ITEM_OPEN = lazy(r"(?:^|[,;:\n]|(?<!\bdr)(?<!\bmr)(?<!\bms)(?<!\bmrs)\.)\s*(?:and\s+|then\s+|on\s+)?$")


def item_date(tx: "_Text", near, i: int):
    """"Jan 22 review 5 min, Jan 28 call 9 min": a date opening the figure's own item of a list (nothing but its
    label words between, no comma) is the figure's, not the date opening the next item."""
    start = tx.toks[i].start
    for p in reversed([p for p in near if p.kind == "date" and p.at < start]):
        between = tx.text[p.at + len(p.words):start]
        if not set(between) & set(",;:.()") and not any(c.isdigit() for c in between) and len(between.split()) <= 6:
            return p if _ITEM_OPEN().search(tx.text, 0, p.at) else None
        return None
    return None


def _own_day(tx: "_Text", points, i: int, end: int, clause: int):
    """"7 minutes on the 3rd", "8 min on day 2": a day told in the figure's own words or right after it (only linking
    words between) is the figure's; a day further off ("called on the 12th ... 24 minutes in all") is not."""
    days = [p for p in points if p.kind == "day_n" and p.words.startswith(("on the", "day"))
            and tx.toks[tx.tok_at(p.at)].clause == clause]
    own = next((p for p in days if i <= tx.tok_at(p.at) < end + 2 and set(tx.words[end:tx.tok_at(p.at)]) <= _POINT_LINKS), None)
    # "On the 3rd she opened a thread and Dr. Ng spent 9 minutes": a day opening the figure's sentence
    heads = [p for p in days if p.at < tx.toks[i].start and p.words.startswith("on the")
             and _SENTENCE_START().search(tx.text[:p.at]) and not _SENTENCE_END().search(tx.text[p.at:tx.toks[i].start])]
    return own or (heads[-1] if heads else None)


_SENTENCE_START = lazy(r"(?:^|[.;:!?])\s*$")
_SENTENCE_END = lazy(r"(?<!\bdr)(?<!\bmr)(?<!\bms)(?<!\bmrs)[.;!?](?:\s|$)")


# words that start another event between a figure and a weekday ("8 minutes with the doctor, who saw him Friday")
_OTHER_EVENT = {"saw", "seen", "see", "visit", "visits", "came", "come", "comes", "appointment", "appt", "scheduled",
                "booked", "discharged", "admitted", "who", "which", "after", "before", "since", "until"}


def closed_aside(text: str, at: int, upto: int) -> bool:
    """Whether position `at` stands in brackets closed before `upto` ("(needs found at Dr. Moreno's September visit):
    Andre logged 55 minutes": the aside's doctor and month are not the figure's)."""
    opened = text.rfind("(", 0, at)
    closed = text.find(")", at, upto)
    # "this month (February) the nurse ...", "the care manager (RN)": a bracket naming only it says what came before
    return opened > text.rfind(")", 0, at) and closed >= 0 and len(text[opened + 1:closed].split()) > 3


_BRACKET_AFTER = lazy(r"\s*(?:program|programs|service|services|patient|enrollment)?\s*\([^()\d]*$")


def opens_bracket(text: str, after: int, at: int) -> bool:
    """Whether a bracket opened right after `after` holds position `at` ("in our CCM program (RN logged 22 min)":
    the bracket's minutes are the program's)."""
    return bool(_BRACKET_AFTER().match(text, after, at)) and _BRACKET_AFTER().match(text, after, at).end() == at


def _in_brackets(tx: "_Text", point, i: int) -> bool:
    """"a call Monday about her potassium (8 min talk, ...)": a figure in brackets opened after the time point tells
    about what that point dates."""
    between = tx.text[point.at + len(point.words):tx.toks[i].start]
    return "(" in between and ")" not in between.split("(")[-1]


def _far_weekday(tx: "_Text", point, end: int, reach: int) -> bool:
    """"an 8-minute phone check-in with the doctor on Tuesday": the weekday of the service the minutes describe,
    further on in their clause, when no other minutes or event come first."""
    k = tx.tok_at(point.at)
    return point.kind == "weekday" and end + _NEAR <= k < reach and not set(tx.words[end:k]) & _OTHER_EVENT \
        and ")" not in tx.text[tx.toks[end - 1].end:point.at]  # a bracket closed between: the figure told its own


def _names_month(point) -> bool:
    """A month, or a date told with the month's name ("between Aug 25 and Aug 31"): it may stand further on."""
    return point.kind == "month" or (point.kind == "date" and not point.words[:1].isdigit())


_HEDGES = {"only", "just", "about", "around", "approx", "approximately", "roughly", "another", "maybe", "barely"}
_POINT_LINKS = {"on", "in", "this", "last", "during", "of", "for", "the"}  # "8 minutes on Monday"


def _heads_next(tx: "_Text", point, end: int, stop: int | None) -> bool:
    """"9 min (1 call), in April 14 min": a month right before the next minutes is theirs, unless it follows these."""
    span = len(point.words.split()) - 1  # "this month 25 minutes": a month of two words ends one word on
    if point.kind not in ("month", "date") or stop is None:
        return False
    gap = stop - tx.tok_at(point.at) - span
    # "march only 15 min": one hedge word between the month and its minutes still heads them
    if gap not in (0, 1) and not (gap == 2 and tx.words[stop - 1] in _HEDGES):
        return False
    if stop < len(tx.toks) and set(tx.text[point.at + len(point.words):tx.toks[stop].start]) & set(",;."):
        return False  # "45 min by the RN in May, 15 min in June": the comma closes May's item
    apart = set(tx.text[tx.toks[end - 1].end:point.at]) & set(",;(")  # "12 minutes, in November 18 minutes"
    return bool(apart) or not set(tx.words[end:tx.tok_at(point.at)]) <= _POINT_LINKS


_DAY_OF_MONTH = lazy(r"\d{1,2}(?:st|nd|rd|th)?(?:-\d{1,2}(?:st|nd|rd|th)?)?")


def _last_tok(tx: "_Text", point) -> int:
    """The point's last word; a month's day numbers after it are part of it ("jan 16-31 was 12 min")."""
    k = tx.tok_at(point.at + len(point.words) - 1)
    while point.kind == "month" and k + 1 < len(tx.words) and _DAY_OF_MONTH().fullmatch(tx.words[k + 1]):
        k += 1
    return k


_RANGE_LINK = lazy(r"(?:-|\u2013|to|through|thru|until|till)$")


def date_range(tx: "_Text", points, point) -> str:
    """A date that opens or closes a range of dates ("from 3/17 to 4/16", "3/17-3/31"): the range's words ("3/17-4/16"), else
    the date's own words."""
    if point is None or point.kind != "date":
        return point.words if point is not None else ""
    dates = [p for p in points if p.kind == "date"]
    k = next((n for n, p in enumerate(dates) if p.at == point.at), -1)
    if k + 1 < len(dates) and _joined(tx, dates[k], dates[k + 1]):
        return f"{point.words}-{dates[k + 1].words}"
    if k > 0 and _joined(tx, dates[k - 1], point):  # "between 11/20 and 12/19 the MA logged 21 minutes": it closes here
        return f"{dates[k - 1].words}-{point.words}"
    return point.words


def _joined(tx: "_Text", first, second) -> bool:
    """Whether two dates are told as one range ("3/17 to 4/16", "3/17-3/31", "between 3/20 and 4/10")."""
    link = tx.text[first.at + len(first.words):second.at].strip().lower()
    return bool(_RANGE_LINK().match(link)) or (link == "and" and tx.text[:first.at].rstrip().lower().endswith("between"))
