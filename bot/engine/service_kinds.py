"""Minutes that name a kind of service, not time spent: "we still bill the old check-in code for the quick 5 min
phone check-ins", "providers send me that code for the 5-minute calls": the length describes every service of that
kind the asker bills, not the case's minutes (a helper of reader.read_scenario)."""

from __future__ import annotations

import dataclasses

from bot.engine.patterns import lazy
from bot.engine.scenario import Fact

# "for the (quick) 5 min phone check-ins": a determiner of a whole kind, never a count ("for two 10-minute calls"
# is 20 minutes of this case)
_KIND = lazy(r"\bfor\s+(?:all\s+)?(?:the|our|these|those|such|its|their)\s+(?:[a-z]+'s\s+)?"
             r"(?:(?:quick|short|brief|little|usual|typical)\s+)?$")  # "for the doc's 5-10 min check-in calls"
_PLURAL = lazy(r"[\s-]*(?:[a-z-]+\s+){0,2}?(?:calls|check-ins|checkins|check\s+ins|visits|sessions|messages|e-visits|"
               r"chats|contacts|conversations|encounters)\b")


def service_kind_minutes(text: str, minutes: list[Fact]) -> list[Fact]:
    """The minutes, each one that names the length of a kind of service given the role "kind" (never counted)."""
    return [dataclasses.replace(f, role="kind") if f.role in ("spent", "call", "range") and _KIND().search(text, 0, f.at)
            and _PLURAL().match(text, f.at + len(f.words)) else f for f in minutes]
