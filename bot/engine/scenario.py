"""The scenario a question describes: typed facts, each tied to the words it came from."""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass, field
from typing import Any

# Fact kinds the reader produces (see knowledge/README.md, "How a question is read").
KINDS = ("code", "family", "performer", "minutes", "days", "event", "count", "level", "flag", "practices",
         "transmission", "episode_month", "asked", "number", "setting")
# Roles a minutes fact can have: spent time, or a number that is not the time spent.
COUNTED_MINUTES = ("spent", "additional", "base", "total", "part", "call")


@functools.lru_cache(maxsize=4096)
def _phrase_words(phrase: str) -> list[str]:
    from bot.engine.phrases import tokens

    return tokens(phrase)


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing the question states, with the words it came from."""

    kind: str
    value: Any
    words: str
    at: int = 0  # where the words start in the read text: facts keep the question's order
    role: str = ""  # code: asked|billed|context; minutes: spent|additional|base|total|part|call|threshold|bound
    who: str = ""  # performer id the time or the event belongs to
    when: str = ""  # month, weekday, date or relative day the fact is tied to ("january", "monday", "tomorrow")
    day: int | None = None  # day offset where the words give one (weekday index, day after discharge ...)
    negated: bool = False
    code: str = ""  # the code a per-code time belongs to ("33 minutes of one therapy code")
    family: str = ""  # the family a time belongs to ("25 min of RPM management and 30 min of CCM")

    def label(self) -> str:
        """A short phrase for the "Read as" line."""
        neg = "no " if self.negated else ""
        if self.kind == "code":
            note = {"billed": " (billed already)", "context": " (context only)", "range": " (end of a range)",
                    "quoted": " (in a quoted claim)", "absent": " (said not billed)",
                    "compared": " (named to compare)", "short": " (its minimum not reached)"}.get(self.role, "")
            return f"{self.value}{note}"
        if self.kind == "minutes":
            head = {"below": f"not reaching {self.value} min", "threshold": f"{self.value}-min threshold",
                    "total": f"{self.value} min in all", "additional": f"+{self.value} min", "base": f"first {self.value} min",
                    "call": f"{self.value}-min call", "almost": f"almost {self.value} min",
                    "range": f"{self.value}+ min (range)", "uncounted": f"{self.value} min before consent (not counted)",
                    "claimed": f"{self.value} min (a quoted claim)", "elsewhere": f"{self.value} min counted elsewhere",
                    "apart": f"{self.value} min billed on their own (not counted)",
                    "excluded": f"{self.value} min left out of your figure (not counted)",
                    "other_month": f"{self.value} min of another month (not counted)",
                    "again": f"{self.value} min (the same time said again)",
                    "replaced": f"{self.value} min (replaced by a correction)",
                    "ruled_out": f"{self.value} min of a service ruled out (not counted)",
                    "kind": f"{self.value} min (the length of that kind of service, not time spent)"
                    }.get(self.role, f"{self.value} min")
            bits = [b for b in (self.who, self.when, self.code) if b]
            return head + (f" ({', '.join(bits)})" if bits else "")
        if self.kind == "days":
            return {"threshold": f"{self.value}-day threshold", "period": f"{self.value}-day period",
                    "claimed": f"{self.value} days (a quoted claim)",
                    "held": f"{self.value} days with the device (not data days)",
                    "typed": f"{self.value} days counting readings typed in by hand (not counted)"}.get(
                self.role, f"{self.value} data days")
        if self.kind == "event":
            when = f" {self.when}" if self.when else ""
            return f"{neg}{self.role}{when}" + (f" ({self.value})" if self.value not in ("", None, True) else "")
        if self.kind in ("flag", "level", "episode_month", "transmission"):
            return f"{neg}{self.role or self.kind}: {self.value}" if self.kind != "flag" else f"{neg}{self.role}"
        if self.kind == "count" and self.role == "claimed":
            return f"{self.words} (a quoted claim)"
        if self.kind == "count":
            noun = self.role.replace("_", " ")
            noun = noun[:-1] if self.value == 1 and noun.endswith("s") else noun if noun.endswith("s") or self.value == 1 else noun + "s"
            return f"{self.value} {noun}"
        if self.kind == "family" and self.role == "former":
            return f"{self.value} (billed before or now: context only)"
        if self.kind == "family" and self.role == "billed":
            return f"{self.value} (billed already)"
        if self.kind == "family" and self.role == "compared":
            return f"{self.value} (named to compare)"
        if self.kind == "claim":
            return f"{self.value} (a quoted claim)"
        if self.kind == "practices":
            return f"{self.words} (more than one practice)"

        return f"{neg}{self.value}"


class FactList(list):
    """A scenario's facts; every change drops the index by kind that Scenario.of reads (facts themselves are frozen)."""

    __slots__ = ("by_kind",)

    def __init__(self, facts=()) -> None:
        super().__init__(facts)
        self.by_kind: dict[str, list[Fact]] | None = None

    def of_kind(self, kind: str, roles: tuple[str, ...] = ()) -> list[Fact]:
        """The facts of one kind (and of one of the roles), in list order, found once after each change."""
        index = self.by_kind
        if index is None:
            index = self.by_kind = {}
        key = (kind, roles) if roles else kind
        if key not in index:
            index[key] = [f for f in self.of_kind(kind) if f.role in roles] if roles else [f for f in self if f.kind == kind]
        return index[key]


def _dropping_index(name: str):
    """A list method that also drops the index by kind."""
    method = getattr(list, name)

    def changed(self, *args, **kwargs):
        self.by_kind = None
        return method(self, *args, **kwargs)

    changed.__name__, changed.__doc__ = name, method.__doc__
    return changed


