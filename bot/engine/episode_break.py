"""A break in an episode of care the question tells ("nothing May-Nov", "a 7-month gap", "no CoCM for 8 months"):
read as an `episode_break` fact of so many calendar months; the family's rule (family episode_break) says whether
the month after it starts a new episode."""

from __future__ import annotations

import re

from bot.engine.patterns import lazy
from bot.engine.scenario import Fact, Scenario

_NONE = (r"(?:nothing|none|no\s+(?:services?|cocm|collaborative\s+care|bhi|care(?:\s+management)?|contact|visits?|"
         r"sessions?|minutes|time|treatment|activity|engagement)|off|paused|stopped|inactive|dropped\s+out|gap|break)")
_TO = r"\s*(?:-|\u2013|to|through|thru|until|till)\s*"
_N = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_COUNTS = tuple(lazy(p) for p in (
    rf"\b{_N}[\s-]+(?:calendar\s+)?months?\s+(?:gap|break|off|without|with\s+no|of\s+no|of\s+nothing|pause|away|inactive)\b",
    rf"\b(?:gap|break|pause)\s+of\s+{_N}\s+(?:calendar\s+)?months?\b",
    rf"\b(?:no|without|nothing|hadn't|had\s+not|not\s+had|hasn't|has\s+not|stopped)\b[^.;]{{0,40}}?\b(?:for|in)\s+"
    rf"(?:the\s+(?:last|past)\s+)?{_N}\s+months\b"))
_WORDS = {w: n for n, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split(), 1)}
_PATTERNS: dict[int, tuple[re.Pattern, re.Pattern]] = {}


def _ranges(months: dict[str, int]) -> tuple[re.Pattern, re.Pattern]:
    """"nothing May-Nov" and "May through November: nothing", for this vocabulary's month words."""
    found = _PATTERNS.get(id(months))
    if found is None:
        names = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
        pair = rf"\b({names})\.?{_TO}({names})\b"
        found = _PATTERNS.setdefault(id(months), (re.compile(rf"\b{_NONE}\b[^.;\d]{{0,20}}?{pair}"),
                                                  re.compile(rf"{pair}\s*[:,]?\s*{_NONE}\b")))
    return found


def read_breaks(text: str, sc: Scenario, months: dict[str, int]) -> None:
    """Add an `episode_break` fact (value: calendar months with no services) for each break the text tells."""
    # a range names two months: a text with no month word in it holds none (and its patterns are not compiled)
    for pattern in _ranges(months) if any(m in text for m in months) else ():
        for m in pattern.finditer(text):
            first, last = months[m.group(m.lastindex - 1)], months[m.group(m.lastindex)]
            sc.add(Fact("episode_break", (last - first) % 12 + 1, m.group(0), m.start(), role="episode_break"))
    if "month" not in text:  # every count below names months (and is compiled only then)
        return
    for count in _COUNTS:
        for m in count().finditer(text):
            if not any(f.at <= m.start() < f.at + len(f.words) for f in sc.of("episode_break")):
                sc.add(Fact("episode_break", int(m.group(1)) if m.group(1).isdigit() else _WORDS[m.group(1)], m.group(0), m.start(), role="episode_break"))


def restarted(sc: Scenario, months: int) -> str:
    """"first" when the last break told is at least `months` long (the family's rule: a new episode starts),
    "later" when it is shorter; "" when none is told or a stated month of the episode comes after it."""
    breaks = sc.of("episode_break")
    if not breaks or months <= 0:
        return ""
    last = breaks[-1]
    if len(_told_after(sc, last.at)) == 1:
        return ""  # "after a 7-month gap, this is her second month back": the stated month decides
    return "first" if last.value >= months else "later"


def _told_after(sc: Scenario, at: int) -> set[str]:
    """The episode months stated after a break; both ("initial or subsequent month?") are a choice asked, not told."""
    return {str(f.value) for f in sc.of("episode_month") if f.at > at}


def apply_break(sc: Scenario, months: int) -> None:
    """The family's break rule on the story: the month after a long enough break is a first month (earlier stated
    months of the old episode no longer count), after a shorter one a later month; applied once."""
    state = restarted(sc, months)
    last = sc.of("episode_break")[-1] if state else None
    if last is None or any(f.at == last.at for f in sc.of("episode_month")):
        return
    asked = len(_told_after(sc, last.at)) > 1  # the choice asked gives way to the break's answer
    sc.facts = [f for f in sc.facts if not (f.kind == "episode_month" and ((f.at < last.at and state == "first")
                                                                           or (asked and f.at > last.at)))]
    sc.add(Fact("episode_month", state, last.words, last.at, role="episode_month"))


def keep_through_break(sc: Scenario) -> None:
    """A service named as absent inside a break ("no CoCM services May through November") does not deny it: the
    negated flag there is dropped, so the service the question asks about stays what it is."""
    spans = [(f.at, f.at + len(f.words)) for f in sc.of("episode_break")]
    if spans:
        sc.facts = [f for f in sc.facts if not (f.kind == "flag" and f.negated and any(a <= f.at < b for a, b in spans))]
