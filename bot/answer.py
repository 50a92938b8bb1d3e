"""The Answer and the value types inside it: the contract every channel renders (`codebot ask --json`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only annotations: the CMS and ICD-10-CM types load with their answers, off the cold remote-care path
    from bot.answer_cms import CmsFacts
    from bot.answer_dx import Diagnosis

STATUSES = ("answered", "clarify", "did_you_mean", "unknown", "rejected")
INTENTS = ("define", "bill", "pair", "compare", "family", "search", "help")
RELATIONS = ("add_on_to", "has_add_on", "setup", "device", "management", "not_with", "replaced_by", "replaces", "see_also")


def _f(help_text: str, default: Any = dataclasses.MISSING, factory: Any = dataclasses.MISSING) -> Any:
    """Declare a documented field (datasette-style help metadata, enforced by a test)."""
    if factory is not dataclasses.MISSING:
        return field(default_factory=factory, metadata={"help": help_text})
    return field(default=default, metadata={"help": help_text})


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a fact in the answer comes from."""

    id: str = _f("stable source id from knowledge/sources.yaml")
    title: str = _f("publication title")
    url: str = _f("where to read it")
    publisher: str = _f("who published it", "")
    year: int = _f("publication year", 0)
    official: bool = _f("CMS, Federal Register, NCCI or CPT-publisher material", False)


@dataclass(frozen=True, slots=True)
class PaymentInfo:
    """A national payment figure and the release it comes from."""

    amount: float | None = _f("2026 national non-facility amount in US dollars; None when contractor-priced")
    rvu: float | None = _f("total non-facility RVU")
    release: str = _f("which fee-schedule release the amount comes from")
    contractor_priced: bool = _f("no national amount: the Medicare contractor prices it", False)


@dataclass(frozen=True, slots=True)
class CodeFact:
    """One code as the answer presents it."""

    code: str = _f("the CPT or HCPCS code, or the ICD-10-CM code with its dot")
    system: str = _f("CPT, HCPCS or ICD-10-CM")
    family: str = _f("family id, e.g. RTM")
    title: str = _f("short title in our own words")
    summary: str = _f("plain-language summary in our own words")
    status: str = _f("active or deleted")
    role: str = _f("setup, device, management, add_on ...")
    effective_year: int = _f("first year the code could be billed")
    ended_year: int | None = _f("last year the code could be billed, if it ended", None)
    replaced_by: list[str] = _f("codes that replaced a deleted code", factory=list)
    rules: list[str] = _f("the code's billing rules in plain words, for the answer's year", factory=list)
    who_may_bill: str = _f("who may report it", "")
    document: list[str] = _f("what to document", factory=list)
    payment: PaymentInfo | None = _f("national payment, when known", None)
    descriptor: str | None = _f("the official CPT descriptor, only when the practice imported its licensed file", None)
    source_ids: list[str] = _f("sources of this code's facts", factory=list)


@dataclass(frozen=True, slots=True)
class Companion:
    """A code that goes with the answer's first code."""

    code: str = _f("the companion code")
    relation: str = _f("how it relates: " + ", ".join(RELATIONS))
    note: str = _f("why, in a few words", "")
    title: str = _f("the companion's short title", "")


@dataclass(frozen=True, slots=True)
class BillingLine:
    """A code to report, with units."""

    code: str = _f("code to report")
    units: int = _f("units to report")
    title: str = _f("short title", "")
    amount: float | None = _f("national non-facility amount for these units, when known", None)
    period: str = _f("the billing period of this line when the question spans several (e.g. \"january\"); empty otherwise", "")


@dataclass(frozen=True, slots=True)
class Billing:
    """What to report for given minutes and data days, and why."""

    inputs: dict = _f("minutes, days, interactive, family, year as understood or assumed")
    lines: list[BillingLine] = _f("what to report", factory=list)
    unbilled_minutes: int | None = _f("minutes that earn no code", None)
    assumptions: list[str] = _f("everything assumed because the question did not say", factory=list)
    trace: list[str] = _f("why each candidate code qualifies or fails", factory=list)
    example: bool = _f("true for a worked example rather than the asker's own numbers", False)
    total_amount: float | None = _f("sum of line amounts, when every line has one", None)


