"""Which day figures are days with data: days the device was only owned ("had it the whole 30 days") give way to
days with readings told beside them ("readings on 10 of them"), and readings told as dates ("readings May 2 and
May 3", "June 10 through June 14") are counted."""

from __future__ import annotations

import datetime
import re

from bot.engine.lexicon import Lexicon, Tok
from bot.engine.patterns import lazy
from bot.engine.scenario import Fact

# "12 days ... and 10 more days", "... another 6 days", "the scale sent 8 other days": more days with data in the period
MORE_DAYS = re.compile(r"(?<![\w.])(\d{1,2})\s+(?:more|additional|other)\s+days?\b|\b(?:another|a further)\s+(\d{1,2})\s+days?\b")
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")
_UNITS = {"days", "day", "minutes", "minute", "mins", "min"}
_REACH = 8  # words: how far before the days a "held" phrase may stand
_OF_THEM = re.compile(r"(?<![\w.])(\d{1,2})\s+of\s+(?:them|those|these|those days|these days|the days)\b|"
                      r"(?<=\bon )(\d{1,2})\b(?!\s*(?:minutes?|mins?|days?|hours?|%|/|-|:|\.\d|(?:more|additional|other)\s+days?\b))")  # "transmitted on 14"
_MONTH = (r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}(?:st|nd|rd|th)?")
# a span told before "N of them": dates ("1/20-2/18", "nov 18 through dec 17") or a period word
_SPAN_BEFORE = lazy(r"\d{1,2}/\d{1,2}\s*(?:-|–|through|thru|to|until)\s*\d{1,2}/\d{1,2}|\bperiod\b|\bwindow\b|"
                    rf"{_MONTH}\s*(?:-|–|through|thru|to|until)\s*(?:{_MONTH}|\d{{1,2}}\b)")
_JOIN = r"\s*(?:,|and|&|through|thru|to|until|till|-|–)\s*"
_PATTERNS: dict[int, re.Pattern] = {}
# a date range told right after minutes ("13 minutes Feb 1-4", "11 minutes of review Jan 28-31"): when they were spent
_AFTER_MINUTES = lazy(r"\b(?:minutes?|mins?)\b(?:\s+(?!readings?\b|data\b|transmi|uploads?\b|days?\b)[a-z]+){0,4}\s*$")
_RANGE_WORDS = lazy(r"^\s*(?:through|thru|to|until|till|-|–)\s*$")
_NOT_TIME = r"(?!\s*-?\s*(?:minutes?|mins?|m|hours?|hrs?|h)\b)"  # "6/16, 21 minutes": 21 is time, not June 21
# a lone date after these words is when readings began ("first readings came 3/18"), not one day with data
_START_WORDS = {"first", "start", "started", "starting", "began", "begin", "begins", "since", "live", "from"}
# "the 3rd, 4th, 9th and 20th": two or more days of the month told as ordinals (each ordinal is one day)
_ORDINAL = lazy(r"\b(\d{1,2})(?:st|nd|rd|th)\b")
_ORDINAL_LIST = lazy(r"\b\d{1,2}(?:st|nd|rd|th)\b(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\b)+")
_ASIDE = lazy(r"\s*\([^()/]*\)")
_ITEM = lazy(r"(\d{1,2})/(\d{1,2})|([a-z]{3,9})\.?\s+(\d{1,2})(?![/\d])|(\d{1,2})")


def refine(text: str, toks: list[Tok], lex: Lexicon, facts: list[Fact], tok_at,
           minute_spans: list[tuple[int, int]] = ()) -> list[Fact]:
    """The day facts with "N of them" read as data days, owned-only days beside days with data marked `held`,
    and, when no count is told, readings told as dates counted; nothing inside a minutes list ("5/2 - 12 min")."""
    facts = [f for f in facts + _of_them(text, toks, lex, facts, tok_at) if not _within(f.at, minute_spans)]
    counted = [f for f in facts if f.role == "data" and right_after_data_word([t.word for t in toks], tok_at(f.at), lex)]
    facts = [Fact(f.kind, f.value, f.words, f.at, role="period")
             if _bare_length(toks, lex, f, tok_at(f.at), any(c is not f for c in counted)) else f for f in facts]
    facts = _ranged(text, _month_lengths(text, lex, _weekly_schedules(text, toks, lex, facts, tok_at)))
    facts += _more_days(text, facts)
    data = [f for f in facts if f.role == "data"]
    if len(data) > 1:
        held = [f for f in data if _held(toks, lex, tok_at(f.at))]
        if held and len(held) < len(data):
            facts = [Fact(f.kind, f.value, f.words, f.at, role="held") if f in held else f for f in facts]
    if not any(f.role == "data" for f in facts):
        facts += _dated(text, toks, lex, tok_at, minute_spans)
    return _below_as_data(facts)


