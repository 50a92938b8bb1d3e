"""decide_intent: what kind of answer a question wants: what its asking sentences state outright (asking.read_ask), else
its cue words and its scenario."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.engine.asked_item import asks_item_by_words, described_range
from bot.engine.asking import read_ask
from bot.engine.phrases import tokens
from bot.engine.for_that import bill_for_told
from bot.engine.scenario import Scenario
from bot.engine.named_together import alternatives_asked, named_together, names_two_asked, only_named_together  # noqa: F401
from bot.engine.patterns import lazy
from bot.engine.which_asked import bills_named

if TYPE_CHECKING:
    from bot.engine.parse import Vocabulary

CRITERIA_FACTS = ("count", "level")  # facts that pick a code by its criteria (conditions, decision making)


def _without(words: list[str], phrases) -> list[str]:
    """The words with every occurrence of the phrases taken out."""
    drop = {i + k for i, phrase in phrases.find(words) for k in range(len(tokens(phrase)))}
    return [w for i, w in enumerate(words) if i not in drop]


def subjects_of(sc: Scenario, codes: list[str], families: list[str], family_of_code) -> list[str]:
    """The codes asked about or billed, then the named families no named code already stands for."""
    covered = {family_of_code(c) for c in codes}
    return list(dict.fromkeys(codes + [f for f in families if f not in covered]))


def _criteria_case(voc: "Vocabulary", sc: Scenario, codes: list[str], families: list[str], which: bool) -> bool:
    """One family whose codes are chosen by criteria (TCM, APCM), and the question states facts they use."""
    fams = {voc.code_family.get(c, "") for c in codes} | set(families)
    fams.discard("")
    if not fams:  # no family named: the one the story's words point to ("discharged ... seen ... high MDM")
        fams = {f.value for f in sc.of("family", "cue")}
    timed = [f for f in sc.of("event") if f.role in ("discharge", "visit", "contact") and f.day is not None]
    if timed and len(fams) == 2 and len(fams & voc.criteria_families) == 1 and (which or _or_instead(sc, fams - voc.criteria_families)):
        fams &= voc.criteria_families  # "seen on day 16: can we still bill TCM, or just the office visit?": TCM's criteria
    if len(fams) != 1 or not fams <= voc.criteria_families:
        return False
    named = set((voc.meta.get("criteria") or {})) | {"named_conditions"}
    stated = any(f.role in named or f.kind == "level" for kind in CRITERIA_FACTS for f in sc.of(kind)) \
        or sc.flag("qmb") is not None  # "in one month" is a count, but no criterion's
    # "tcm high complexity" alone names a code; a stated fact that rules out every code (an ED visit, a death) decides
    # "can an FQHC bill APCM? ... diabetes and COPD": the program asked to bill by its name (a code named is asked itself)
    asked = sc.asked or (not codes and any(bills_named(sc.text, f.at) for f in sc.of("family", "named")))
    return bool(timed or (stated and (asked or which)) or _rules_out_all(voc, sc, next(iter(fams))))


def _or_instead(sc: Scenario, others: set[str]) -> bool:
    """Whether the other family is named only as the alternative after an "or" ("... TCM, or do we just bill the
    office visit?"), not as a second service beside the first."""
    at = [f.at for f in sc.of("family") if f.value in others and f.role == "named"]
    return bool(at) and bool(re.search(r"\bor\b(?:(?!\band\b|\bwith\b)[^.?!])*$", sc.text[:min(at)]))


def criteria_story(voc: "Vocabulary", sc: Scenario, codes: list[str]) -> bool:
    """Whether the story's own words (no family named) make a criteria case (TCM's discharge, contact and visit)."""
    return _criteria_case(voc, sc, codes, [], False)


def _rules_out_all(voc: "Vocabulary", sc: Scenario, family: str) -> bool:
    """Whether a stated fact fails a criterion of every code of the family's criteria ladder."""
    from bot.engine.criteria import check

    ladders = voc.criteria_requires.get(family) or []
    return bool(ladders) and all(any(c.met is False and c.facts and not c.assumed for c in
                                     (check(voc.meta, sc, n, v) for n, v in requires.items())) for requires in ladders)


def _one_family_ladder(voc: "Vocabulary", codes: list[str]) -> bool:
    """Two or more codes asked, all of one family (a base code and its add-on, or a former code of it)."""
    fams = {voc.code_family.get(c, "") for c in codes}
    return len(codes) >= 2 and len(fams) == 1 and "" not in fams


def _new_code_after(words: list[str], k: int, codes: list[str]) -> bool:
    """"... the first-month code again, or do we have to use the later one?": the "or" brings in a code not named
    before it, a real choice."""
    before = set(words[:k])
    return any(c.lower() in words[k + 1:] and c.lower() not in before for c in codes)


# "can two different practices both bill CCM?", "can we both bill it?": the one-biller rule, whatever minutes each says it has
_BOTH_BILL = lazy(r"\b(?:can|could|may)\s+(?:(?:we|they|you)\s+both|both|(?:two|2|both)\s+(?:different\s+)?(?:practices|offices|groups|"
                        r"practitioners|providers|doctors|physicians|clinics)(?:\s+both)?)\s+(?:bill|submit|report|be paid|get paid)\b")
_PER_BILLER = lazy(r"\b(?:each|apiece|its own|their own|both of us|both of them|we both|they both)\b[^.?!;]{0,25}$")
# "what's the code for the lancets" after every code named: the code of another item is asked
_OTHER_CODE = lazy(r"\b(?:what(?:'s| is)|which is)\s+the\s+(?:hcpcs\s+|cpt\s+)?code\s+for\s+(?:the\s+|a\s+|an\s+)?[a-z]{3,}")
# "which HCPCS code is the quad cane?": the code of an item asked, by the item's name
_ITEM_CODE = lazy(r"\b(?:which|what)\s+(?:hcpcs\s+|cpt\s+)?code\s+(?:is|fits|covers)\s+(?:the\s+|a\s+|an\s+)?[a-z]{3,}")
_SENTENCE = lazy(r"[^.?!\n]+")
_AT_LEAST = lazy(r"\b(?:at least|a minimum of|minimum of|minimum)\s*$")
_JOIN = lazy(r"\b(?:and|with|without|plus)\b|\+")


def _joins_subjects(sc: Scenario) -> bool:
    """Whether an "and"/"with" stands between two subjects of one sentence ("CCM and BHI the same month"), not
    between two questions ("When did complex CCM start, and how many minutes does it need?")."""
    at = [f.at for f in sc.facts if f.kind in ("code", "family")]
    return any(any(m.start() <= a < j.start() for a in at) and any(j.end() <= a < m.end() for a in at)
               for m in _SENTENCE().finditer(sc.text) for j in _JOIN().finditer(sc.text, m.start(), m.end()))


_PLUS = lazy(r"\+|\bplus\b")


def _plus_asked(sc: Scenario, checked: bool = False) -> bool:
    """Whether a question sentence joins two codes with "+" or "plus" ("the visit + the injection ok?"), as "and"
    would; a charge line told ("the sheet has A + B x1.") asks nothing, unless a later sentence checks it
    (`checked`: "the biller wants A plus B. Is that wrong?")."""
    at = [f.at for f in sc.of("code")]
    return any((sc.text[m.end():m.end() + 1] == "?" or (checked and sc.text[m.end():].strip(" .!\n")))
               and any(m.start() <= a < j.start() for a in at) and any(j.end() <= a < m.end() for a in at)
               for m in _SENTENCE().finditer(sc.text) for j in _PLUS().finditer(sc.text, m.start(), m.end()))


# after "or", these words ask on ("or does X...?"): no alternative to choose (parse.py reads its "or" with them too)
_YES_NO = {"no", "not", "nah"}  # "can we bill A + B + C or no": a yes-or-no question, no choice between them
ASKS_ON = {"does", "do", "is", "are", "can", "could", "should", "will", "would", "did", "was", "must", "has", "have"}


def _family_again(sc: Scenario, codes: list[str], voc: "Vocabulary") -> bool:
    """Whether one family's code is billed and another of the same family is asked again in the same period (a second
    discharge told a full post-discharge period after the first starts a new one: not "again")."""
    if len({voc.code_family.get(c) for c in codes}) != 1 or not {"billed", "asked"} <= {sc.role_of(c) for c in codes}:
        return False
    return discharges_within(sc, voc)


def discharges_within(sc: Scenario, voc: "Vocabulary") -> bool:
    """Whether the dated discharges told fall inside one post-discharge period (one discharge: trivially)."""
    from bot.engine.daycount import days_between  # noqa: PLC0415  (only for a service asked again)

    told = sc.of("event", "discharge")  # a gap not known ("readmitted in March") is no reading of "again"
    dated = [f for f in told if f.value == "date"]
    gap = days_between(dated[0], dated[-1]) if len(dated) > 1 else None if len(told) > 1 else 0
    return gap is not None and gap < int((voc.meta.get("period_days") or {}).get("tcm_30_day", 30))


def _beside_billed(sc: Scenario, codes: list[str], voc: "Vocabulary") -> bool:
    """Whether the asker asks a code of one family ("can we bill the CCM code too?") beside a code of another billed already."""
    fams = {voc.code_family.get(c): sc.role_of(c) for c in codes}
    asked = {f for f, role in fams.items() if role == "asked" and f}
    billed = {voc.code_family.get(c) for c in codes if sc.role_of(c) == "billed"} - {None}
    return bool(asked and billed and asked - billed)


def repeat_cue(voc: "Vocabulary", words: list[str], name: str = "repeat") -> bool:
    """Whether a repeat word asks for a service billed again, leaving out minutes "counted twice" toward two services
    (the phrases of intent `name`, without those of `name`_not: "minutes each month" is no each-period ask)."""
    repeat, skip = voc.intents.get(name), voc.intents.get(f"{name}_not")
    if repeat is None:
        return False
    if skip is not None:
        spans = {i + k for i, phrase in skip.find(words) for k in range(len(tokens(phrase)))}
        words = [w for i, w in enumerate(words) if i not in spans]
    return repeat.any(words)


def decide_intent(words: list[str], voc: "Vocabulary", sc: Scenario, codes: list[str], families: list[str],
                  numbers: bool, setup: bool, facets: bool, extra_words: bool, practices: bool) -> str:
    """Return define, bill, pair, compare, family, search or help: what the asking sentences state outright
    (asking.read_ask), else what the cue words and the scenario say."""
    ask = sc.ask or read_ask(voc, sc, codes)
    panel = "panel" in voc.intents and voc.intents["panel"].any(words)  # a panel's typical month is no case
    if ask.kind == "define" or (ask.kind == "compare" and (not numbers or panel)):
        return ask.kind
    return _by_cues(words, voc, sc, codes, families, numbers, setup, facets, extra_words, practices)


def _by_cues(words: list[str], voc: "Vocabulary", sc: Scenario, codes: list[str], families: list[str],
             numbers: bool, setup: bool, facets: bool, extra_words: bool, practices: bool) -> str:
    """The intent the cue words and the scenario's facts say."""
    if "adds_time" in voc.intents:  # "add those minutes": not a code added to another
        words = _without(words, voc.intents["adds_time"])
    cue = {name: phrases.any(words) for name, phrases in voc.intents.items()}
    quoted = sc.of("code")
    if quoted and all(f.role == "quoted" for f in quoted) and _ITEM_CODE().search(sc.text[max(f.at for f in quoted):]):
        return "search"  # "a site says A is X, so my colleague thinks it must be B. Which code is the Y?": the item asked
    cue["repeat"] = repeat_cue(voc, words)
    cue["each_period"] = repeat_cue(voc, words, "each_period")  # "a minimum of minutes each month" asks no period
    if cue.get("none_option"):  # "A or B, or can't we bill at all?": a third choice (nothing), not "can we or can't we"
        cue["pair_strong"] = voc.intents["pair_strong"].any(_without(words, voc.intents["none_option"]))
    # "..., or does APCM replace RPM?": an "or" that asks on is no choice between the subjects
    cue["compare_weak"] = cue.get("compare_weak") and voc.intents["compare_weak"].any(
        [w for k, w in enumerate(words) if not (w == "or" and words[k + 1:k + 2] and words[k + 1] in ASKS_ON | _YES_NO
                                                 and not _new_code_after(words, k, codes))])
    subjects = len(subjects_of(sc, codes, families, lambda c: voc.code_family.get(c, c)))
    # Minutes someone spent ("our nurse spent 20 minutes") make a scenario to bill, whatever the cue words.
    counted = sc.of("minutes", "spent", "additional", "total", "call", "base", "other_month")  # another month: a case too
    # "code for a psychologist, at least 20 min": a threshold
    data, billers = sc.of("days", "data"), {p.value for p in sc.of("performer", "biller")}
    # Data days the patient had ("only 14 reading days this period") are the case to bill, like minutes someone spent.
    asks_bill = sc.asked == "bill" or any(f.who and not (f.who in billers and _AT_LEAST().search(sc.text[:f.at]))
                                          for f in counted) or len(counted) > 1 \
        or any(f.role in ("base", "total") for f in counted) or bool(sc.of("count", "unit")) \
        or (bool(data) and not (cue.get("search") and described_range(sc.text, counted + data)))  # "16+ days": a range
    # "can we bill another 99495", "we did 99496; another TCM (99495)?": the code's (or its family's) own rule
    repeat = bool(cue.get("repeat") and codes and (subjects == 1 or _family_again(sc, codes, voc)))
    # "we did TCM (a code, visit 10/8); readmitted, discharged again 10/18: a second TCM?": the family asked again
    again = bool(cue.get("repeat") and not codes and subjects == 1 and len(sc.of("event", "discharge")) > 1
                 and discharges_within(sc, voc))
    # "does that visit count as the contact?": what a requirement means, not which code the story earns
    repeat |= sc.asked != "bill" and any(f.value == "requirement" for f in sc.of("asked"))
    # "PCP saw him on day 6, the cardiologist on day 9 ... can both bill 99495?": one code's rule for two billers
    # minutes told per biller beside two practices ("if each has its own 20+ minutes") are no case to bill
    own = [f for f in counted if sc.of("practices") and _PER_BILLER().search(sc.text[:f.at])]
    repeat |= practices and subjects == 1 and (bool(codes) or bool(families)) and (
        (sc.asked != "bill" and not [f for f in counted if f not in own] and bool(codes)) or bool(_BOTH_BILL().search(sc.text)))
    if not numbers and named_together(sc.text, codes):
        return "pair"  # "bill the add-on X with Y in the same month?" whatever criteria facts the story tells
    which = bool(cue.get("compare_weak") or (cue.get("status_change") and sc.of("code", "billed")))  # "anything change?"
    if _criteria_case(voc, sc, codes, families, which) and not (cue.get("define") and not asks_bill) \
            and not repeat and not again:
        return "bill"  # "which TCM code: seen on day 5, high MDM"
    if again:
        return "pair"
    # "45 minutes ... drop to G2214, or can 99493 still be reported?": the minutes pick one of two codes of one family
    cue["pair_strong"] = cue.get("pair_strong") and not (counted and alternatives_asked(sc.text, codes, voc.code_family))
    # "an article says X and Y go in the same month. Our RN did 25 min ... what do we bill?": a pair said only in a claim
    if cue.get("pair_strong") and sc.claimed_at and counted and sc.ask is not None and sc.ask.kind == "bill":
        cue["pair_strong"] = any(i not in sc.claimed_at for i, _ in voc.intents["pair_strong"].find(sc.words))
    if subjects >= 2 and (cue.get("pair_strong") or (cue.get("pair_beside_billed") and cue.get("pair") and _beside_billed(sc, codes, voc))
                          or names_two_asked(voc, sc, codes)):
        return "pair"
    if (sc.ask or read_ask(voc, sc, codes)).pair:
        return "pair"  # the asking phrase names both codes ("can we bill X with the Y?", "X and Y same month?")
    # "99490, 99439 and 99491: which is the base code?": how the codes relate, not whether two of them go together
    if subjects >= 2 and codes and not numbers and (cue.get("primary_of") or cue.get("add_on_of")) \
            and {"which", "what"} & set(words):
        return "compare"
    if families and cue.get("family_more") and not numbers:
        return "family"
    if repeat and practices:
        return "pair"
    own_ask = [f for f in sc.of("asked") if f.value == "bill" and not sc.in_claim(f.words)]  # "says both can bill"
    if practices and subjects == 1 and not counted and not own_ask and sc.claims:
        return "pair"  # "a rep said two groups can only split the device code ... 10 days. Correct?": the one-biller rule
    told = bool(counted) or bool(sc.of("days", "data"))  # "98985 vs 98977, which one for 10 days?": the figures decide
    if subjects >= 2 and ((cue.get("compare") and not (told and (cue.get("compare_weak") or sc.asked == "bill")))
                          or (cue.get("compare_weak") and not numbers)):
        return "compare"
    if subjects >= 2 and numbers and (cue.get("compare_weak") or asks_bill):
        return "bill"  # "98977 or 98985 for 12 days": which of them the numbers earn
    if numbers and cue.get("search") and sc.asked != "bill" and described_range(sc.text, counted + data):
        return "search"  # "code for a consult by the consultant, 31 minutes or more": the code's range, no time spent
    if numbers and asks_bill:
        return "bill"  # "70 minutes with calls: what should the claim look like?"
    if numbers and _one_family_ladder(voc, codes) and sc.of("minutes", "spent", "total") and not cue.get("pair_strong"):
        return "bill"  # "45 min this month. 99490 + its add-on right?": the minutes pick the codes of one ladder
    weak = (cue.get("pair_weak") and (bool({"billable", "payable"} & set(words)) or _joins_subjects(sc))) \
        or _plus_asked(sc, bool(cue.get("checks_told")))
    if subjects >= 2 and (cue.get("pair") or cue.get("bill") or (weak and not numbers)):
        return "pair"
    again = any(f.role == "billed" for f in sc.of("code")) and any(
        f.role == "asked" and f.value in {g.value for g in sc.of("code", "billed")} for f in sc.of("code"))
    if subjects == 1 and codes and (cue.get("repeat") or cue.get("each_period") or practices or again) and not numbers:
        return "pair"  # the code's own rule: billed again ("we billed X; can the OT bill X too?"), or by a second practice
    if subjects == 1 and not codes and (practices or cue.get("repeat")) and not numbers:
        return "pair"  # "can two practices bill TCM?", "can TCM be billed twice?": the family's own rule
    spent = any(f.role in ("spent", "total") for f in counted)  # "95 minutes. 99492 for the first part?": a case
    # "Any code for this one? ... I spoke with her for 12 minutes": minutes spent in a told contact are a case to bill
    told_case = spent and bool(subjects or sc.of("family", "cue")) and bool(sc.of("event", "contact"))
    if numbers and (((codes or told_case) and spent) or not (cue.get("search") and not cue.get("bill") and not setup)):
        return "bill"
    if numbers:
        return "search"
    if bill_for_told(sc, codes):
        return "bill"  # "reviewed her video and wrote back; can we bill the code for that?": the story is the case
    if codes and not _OTHER_CODE().search(sc.text[max(f.at for f in sc.of("code")) if sc.of("code") else 0:]) \
            and not asks_item_by_words(sc.text):  # "what code do we use for X? we keep getting A rejected"
        return "define"
    if codes:
        return "search"  # "the strips are on the strip code, but what's the code for the lancets?": another item's code
    if subjects and (cue.get("changes") or cue.get("family")):
        return "family"
    if subjects and facets:
        return "search"
    if subjects and (cue.get("define") or cue.get("bill")):
        return "family"
    if subjects:
        return "search" if extra_words else "family"
    if cue.get("help") and len(words) <= 6:
        return "help"
    return "search"
