"""Weekdays told in a story's order: a visit told before the service, on a later weekday, came the week before."""

from __future__ import annotations

from bot.engine.scenario import Fact
from bot.engine.patterns import lazy

# words between the visit and the service that make the visit one still ahead ("visit scheduled for Thursday")
_AHEAD = lazy(r"\b(?:scheduled|booked|upcoming|coming up|will|planned|set up for|is set for|due)\b")
WEEK = 7


def came_the_week_before(visit: Fact, ref: tuple[int, int], offset: int, text: str) -> bool:
    """"Saw her Thursday; she called Monday": a visit on a plain weekday, told before the service's weekday but
    later in the week, happened first (the story's weekdays run forward) unless the words say it is still ahead."""
    return offset > 0 and visit.at < ref[1] and visit.day is not None and 0 <= int(visit.day) < WEEK \
        and not _AHEAD().search(text[visit.at:ref[1]].lower())


def service_week_day(visit: Fact, ref: tuple[int, int]) -> int:
    """The service's weekday measured in the visit's week: "called last Tuesday ... then came in Wednesday" puts a
    plain weekday told after a past week's weekday in that same past week."""
    day = ref[0]
    if day < 0 and visit.at > ref[1] and visit.day is not None and int(visit.day) >= day + WEEK:
        return day + WEEK
    return day


# "examined the patient and then wrote the report": the visit came just before the service the sentence goes on to
_THEN_AFTER = lazy(r"^[^.?!;]{0,60}?\b(?:and then|then|afterwards|afterward|after that|right after|straight after)\b")
_TOLD_DAY = lazy(r"\b(?:ago|last|yesterday|weeks?|months?|days?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                 r"january|february|march|april|may|june|july|august|september|october|november|december)\b")


def farthest_before_today(visit: Fact, sc) -> int | None:
    """"Saw her last Thursday; today the PCP called": a past week's weekday told beside a service done today lies 1 to
    13 days before it; the farthest (-13), so that only a window that holds every such day absorbs the service. An
    undated visit the sentence follows with "and then" the service came just before it (-1)."""
    today = any(f.value == "relative" and f.day == 0 for f in sc.of("event", "contact")) or any(
        f.when == "today" for f in sc.of("minutes"))
    if visit.value == "weekday" and visit.day is not None and int(visit.day) < 0 and today:
        return 1 - 2 * WEEK
    if not visit.value and visit.day is None and not visit.when:
        tail = sc.text[visit.at + len(visit.words):].lower()
        hit = _THEN_AFTER().search(tail)
        if hit and not _TOLD_DAY().search(tail[:hit.end() + 40]):
            return -1
    return None


_AHEAD_WORDS = ("next", "coming", "this coming")  # "next Tuesday", "this coming Friday": a weekday still to come


def farthest_ahead(visit: Fact) -> int | None:
    """"Scheduled her for next Tuesday": a weekday told as still to come lies 1 to 13 days ahead; the farthest (13),
    so that only a window that holds every such day takes the service."""
    if visit.value == "weekday" and (visit.when or "").startswith(_AHEAD_WORDS):
        return 2 * WEEK - 1
    return None
