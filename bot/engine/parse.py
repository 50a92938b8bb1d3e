"""parse_question: the scenario reading of clean text, and the Question (intent, codes, minutes, days...) from it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.engine.claims import outside_claims
from bot.engine.counts import FREQUENCY
from bot.engine.cue_workers import story_cue_family
from bot.engine.data_days import period_days
from bot.engine.day_periods import day_periods
from bot.engine.billed_visit import billed_visits_as_context
from bot.engine.told_work import told_work_families
from bot.engine.asking import read_ask
from bot.engine.contact_month import contact_in_month
from bot.engine.interaction import read_interactive
from bot.engine.intent import ASKS_ON, criteria_story, decide_intent, names_two_asked, only_named_together, repeat_cue
from bot.engine.billed_month import billed_month_minutes
from bot.engine.lexicon import Lexicon
from bot.engine.minute_shares import billed_apart, visit_length
from bot.engine.minutes import read_minutes
from bot.engine.named_dates import service_year
from bot.engine.own_rule import own_rule_codes
from bot.engine.instead import retie_instead
from bot.engine.typos import MIN_TYPO_WORD, correct_typos
from bot.engine.phrases import PhraseSet, tokens
from bot.engine.placeholders import pick_placeholder, placeholder_codes
from bot.engine.slash_names import spell_equals, split_slashed
from bot.engine.spoken_time import spoken_number
from bot.engine.told_family import told_family
from bot.engine.reader import read_scenario
from bot.engine.family_named import family_named_codes
from bot.engine.family_refused import own_visits, without_refused
from bot.engine.family_billed import mark_billed_families
from bot.engine.scenario import Scenario
from bot.engine.document_years import YEAR as _YEAR, document_year_pattern, service_years
from bot.engine.setup_read import SetupWords
from bot.engine.quoted_codes import quoted_subjects
from bot.engine.sides import assign_sides, titled_practitioners, two_billers
from bot.engine.stated_variant import stated_variant
from bot.engine.clock_time import normalize
from bot.kb.store import KnowledgeBase
from bot.engine.patterns import lazy

_NEAR_CODE = re.compile(r"(?<![\w$.])([A-Za-z]\d{3,5}|\d{4}|\d{6})(?![\w])")
_WORD = re.compile(r"[a-z0-9][a-z0-9'+-]*")
_SHORTHAND_WITH = re.compile(r"\bw/(o\b)?\s*")  # "w/ an established pt", "w/o a call"
_OR = re.compile(r"\bor\b(?!\s+(?:" + "|".join(sorted(ASKS_ON)) + r")\b)")  # "or does X..." asks on
_BILLED_OBJECT = lazy(r"\b(?:bill|report|code|billing)\s+(?:the|an?|that|this|our)?\s*$")  # "bill the office visit"
_BILLED_SUBJECT = lazy(r"^\s*(?:(?:be|get|gets|is|are)\s+(?:billed|reported|coded|paid)|(?:(?:is|are)\s+)?(?:separately\s+)?"
                             r"(?:billable|reportable|payable))\b")  # "can the visit be billed"
_SCENARIO_GROUPS = ("performers", "personally", "asks", "practices", "events", "unrelated", "soonest", "family_cues",
                    "weak_family_cues", "settings", "new_problem")


@dataclass(frozen=True, slots=True)
class Question:
    """What the parser understood from one question."""

    text: str
    intent: str
    codes: list[str] = field(default_factory=list)  # asked about or billed already (not a visit's code)
    near_codes: list[str] = field(default_factory=list)
    families: list[str] = field(default_factory=list)
    minutes: int | None = None
    days: int | None = None
    day_periods: list[tuple[str, int]] = field(default_factory=list)  # data days per 30-day period, when several
    interactive: bool | None = None
    year: int | None = None
    setup: bool = False
    changes: bool = False
    repeat: bool = False
    add_on_of: bool = False
    primary_of: bool = False
    different_practitioner: bool = False
    separate_service: bool = False  # "a new ankle injury", "an unrelated problem": the other service stands apart
    asynchronous: bool = False
    roles: list[str] = field(default_factory=list)
    variant: str | None = None
    words: list[str] = field(default_factory=list)
    context_codes: list[str] = field(default_factory=list)  # codes named only as context ("the office visit coded ...")
    placeholders: list[tuple[str, str]] = field(default_factory=list)  # (an older article's temporary id, its code)
    practices: bool = False  # two practices or practitioners bill for the same patient
    two_named: bool = False  # one question names two programs' services joined by "and" (intent.names_two_asked)
    alternatives: bool = False  # "X or Y?", "which one": the codes are alternatives to choose between
    open_choice: bool = False  # "X or something else?": the named code is one candidate, the facts pick the ladder
    weak_families: list[str] = field(default_factory=list)  # families named only by a context alias ("office visit")
    scenario: Scenario | None = None
    original: str = ""  # the clean question as written (a clarify choice repeats it with the chosen fact)


class Vocabulary:
    """Phrase lists from knowledge/vocabulary.yaml and the family aliases, compiled once."""

    def __init__(self, kb: KnowledgeBase) -> None:
        voc = kb.vocabulary
        self.intents = {k: PhraseSet(v) for k, v in (voc.get("intents", {}) | {"status_change": voc.get("status_change") or []}).items()}
        self.choice_cues = PhraseSet(p for p in voc.get("intents", {}).get("compare_weak", []) if p != "or")
        inter = voc.get("interactive", {})
        self.interactive = PhraseSet(inter.get("positive", []))
        self.negators = {n.lower() for n in [*inter.get("negators", []), *inter.get("call_negators", [])]}
        self.asynchronous = PhraseSet(inter.get("asynchronous", []))
        self.failed = PhraseSet(inter.get("failed", []))
        self.fillers, self.channel = ({f.lower() for f in inter.get(k, [])} for k in ("fillers", "channel_tails"))
        self.generic, self.video = ({g.lower() for g in inter.get(k, [])} for k in ("generic", "video"))
        self.reach, self.reach_breaks = ({w.lower() for w in inter.get(k, [])} for k in ("reach_verbs", "reach_breaks"))
        self.setup_words = SetupWords(voc)
        self.instead = PhraseSet(voc.get("instead_after", []))
        self.separate_service = PhraseSet(voc.get("separate_service", []))
        self.told_work = {str(f): (set(v.get("beside") or []), PhraseSet(v.get("words") or []))
                          for f, v in (voc.get("told_work") or {}).items()}
        self.roles = {k: PhraseSet(v) for k, v in voc.get("role_words", {}).items()}
        self.variants = {k: PhraseSet(v) for k, v in voc.get("variant_words", {}).items()}
        self.stopwords = {w.lower() for w in voc.get("stopwords", [])}
        self.numbers = {str(k).lower(): int(v) for k, v in voc.get("number_words", {}).items()}
        self.spellings = {str(k).lower(): str(v) for k, v in (voc.get("spellings") or {}).items()}
        self.spelling_pattern = re.compile(r"\b(" + "|".join(map(re.escape, self.spellings)) + r")\b") if self.spellings else None
        self.targets, self.known = _word_lists(kb, voc)
        self.placeholders = placeholder_codes(kb)
        self.placeholder_pattern = re.compile(r"\b(" + "|".join(map(re.escape, self.placeholders)) + r")\b") if self.placeholders else None
        self.hints = PhraseSet(h for t in kb.tracks for h in t.hints)
        words = "|".join(sorted(self.numbers, key=len, reverse=True)) or "(?!)"
        # the lookahead on the words' first letters lets the engine skip the other positions in C instead of trying
        # every number word at each one (4x faster, same matches)
        firsts = re.escape("".join(sorted({w[:1] for w in self.numbers})))
        ahead = f"(?=[{firsts}])" if self.numbers and all(self.numbers) else ""
        self.number_pattern = re.compile(rf"\b{ahead}({words})(?:[\s-]+({words}))?\b", re.I)
        self.family_of = {a: t for a, (kind, t) in kb.aliases.items() if kind == "family"}
        self.family_pattern = PhraseSet(self.family_of)
        self.family_words = {w for alias in self.family_of for w in _WORD.findall(alias)}
        self.context_aliases = {a for f in kb.families.values() for a in f.context_aliases}
        self.lexicon = Lexicon(voc)
        self.criteria_families = {t.family for t in kb.tracks for c in t.codes if c in kb.codes and kb.codes[c].rule.requires
                                  and kb.codes[c].rule.basis == "none" and t.when not in ("explicit", "setup")}
        self.criteria_requires = {f: [kb.codes[c].rule.requires for t in kb.tracks if t.family == f for c in t.codes
                                      if c in kb.codes and kb.codes[c].rule.requires] for f in self.criteria_families}
        self.meta = kb.meta
        self.document_years = document_year_pattern(*([str(w) for w in voc.get(k) or []] for k in ("document_words", "last_contact_words")))
        self.code_family = {c.code: c.family for c in kb.codes.values()}
        self.add_on_to = {c.code: frozenset(c.add_on_to) for c in kb.codes.values() if c.add_on_to}


_LETTERS = re.compile(r"[a-z]{%d,}" % MIN_TYPO_WORD)


def _words_of(texts) -> set[str]:
    return set(_LETTERS.findall(" ".join(map(str, texts)).lower()))


def _scenario_phrases(voc: dict) -> list[str]:
    """Every phrase of the scenario vocabulary (grouped lists and mappings alike)."""
    out: list[str] = []
    for name in _SCENARIO_GROUPS + ("transmission", "episode_month", "mdm_levels", "flags", "code_roles",
                                    "chronic_conditions", "minute_cues", "day_cues", "not_family_cues", "not_events", "claims",
                                    "not_performers", "family_former", "flag_denials", "requirement_topics", "requirement_asks"):
        group = voc.get(name) or []
        values = group.values() if isinstance(group, dict) else [group]
        for v in values:  # minute_cues and day_cues nest one level deeper
            out += [str(p) for w in (v.values() if isinstance(v, dict) else [v]) for p in (w or [])]
    for name in ("months", "weekdays", "relative_days", "number_words"):  # "eighty" is no misspelt "eight"
        out += list((voc.get(name) or {}).keys())
    return out


def _word_lists(kb: KnowledgeBase, voc: dict) -> tuple[list[str], set[str]]:
    """Words a misspelling may be corrected to (vocabulary, hints, aliases, titles), and all known words."""
    phrases = [p for group in ("intents", "role_words", "variant_words") for ps in voc.get(group, {}).values() for p in ps]
    phrases += voc.get("interactive", {}).get("positive", []) + voc.get("setup_words", [])
    phrases += [h for t in kb.tracks for h in t.hints] + list(kb.aliases)
    phrases += [c.title for c in kb.codes.values()] + [f.name for f in kb.families.values()]
    targets = _words_of(phrases)
    known = targets | _words_of(c.summary for c in kb.codes.values()) | _words_of(voc.get("stopwords", []))
    known |= _words_of(_scenario_phrases(voc))
    # the words a named criterion reads ("the patient practiced": not "corrected" to "practice") are known as said
    known |= _words_of(str(p) for c in (kb.meta.get("criteria") or {}).values() for k in ("yes_words", "no_words")
                       for p in c.get(k) or [])
    return sorted(targets), known


def _cue(voc: Vocabulary, name: str, words: list[str]) -> bool:
    phrases = voc.intents.get(name)
    return phrases is not None and phrases.any(words)


def _digits(text: str, voc: Vocabulary) -> str:
    """Turn number words into digits ("forty-five" -> "45") so minutes and days read the same either way."""
    def value(m: re.Match) -> str:
        first, second = voc.numbers[m.group(1).lower()], m.group(2)
        joined = spoken_number(first, voc.numbers[second.lower()]) if second else None
        return str(joined) if joined is not None else str(first) + (f" {voc.numbers[second.lower()]}" if second else "")
    return voc.number_pattern.sub(value, text)


def _extra_words(low: str, voc: Vocabulary) -> bool:
    """Whether the question says more than a family's name ("tcm high complexity" versus "tcm")."""
    words = {w for w in _WORD.findall(low) if w not in voc.stopwords}
    return bool(words - voc.family_words)


