"""Which side of a question with two practitioners a stated person is on: two practitioners named as billing, and a
generic practitioner's minutes told beside a specific side of the same kind ("Dr. Lee" on "the PCP side")."""

from __future__ import annotations

import dataclasses

from bot.engine.scenario import Scenario


def two_billers(sc: Scenario, kinds: dict) -> bool:
    """"Can the nephrologist bill PCM while the PCP bills CCM?": two practitioners named as billing, neither a kind
    of the other (meta.yaml performer_counts_as), are different practitioners."""
    billers = [f for f in sc.of("performer") if f.role in ("biller", "bills") and not f.negated]
    # one stated as billing already, and another: different people even when one is a kind of the other
    return any(a.value != b.value and (a.role == "bills" or (kinds.get(a.value) != b.value and kinds.get(b.value) != a.value))
               for a in billers for b in billers)


def assign_sides(sc: Scenario, kinds: dict) -> None:
    """"We're the PCP side. Dr. Lee spent 20 minutes ...; the cardiologist spent 15": a generic practitioner's minutes
    (a physician's) are those of the one specific side of that kind the question names with no minutes of its own
    (the PCP), when another specific side of the same kind (the consultant) has minutes of its own."""
    timed = {f.who for f in sc.of("minutes") if f.who}
    for generic in sorted(timed & set(kinds.values())):
        if not any(kinds.get(w) == generic for w in timed):
            continue
        sides = {f.value for f in sc.of("performer") if not f.negated and f.role not in ("object", "owner")
                 and kinds.get(f.value) == generic and f.value not in timed}
        if len(sides) == 1:
            side = sides.pop()
            sc.facts = [dataclasses.replace(f, who=side) if f.kind == "minutes" and f.who == generic else f
                        for f in sc.facts]