def _below_as_data(facts: list[Fact]) -> list[Fact]:
    """"Which code for fewer than 16 days of data?", "more than 15 days?": with no count of data days told, the last
    bound told is read as the nearest count on its side (the band under or over the bound); beside a told count the
    bounds are only context."""
    bounds = [f for f in facts if (f.role == "below" and f.value > 1) or (f.role == "above" and f.value < 30)]
    if not bounds or any(f.role == "data" for f in facts):
        return facts
    last = bounds[-1]
    step = -1 if last.role == "below" else 1
    return [Fact(f.kind, f.value + step, f.words, f.at, role="data") if f is last else f for f in facts]


def _more_days(text: str, facts: list[Fact]) -> list[Fact]:
    """"readings on 12 days ... and 10 more days later": more days with data in the sentence of a data-days figure
    (summed with it by the parse: one period's days)."""
    out = []
    for m in MORE_DAYS.finditer(text):
        if any(f.at == m.start() for f in facts):
            continue
        if any(f.role == "data" and f.at < m.start() and not _SENTENCE_END.search(text[f.at:m.start()]) for f in facts):
            out.append(Fact("days", int(m.group(1) or m.group(2)), m.group(0), m.start(), role="data"))
    return out


_BARE = lazy(r"^\S+[\s-]+days?$")  # "30 days", "30-day", "thirty days": not "16 of 30 days"
_DAYS_ON = {"on", "all", "every"}  # "readings came in on 30 days", "used it all 30 days": days with data


def _bare_length(toks: list[Tok], lex: Lexicon, fact: Fact, i: int, counted: bool) -> bool:
    """Whether a data-days figure is only a period's length told bare ("Subject: RPM 30 days"): the length of a
    period (vocabulary day_cues period_lengths) not told as days with data, beside days told with readings
    (`counted`)."""
    if fact.role != "data" or fact.value not in lex.day_lengths or not _BARE().match(fact.words.lower()):
        return False
    words = [t.word for t in toks]
    if right_after_data_word(words, i, lex) or (i > 0 and words[i - 1] in _DAYS_ON):
        return False  # "readings on 30 days", "used it all 30 days"
    # "Subject: RPM 30 days ... readings on 10 days": the other figure counts the days. Told alone ("RPM: 30 days,
    # 22 min with a call") the figure stays the days with data, the shorthand coders write.
    return counted


_WEEKLY = lazy(r"\s+(?:a|per|each|every)\s+week\b")


def _weekly_schedules(text: str, toks: list[Tok], lex: Lexicon, facts: list[Fact], tok_at) -> list[Fact]:
    """"Our MA works from home two days a week ... 17 days of data": days a week with no data word before them,
    beside another days figure, are someone's schedule (role `period`), not days with data."""
    words = [t.word for t in toks]
    weekly = [f for f in facts if f.role == "data" and _WEEKLY().match(text, f.at + len(f.words))
              and not right_after_data_word(words, tok_at(f.at), lex)]
    if not weekly or not (any(f.role == "data" and f not in weekly for f in facts)
                          or all(_staff_before(text, toks, lex, tok_at(f.at)) for f in weekly)):
        return facts
    return [Fact(f.kind, f.value, f.words, f.at, role="period") if f in weekly else f for f in facts]


def _staff_before(text: str, toks: list[Tok], lex: Lexicon, i: int) -> bool:
    """Whether a practitioner or staff member is named earlier in the sentence of token `i` ("our doc sees clinic
    patients there two days a week"): the days a week are that person's schedule."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, toks[i].start)), default=0)
    before = [t for t in toks[:i] if t.start >= start]
    return any(h.value != "none" for h in lex.performers.find(before))


_RANGE_HEAD = lazy(r"(?<![\w.])\d{1,2}\s*(?:-|\u2013|to)\s*$")


def _ranged(text: str, facts: list[Fact]) -> list[Fact]:
    """"The device code for 10-19 days of data": the end of a range of days is a code's bounds (role `threshold`),
    not a count of days with data."""
    return [Fact(f.kind, f.value, f.words, f.at, role="threshold")
            if f.role == "data" and _RANGE_HEAD().search(text, max(0, f.at - 8), f.at) else f for f in facts]


_HAS = lazy(r"\b([a-z]+)\s+(?:only\s+|just\s+)?(?:has|have)\s+(?:only\s+|just\s+)?$")


def _month_lengths(text: str, lex: Lexicon, facts: list[Fact]) -> list[Fact]:
    """"February only has 28 days": a month's length (role `period`), not days with data ("had" tells a count)."""
    def told(f: Fact) -> bool:
        m = _HAS().search(text, max(0, f.at - 30), f.at)
        return (f.role == "data" and m is not None and (m.group(1) in lex.months or m.group(1) == "month")
                and not _DATA_NEXT().match(text, f.at + len(f.words)))  # "April has 17 days of data": a count
    return [Fact(f.kind, f.value, f.words, f.at, role="period") if told(f) else f for f in facts]