for _name in ("__setitem__", "__delitem__", "__iadd__", "__imul__", "append", "extend", "insert", "pop", "remove",
              "clear", "sort", "reverse"):
    setattr(FactList, _name, _dropping_index(_name))


@dataclass(slots=True)
class Scenario:
    """Everything read from one question; handlers mark the facts their answer used."""

    text: str
    facts: list[Fact] = field(default_factory=list)
    asked: str = ""  # bill | together | rule | define | compare | family | search | help
    asked_words: str = ""
    ask: Any = None  # asking.Ask: what the asking sentences state outright (the intent stage and the handlers read it)
    stray: list[str] = field(default_factory=list)  # words that look like a fact but could not be placed
    used: set[int] = field(default_factory=set)
    words: list[str] = field(default_factory=list)  # the text's words, for phrase look-ups (hints)
    negated_at: set[int] = field(default_factory=set)  # indexes of words a negator stands before
    claims: list[str] = field(default_factory=list)  # someone else's claims the question quotes (checked, not facts)
    claimed_at: set[int] = field(default_factory=set)  # indexes of the words of those claims
    other_party_at: set[int] = field(default_factory=set)  # words naming someone the work was done with ("with the referring NP")
    stay_at: set[int] = field(default_factory=set)  # where minutes told as spent during a facility stay start
    setup_at: set[int] = field(default_factory=set)  # where minutes told as spent on a device's setup start

    def __setattr__(self, name: str, value: Any) -> None:
        """Facts are kept in a FactList, whatever list a stage assigns."""
        if name == "facts" and type(value) is not FactList:
            old, value = getattr(self, "facts", None), FactList(value)
            if old is not None and len(old) == len(value) and all(map(operator.is_, old, value)):
                value.by_kind = old.by_kind  # the same facts again (a stage that changed none): the index holds
        object.__setattr__(self, name, value)

    def says(self, phrase: str, own: bool = False, claims: bool = False) -> bool:
        """Whether the phrase occurs (as whole words) and is not negated ("non-complex", "no staff time"); `own`: not
        in the name of the other party ("talking with the referring NP" says nothing of the worker's own role);
        `claims`: also inside a quoted claim (the topic a claim is about: "an article says consent is yearly")."""
        key = _phrase_words(phrase)
        n = len(key)
        if not key or key[0] not in self.words:
            return False
        return any(self.words[i:i + n] == key and i not in self.negated_at and (claims or i not in self.claimed_at)
                   and not (own and i in self.other_party_at) for i in range(len(self.words) - n + 1))

    def of(self, kind: str, *roles: str) -> list[Fact]:
        """Facts of a kind (and, when given, of one of the roles), in question order."""
        index, key = self.facts.by_kind, (kind, roles) if roles else kind
        return list(index[key] if index is not None and key in index else self.facts.of_kind(kind, roles))

    def codes(self, *roles: str) -> list[str]:
        """Codes in question order, once each, optionally only those with one of the roles."""
        return list(dict.fromkeys(f.value for f in self.of("code", *roles)))

    def role_of(self, code: str) -> str:
        """The role the question gives a code (asked, billed or context), or a family (billed when told as billed
        already or running beside another program asked about)."""
        role = next((f.role for f in self.of("code") if f.value == code), None)
        return role or ("billed" if any(f.value == code for f in self.of("family", "billed")) else "asked")

    def performers(self) -> list[str]:
        """Performer ids stated as doing the work (negated ones left out)."""
        return list(dict.fromkeys(f.value for f in self.of("performer") if not f.negated))

    def excluded_performers(self) -> list[str]:
        """Performer ids the question rules out ("no staff time")."""
        return list(dict.fromkeys(f.value for f in self.of("performer") if f.negated))

    def flag(self, name: str) -> bool | None:
        """True or False when the question states the flag (or its negation), else None."""
        found = [f for f in self.of("flag") if f.role == name]
        # "We have no psychiatric consultant ... Is that CoCM?": naming it in the question asks, the negation states
        stated = [f for f in found if f.negated or not _asks_at(self.text, f.at)]
        if any(f.negated for f in stated):
            found = stated
        return None if not found else not found[-1].negated

    def value(self, kind: str) -> Any:
        """The value of the last fact of a kind, or None."""
        found = self.of(kind)
        return found[-1].value if found else None

    def in_claim(self, words: str) -> bool:
        """Whether the words (a code) stand inside a claim the question quotes."""
        return any(words.lower() in claim.lower() for claim in self.claims)

    def minutes_of(self, family: str) -> bool:
        """Whether minutes are tied to the family by their words ("35 minutes of APCM work")."""
        return any(m.family == family for m in self.of("minutes"))

    def use(self, *facts: Fact) -> None:
        """Mark facts as used by the answer."""
        self.used.update(id(f) for f in facts)

    def use_kind(self, kind: str, *roles: str) -> None:
        """Mark every fact of a kind (and roles) as used."""
        self.use(*self.of(kind, *roles))

    def unused(self) -> list[Fact]:
        """Facts the answer did not use."""
        return [f for f in self.facts if id(f) not in self.used]

    def add(self, fact: Fact) -> Fact:
        """Add a fact (kept in question order) and return it."""
        facts = self.facts
        list.append(facts, fact)
        list.sort(facts, key=_at)
        facts.by_kind = None
        return fact


def _at(fact: Fact) -> int:
    return fact.at


def _asks_at(text: str, at: int) -> bool:
    """Whether the words at `at` stand in a sentence that ends with a question mark."""
    end = min((i for i in (text.find(c, at) for c in ".!?\n") if i >= 0), default=-1)
    return end >= 0 and text[end] == "?"
