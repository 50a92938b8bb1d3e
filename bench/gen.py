"""The generated question set: every code in the knowledge in several phrasings, code typos, title searches,
misspelled aliases, and bill grids whose expected lines come from bench/rules.py (not from the engine)."""

from __future__ import annotations

import random
import re
import string

from common import Item
from rules import TABLE, expected_lines, table_codes

DEFINE_PHRASINGS = ("what is {c}", "{c}?", "explain CPT {c}", "tell me about {c}")
TYPOS_PER_CODE = 6
_YEAR = re.compile(r"20[1-3]\d")
SEED = 20260101
_CODE_SHAPED = re.compile(r"(?<![\w$.])([A-Za-z]\d{4}|\d{5})(?!\w)")
# Categories the targets count (the generated set); the others are reported as extras.
CORE = ("define", "did-you-mean")


def define_items(kb) -> list[Item]:
    """Every code in the knowledge, asked in each define phrasing: answered, top code = the code."""
    return [Item(q=p.format(c=code), expect={"status": "answered", "top_code": code}, category="define",
                 code=code, baseline=True)
            for code in sorted(kb.codes) for p in DEFINE_PHRASINGS]


def typo_variants(code: str) -> set[str]:
    """Strings one edit from `code` in its digit part (swap, substitute, delete, insert); a leading letter stays."""
    head, digits = (code[0], code[1:]) if code[0].isalpha() else ("", code)
    out: set[str] = set()
    for i in range(len(digits) + 1):
        for d in string.digits:
            out.add(digits[:i] + d + digits[i:])
            if i < len(digits):
                out.add(digits[:i] + d + digits[i + 1:])
        if i < len(digits):
            out.add(digits[:i] + digits[i + 1:])
        if i < len(digits) - 1:
            out.add(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:])
    return {head + v for v in out} - {code}