def _minutes(sc: Scenario, voc: Vocabulary) -> int | None:
    """The question's minutes for one calendar month (the first month when it names several)."""
    months = {**voc.lexicon.months, **voc.lexicon.relative_months}
    reading = read_minutes(sc, "calendar_month", voc.meta.get("period_days", {}), months, voc.lexicon.weekdays)
    return reading.periods[0].minutes if reading.periods else None


def dated_visit_in_call(sc) -> bool:
    """A visit with its own day ("an office visit last Friday") in a question about a call or a message: an event
    around the service, not the service."""
    dated = any(v.day is not None for v in sc.of("event", "visit") if not v.negated)
    return dated and bool(sc.of("event", "contact") or sc.of("family", "cue") or sc.of("family", "weak_cue"))


def _earlier_visit_only(sc, past: list[str]) -> bool:
    """Every visit told beside a call's or a message's cue is denied or an earlier one ("no visit; her last office
    visit was in February"): background to the message, not the service."""
    visits = [v for v in sc.of("event", "visit") if not v.negated]
    return bool(visits and sc.of("family", "cue")) and all(
        set(sc.text[:v.at].lower().split()[-2:]) & set(past) for v in visits)


def _visit_background(sc, weak: list[str]) -> bool:
    """A visit named beside another family's cue, with the minutes spent by someone who is not the practitioner ("Dr.
    Lam started navigation at his office visit; our navigator logged 70 minutes"): the visit is the story's start."""
    cued = any(f.value not in weak for f in sc.of("family", "cue"))
    return cued and any(m.who and m.who != "physician" for m in sc.of("minutes"))


