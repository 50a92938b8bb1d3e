"""Which side of a question with two practitioners a stated person is on: two practitioners named as billing, and a
generic practitioner's minutes told beside a specific side of the same kind ("Dr. Lee" on "the PCP side")."""

from __future__ import annotations

import dataclasses
import re

from bot.engine.role_apposed import apposed_roles
from bot.engine.scenario import Scenario


def two_billers(sc: Scenario, kinds: dict) -> bool:
    """"Can the nephrologist bill PCM while the PCP bills CCM?": two practitioners named as billing, neither a kind
    of the other (meta.yaml performer_counts_as), are different practitioners."""
    billers = [f for f in sc.of("performer") if f.role in ("biller", "bills") and not f.negated]
    # one stated as billing already, and another: different people even when one is a kind of the other
    return any(a.value != b.value and (a.role == "bills" or (kinds.get(a.value) != b.value and kinds.get(b.value) != a.value))
               for a in billers for b in billers) or len(_titled_billers(sc.text)) >= 2


# "same dr bills PCM ... can that same dr also bill CCM": a word after a bare "dr" that no name is (a verb, "also")
_NO_NAME = (r"also|bills?|billed|billing|can|could|may|might|will|would|should|does|did|do|is|was|has|had|who|and|or|"
            r"here|there|then|just|still|only|to|the|for|in|on|at|said|says|wants|ordered|orders|spent|saw|sees")
_TITLED = re.compile(rf"\bdr\.?\s+(?!(?:{_NO_NAME})\b)([a-z][a-z'-]+)")
_CLAUSE = re.compile(r"(?:\bdr\.|[^,;?!.]|\.(?=\w))+")
_BILLS = re.compile(r"\b(?:bill|bills|billed|billing)\b")


def _titled_billers(text: str) -> set[str]:
    """The names of the doctors a clause tells as billing ("APCM is billed under Dr. Cho", "can Dr. Patel bill
    the add-on?"): two different names are two practitioners, whatever kind each is."""
    return {m.group(1) for clause in _CLAUSE.findall(text) if _BILLS.search(clause) for m in _TITLED.finditer(clause)}


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


_TITLE_NAME = re.compile(r"\.?\s+([a-z][a-z'-]+)")
_APPOSITION = re.compile(r"\s*(?:,|\()?\s*(?:(?:our|the|a|an|is|who is|and)\s+)*$")


def titled_practitioners(sc: Scenario, kinds: dict, jobs: tuple[str, ...] | list[str] = ()) -> None:
    """"Dr. Ames, our clinical psychologist", "our psychologist Dr. Ruiz": a "Dr." title beside a practitioner who is
    no kind of physician names that practitioner, so every "Dr. Ames" of the question is the psychologist (and the
    minutes told of a "Dr." are hers); a credential told beside a job of `jobs` gives its minutes to the job."""
    apposed_roles(sc, jobs)
    people = [f for f in sc.of("performer") if not f.negated]
    for f in people:
        if f.value != "physician" or f.words.lower() not in ("dr", "doctor"):
            continue
        m = _TITLE_NAME.match(sc.text, f.at + len(f.words))
        if m is None:
            continue
        other = _apposed(sc, people, f, m.end(), kinds)
        if other:
            _rename(sc, m.group(1), other)
            return


def _apposed(sc: Scenario, people: list, f, name_end: int, kinds: dict) -> str:
    """The practitioner named right beside a titled name, when no kind of physician."""
    for g in people:
        if g.value == "physician" or kinds.get(g.value) == "physician" or g.role == "object":
            continue
        after = name_end <= g.at <= name_end + 30 and _APPOSITION.match(sc.text[name_end:g.at])
        before = g.at < f.at and not sc.text[g.at + len(g.words):f.at].strip()
        if after or before:
            return g.value
    return ""


def _rename(sc: Scenario, name: str, value: str) -> None:
    """Every "Dr. <name>" of the question is the titled practitioner; a doctor's minutes are then theirs."""
    def titled(f) -> bool:
        return f.kind == "performer" and f.value == "physician" and f.words.lower() in ("dr", "doctor") and \
            (m := _TITLE_NAME.match(sc.text, f.at + len(f.words))) is not None and m.group(1) == name
    renamed = [f for f in sc.facts if titled(f)]
    sc.facts = [dataclasses.replace(f, value=value) if f in renamed else f for f in sc.facts]
    if not any(f.kind == "performer" and f.value == "physician" for f in sc.facts):
        sc.facts = [dataclasses.replace(f, who=value) if f.kind == "minutes" and f.who == "physician" else f
                    for f in sc.facts]
