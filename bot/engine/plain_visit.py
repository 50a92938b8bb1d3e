"""A bare "the visit" joined to an asked check-in or e-visit code ("is (a check-in code) billable along with the
visit?") names the office visit that code's rules pair it with (meta plain_visit): the other subject asked."""

from __future__ import annotations

import re

from bot.engine.scenario import Fact, Scenario

_JOINED = re.compile(r"\b(?:along with|together with|with|plus|alongside|in addition to|on top of|and)\s+"
                     r"(?:the|that|this|a|an|her|his|their)\s+(?:same[- ]day\s+|same[- ]week\s+)?(visit|appointment|appt)\b")


def name_plain_visit(sc: Scenario, code_family: dict[str, str], meta: dict) -> None:
    """Add the office-visit family as named where one asked code of a listed family is joined to a bare "the visit"
    and no family or minutes are told."""
    spec = meta.get("plain_visit") or {}
    asked = sc.codes("asked")
    if not spec.get("family") or len(asked) != 1 or code_family.get(asked[0]) not in set(spec.get("beside") or []) \
            or sc.of("family", "named", "billed") or sc.of("minutes"):  # a told case: its own reading decides
        return
    code_at = max(f.at + len(f.words) for f in sc.of("code") if f.value == asked[0])
    hit = next((m for m in _JOINED.finditer(sc.text.lower()) if 0 <= m.start() - code_at <= 40), None)
    if hit is not None:
        sc.add(Fact("family", str(spec["family"]), sc.text[hit.start(1):hit.end(1)], hit.start(1), role="named"))
