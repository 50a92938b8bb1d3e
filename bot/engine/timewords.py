"""Time in a question: minutes with what they are (spent, additional, total, part, threshold...), data days, and the
time points (weekdays, months, dates, "tomorrow", "day 5") other facts are tied to (cues: vocabulary minute_cues)."""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.engine import data_days
from bot.engine.breakdown import breakdown
from bot.engine.minute_lists import (after_other_figure, colon_items, listed, multiplied, one_more_call, pooled, task_items,
                                     uncounted_parts)
from bot.engine.lexicon import Lexicon, Tok
from bot.engine.listed_bound import listed_below
from bot.engine.minute_shares import MAX_NUMBER, elsewhere, number, portions
from bot.engine.named_dates import month_day
from bot.engine.patterns import SET_APART_DASH, lazy
from bot.engine.reach import a_session, names_code, told_as_reached
from bot.engine.replaced_figures import replaced
from bot.engine.scenario import Fact

_SPAN = re.compile(r"(\d{1,9}(?:\.\d+)?)\s*(?:-\s*|\+\s*)?(?:or more\s+|(more|extra)\s+|(?:separate|distinct|dedicated|direct|skilled|timed|actual|billable|documented|treatment|one[- ]on[- ]one|hands[- ]on|face[- ]to[- ]face)\s+)?(minutes?|mins?\b\.?|m\b|hours?|hrs?\b\.?|h\b|h(?=\d))")
_MORE = lazy(r"\s(?:more|extra)\s")
_RANGE = lazy(r"(\d{1,4})\s*(?:-to-|–to–|-|–|to)\s*(\d{1,4})\s*(?:minutes?|mins?)\b\.?")  # "five-to-ten minute"
_JOINER = lazy(r"[\s,]*(?:and)?[\s,]*")
_RESTATED, _WHOM = {"that's", "thats", "it's", "its", "which", "nearly", "over", "after", "past", "elapsed"}, {"her", "him", "them"}
_SPENT_LEAD = {"for", "spent", "spend", "spends", "took", "lasted", "logged"}  # "for over an hour": how long, not time gone by
_DAYS = re.compile(r"(?<![\w.])(\d{1,6})\s*(?:\+\s*|-?\s*plus\s+|or more\s+|-\s*|\s*)(?:data\s+|reading\s+|monitoring\s+|transmission\s+|"
                   r"calendar\s+|business\s+|separate\s+|different\s+|unique\s+|distinct\s+)?days?\b")
_DATES = re.compile(r"(?<![\w.])(\d{1,4})\s+(?:different|separate|unique|distinct|individual)\s+(?:calendar\s+)?dates\b")  # "on 15 different dates"
_OF_DAYS = re.compile(r"(?<![\w.])(?<!\bday )(\d{1,4})\s+(days?\s+)?(?:out\s+)?of\s+(?:the\s+|her\s+|his\s+)?(?:(?:last|past|prior|previous)\s+)?(\d{1,4})"
                      r"(?(2)(?:\s*-?\s*days?)?\b(?![/.:]\d)|\s*(?:-\s*)?days?\b)")  # "17 days out of the 30", "22 of the last 30 days"
_WITHIN_HOURS = re.compile(r"\bwithin\s+(?:the\s+)?(?:next\s+)?(\d{1,3})\s*(?:hours?|hrs?|h)\b")
_DAY_N = re.compile(r"\bday\s+(\d{1,3})\b")
_WEEKS_AGO = re.compile(r"(?<![\w.])(\d{1,2}|a|one)\s+(weeks?|wks?|months?|mos?)\s+(?:ago|before|earlier|prior)\b")
_AGO_WORDS = ("ago", "before", "earlier", "prior")  # one of them ends every _WEEKS_AGO match
_DATE = re.compile(r"(?<![\w/])(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?(?![\w/])")
# "and 10 more" is minutes; "and one more reply" counts a reply (a word after "more" names what there is more of)
_BARE_MORE = lazy(r"(?:and|plus|then|,)\s+(?:another\s+)?(\d{1,4})\s+more\b(?!\s+(?:minutes?|mins?|days?))"
                        r"(?!\s+(?!(?:on|in|at|by|for|with|during|from|this|that|the|and|or|of|later|after|before)\b)[a-z])")