def right_after_data_word(words: list[str], i: int, lex: Lexicon) -> bool:
    """Whether a data word stands right before the figure at word i ("readings on 12 days", "transmitted 12 days")."""
    while i > 0 and words[i - 1] in ("exactly", "only", "just"):
        i -= 1
    if lex.day_data.ending_at(words, i):
        return True
    return i > 1 and words[i - 1] == "on" and any(lex.day_data.ending_at(words, k) for k in range(max(0, i - 3), i))


def _within(at: int, spans) -> bool:
    return any(a <= at < b for a, b in spans)


def _held(toks: list[Tok], lex: Lexicon, i: int) -> bool:
    """Whether a "held" phrase stands shortly before word i in its clause with no data word between."""
    words = [t.word for t in toks]
    for j in range(i, max(0, i - _REACH) - 1, -1):
        if j < i and toks[j].clause != toks[i].clause:
            return False
        figure = words[j][:1].isdigit() and j + 1 < len(words) and words[j + 1] in _UNITS
        if j < i and (lex.day_data.ending_at(words, j + 1) or figure):
            return False  # a data word, or another figure ("30 days"), between
        if lex.day_held.ending_at(words, j):
            return True
    return False


def _of_them(text: str, toks: list[Tok], lex: Lexicon, facts: list[Fact], tok_at) -> list[Fact]:
    """"She had it 30 days but took readings on 10 of them": the part, after a data word, is the data days."""
    out = []
    words = [t.word for t in toks]
    for m in _OF_THEM.finditer(text):
        i = tok_at(m.start())
        if not any(f.at < m.start() and f.kind == "days" for f in facts) and not _SPAN_BEFORE().search(text[:m.start()]):
            continue  # "N of them" needs days told before: a day count, or a span ("period runs 1/20-2/18")
        reach = 4 if m.group(1) else 2  # a bare "on 14" needs the data word right before it
        if any(lex.day_data.ending_at(words, k) for k in range(max(0, i - reach), i + 1)):
            out.append(Fact("days", int(m.group(1) or m.group(2)), m.group(0), m.start(), role="data"))
    return out


def _dated(text: str, toks: list[Tok], lex: Lexicon, tok_at, minute_spans) -> list[Fact]:
    """Readings told as dates right after a data word: a list counts its dates, a range its days; a list of days of
    the month told as ordinals ("logged on the 3rd, 4th and 9th") counts its distinct days."""
    ordinals = [(m, len(set(_ORDINAL().findall(m.group(0))))) for m in _ORDINAL_LIST().finditer(text)]
    if "/" not in text and not any(m in text for m in lex.months) and not ordinals:
        return []  # a date is a month word, d/m or a list of ordinals: none here (and the date pattern is not compiled)
    words = [t.word for t in toks]
    # "from 3/2 (start of her period) through 3/25": an aside with no date of its own does not break the range
    bare = _ASIDE().sub(lambda a: " " * len(a.group(0)), text)
    found = [(m, None) for m in _date_list(lex).finditer(bare)] if "/" in text or any(m in text for m in lex.months) else []
    first, seen = None, set()  # "weighed 11/1-11/10 ..., then weighed again 11/25 thru 11/30": each span's days counted
    start = None
    for m, told in sorted(found + ordinals, key=lambda p: p[0].start()):
        if _within(m.start(), minute_spans) or _AFTER_MINUTES().search(text[max(0, m.start() - 45):m.start()]):
            continue  # "13 minutes Feb 1-4": the days the minutes were spent, not days with readings
        i = tok_at(m.start())
        cue = any(lex.day_data.ending_at(words, k) for k in range(max(0, i - 5), i + 1)
                  if toks[k - 1].clause == toks[i].clause) if i else False
        days = (set(_ORDINAL().findall(m.group(0))) if told else _count(m.group(0), lex)) if cue else set()
        if start and not told and (run := _daily_run(text, toks, lex, start, m, tok_at)):
            first, seen, start = first or start, seen | run, None
            continue
        if not told and _START_WORDS.intersection(words[max(0, i - 5):i]) and len(_count(m.group(0), lex)) == 1:
            start = m  # "started on 3/4": when readings began, unless a daily run to an end date follows
            continue
        first, seen = (first or m) if days else first, seen | days
    return [Fact("days", len(seen), first.group(0).strip(), first.start(), role="data")] if first else []


