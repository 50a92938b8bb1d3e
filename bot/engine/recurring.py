"""Minutes told as a recurring session ("a 5-minute call every week - 4 weeks in October", "a 10-minute call every
Tuesday, five Tuesdays in September", "10 minutes every week for 3 weeks"): the session's minutes times the number
of times it happened; without a count, the 4 full weeks every month holds (the conservative count)."""

from __future__ import annotations

import dataclasses
import re

from bot.engine.minute_lists import WEEKS_IN_MONTH
from bot.engine.patterns import lazy
from bot.engine.scenario import Fact

_DAYS = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?"
# "weekly" only as an adverb ("calls her weekly", "weekly, 4 weeks"), not naming a thing ("the weekly caseload review")
_EVERY = lazy(rf"\b(?:(?:every|each|once\s+(?:a|per|each|every))\s+(week|{_DAYS})|(weekly)(?=\s*(?:[,.;:)!?\u2013\u2014-]|$|"
              rf"(?:for|in|over|this|that|during|through|since|until|x)\b))"
              # "2 5-minute calls a week", "twice a week", "3 times per week": several sessions each week
              rf"|(?:calls|sessions|check-ins|visits|conversations|reviews)\s+(?:a|per|each|every)\s+(week)"
              rf"|(twice|[2-7]\s+times)\s+(?:a\s+|per\s+|each\s+|every\s+)?(week|weekly))\b")
_EACH_TIME = lazy(r"\s+(?:[\w-]+\s+){0,2}?(?:each|every)\s+time\b")  # "a 3-minute call each time"
_SESSIONS_BEFORE = lazy(r"(?<![\w.$/-])([2-7])\s+$")  # "2 5-minute calls": the count before the figure
# the count after the recurrence: "- 4 weeks in October", ", five Tuesdays", "for 3 weeks", "(4x)"
_COUNT = lazy(rf"(?:that's\s+|so\s+|for\s+|over\s+|x\s*)?\b(\d{{1,2}})\s*(?:x\b|times\b|weeks?\b|{_DAYS}s\b)")
# between the figure and "every": no other number, same sentence, no other doing joined on ("62 minutes and the
# consultant reviewed the case every week")
_GAP = lazy(r"^(?![^.;?!\n]*\b(?:and|but|while|plus|then|whereas)\b)[^.;?!\n\d]{0,60}$")
_TITLES = lazy(r"\b(?:mr|mrs|ms|dr|pt|st)\.")  # "a 10-minute call to Mr. Hall every Tuesday": one sentence
_COUNT_REACH = 40  # characters after the recurrence where its count may stand
_REPEATING = ("spent", "call")
_MAX_TIMES = 6  # a month holds at most 5 of a weekday: larger counts are something else (a day count)


def repeated(text: str, found: list[Fact]) -> list[Fact]:
    """Each minutes figure followed in its sentence by a recurrence (every week, every Tuesday, weekly), as the
    minutes of all its sessions, its words running to the count they were multiplied by."""
    out = []
    for f in found:
        end = f.at + len(f.words)
        weekly_told = bool(_EVERY().search(f.words))  # "10 minutes every week": already counted as 4 weeks
        rate = None if weekly_told else _EVERY().search(text, end, min(len(text), end + 80))
        if rate is None and not weekly_told and (each := _EACH_TIME().match(text, end)):
            rate = _rate_before(text, f.at)  # "calls her twice a week, a 3-minute call each time"
            end = each.end() if rate is not None else end
        if f.role not in _REPEATING or (rate is None and not weekly_told) \
                or (rate is not None and rate.start() > end and not _GAP().match(_TITLES().sub("", text[end:rate.start()]))):
            out.append(f)
            continue
        tail = max(rate.end(), end) if rate is not None else end
        count = _count_after(text, tail)
        times = int(count.group(1)) if count and 1 < int(count.group(1)) <= _MAX_TIMES else None
        session = f.value // WEEKS_IN_MONTH if weekly_told else f.value
        stop = count.end() if times else tail
        start, per_week = _per_week(text, f, rate)
        start = min(start, rate.start()) if rate is not None else start
        out.append(dataclasses.replace(f, value=session * per_week * (times or WEEKS_IN_MONTH), at=start,
                                       words=text[start:stop]))
    return out


def _rate_before(text: str, at: int) -> re.Match | None:
    """The recurrence told earlier in the figure's sentence ("twice a week, a 3-minute call each time")."""
    start = max(text.rfind(c, 0, at) for c in ".;?!\n") + 1
    found = list(_EVERY().finditer(text, start, at))
    return found[-1] if found else None


def _per_week(text: str, f: Fact, rate: re.Match | None) -> tuple[int, int]:
    """Where the figure's words start and how many sessions each week it tells: "twice a week" 2, "3 times a week" 3,
    "2 5-minute calls a week" 2 (the count before the figure), else 1."""
    if rate is None or not (rate.group(3) or rate.group(4)):
        return f.at, 1
    if rate.group(4):
        return f.at, 2 if rate.group(4) == "twice" else int(rate.group(4)[0])
    before = _SESSIONS_BEFORE().search(text, max(0, f.at - 4), f.at)
    return (before.start(), int(before.group(1))) if before else (f.at, 1)


def _count_after(text: str, tail: int) -> re.Match | None:
    """The count of the sessions told just after their recurrence, in the same sentence and before any other number."""
    m = _COUNT().search(text, tail, min(len(text), tail + _COUNT_REACH))
    return m if m and _GAP().match(_TITLES().sub("", text[tail:m.start()])) else None


def repeat_note(f: Fact) -> str | None:
    """The assumption line for minutes counted from a recurrence, or None when the figure was not one."""
    if not _EVERY().search(f.words):
        return None
    if _count_after(f.words, _EVERY().search(f.words).end()):
        return f"Counted '{f.words}' as {f.value} minutes: each session's minutes times the times it happened."
    return f"Counted '{f.words}' as {f.value} minutes: 4 weeks, the full weeks every month holds."