def _alternatives(sc: Scenario, voc: Vocabulary, words: list[str]) -> bool:
    """Whether the question offers codes to choose between: "X or Y", "which one", "better" (an "or" elsewhere,
    "is that OK, or how should it go?", offers no choice)."""
    if voc.choice_cues.any(words):
        return True
    named = sorted((f.at, f.at + len(f.words)) for f in sc.facts if f.kind in ("code", "family") and f.role != "cue")
    return any(b_end <= m.start() and m.end() <= a_start and m.start() - b_end <= 12 and a_start - m.end() <= 12
               for m in _OR.finditer(sc.text) for (_s, b_end), (a_start, _e) in zip(named, named[1:]))


def _named_families(sc, voc: Vocabulary) -> tuple[list[str], list[str]]:
    """Families the question names, and those named only by a context alias ("office visit"), which come last."""
    named = own_visits(without_refused(sc, outside_claims(sc, sc.of("family", "named", "billed"), voc.code_family),
                                      voc.lexicon.voc), sc.text, voc.context_aliases)  # "the TCM office visit": TCM's
    stated = [(f.at, f.at + len(f.words)) for f in sc.of("count", "chronic_conditions")]
    facts = [f for f in named if any(a <= f.at < b for a, b in stated)]  # "a single chronic condition": a fact, not PCM
    if len(facts) < len(named):
        named = [f for f in named if f not in facts]
    strong = list(dict.fromkeys(f.value for f in named if " ".join(f.words.lower().split()) not in voc.context_aliases
                                or _BILLED_OBJECT().search(sc.text[:f.at])
                                or _BILLED_SUBJECT().match(sc.text[f.at + len(f.words):])))
    return strong, [f for f in dict.fromkeys(f.value for f in named) if f not in strong]


