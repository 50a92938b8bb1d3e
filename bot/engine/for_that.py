"""A code asked "for that" after a told story ("reviewed her video and wrote back; can we bill the code for that?"):
the story is the case to bill, not a question of what the code is."""

from __future__ import annotations

from bot.engine.patterns import lazy
from bot.engine.scenario import Scenario

_FOR_THAT = lazy(r"\b(?:bill|report|submit|claim|charge|use|code)\s+(?:the\s+)?([a-z]?\d{4,5}[a-z]?)\s+"
                 r"for\s+(?:that|this|it|those|these|them|what\s+(?:she|he|they|we)\s+did)\s*(?:[?.!]|$)")


def bill_for_told(sc: Scenario, codes: list[str]) -> bool:
    """Whether the one code asked is asked "for that": billed for the work the story tells (an event or worker told)."""
    asked = _FOR_THAT().search(sc.text.lower())
    return bool(asked and len(codes) == 1 and asked.group(1).upper() == codes[0]
                and (sc.of("event") or sc.of("performer")) and sc.text.lower().find(asked.group(0)) > 40)