def typo_items(kb, per_code: int = TYPOS_PER_CODE) -> list[Item]:
    """Typos of every code that are not codes themselves (held or deliberately left out): did_you_mean suggesting it."""
    rng = random.Random(SEED)
    real = set(kb.codes) | set(getattr(kb, "left_out", {}))  # left_out: real codes knowledge/ leaves out on purpose
    items = []
    for code in sorted(kb.codes):
        pool = sorted(t for t in typo_variants(code) if t not in real and not _YEAR.fullmatch(t)
                      and len(t) >= 4)
        swaps = [t for t in pool if sorted(t) == sorted(code)]  # transpositions first: the commonest typo
        rest = [t for t in pool if t not in swaps]
        chosen = swaps[:per_code // 2] + rng.sample(rest, min(len(rest), per_code - min(len(swaps), per_code // 2)))
        for i, typo in enumerate(chosen):
            q = ("what is {t}", "{t}?", "explain {t}")[i % 3].format(t=typo)
            items.append(Item(q=q, expect={"status": "did_you_mean", "suggests": [code]}, category="did-you-mean",
                              code=code, baseline=True))
    return items


def title_items(kb) -> list[Item]:
    """Each active code found by its own title: "code for <title>" answers with that code."""
    items = []
    for code in sorted(kb.codes):
        c = kb.codes[code]
        if c.status != "active":
            continue
        for q in (f"code for {c.title}", c.title.lower()):
            items.append(Item(q=q, expect={"status": "answered", "top_code": code}, category="search (title)",
                              code=code, baseline=True))
    return items


def _misspell(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1:]


def alias_typo_items(kb) -> list[Item]:
    """Code aliases with one letter dropped from their longest word: the code, or a did-you-mean offering it."""
    rng = random.Random(SEED + 1)
    items = []
    for code in sorted(kb.codes):
        for alias in kb.codes[code].aliases:
            words = alias.split()
            longest = max(range(len(words)), key=lambda i: len(words[i]))
            if len(words[longest]) < 6 or not words[longest].isalpha() or _CODE_SHAPED.search(alias):
                continue
            words[longest] = _misspell(words[longest], rng)
            items.append(Item(q=" ".join(words), expect={}, category="search (misspelled alias)", code=code,
                              baseline=True, any_of=[{"status": "answered", "top_code": code},
                                                     {"status": "did_you_mean", "suggests": [code]}]))
    return items


MINUTE_TEMPLATES = {
    "RTM": {True: ("RTM {m} minutes of treatment management this month with one phone call",
                   "How do I bill {m} min of RTM management with an interactive call?",
                   "remote therapeutic monitoring: {m} minutes this month, we had a video call"),
            False: ("RTM {m} minutes of treatment management this month, no interactive communication",
                    "{m} minutes of RTM management without a call")},
    "RPM": {True: ("RPM {m} minutes of treatment management with a phone call",
                   "rpm {m} min with one call",
                   "remote patient monitoring, {m} minutes this month, spoke with the patient"),
            False: ("RPM {m} minutes of management this month but no interactive communication",
                    "{m} min of RPM management without a phone call")},
    "CCM": {True: ("CCM {m} minutes of clinical staff time this month",
                   "chronic care management, {m} minutes of clinical staff time, one phone call"),
            False: ("CCM {m} min of clinical staff time, no call with the patient",)},
}
DAY_TEMPLATES = {
    ("RTM", "musculoskeletal"): ("RTM musculoskeletal device, {d} days of data this month", "MSK RTM patient with {d} data days"),
    ("RTM", "respiratory"): ("RTM respiratory device, {d} days of data", "respiratory RTM with {d} data days this month"),
    ("RTM", "cbt"): ("RTM CBT app, {d} data days", "RTM cognitive behavioral therapy device with {d} days of data"),
    ("RPM", ""): ("RPM blood pressure cuff, {d} days of readings", "RPM device with {d} data days this month"),
}
COMBINED = {("RTM", "musculoskeletal"): "MSK RTM patient: {d} data days, {m} minutes of management, one live call",
            ("RTM", "respiratory"): "respiratory RTM device: {d} days of data and {m} minutes of management with a call",
            ("RTM", "cbt"): "RTM CBT app {d} data days, {m} min of treatment management, phone call done",
            ("RPM", ""): "RPM blood pressure cuff, {d} days of readings, {m} minutes with a call"}
COMBINED_DAYS = (0, 1, 2, 9, 15, 16, 23, 30)
COMBINED_MINUTES = (0, 9, 10, 19, 20, 39, 40, 45, 60, 61, 120)
HOURS = {60: "an hour", 90: "1.5 hours", 120: "2 hours", 30: "half an hour"}


def _bill(q: str, family: str, lines: dict[str, int]) -> Item:
    return Item(q=q, expect={"status": "answered", "intent": "bill", "billing_lines": lines},
                category=f"bill {family}")


def bill_items(family: str) -> list[Item]:
    """The grid for one family: minutes 0-120 with/without a call, data days 0-30 per variant, and both."""
    items = []
    for call, templates in MINUTE_TEMPLATES.get(family, {}).items():
        for m in range(0, 121):
            for t in templates:
                items.append(_bill(t.format(m=m), family, expected_lines(family, minutes=m, call=call)))
        for m, words in HOURS.items():
            items.append(_bill(templates[0].replace("{m} minutes", words).replace("{m} min", words).format(m=m),
                               family, expected_lines(family, minutes=m, call=call)))
    for (fam, variant), templates in DAY_TEMPLATES.items():
        if fam != family:
            continue
        for d in range(0, 31):
            for t in templates:
                items.append(_bill(t.format(d=d), family, expected_lines(family, days=d, variant=variant)))
        for d in COMBINED_DAYS:
            for m in COMBINED_MINUTES:
                q = COMBINED[(fam, variant)].format(d=d, m=m)
                items.append(_bill(q, family, expected_lines(family, minutes=m, days=d, variant=variant)))
    return items


# (Modifiers, places of service, office visits and therapy are covered since issue 12: not listed here; a place of
# service told by its setting, "the patient's home", is answered from places.yaml cues.)
# Billing questions codebot does not cover, and near misses built from knowledge words: never a confident answer.
# Diagnosis questions ("ICD-10 code for type 2 diabetes", "what is chronic kidney disease") are in scope since
# the ICD-10-CM code set: bench/bench_codesets.py measures them.
OUT_OF_SCOPE = (
    "how do I bill an office visit",
    "CPT code for a flu shot", "how much does Medicare pay for a chest x-ray",
    "prior authorization for an MRI", "what does NCCI mean",
    "management of hypertension", "device for diabetes", "how many minutes for a care plan",
    "physical therapy evaluation code", "annual wellness visit with a problem visit",
    "code for a home health certification", "hospital discharge day management", "inpatient consult code",
    "what is a new patient", "emergency department visit level 4", "remote interpreter services",
    "monitoring of a cardiac device implant", "transcranial magnetic stimulation code", "what is an ABN",
    "does Medicaid cover RTM in Texas", "telephone E/M codes 99441", "what's the weather today", "zzzz", "NOT *",
)


def out_of_scope_items() -> list[Item]:
    """Questions outside the knowledge: unknown, or did-you-mean at most; a confident code is wrong."""
    return [Item(q=q, expect={}, category="out of scope", baseline=False,
                 any_of=[{"status": "unknown"}, {"status": "did_you_mean"}, {"status": "rejected"},
                         {"status": "answered", "intent": "family"}])
            for q in OUT_OF_SCOPE]


def generated_set(kb) -> tuple[list[Item], dict[str, str]]:
    """Return the generated items for the knowledge, and a note per rule-table family left out (and why)."""
    items = define_items(kb) + typo_items(kb) + title_items(kb) + alias_typo_items(kb) + out_of_scope_items()
    skipped = {}
    for family in TABLE:
        missing = sorted(table_codes(family) - set(kb.codes))
        if family not in kb.families or missing:
            skipped[family] = f"not in knowledge yet (missing {', '.join(missing) or 'family'})"
            continue
        items += bill_items(family)
    return items, skipped