_BARE_TOTAL = lazy(r"(?<![\w.])(\d{1,4})\s+(?:minutes?\s+|mins?\s+)?(?:in all|in total|total|altogether|all told)\b")
# "18 of the 24 RTM management minutes": the second number is the month's total, the first a part of it.
_OF_MINUTES = re.compile(r"(?<![\w.])(\d{1,4})\s+(?:out\s+)?of\s+(?:the\s+|her\s+|his\s+|our\s+|their\s+)?(\d{1,4})\s+"
                         r"(?:[a-z]+\s+){0,3}?(?:minutes?|mins?)\b")
_ELLIPSIS = lazy(r"(?:^|[\s,(])(?:(another|an additional|additional|a further|plus)\s+)?(\d{1,4})\s+(?:more\s+)?"
                       r"(?:minutes?\s+)?(?:(?:in|on|during|for|this|last)\s+)?$")
_ARTICLES = {"the", "a", "an", "full"}
_CODE_OWNED = lazy(r"(?:[a-z]\d{4}|\d{4}[a-z]|\d{5})'s")
_JOINING = {"and", "plus", "then", "also", "a", "an"}  # weak "more minutes" cues: they need minutes before them
_SET_OFF = lazy(r":|\s[-\u2013\u2014]\s")
# "is 15 min enough?" after "spent 15 min", "can we count 24 min?" after 15 + 9: the figure said again
_ASKING = {"is", "are", "was", "does", "do", "would", "will", "if", "count", "counting", "claim"}
_DEFINITE = {"the", "that", "those", "this", "that's", "thats", "makes", "equals"}  # "that's 23 minutes": a sum said again
_SUMMING = {"combine", "combined", "add", "adds", "added", "up", "comes", "come", "sum", "total", "them", "get", "gets"}
_REACHING = {"get", "make", "reach", "hit"}  # "add the 45 to get 85 min": the sum said again, as a figure aimed at
_CODE_WORD = lazy(r"[a-z]\d{4}|\d{5}")


class TimePoint(NamedTuple):
    """A point in time the question names: a weekday, a month, a date, a relative day or "day N"."""

    kind: str  # weekday | month | date | relative | day_n | offset | offset_business | within | within_business | within_hours
    value: int
    words: str
    at: int
    tok: int = 0


def _spans(text: str) -> list[tuple[int, int, int, bool]]:
    """(start, end, minutes, given in hours) of each time span; "1 hr 15 min" is one; "19.5 min" is 19."""
    found = list(_SPAN.finditer(text))
    out, skip = [], set()
    for k, m in enumerate(found):
        if k in skip:
            continue
        hours = m.group(3).startswith("h")
        value, end = float(m.group(1)[:12]) * (60 if hours else 1), m.end()
        if hours and k + 1 < len(found) and not found[k + 1].group(3).startswith("h") \
                and _JOINER().fullmatch(text[m.end():found[k + 1].start()]):
            value, end = value + float(found[k + 1].group(1)[:12]), found[k + 1].end()
            skip.add(k + 1)
        out.append((m.start(), end, int(min(value, MAX_NUMBER) + 1e-6), hours))
    return out


class Around:
    """The words around a number: cue roles just before and just after it, within its clause."""

    def __init__(self, toks: list[Tok], words: list[str], lex: Lexicon, i: int, j: int, text: str = "") -> None:
        self.toks, self.words, self.lex, self.i, self.j, self.text = toks, words, lex, i, j, text

    def _same_clause(self, k: int) -> bool:
        return 0 <= k < len(self.toks) and self.toks[k].clause == self.toks[self.i].clause

    def before(self, matcher, skip_articles: set[str] | frozenset = frozenset()) -> str:
        """The role of the cue that ends just before the number (approximations skipped, and a code whose figure it
        is: "short of the device code's 16 days")."""
        k = self.i - (self.i > 0 and self._same_clause(self.i - 1) and bool(_CODE_OWNED().fullmatch(self.words[self.i - 1])))
        for skip in (set(), self.lex.approximations, self.lex.approximations | skip_articles):
            while skip and k > 0 and self._same_clause(k - 1) and self.words[k - 1] in skip:
                k -= 1
            hit = matcher.ending_at(self.words, k)
            if hit and self._same_clause(hit.i) and not self._set_off(hit.j):
                return str(hit.value)
        return ""

    def _set_off(self, k: int) -> bool:
        """Whether a colon or a dash stands between word k and the number ("25 minutes total: an 8-minute call"):
        the cue before it belongs to the figure before it."""
        return bool(self.text) and 0 < k <= self.i and bool(_SET_OFF().search(self.text[self.toks[k - 1].end:self.toks[self.i].start]))

    def after(self, matcher) -> str:
        """The role of the cue that starts just after the number's unit."""
        hit, gap = matcher.starting_at(self.words, self.j), self.text[self.toks[self.j - 1].end:self.toks[self.j].start] \
            if self.text and 0 < self.j < len(self.toks) else ""  # "70 min - codes?": a dash sets the cue apart
        return str(hit.value) if hit and self._same_clause(self.j) and not SET_APART_DASH().search(gap) else ""

    def word(self, k: int) -> str:
        """The word k places from the number (negative: before it), or "" outside the clause."""
        pos = self.i + k if k < 0 else self.j + k
        return self.words[pos] if self._same_clause(pos) else ""


