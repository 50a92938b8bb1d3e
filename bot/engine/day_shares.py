"""A share of the data days told as entered by hand ("16 of the 30 days, but 3 of those days were numbers she typed
in", "20 days of readings, 4 of them entered manually"): those days do not count; the rest are the device's own
transmissions. A helper of reader.read_scenario."""

from __future__ import annotations

import dataclasses
import re

from bot.engine.scenario import Scenario

_SHARE = re.compile(r"(?<![\w.$/-])(\d{1,2})\s+of\s+(?:those|these|them|which|the|its)(?:\s+(?:days|readings))?\b")
_REACH = 70  # characters from "N of those days" to the words saying they were typed in


def drop_manual_days(sc: Scenario, text: str) -> None:
    """Take the hand-entered share off the data days told before it, and the manual transmission it carried; hand
    entry told of other days than the device's ("synced on 10 days. On 8 other days she typed them") is theirs."""
    _shares(sc, text)
    _other_days_manual(sc, text)
    _typed_days(sc, text)


def _shares(sc: Scenario, text: str) -> None:
    """"20 days of readings, 4 of them entered manually": the share comes off the days, with its manual words."""
    data = [f for f in sc.of("days") if f.role == "data"]
    manual = [f for f in sc.of("transmission") if f.value == "manual"]
    if not data or not manual:
        return
    for m in _SHARE.finditer(text):
        before = [f for f in data if f.at + len(f.words) <= m.start()]
        told = [f for f in manual if m.end() <= f.at <= m.end() + _REACH and not re.search(r"[.;?!\n]", text[m.end():f.at])]
        share = int(m.group(1))
        if not before or not told or share >= before[-1].value:
            continue
        days = before[-1]
        end = max(f.at + len(f.words) for f in told)
        kept = dataclasses.replace(days, value=days.value - share, words=text[days.at:end])
        sc.facts = [kept if f is days else f for f in sc.facts if f not in told]
        if all(f in told for f in manual):
            return


_OTHER_DAYS = re.compile(r"(?<![\w.$/-])\d{1,2}\s+(?:other|more|additional|further|remaining|separate|different)\s+days?\b",
                         re.I)


def _sentence(text: str, at: int) -> tuple[int, int]:
    """The bounds of the sentence holding position `at`."""
    start = max(text.rfind(c, 0, at) for c in ".;?!\n") + 1
    ends = [e for e in (text.find(c, at) for c in ".;?!\n") if e >= 0]
    return start, min(ends, default=len(text))


def _other_days_manual(sc: Scenario, text: str) -> None:
    """Manual words in a sentence of their own days ("on 8 other days she typed them in"), beside data days told with
    the device's own transmission, describe those other days: the counted days stay the device's."""
    auto = [f for f in sc.of("transmission") if f.value == "automatic"]
    data = [f for f in sc.of("days") if f.role == "data"]
    if not auto or not data or not any(_sentence(text, a.at) == _sentence(text, d.at) for a in auto for d in data):
        return
    other = [_sentence(text, m.start()) for m in _OTHER_DAYS.finditer(text)]
    apart = [f for f in sc.of("transmission") if f.value == "manual" and _sentence(text, f.at) in other]
    sc.facts = [f for f in sc.facts if f not in apart]


def _typed_days(sc: Scenario, text: str) -> None:
    """"she typed her readings in by hand (14 days). The cuff only synced automatically on 5 days": days told beside
    manual words, in a sentence of their own, do not count, nor a later figure adding them to the device's; the
    device's days stay, read as its own transmissions."""
    data = [f for f in sc.of("days") if f.role == "data"]
    how = {id(d): _nearest(sc, text, d) for d in data}
    typed = [d for d in data if how[id(d)] == "manual"]
    device = [d for d in data if how[id(d)] == "automatic"]
    if not typed or not device:
        return
    summed = sum(d.value for d in typed + device)
    later = [d for d in data if how[id(d)] is None and d.at > max(f.at for f in typed + device) and d.value == summed]
    off = {id(d) for d in typed + later}
    sc.facts = [dataclasses.replace(f, role="typed") if id(f) in off else f for f in sc.facts
                if not (f.kind == "transmission" and f.value == "manual")]


def _nearest(sc: Scenario, text: str, days) -> str | None:
    """How the readings of these days reached the practice: the transmission words nearest before them in their
    sentence (after them when none is before), or None."""
    bounds = _sentence(text, days.at)
    told = [f for f in sc.of("transmission") if bounds[0] <= f.at < bounds[1]]
    before = [f for f in told if f.at < days.at]
    pick = before[-1] if before else told[0] if told else None
    return None if pick is None else str(pick.value)