@dataclass(frozen=True, slots=True)
class PairVerdict:
    """Whether two codes or families may be billed together."""

    left: str = _f("first code or family")
    right: str = _f("second code or family")
    allowed: bool | None = _f("true, false, or None when no rule is on file")
    period: str = _f("the period the verdict is about, e.g. same calendar month")
    reason: str = _f("why")
    source_ids: list[str] = _f("sources of the verdict", factory=list)
    about: str = _f("what was asked when the verdict is one code's own rule (billed again, by a second practice, after "
                    "a given visit), e.g. \"a device code billed by two practices in one 30-day period\"; empty for two codes", "")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A "did you mean" choice."""

    code: str = _f("suggested code")
    why: str = _f("why it is suggested")
    title: str = _f("its short title", "")


@dataclass(frozen=True, slots=True)
class CompareRow:
    """One line of a side-by-side comparison."""

    label: str = _f("what is compared")
    left: str = _f("the first subject's value")
    right: str = _f("the second subject's value")


@dataclass(frozen=True, slots=True)
class Choice:
    """One reading a `clarify` answer offers: a label and the question that reading asks."""

    label: str = _f("the reading in a few words, e.g. \"High complexity MDM\" and the code it leads to")
    question: str = _f("the full question to ask when this reading is chosen (a Slack button asks it)")


@dataclass(frozen=True, slots=True)
class Answer:
    """The answer to one question: data first; every channel renders it."""

    status: str = _f("answered, clarify, did_you_mean, unknown or rejected")
    intent: str = _f("define, bill, pair, compare, family, search or help")
    codes: list[CodeFact] = _f("codes the answer is about, most relevant first", factory=list)
    companions: list[Companion] = _f("codes that go with the first code", factory=list)
    billing: Billing | None = _f("billing lines for bill questions, or a worked example", None)
    pair: PairVerdict | None = _f("verdict for pair questions", None)
    families: list[str] = _f("families the answer is about", factory=list)
    family_info: list[dict] = _f("name, purpose and who may bill, per family in the answer", factory=list)
    suggestions: list[Suggestion] = _f("did-you-mean choices", factory=list)
    compare: list[CompareRow] = _f("side-by-side rows for compare questions", factory=list)
    changes: list[str] = _f("what changed in the year asked, for what-changed questions", factory=list)
    caveats: list[str] = _f("short warnings where the answer relies on a contested point", factory=list)
    message: str = _f("one-sentence explanation for did_you_mean, unknown, rejected and help", "")
    year: int = _f("the year whose rules the answer applies", 0)
    sources: list[SourceRef] = _f("where the facts in this answer come from", factory=list)
    knowledge_version: str = _f("which knowledge build answered", "")
    understood: dict = _f("the reading of the question: read_as (one line), asked (what is asked), facts (each used fact "
                          "with kind, value, words and its qualifiers)", factory=dict)
    unplaced: list[str] = _f("words of the question carrying a fact (number, code, role, time relation, negation) the "
                             "answer did not use", factory=list)
    choices: list[Choice] = _f("for clarify: the readings to choose from, each with the question it asks", factory=list)
    # --- ICD-10-CM (issue 13): diagnosis answers; the types are in bot/answer_dx.py ---
    diagnosis: Diagnosis | None = _f("the ICD-10-CM code answered (official text, release, notes), when the answer is about a diagnosis", None)
    # --- CMS files (issue 14): the types are in bot/answer_cms.py ---
    cms: CmsFacts | None = _f("what the imported CMS files say (HCPCS text, NCCI verdict, MUE, payment by locality) and which releases answered", None)

    def to_dict(self) -> dict:
        """Return the answer as JSON-ready data (the `codebot ask --json` contract)."""
        return dataclasses.asdict(self)
