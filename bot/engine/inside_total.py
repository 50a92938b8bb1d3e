"""Minutes that do not count told as a part of a figure before them ("45 minutes including the 12-minute onboarding",
"25 min on RPM, 10 min of it on the device setup"): that figure holds them, so they come off it."""

from __future__ import annotations

import dataclasses
import re

from bot.engine.scenario import Fact

_BEFORE = re.compile(r"\b(?:including|includes|included|include|inclusive\s+of|incl\.?|of\s+it|of\s+which|of\s+those|"
                     r"of\s+these|of\s+them|of\s+that|that\s+includes|which\s+includes)\s*(?:the\s+|a\s+|an\s+|about\s+)?$")
_AFTER = re.compile(r"\s*(?:of\s+(?:it|that|those|these|them|the\s+time|this)|of\s+which)\b")
_REACH = 30  # characters before the part where its inclusion word may stand
_HOLDING = ("total", "spent")


def less_inside(text: str, counted: list[Fact], off: list[Fact]) -> list[Fact]:
    """The counted minutes with each off part told inside the figure before it taken off that figure."""
    out = list(counted)
    for part in off:
        if not _inside(text, part):
            continue
        holders = [f for f in out if f.role in _HOLDING and f.at < part.at and f.value > part.value]
        if holders:
            whole = holders[-1]
            out[out.index(whole)] = dataclasses.replace(whole, value=whole.value - part.value)
    return out


def _inside(text: str, part: Fact) -> bool:
    """Whether the part's words say it lies inside a figure told before it."""
    end = part.at + len(part.words)
    return bool(_BEFORE.search(text[max(0, part.at - _REACH):part.at]) or _AFTER.match(text, end))