_RUN_END = lazy(r"\b(?:through|thru|until|till|to)\s*$")


def _daily_run(text: str, toks: list[Tok], lex: Lexicon, start: re.Match, end: re.Match, tok_at) -> set:
    """"Started sending on 3/4 and sent one every day through 3/9": the days from a lone start date to a lone end
    date after a range word, with a reading every day told between and a data word in the run (one sentence)."""
    between = text[start.end():end.start()]
    if _SENTENCE_END.search(between) or not _RUN_END().search(between):
        return set()
    first, last = _count(start.group(0), lex), _count(end.group(0), lex)
    if len(first) != 1 or len(last) != 1 or min(last) <= min(first):
        return set()
    i, j = tok_at(start.start()), tok_at(end.start())
    words = [t.word for t in toks]
    if not lex.day_daily.find(toks[i:j]) or not any(lex.day_data.ending_at(words, k) for k in range(max(0, i - 5), j + 1)):
        return set()
    return _count(f"{start.group(0)} through {end.group(0)}", lex)


def _date_list(lex: Lexicon) -> re.Pattern:
    """A list or range of dates ("may 2 and may 3", "6/10 through 6/14", "june 10, 11 and 14")."""
    pattern = _PATTERNS.get(id(lex))
    if pattern is None:
        months = "|".join(sorted((re.escape(m) for m in lex.months), key=len, reverse=True))
        one = rf"(?:\b(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b{_NOT_TIME}|\b\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\b)"
        pattern = _PATTERNS.setdefault(id(lex), re.compile(rf"{one}(?:{_JOIN}(?:{one}|\d{{1,2}}(?:st|nd|rd|th)?\b{_NOT_TIME}))*"))
    return pattern


def _count(span: str, lex: Lexicon) -> set:
    """The distinct days of a date list or range ("may 2 and may 3": 2 days; "june 10 through june 14": 5)."""
    dates, joins, month, last = [], [], None, 0
    for m in _ITEM().finditer(span):
        if m.group(1):
            month, day = int(m.group(1)), int(m.group(2))
        elif m.group(3):  # "through 14" after a month: a day of that month
            month, day = lex.months.get(m.group(3), month), int(m.group(4))
        else:
            day = int(m.group(5))
        if month is None or not 1 <= month <= 12:
            return set()
        try:
            dates.append(datetime.date(2026, month, day))
        except ValueError:
            return set()
        joins.append(span[last:m.start()])
        last = m.end()
    days: set[datetime.date] = set()
    for k, d in enumerate(dates):
        if k and _RANGE_WORDS().match(joins[k]) and d > dates[k - 1]:
            days.update(dates[k - 1] + datetime.timedelta(n) for n in range((d - dates[k - 1]).days + 1))
        days.add(d)
    return days


_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})\b|\b([a-z]{3,9})\.?\s+(\d{1,2})\b", re.I)


def one_period(whens: list[str], months: dict[str, int], window: int = 30) -> bool:
    """Whether the dates told for the day counts fall within one 30-day period ("9 days 1/20-1/31, 10 days 2/1-2/18");
    counts told by month alone, or with no dates, are taken as one period."""
    days = []
    for m in (m for when in whens for m in _DATE.finditer(when or "")):
        month, day = (int(m.group(1)), int(m.group(2))) if m.group(1) else (months.get(m.group(3).lower()), int(m.group(4)))
        if month and 1 <= month <= 12 and 1 <= day <= 31:
            days.append(datetime.date(2026, month, min(day, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)))
    return len(days) < 2 or (max(days) - min(days)).days < window


def period_days(facts: list[Fact], month_names: dict[str, int]) -> int | None:
    """The data days of the period: the first count, or the sum of counts told month by month ("9 days in
    February and 9 days in March": one 30-day period may span two calendar months), or for dates within 30 days."""
    if not facts:
        return None
    months = {f.when for f in facts if f.when} if one_period([f.when for f in facts], month_names) else set()
    more = [f.value for f in facts[1:] if MORE_DAYS.search(f.words)]  # "12 days ... and 10 more days": one period's
    if more:
        return facts[0].value + sum(more)
    return sum(f.value for f in facts) if len(facts) > 1 and len(months) == len(facts) else facts[0].value


_DATA_NEXT = lazy(r"\s+(?:of\s+)?(?:readings?|data|transmi\w*|measurements?|uploads?)\b")


def unless_data(before: str, text: str, end: int) -> str:
    """The cue before a days figure, none when a data word follows the days ending at `end` ("called in 16 days of
    readings": days with data, not when a contact came)."""
    return "" if before == "later" and _DATA_NEXT().match(text, end) else before