def _role(at: Around, lex: Lexicon, has_other: bool, hours: bool) -> str:
    """What a number of minutes is, from the cue words around it."""
    before = at.before(lex.minute_before, _ARTICLES)
    after = at.after(lex.minute_after)
    restated = hours and _RESTATED & {at.word(-1), at.word(-2)} and not (at.word(-1) in ("over", "nearly") and at.word(-2) in _SPENT_LEAD)
    if before == "window" or (hours and after == "later") or restated:
        return "window"  # "48 hours after discharge", "that's 73 hours": time gone by, not time spent
    if before in ("base", "below", "almost"):
        return before
    if not before and listed_below(at, lex):
        return "below"  # "didn't hit 16 days or 20 minutes"
    if before == "threshold" and (told_as_reached(at, lex) or a_session(at, lex)):
        before = ""  # "pt hit 30 min mgmt this month": the minutes reached, told
    if (after == "" and at.word(0) in ("one", "1") and at.word(1) in ("", "or")) or names_code(at):
        after = "threshold"  # "99457 or the new 10 min one?": a code told by its minutes
    if before == "threshold" or after == "threshold" or (at.word(-1) in _DEFINITE | {"all"} and at.word(0) in ("for", "of", "on")
                                                         and _CODE_WORD().fullmatch(at.word(1))) \
            or (at.word(-1) == "at" and _CODE_WORD().fullmatch(at.word(-2)) and at.word(-3) in ("bill", "report")):
        return "threshold"  # "... the 15 minutes for 99490", "we can bill 99490 at 15 minutes": a rule, not time spent
    for role in ("total", "additional"):
        if role in (before, after):
            return role
    if before == "part" and has_other:
        return "part"
    if "call" in (before, after):
        return "additional" if at.before(lex.minute_before, _ARTICLES) == "additional" else "call"
    return "spent"


def _before_consent(at: Around, lex: Lexicon) -> bool:
    """Whether the words after the minutes (up to the next number, in the clause) say they came before consent."""
    for k in range(0, 6):
        word = at.word(k)
        if not word or word[:1].isdigit():
            return False
        if lex.uncounted.starting_at(at.words, at.j + k):
            return True
    return False


def minute_facts(text: str, toks: list[Tok], words: list[str], tok_at, lex: Lexicon) -> list[Fact]:
    """Every number of minutes in the text, with its role; who, when and code are filled in by the reader."""
    spans = _spans(text)
    out: list[Fact] = []
    for start, end, value, hours in spans:
        at = Around(toks, words, lex, tok_at(start), tok_at(end - 1) + 1, text)
        window = text[max(0, start - 12):end]
        ranged = next((m for m in _RANGE().finditer(window) if m.end() == len(window)), None)
        if ranged:
            role = "threshold" if at.before(lex.minute_before, _ARTICLES) == "threshold" \
                or at.after(lex.minute_after) == "threshold" else "range"
            out.append(Fact("minutes", number(ranged.group(1)), ranged.group(0), end - len(ranged.group(0)), role=role))
            continue
        role = _role(at, lex, len(spans) > 1, hours)
        if role in ("spent", "additional", "call") and _before_consent(at, lex):
            role = "uncounted"  # "25 minutes with the patient before consent was documented"
        if _MORE().search(text[start:end]):  # "then 6 more minutes": on top (a figure still needed is no time spent)
            role = "threshold" if {"need", "needs", "needed", "short"} & {at.word(-1), at.word(-2)} else "additional"
        if role == "additional" and not out and at.word(-1) in _JOINING:
            role = "spent"  # "10 days of data and 22 minutes": "and" joins another kind of fact, not more minutes
        if (at.word(-1) in _DEFINITE | {"all"} or (at.word(-1) == "to" and at.word(-2) in _SUMMING)
                or (at.word(-1) in _REACHING and at.word(-2) == "to") or at.word(-1) in _ASKING) and _said_again(value, out) \
                or (role == "spent" and pooled(value, at.word(-1), out)):  # "into one 36-minute period" (14 + 22)
            role = "again"  # "if the 20 minutes included the call", "for the 27 minutes" (15 + 12): said again
        counted, back = multiplied(value, at)
        if counted != value and role == "call":
            role = "spent"  # "two 10-minute calls" are time spent in their own right
        value = counted
        first = toks[at.i - back].start if back else start
        rate = lex.minute_after.starting_at(words, at.j)
        if rate and rate.value == "per_week" and at._same_clause(at.j):
            end = toks[rate.j - 1].end  # the words say "10 minutes every week"
        out.append(Fact("minutes", value, text[first:end], first, role=role))
    out = uncounted_parts(text, out + listed(text, out, lex.months) + task_items(text, out) + colon_items(text, out), lex)
    return breakdown(text, replaced(text, elsewhere(text, _of_total(text, out)))) + _bare(text, out) + portions(text, out)


