"""Time in a question: minutes with what they are (spent, additional, total, part, threshold), data days, and
the time points (weekdays, months, dates, "tomorrow", "day 5") other facts are tied to."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine.lexicon import Lexicon, Tok
from bot.engine.scenario import Fact

MAX_NUMBER = 100_000  # a clamp: a 309-digit "minutes" value must not overflow, and nothing real is larger
_NUM = r"(\d{1,9}(?:\.\d+)?)"
_SPAN = re.compile(_NUM + r"\s*(?:-\s*|\+\s*)?(?:or more\s+)?(minutes?|mins?\b\.?|m\b|hours?|hrs?\b\.?|h\b|h(?=\d))", re.I)
_RANGE = re.compile(r"(\d{1,4})\s*(?:-|–|to)\s*(\d{1,4})\s*(?:minutes?|mins?)\b")
_HALF = re.compile(r"\b(?:(?:an|one|1) hour and a half|(?:one|1) and a half hours?)\b")
_ANHOUR = re.compile(r"\b(?:an|one) hour\b")
_HALFHOUR = re.compile(r"\bhalf an hour\b")
_JOINER = re.compile(r"[\s,]*(and)?[\s,]*")
_DAYS = re.compile(r"(?<![\w.])(\d{1,6})\s*(?:\+\s*|or more\s+|-\s*|\s*)(?:data\s+|reading\s+|monitoring\s+|transmission\s+|"
                   r"calendar\s+|business\s+|separate\s+|different\s+|unique\s+)?days?\b")
_OF_DAYS = re.compile(r"(?<![\w.])(\d{1,4})\s+(?:out\s+)?of\s+(?:the\s+|her\s+|his\s+)?(\d{1,4})\s*(?:-\s*)?days?\b")
_WITHIN_HOURS = re.compile(r"\bwithin\s+(?:the\s+)?(?:next\s+)?(\d{1,3})\s*(?:hours?|hrs?|h)\b")
_DAY_N = re.compile(r"\bday\s+(\d{1,3})\b")
_DATE = re.compile(r"(?<![\w/])(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?(?![\w/])")
_AFTER_N_DAYS = re.compile(r"^\s*(?:calendar\s+|business\s+)?(?:later|after|afterwards|post|since|following|out)\b")
_BEFORE_N_DAYS = re.compile(r"^\s*(?:ago|before|earlier|prior)\b")
_BARE_TOTAL = re.compile(r"(?<![\w.])(\d{1,4})\s+(?:minutes?\s+|mins?\s+)?(?:in all|in total|total|altogether|all told)\b")

# What the words just before or after a number of minutes say it is.
_WINDOW_BEFORE = re.compile(r"(?:within|in the next|in the last|in the past|every|for the next|the next|the last|the past|"
                            r"next|last|past)\s+(?:the\s+)?$")
_WITHIN = re.compile(r"(?:within|in the next|in under|by)\s+(?:the\s+)?$")
_THRESHOLD_BEFORE = re.compile(
    r"(?:reach|reached|reaching|meet|meets|met|hit|hits|hitting|make|makes|get to|gets to|minimum of|minimum|min of|"
    r"needs?|requires?|required|requirement of|threshold of|up to|maximum of|max of|exceed|exceeds|exceeding|"
    r"have to be|has to be|must be|need to be|needs to be|supposed to be|should be|the first|first|initial|"
    r"count toward the|counts toward the|toward the|towards the|each additional|per additional|every additional|"
    r"each further|each|per|every)\s+(?:the\s+|a\s+|an\s+|full\s+)?$")
_BELOW_BEFORE = re.compile(r"(?:under|below|less than|fewer than|short of|shy of|not enough for|not reach|don't reach|"
                           r"didn't reach|doesn't reach|did not reach|do not reach|does not reach|never reach|"
                           r"never reached|not reaching|not get to|didn't get to|not make|didn't make)\s+(?:the\s+|a\s+)?$")
_ALMOST_BEFORE = re.compile(r"(?:almost|nearly|just under|just shy of|not quite|a bit under|a little under)\s+$")
_THRESHOLD_AFTER = re.compile(r"^\s*(?:-\s*)?(?:threshold|mark|minimum|requirement|rule|cutoff|cut-off|needed|required|"
                              r"block|increment|unit\b|units\b|codes?\b)")
_DEFINITE_FOR_CODE = re.compile(r"(?:the|that|those|this)\s+$")
_FOR_CODE_AFTER = re.compile(r"^\s*(?:for|of|on)\s+(?:[a-z]\d{4}|\d{5})\b")
_ADDITIONAL_BEFORE = re.compile(r"(?:additional|another|more|extra|further|plus|on top of that|then|and then|also)\s+"
                                r"(?:about\s+|around\s+|approximately\s+|roughly\s+|~\s*)?$")
_ADDITIONAL_AFTER = re.compile(r"^\s*(?:more|extra|additional|on top|beyond|past the first|after the first|over the first|"
                               r"further)\b")
_BASE_BEFORE = re.compile(r"(?:beyond|after|past|over|on top of|in addition to|above)\s+(?:the\s+|our\s+)?(?:first|initial)\s+$")
_TOTAL_BEFORE = re.compile(r"(?:total(?:ing|ling)?|total of|in total|altogether|combined|cumulative(?:ly)?|for a total of|"
                           r"all together|overall|sum of|total time(?: was| of| is)?|time total(?:ed|led)?|totaled|totalled)"
                           r"\s+(?:of\s+|was\s+|is\s+)?(?:about\s+|around\s+|approximately\s+|roughly\s+|~\s*)?$")
_TOTAL_AFTER = re.compile(r"^\s*(?:\)\s*)?(?:in all|in total|total|altogether|combined|overall|cumulative|all together|"
                          r"all told)\b")
_PART_BEFORE = re.compile(r"(?:including|includes|included|incl\.?|of which|with|w/|inclusive of)\s+"
                          r"(?:a|an|the|one|her|his|1|about|around)?\s*$")
_CALL_AFTER = re.compile(r"^\s*(?:long\s+)?(?:phone\s+|video\s+|telephone\s+|live\s+|interactive\s+)?"
                         r"(?:call|conversation|discussion|chat|talk)\b")
_CALL_BEFORE = re.compile(r"(?:call|conversation|discussion)\s+(?:that\s+)?(?:lasted|took|was|of|for|lasting)\s+"
                          r"(?:about\s+|around\s+)?$")
_RATE_AFTER = re.compile(r"^\s*(?:a|per|each|every)\s+(day|week|call|visit|session)\b")
_FOR_N_DAYS = re.compile(r"^[^.?!;]{0,30}?\bfor\s+(\d{1,3})\s+days\b")
_COUNT_BEFORE = re.compile(r"(\d{1,2})\s+(?:\w+\s+)?(?:calls|sessions|visits|messages|conversations)\s+"
                           r"(?:of|lasting|at|for)\s+(?:about\s+)?$")
_COUNT_PLURAL = re.compile(r"(\d{1,2})\s+$")
_PLURAL_AFTER = re.compile(r"^\s*(?:-\s*)?(?:phone\s+|video\s+)?(?:calls|sessions|visits|messages|conversations)\b")
_PERIOD_AFTER = re.compile(r"^\s*(?:period|window|cycle|episode|span|stretch|monitoring period|billing period|threshold|"
                           r"minimum|requirement|rule|mark|cutoff|rolling)\b")
_NOT_DATA_BEFORE = re.compile(r"(?:within|in the next|next|last|past|previous|prior|over the last|over the past|over|after|"
                              r"every|each|per|same|in a|in the|within the|the first|for the next|for the past|"
                              r"for the last|up to|than|at least|minimum of|needs?|requires?|threshold of|first|reach|meet|"
                              r"a|an|one)\s+$")


@dataclass(frozen=True, slots=True)
class TimePoint:
    """A point in time the question names: a weekday, a month, a date, a relative day or "day N"."""

    kind: str  # weekday | month | date | relative | day_n | offset
    value: int
    words: str
    at: int
    tok: int = 0


def normalize(text: str) -> str:
    """Spell "an hour and a half", "half an hour" and "an hour" as minutes, so every span reads the same way."""
    text = _HALF.sub("90 minutes", _HALFHOUR.sub("30 minutes", text))
    return _ANHOUR.sub("1 hour", text)


def number(digits: str) -> int:
    """A non-negative whole number from digits, clamped so no input overflows."""
    value = float(digits[:12]) if len(digits) <= 12 else MAX_NUMBER
    return int(min(max(value, 0.0), MAX_NUMBER) + 0.5)


def _spans(text: str) -> list[tuple[int, int, int, bool]]:
    """(start, end, minutes, given in hours) of each time span; "1 hr 15 min" is one span."""
    found = list(_SPAN.finditer(text))
    out, skip = [], set()
    for k, m in enumerate(found):
        if k in skip:
            continue
        hours = m.group(2).lower().startswith("h")
        value, end = float(m.group(1)[:12]) * (60 if hours else 1), m.end()
        if hours and k + 1 < len(found) and not found[k + 1].group(2).lower().startswith("h") \
                and _JOINER.fullmatch(text[m.end():found[k + 1].start()]):
            value, end = value + float(found[k + 1].group(1)[:12]), found[k + 1].end()
            skip.add(k + 1)
        out.append((m.start(), end, int(min(value, MAX_NUMBER) + 0.5), hours))
    return out


def _role(before: str, after: str, has_other: bool, hours: bool) -> str:
    """What a number of minutes is, from the words around it."""
    if _WINDOW_BEFORE.search(before) or (hours and _AFTER_N_DAYS.match(after)):
        return "window"
    if _BASE_BEFORE.search(before):
        return "base"
    if _BELOW_BEFORE.search(before):
        return "below"
    if _ALMOST_BEFORE.search(before):
        return "almost"
    if _THRESHOLD_AFTER.match(after) or _THRESHOLD_BEFORE.search(before) \
            or (_DEFINITE_FOR_CODE.search(before) and _FOR_CODE_AFTER.match(after)):
        return "threshold"
    if _TOTAL_BEFORE.search(before) or _TOTAL_AFTER.match(after):
        return "total"
    if _ADDITIONAL_BEFORE.search(before) or _ADDITIONAL_AFTER.match(after):
        return "additional"
    if _PART_BEFORE.search(before) and has_other:
        return "part"
    if _CALL_AFTER.match(after) or _CALL_BEFORE.search(before):
        return "call"
    return "spent"


def minute_facts(text: str, clause_of, clause_span) -> list[Fact]:
    """Every number of minutes in the text, with its role; who, when and code are filled in by the reader."""
    spans = _spans(text)
    ranges = [(m.start(), m.end()) for m in _RANGE.finditer(text)]
    out: list[Fact] = []
    for start, end, value, hours in spans:
        lo, hi = clause_span(clause_of(start))
        before, after = text[max(lo, start - 60):start], text[end:min(hi, end + 60)]
        found = next((m for m in _RANGE.finditer(text[max(0, start - 12):end]) if m.end() == end - max(0, start - 12)), None)
        if any(a <= start < b for a, b in ranges) or found:
            lo_value = number(found.group(1)) if found else value
            role = "threshold" if _THRESHOLD_BEFORE.search(before) or _THRESHOLD_AFTER.match(after) else "range"
            out.append(Fact("minutes", lo_value, found.group(0) if found else text[start:end], start - (len(found.group(0)) -
                            (end - start) if found else 0), role=role))
            continue
        role = _role(before, after, len(spans) > 1, hours)
        value, words = _multiplied(value, before, after, text, start, end)
        at = end - len(words) if words.endswith(text[start:end]) else start
        out.append(Fact("minutes", value, words, at, role=role))
    return out + _bare_totals(text, out)


def _multiplied(value: int, before: str, after: str, text: str, start: int, end: int) -> tuple[int, str]:
    """"2 10-minute calls", "3 calls of 10 minutes", "10 minutes a day for 5 days": the product, and its words."""
    words = text[start:end]
    count = _COUNT_BEFORE.search(before)
    if count:
        return value * number(count.group(1)), text[start - len(before) + count.start():end]
    plural = _COUNT_PLURAL.search(before)
    if plural and _PLURAL_AFTER.match(after):
        return value * number(plural.group(1)), text[start - len(before) + plural.start():end]
    rate = _RATE_AFTER.match(after)
    if rate and rate.group(1) == "day":
        days = _FOR_N_DAYS.match(after)
        if days:
            return value * number(days.group(1)), text[start:end + days.end()]
    return value, words


def _bare_totals(text: str, found: list[Fact]) -> list[Fact]:
    """"(42 in all)" after a minutes figure: the number is the total."""
    if not found:
        return []
    taken = {f.at for f in found}
    return [Fact("minutes", number(m.group(1)), m.group(0), m.start(), role="total")
            for m in _BARE_TOTAL.finditer(text) if m.start() not in taken and m.start() > found[0].at]


def elliptical_minutes(text: str, found: list[Fact], points: list[TimePoint], taken: list[tuple[int, int]]) -> list[Fact]:
    """"12 minutes in January and 10 in February": a bare number tied to a month or weekday after a minutes figure."""
    if not any(f.role in ("spent", "additional", "call") for f in found):
        return []
    out = []
    for point in points:
        if point.kind not in ("month", "weekday"):
            continue
        head = text[max(0, point.at - 30):point.at]
        m = re.search(r"(?:^|[\s,(])(?:(another|an additional|additional|a further|plus)\s+)?(\d{1,4})\s+(?:more\s+)?"
                      r"(?:minutes?\s+)?(?:(?:in|on|during|for|this|last)\s+)?$", head)
        if not m:
            continue
        at = point.at - len(head) + m.start(2)
        if at <= found[0].at or any(a <= at < b for a, b in taken) or any(f.at == at for f in found):
            continue
        role = "additional" if m.group(1) else "spent"
        out.append(Fact("minutes", number(m.group(2)), text[at:point.at + len(point.words)].strip(), at, role=role,
                        when=point.words))
    return out


def day_facts(text: str, clause_of, clause_span) -> tuple[list[Fact], list[TimePoint]]:
    """Data days ("on 12 days", "18 of 30 days"), day thresholds, and day offsets ("5 days after discharge")."""
    facts, points, taken = [], [], []
    for m in _OF_DAYS.finditer(text):
        facts.append(Fact("days", number(m.group(1)), m.group(0), m.start(), role="data"))
        taken.append((m.start(), m.end()))
    for m in _DAYS.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        lo, hi = clause_span(clause_of(m.start()))
        before, after, value = text[max(lo, m.start() - 40):m.start()], text[m.end():min(hi, m.end() + 40)], number(m.group(1))
        if _WITHIN.search(before):
            kind = "within_business" if "business" in m.group(0) else "within"
            points.append(TimePoint(kind, value, text[m.start() - len(_WITHIN.search(before).group(0)):m.end()], m.start()))
        if "business" in m.group(0) or "calendar" in m.group(0) or _PERIOD_AFTER.match(after) \
                or _NOT_DATA_BEFORE.search(before):
            role = "threshold" if _THRESHOLD_AFTER.match(after) or re.search(r"(?:minimum of|needs?|requires?|"
                                                                             r"threshold of|at least)\s+$", before) else "period"
            facts.append(Fact("days", value, m.group(0), m.start(), role=role))
        elif _AFTER_N_DAYS.match(after):
            points.append(TimePoint("offset", value, m.group(0), m.start()))
        elif _BEFORE_N_DAYS.match(after):
            points.append(TimePoint("offset", -value, m.group(0), m.start()))
        else:
            facts.append(Fact("days", value, m.group(0), m.start(), role="data"))
    return facts, points


def time_points(text: str, toks: list[Tok], lex: Lexicon) -> list[TimePoint]:
    """Weekdays, months, dates, relative days ("tomorrow") and "day N" in the text, in order."""
    points = []
    for i, t in enumerate(toks):
        if t.word in lex.weekdays and not (t.word in ("sat", "sun", "wed", "mon") and len(toks) > i + 1 and
                                           toks[i + 1].word in ("with", "down", "in")):
            later = i > 0 and toks[i - 1].word in ("following", "next")  # "the following Tuesday": a week on
            points.append(TimePoint("weekday", lex.weekdays[t.word] + (7 if later else 0),
                                    f"{toks[i - 1].word} {t.word}" if later else t.word, toks[i - 1].start if later else t.start, i))
        elif t.word in lex.months and (t.word != "may" or _month_may(toks, i)):
            points.append(TimePoint("month", lex.months[t.word], t.word, t.start, i))
    for hit in lex.relative.find(toks):
        points.append(TimePoint("relative", int(hit.value), hit.phrase, toks[hit.i].start, hit.i))
    for m in _WITHIN_HOURS.finditer(text):
        points.append(TimePoint("within_hours", number(m.group(1)), m.group(0), m.start()))
    for m in _DAY_N.finditer(text):
        points.append(TimePoint("day_n", number(m.group(1)), m.group(0), m.start()))
    for m in _DATE.finditer(text):
        month, day = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            points.append(TimePoint("date", month * 100 + day, m.group(0), m.start()))
    return sorted(points, key=lambda p: p.at)


def _month_may(toks: list[Tok], i: int) -> bool:
    """"may" is the month only after "in", "of", "for", "during", "since" or before a day number."""
    prev = toks[i - 1].word if i else ""
    nxt = toks[i + 1].word if i + 1 < len(toks) else ""
    return prev in ("in", "of", "for", "during", "since", "until", "through", "early", "late", "mid") or nxt.isdigit()
