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


def farthest_before_today(visit: Fact, sc) -> int | None:
    """"Saw her last Thursday; today the PCP called": a past week's weekday told beside a service done today lies 1 to
    13 days before it; the farthest (-13), so that only a window that holds every such day absorbs the service."""
    today = any(f.value == "relative" and f.day == 0 for f in sc.of("event", "contact")) or any(
        f.when == "today" for f in sc.of("minutes"))
    if visit.value == "weekday" and visit.day is not None and int(visit.day) < 0 and today:
        return 1 - 2 * WEEK
    return None


_AHEAD_WORDS = ("next", "coming", "this coming")  # "next Tuesday", "this coming Friday": a weekday still to come


def farthest_ahead(visit: Fact) -> int | None:
    """"Scheduled her for next Tuesday": a weekday told as still to come lies 1 to 13 days ahead; the farthest (13),
    so that only a window that holds every such day takes the service."""
    if visit.value == "weekday" and (visit.when or "").startswith(_AHEAD_WORDS):
        return 2 * WEEK - 1
    return None