def parse_question(text: str, voc: Vocabulary) -> Question:
    """Parse clean question text (see clean.clean_text) into a Question."""
    low = text.lower()
    if voc.spelling_pattern is not None:
        low = voc.spelling_pattern.sub(lambda m: voc.spellings[m.group(1)], low)
    held = list(dict.fromkeys((m.group(1).upper(), pick_placeholder(voc.placeholders[m.group(1)], low))
                              for m in voc.placeholder_pattern.finditer(low))) if voc.placeholder_pattern else []
    if held:  # "GMBT1" from an article on the proposed rule: read as the final code it became
        low = voc.placeholder_pattern.sub(lambda m: dict(held)[m.group(1).upper()].lower(), low)
    low = _SHORTHAND_WITH.sub(lambda m: "without" if m.group(1) else "with ", correct_typos(low, voc.known, voc.targets))
    numeric = normalize(_digits(spell_equals(split_slashed(low, voc.family_of)), voc))
    sc = read_scenario(numeric, text, voc.lexicon, voc.family_of, voc.code_family)
    mark_billed_families(voc.lexicon, sc, voc.code_family)  # "pt is on APCM with us; can we bill (a CCM code) too?"
    kinds = voc.meta.get("performer_counts_as") or {}
    titled_practitioners(sc, kinds, voc.lexicon.voc.get("job_roles") or ())  # "Dr. Ames, our psychologist": the psychologist
    assign_sides(sc, kinds)  # "Dr. Lee" on "the PCP side": the PCP's time
    subjects = {f.value for f in sc.of("family")} | {voc.code_family.get(c, "") for c in sc.codes("asked")} - {""}
    sc.facts = billed_apart(numeric, sc.facts, voc.code_family, subjects, visit_length(voc.meta, subjects))
    retie_instead(sc, voc.code_family, voc.instead)  # "33 min of CCM ... can we bill the PCM code instead?"
    billed_visits_as_context(sc, voc.code_family, voc.meta)  # "...and did a (visit code). Bill the check-in too?"
    words = tokens(FREQUENCY.sub(" ", low))  # "3 times a day" is how often, not a repeat cue
    codes = sc.codes("asked", "billed", "absent", "short")  # a code whose minimum is not reached is not billed either
    if not codes:  # "is there a minimum time for a 99211 nurse visit?", "the phone E/M codes (codes)": the code is the subject
        codes = family_named_codes(sc) if sc.of("family") else sc.codes("context")
    strong, weak = _named_families(sc, voc)
    if weak and not strong and (criteria_story(voc, sc, codes) or dated_visit_in_call(sc) or _visit_background(sc, weak)
                            or _earlier_visit_only(sc, voc.lexicon.voc.get("past_visit_before") or [])) \
            and not names_two_asked(voc, sc, codes):  # "... bill X plus the office visit?": the visit asked beside X
        sc.facts, weak = [f for f in sc.facts if not (f.kind == "family" and f.value in weak)], []  # "office visit Friday": an event
    weak += told_work_families(voc.told_work, words, strong + weak)  # "her AWV, and the doctor adjusted her meds"
    sc.facts = billed_month_minutes(sc, voc.lexicon.months, voc.lexicon.voc)  # "25 in March and we billed March"
    minutes, days = _minutes(sc, voc), period_days(data_days := sc.of("days", "data"), voc.lexicon.months)
    # a criteria story beside the claim ("labels G0556 as level 3 ... two conditions, QMB: which code?") is a case to bill
    told = minutes is not None or days is not None or criteria_story(voc, sc, sc.codes("quoted"))
    codes, quoted_families = quoted_subjects(sc, voc.code_family, codes, bool(strong or weak), told)
    codes, billed_context = own_rule_codes(sc, codes, voc.intents.get("repeat"))  # "billed X; can we bill Y twice?"
    strong += quoted_families
    families = strong + weak
    context = [c for c in sc.codes("context", "quoted") if c not in codes] + billed_context
    ranged = sc.codes("range")
    near = [c.upper() for c in _NEAR_CODE.findall(text) if not _YEAR.fullmatch(c) and c.upper() not in codes + context + ranged]
    year = service_year(text, voc.lexicon.months, next(((f.when, f.at) for f in reversed(sc.of("minutes") + data_days)), None),
                        service_years(text, voc.document_years))  # "a 2025 article about the 2026 changes": 2026
    setup = voc.setup_words.asked(voc.lexicon.negators, sc, words)
    roles = [r for r, phrases in voc.roles.items() if phrases.any(words)]
    variant = stated_variant(voc.variants, low, sc.claims)
    practices = bool(sc.of("practices")) or _cue(voc, "different_practitioner", words) or two_billers(sc, kinds)
    numbers = minutes is not None or days is not None or bool(sc.of("minutes", "below"))
    facets = bool(roles or variant or voc.hints.any(words))
    sc.ask = read_ask(voc, sc, codes)  # what the asking sentences say outright, whatever the story's cue words
    sc.asked = "bill" if sc.ask.kind == "bill" else sc.asked  # "what actually goes on the claim": an open bill ask
    intent = decide_intent(words, voc, sc, codes, strong or weak, numbers, setup, facets, _extra_words(low, voc), practices)
    if strong and weak and intent != "bill":  # "office visit with CCM": the context alias is a subject after all
        both = decide_intent(words, voc, sc, codes, families, numbers, setup, facets, _extra_words(low, voc), practices)
        intent = both if both in ("pair", "compare") else intent
    families = families if intent != "pair" or numbers else only_named_together(sc.text, codes, families, voc.code_family)
    # "navigator, cancer: CHI or PIN?" asks which fits the story; "CHI vs PIN, what's the difference?" asks both
    if intent == "compare" and not _cue(voc, "difference", words) and (told := told_family(sc, codes, families)):
        intent, families = "family", [told]
    return Question(
        text=low, intent=intent, codes=codes, near_codes=near, families=families, minutes=minutes, days=days,
        day_periods=day_periods(data_days, voc.lexicon.months),
        interactive=contact_in_month(sc, read_interactive(words, voc), voc.lexicon.months), year=year, setup=setup, changes=_cue(voc, "changes", words),
        repeat=repeat_cue(voc, words), add_on_of=_cue(voc, "add_on_of", words),
        primary_of=_cue(voc, "primary_of", words), different_practitioner=practices,
        asynchronous=voc.asynchronous.any(words), roles=roles, variant=variant,
        words=[w for w in _WORD.findall(low) if w not in voc.stopwords], context_codes=context, practices=practices,
        placeholders=held, scenario=sc, original=text, alternatives=_alternatives(sc, voc, words), weak_families=weak,
        open_choice=_cue(voc, "open_choice", words), separate_service=voc.separate_service.any(words),
        two_named=names_two_asked(voc, sc, codes),
    )
