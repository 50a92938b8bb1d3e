"""Typed records of the knowledge: what knowledge/*.yaml holds, as the index stores it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.kb.claim_records import Amount, Modifier, Place, Relation, Source, Use  # noqa: F401  (re-exported)
from bot.kb.problems import Problem  # noqa: F401  (re-exported)


@dataclass(frozen=True, slots=True)
class Rule:
    """How a code is earned: by minutes, data days or simply by being done, within a period."""

    basis: str = "none"  # minutes | days | none
    min_minutes: int | None = None
    max_minutes: int | None = None
    unit_minutes: int | None = None
    midpoint: bool = False
    max_units: int | None = None
    min_days: int | None = None
    max_days: int | None = None
    period: str | None = None
    once_per: str | None = None
    interactive: bool = False
    timed: bool | None = None  # basis units: timed (minutes make units) or untimed (one unit a session)
    add_on_start: dict | None = None  # add-ons: minutes per base code after which the add-on's blocks count
    mdm: str | None = None  # visits: the medical decision making level (meta.yaml mdm_levels) that also selects the code
    source: str = ""
    contested: str | None = None
    requires: dict = field(default_factory=dict)  # criterion id (meta.yaml criteria) -> value, or {min, max}
    one_practitioner: str | None = None  # only one practitioner may bill the code per this period
    one_practitioner_source: str = ""  # the source for that limit, when not the rule's own
    one_practitioner_per: str = ""  # "condition": the limit binds one condition (others' own conditions are theirs)
    per_unit: dict | None = None  # supplies and drugs: {amount, measure, words}, the quantity one billed unit holds
    per_count: dict | None = None  # codes chosen by a count: {measure, from, to, each, words, names, source}
    per_method: dict | None = None  # first code of a method ranked among others: {method, rank, words, items, each_more, source}


@dataclass(frozen=True, slots=True)
class Window:
    """A service that makes codes of this family not separately billable when it falls in a time window."""

    service: str  # what the other service is (meta.yaml criteria/events: visit)
    side: str  # before | after: the other service before the code's service, or resulting from it
    note: str
    source: str
    days: int | None = None
    hours: int | None = None
    soonest: bool = False  # "or at the soonest available appointment"
    roles: tuple[str, ...] = ()  # the code roles it binds (empty: every code of the family)
    contested: str | None = None
    visit_by: tuple[str, ...] = ()  # performers whose visit counts (empty: anyone's; "the PCP saw her" is not the consultant)


@dataclass(frozen=True, slots=True)
class InitiatingVisit:
    """What visit may start the family's services, and which visit codes may not."""

    note: str
    source: str
    excludes: tuple[str, ...] = ()
    allows: tuple[str, ...] = ()  # families or codes whose visit may be the initiating visit (TCM's face-to-face visit)
    excludes_settings: tuple[str, ...] = ()  # vocabulary `settings` groups a visit there cannot start it (emergency)
    # codes outside the families whose visit may start the services when this performer works (peer support, a psychiatric eval)
    allows_with: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def allowed_for(self, performers) -> set[str]:
        """The families and codes whose visit may start the services, given who does the work."""
        workers = set(performers)
        return set(self.allows) | {c for who, codes in self.allows_with if who in workers for c in codes}


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A temporary id a code had before its final number (a proposed rule's "GMBT1"), kept to read older articles."""

    id: str
    year: int
    source: str
    when: tuple[str, ...] = ()  # words that pick this code when two proposed rules reused the id ("GPCM2")


@dataclass(frozen=True, slots=True)
class Link:
    """A relation from one code to another (not_with, see_also...)."""

    code: str
    target: str
    kind: str
    period: str | None = None
    note: str = ""
    source: str = ""
    contested: str | None = None
    not_when: tuple[str, ...] = ()  # words of the case that turn a `with` link into no ("the same region")


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """Rule values that applied in earlier years."""

    start: int
    end: int
    rule: dict
    note: str
    source: str


@dataclass(frozen=True, slots=True)
class Payment:
    """The national non-facility payment and the release it comes from."""

    amount: float | None
    rvu: float | None
    source: str
    contractor_priced: bool = False
    contested: str | None = None


@dataclass(frozen=True, slots=True)
class Code:
    """One CPT or HCPCS code with our own title and summary."""

    code: str
    system: str
    family: str
    role: str
    title: str
    summary: str
    status: str
    effective_year: int
    sources: tuple[str, ...]
    rule: Rule = field(default_factory=Rule)
    ended_year: int | None = None
    replaced_by: tuple[str, ...] = ()
    add_on_to: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    document: tuple[str, ...] = ()
    who_may_bill: str = ""
    payment: Payment | None = None
    history: tuple[HistoryEntry, ...] = ()
    links: tuple[Link, ...] = ()
    payer: str | None = None  # only this payer's rules use the code (meta.yaml payers); None: every payer
    notes: tuple[str, ...] = ()  # further rules in plain words, shown with the code's rules
    placeholders: tuple[Placeholder, ...] = ()  # ids it had before it was final ("GMBT1" for G0552)
    program: str = ""  # a program named within the family (CoCM within BHI), reported beside the family


@dataclass(frozen=True, slots=True)
class Track:
    """A ladder of codes billed on one basis (setup, device by days, management by minutes)."""

    id: str
    family: str
    label: str
    role: str
    basis: str
    codes: tuple[str, ...]
    variant: str | None = None
    default: bool = False
    when: str = "always"  # always | setup | explicit
    hints: tuple[str, ...] = ()
    performed_by: tuple[str, ...] = ()  # performer ids (meta.yaml performers) whose time this ladder counts
    requires: dict = field(default_factory=dict)  # criteria the ladder is for (e.g. episode_month: first)
    not_when: dict = field(default_factory=dict)  # stated criteria that rule the ladder out (collaborative_care: false)
    stated_requires: dict = field(default_factory=dict)  # criteria only a stated fact can fail (mdm: moderate)
    told_needs: dict = field(default_factory=dict)  # criteria a told case must state for this default (collaborative_care: true)
    fallback: tuple[str, ...] = ()  # track ids whose rules count the same work when this ladder bills nothing
    fallback_note: str = ""
    fallback_source: str = ""
    beside: tuple[str, ...] = ()  # performers counted only beside `performed_by` (alone: their own ladder's work)
    beside_note: str = ""
    beside_source: str = ""


@dataclass(frozen=True, slots=True)
class Change:
    """Something that changed for a family in a given year."""

    year: int
    text: str
    source: str
    contested: str | None = None


@dataclass(frozen=True, slots=True)
class RoleLimit:
    """Only one code of this role (e.g. one device-supply code) per period, whatever its track."""

    role: str
    period: str
    reason: str
    source: str
    contested: str | None = None


@dataclass(frozen=True, slots=True)
class UnitRule:
    """Units from minutes for timed services (e.g. Medicare's 8-minute rule): the unit and the first unit's minutes."""

    unit_minutes: int
    first_unit_minutes: int
    label: str
    source: str
    contested: str | None = None


@dataclass(frozen=True, slots=True)
class Requirement:
    """One patient requirement of a family, by topic (how long the condition must last, how many conditions)."""

    topic: str  # vocabulary requirement_topics id
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class Family:
    """A family of related codes (RTM, RPM, CCM...)."""

    id: str
    name: str
    aliases: tuple[str, ...]
    purpose: str
    who_may_bill: str
    effective_year: int
    sources: tuple[str, ...]
    within_allowed: bool | None = True  # None: no default, each pair needs its own rule
    within_reason: str = ""
    within_source: str = ""
    changes: tuple[Change, ...] = ()
    one_per_period: tuple[RoleLimit, ...] = ()
    unit_rule: UnitRule | None = None  # how minutes of timed services become units (basis units)
    payments_held: bool = True  # False: national amounts are not curated for this family yet
    cue_words: tuple[str, ...] = ()  # with a track hint, words that mark a question as about this family
    weak_cue_words: tuple[str, ...] = ()  # cue words that count only when no call or message is mentioned
    context_aliases: tuple[str, ...] = ()  # aliases that name the family only when no other family is named
    performer_cues: tuple[tuple[str, ...], ...] = ()  # sets of performers that, named together, point to this family
    windows: tuple[Window, ...] = ()
    initiating_visit: InitiatingVisit | None = None
    not_billed_by: tuple[str, ...] = ()  # performers whose licence does not cover the family (a podiatrist's CCM)
    not_billed_note: str = ""
    not_billed_source: str = ""
    billed_instead_by: tuple[str, ...] = ()  # performers whose work on it is billed as another family (a PT's: RTM)
    billed_instead_family: str = ""
    billed_instead_note: str = ""
    billed_instead_source: str = ""
    shares_cues: tuple[str, ...] = ()  # families its cue words may also mean: the one whose ladders count the worker
    shares_cues_note: str = ""
    shares_cues_source: str = ""
    shares_cues_when: dict = field(default_factory=dict)  # stated criteria that send every cue there (no social need)
    requirements: tuple[Requirement, ...] = ()  # answered when a question asks about the topic
    episode_break_months: int = 0  # a break in services this long starts a new episode (0: no such rule)
    episode_break_source: str = ""
    absorbs: tuple[str, ...] = ()  # families whose related service in this one's period counts toward it (VCI in EVISIT)
    absorbs_days: int = 0
    absorbs_note: str = ""
    absorbs_source: str = ""


@dataclass(frozen=True, slots=True)
class PairRule:
    """Whether two families (or a family and a code) may be billed for one patient in a period."""

    id: str
    left: str
    right: str
    allowed: bool
    period: str
    reason: str
    source: str
    also: tuple[str, ...] = ()
    contested: str | None = None
    effective_year: int | None = None
    same_practitioner_only: bool = False  # the restriction binds one practitioner; another may bill the other
    separate_allowed: bool = False  # the restriction binds the service itself; a separate, unrelated one may be billed
    instead: tuple[str, ...] = ()  # codes billed in place of the excluded service ("APCM's behavioral-health add-ons")
    not_when: tuple[str, ...] = ()  # words of the case that turn an allowed pair into no ("nothing new", a planned visit)


@dataclass(frozen=True, slots=True)
class Reading:
    """One source's reading of a contested point."""

    text: str
    sources: tuple[str, ...]
    chosen: bool = False


@dataclass(frozen=True, slots=True)
class Contested:
    """A point where sources disagree, with the reading codebot follows."""

    id: str
    topic: str
    readings: tuple[Reading, ...]
    why: str
    caveat: str


def record_from_dict(cls: type, data: dict) -> Any:
    """Rebuild a record (and its nested records) from `dataclasses.asdict` output."""
    nested = _NESTED.get(cls, {})
    values = dict(data)
    for name, inner in nested.items():
        if (value := values.get(name)) is not None:
            values[name] = tuple(record_from_dict(inner[0], v) for v in value) if isinstance(inner, tuple) \
                else record_from_dict(inner, value)
    for name, value in values.items():
        if isinstance(value, list):  # asdict turns tuples into lists; records keep tuples (hashable, frozen)
            values[name] = tuple(value)
    return cls(**values)


# Fields holding nested records ((Cls,): a tuple of them); explicit: typing.get_type_hints costs more at start-up
_NESTED: dict[type, dict[str, type | tuple[type]]] = {
    Code: {"rule": Rule, "payment": Payment, "history": (HistoryEntry,), "links": (Link,), "placeholders": (Placeholder,)},
    Family: {"changes": (Change,), "one_per_period": (RoleLimit,), "unit_rule": UnitRule, "windows": (Window,),
             "initiating_visit": InitiatingVisit, "requirements": (Requirement,)},
    Modifier: {"uses": (Use,), "links": (Relation,), "amounts": (Amount,)}, Place: {"links": (Relation,)},
    Contested: {"readings": (Reading,)},
}