def _said_again(value: int, found: list[Fact]) -> bool:
    """Whether "the N minutes" names minutes already stated: one of them, or the sum of those before it."""
    counted = [f for f in found if f.role not in ("threshold", "window", "below", "again")]
    return any(f.value == value for f in counted) or (len(counted) > 1 and sum(f.value for f in counted) == value)


def _of_total(text: str, found: list[Fact]) -> list[Fact]:
    """"18 of the 24 minutes": the 24 is the total (it wins), the 18 a part of it (who did which share)."""
    out = list(found)
    for m in _OF_MINUTES.finditer(text):
        if (call := one_more_call(text, m)) is not None:  # "2 calls of 10 min each and 1 of 5 minutes"
            out = [f for f in out if not (m.start(2) <= f.at < m.end())] + [call]
            continue
        total = number(m.group(2))
        out = [f for f in out if not (m.start(2) <= f.at < m.end())]
        out.append(Fact("minutes", number(m.group(1)), m.group(1), m.start(1), role="part"))
        out.append(Fact("minutes", total, text[m.start(2):m.end()], m.start(2), role="total"))
    return out


def _bare(text: str, found: list[Fact]) -> list[Fact]:
    """"(42 in all)" after a minutes figure: the number is the total; "and 10 more": more minutes."""
    if not found:
        return []
    taken = {k for f in found for k in range(f.at, f.at + max(1, len(f.words)))}  # "1 hour and 5 minutes total": one span
    out = [Fact("minutes", number(m.group(1)), m.group(0), m.start(), role="total")
           for m in _BARE_TOTAL().finditer(text) if m.start() not in taken and m.start() > found[0].at]
    out += [Fact("minutes", number(m.group(1)), text[m.start(1):m.end()], m.start(1), role="additional")
            for m in _BARE_MORE().finditer(text) if m.start(1) not in taken and m.start() > found[0].at]
    return out


def elliptical_minutes(text: str, found: list[Fact], points: list[TimePoint], taken: list[tuple[int, int]]) -> list[Fact]:
    """"12 minutes in January and 10 in February": a bare number tied to a month or weekday after a minutes figure."""
    if not any(f.role in ("spent", "additional", "call") for f in found):
        return []
    out = []
    for point in points:
        if point.kind not in ("month", "weekday", "date") or (point.kind == "date" and after_other_figure(text, point.at)):
            continue
        head = text[max(0, point.at - 30):point.at]
        m = _ELLIPSIS().search(head)
        if not m:
            continue
        at = point.at - len(head) + m.start(2)
        if at <= found[0].at or any(a <= at < b for a, b in taken) or any(f.at == at for f in found):
            continue
        out.append(Fact("minutes", number(m.group(2)), text[at:point.at + len(point.words)].strip(), at,
                        role="additional" if m.group(1) else "spent", when=point.words))
    return out


def day_facts(text: str, toks: list[Tok], words: list[str], tok_at, lex: Lexicon) -> tuple[list[Fact], list[TimePoint]]:
    """Data days ("on 12 days", "18 of 30 days"), day periods and thresholds, and offsets ("5 days after")."""
    facts, points, taken = [], [], []
    for m in _OF_DAYS.finditer(text):
        facts.append(Fact("days", number(m.group(1)), m.group(0), m.start(), role="data"))
        taken.append((m.start(), m.end()))
    for m in _DATES.finditer(text):
        facts.append(Fact("days", number(m.group(1)), m.group(0), m.start(), role="data"))
        taken.append((m.start(), m.end()))
    for m in _DAYS.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        at = Around(toks, words, lex, tok_at(m.start()), tok_at(m.end() - 1) + 1, text)  # "for her: 17 days": set off
        value, span = number(m.group(1)), m.group(0)
        before, after = data_days.unless_data(at.before(lex.day_before), text, m.end()), at.after(lex.day_after)
        if at.word(-1) == "within" or (at.word(-1) == "the" and at.word(-2) == "within"):
            kind = "within_business" if "business" in span else "within"
            points.append(TimePoint(kind, value, f"within {span}", m.start()))
        if after in ("later", "earlier") and data_days.right_after_data_word(at.words, at.i, lex):
            after = ""  # "readings on 12 days before he was readmitted": days with data, told with their time
        if before == "later" and after not in ("period", "earlier"):  # "we see her in 5 days"
            after, before = "later", ""
        # "5 days later", "1 business day after discharge", "saw her 5 days after" (whom, not whose period)
        if after in ("later", "earlier") and (not before or (before == "period" and at.word(-1) in _WHOM)):
            kind = "offset_business" if "business" in span else "offset"
            points.append(TimePoint(kind, value if after == "later" else -value, span, m.start()))
        elif "business" in span or "calendar" in span or before or after == "period":
            facts.append(Fact("days", value, span, m.start(), role=before if before in ("threshold", "below", "above") else "period"))
        else:
            facts.append(Fact("days", value, span, m.start(), role="data"))
    return facts, points


def time_points(text: str, toks: list[Tok], lex: Lexicon) -> list[TimePoint]:
    """Weekdays, months, dates, relative days ("tomorrow") and "day N" in the text, in order."""
    points = []
    for i, t in enumerate(toks):
        nxt = toks[i + 1].word if i + 1 < len(toks) else ""
        if t.word in lex.weekdays and not (t.word in ("sat", "sun", "wed", "mon") and nxt in ("with", "down", "in")):
            later = (i > 0 and toks[i - 1].word in ("following", "next")) or [w.word for w in toks[i + 1:i + 3]] in (
                ["next", "week"], ["following", "week"])  # "the following Tuesday", "Friday next week": a week on
            earlier = i > 0 and toks[i - 1].word in ("last", "previous", "past")  # "last Friday": the week before
            start = toks[i - 1].start if later or earlier else t.start
            shift = 7 if later else -7 if earlier else 0
            points.append(TimePoint("weekday", lex.weekdays[t.word] + shift, text[start:t.end], start, i))
        elif t.word in lex.months and (t.word != "may" or _month_may(toks, i)):
            dated = month_day(text, toks, i, lex.months[t.word])  # "June 2": a date, like "6/2"
            points.append(TimePoint("date", dated, text[t.start:toks[i + 1].end], t.start, i) if dated
                          else TimePoint("month", lex.months[t.word], t.word, t.start, i))
    for hit in lex.relative.find(toks):
        points.append(TimePoint("relative", int(hit.value), hit.phrase, toks[hit.i].start, hit.i))
    # "35 min last month, 20 this month": months by their place; "this month" alone is no point (it is the question's)
    placed = lex.month_phrases.find(toks)
    if any(int(hit.value) != 0 for hit in placed):
        points += [TimePoint("month", int(hit.value), hit.phrase, toks[hit.i].start, hit.i) for hit in placed]
    for m in _WITHIN_HOURS.finditer(text) if "within" in text else ():  # each pattern only beside its word
        points.append(TimePoint("within_hours", number(m.group(1)), m.group(0), m.start()))
    for m in _DAY_N.finditer(text) if "day" in text else ():
        points.append(TimePoint("day_n", number(m.group(1)), m.group(0), m.start()))
    for m in _WEEKS_AGO.finditer(text) if any(w in text for w in _AGO_WORDS) else ():  # "last visit was 3 wks ago": a day in the past (a month as 30 days)
        days = (1 if m.group(1) in ("a", "one") else number(m.group(1))) * (7 if m.group(2)[0] == "w" else 30)
        points.append(TimePoint("offset", -days, m.group(0), m.start()))
    for m in _DATE.finditer(text) if "/" in text else ():
        month, day = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            points.append(TimePoint("date", month * 100 + day, m.group(0), m.start()))
    return sorted(points, key=lambda p: p.at)


def _month_may(toks: list[Tok], i: int) -> bool:
    """"may" is the month only after "in", "of", "for", "during", "since" or before a day number."""
    prev, nxt = toks[i - 1].word if i else "", toks[i + 1].word if i + 1 < len(toks) else ""
    return prev in ("in", "of", "for", "during", "since", "until", "through", "early", "late", "mid") or nxt.isdigit()
