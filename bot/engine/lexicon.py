"""Lexicon: the scenario words of knowledge/vocabulary.yaml compiled once into phrase matchers with positions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from bot.engine.cue_combos import combined_cues

MAX_FILLERS = 3  # words a negation reaches across ("no other clinical staff time")
SUBJECT_GROUP_WORDS = 4  # words from a negated subject's group word to its verb ("nobody from our office called")
LIST_ITEM_WORDS = 3  # words of the list item before an "or" a negation covers ("no psychiatric consultant or registry")
_LIST_OR = {"or", "nor"}
NOT_FLAG = "!"  # the value prefix of a phrase that denies a flag
_TOKEN = re.compile(r"[a-z0-9]+(?:['/-][a-z0-9]+)*")
ABBREVIATIONS = ("st", "dr", "mr", "mrs", "ms", "vs", "jr", "sr", "no", "approx", "dept", "pt", "inc", "co")
# A clause ends at ? ! ; a line break, or a full stop that does not close an abbreviation ("St. Mary's").
# The abbreviations are tested after the full stop is found: before it, every position of the text would try them.
_CLAUSE_END = re.compile(r"[?!;\n]|\.(?=\s|$)" + "".join(rf"(?<!\b{a}\.)" for a in ABBREVIATIONS))
_Index = dict[str, list[tuple[list[str], str]]]  # a phrase's first (or last) word -> (its words, the phrase)


class Tok(NamedTuple):
    """One word of the read text with its character span and clause number."""

    word: str
    start: int
    end: int
    clause: int


class Hit(NamedTuple):
    """A phrase found in the token list: tokens [i, j), its value and the phrase."""

    i: int
    j: int
    value: object
    phrase: str


class Toks(list):
    """The tokens of a text, with their words kept beside them (every matcher of one question reads them)."""

    words: list[str]
    text: str = ""


@lru_cache(maxsize=8)  # one question's text is read by several stages: its tokens are shared, never changed
def tokenize(text: str) -> Toks:
    """Split lower-cased text into words with spans; a clause ends at ? ! ; a full stop or a line break (shared)."""
    ends = [m.start() for m in _CLAUSE_END.finditer(text)]
    out, clause, k = Toks(), 0, 0
    for m in _TOKEN.finditer(text):
        while k < len(ends) and ends[k] < m.start():
            clause, k = clause + 1, k + 1
        out.append(Tok(m.group(), m.start(), m.end(), clause))
    out.words, out.text = [t.word for t in out], text
    return out


class Matcher:
    """Phrases mapped to values, found leftmost-longest in a token list (number words in a phrase match digits,
    as the read text has them: "two practices" finds "2 practices")."""

    def __init__(self, mapping: dict[str, object], numbers: dict[str, int] | None = None) -> None:
        self._mapping, self._numbers = mapping, numbers
        # built on first use: one question consults only some of the vocabulary's word lists, and a cold
        # `codebot ask` would otherwise tokenize every phrase of every list
        self._tables: tuple[dict[str, object], _Index, _Index] | None = None
        self._starts: set[str] | None = None

    def _index(self) -> tuple[dict[str, object], _Index, _Index]:
        """The phrases (number words as digits) with their values, by first word and by last word, longest first."""
        if self._tables is None:
            values: dict[str, object] = {}
            for phrase, value in self._mapping.items():
                words = _TOKEN.findall(str(phrase).lower())
                if words:
                    values[" ".join(str(self._numbers[w]) if self._numbers and w in self._numbers else w
                                    for w in words)] = value
            by_first: _Index = {}
            by_last: _Index = {}
            for key in sorted(values, key=lambda k: -k.count(" ")):
                parts = key.split(" ")
                by_first.setdefault(parts[0], []).append((parts, key))
                by_last.setdefault(parts[-1], []).append((parts, key))
            self._tables = (values, by_first, by_last)  # one assignment: a thread never sees half the tables
        return self._tables

    def _first_words(self) -> set[str]:
        """The words the phrases start with (number words as digits), far cheaper than the tables."""
        if self._starts is None:
            starts = set()
            for phrase in self._mapping:
                if (first := _TOKEN.search(str(phrase).lower())) is not None:
                    word = first.group()
                    starts.add(str(self._numbers[word]) if self._numbers and word in self._numbers else word)
            self._starts = starts
        return self._starts

    @property
    def values(self) -> dict[str, object]:
        """Each phrase, as the read text has it, and its value."""
        return self._index()[0]

    def find(self, toks: list[Tok]) -> list[Hit]:
        """Every non-overlapping match with its token span and value; a phrase never spans punctuation ("this
        month, one call" holds no "month one")."""
        if self._tables is None and self._first_words().isdisjoint(t.word for t in toks):
            return []  # before the tables are built (a cold ask): a list none of whose first words occur hits nothing
        values, by_first, _by_last = self._index()
        words = toks.words if isinstance(toks, Toks) else [t.word for t in toks]
        if by_first.keys().isdisjoint(words):  # most lists hit nothing: one C-level pass instead of a word loop
            return []
        out, i = [], 0
        for s, word in enumerate(words):  # only the words a phrase starts with are tried, left to right
            if s < i or word not in by_first:
                continue
            for parts, key in by_first[word]:
                j = s + len(parts)
                if j == s + 1 or words[s:j] == parts and all(toks[k + 1].start - toks[k].end == 1 for k in range(s, j - 1)):
                    out.append(Hit(s, j, values[key], key))
                    i = j
                    break
        return out

    def ending_at(self, words: list[str], j: int) -> Hit | None:
        """The longest phrase that ends just before word j."""
        if j <= 0:
            return None
        values, _by_first, by_last = self._index()
        for parts, key in by_last.get(words[j - 1], ()):
            n = len(parts)
            if n <= j and words[j - n:j] == parts:
                return Hit(j - n, j, values[key], key)
        return None

    def starting_at(self, words: list[str], i: int) -> Hit | None:
        """The longest phrase that starts at word i."""
        if i >= len(words):
            return None
        values, by_first, _by_last = self._index()
        for parts, key in by_first.get(words[i], ()):
            if words[i:i + len(parts)] == parts:
                return Hit(i, i + len(parts), values[key], key)
        return None


def _flat(groups: dict[str, Iterable[str]] | None) -> dict[str, str]:
    """{"id": [phrase, ...]} into {phrase: id}."""
    return {str(p).lower(): str(k) for k, phrases in (groups or {}).items() for p in phrases or []}


def _same(phrases: Iterable[str] | None, value: object = True) -> dict[str, object]:
    return {str(p).lower(): value for p in phrases or []}


def _possessive(mapping: dict[str, object], owners: set[str]) -> dict[str, object]:
    """The phrases of performers who do the work they own (vocabulary possessive_performers) also in the possessive
    form ("our OT's portal replies": the OT did them; "the PCP's question" stays the asker's; "pt's" is the patient's)."""
    return {**{f"{p}'s": v for p, v in mapping.items() if v in owners and not p.endswith("s") and p != "pt"}, **mapping}


class Lexicon:
    """Every scenario word list of the vocabulary, compiled."""

    def __init__(self, voc: dict) -> None:
        inter = voc.get("interactive", {})
        self.numbers = {str(k).lower(): int(v) for k, v in (voc.get("number_words") or {}).items()}
        self.voc = voc  # the raw vocabulary, for stages that read a list of their own (engine/compared_workers.py)
        self.performers = self._m(_possessive({**_flat(voc.get("performers")), **_same(voc.get("not_performers"), "none")},
                                              {str(p) for p in voc.get("possessive_performers") or []}))
        self.personally = self._m(_same(voc.get("personally")))
        self.personally_own = {str(p) for p in voc.get("personally_own") or []}
        self.performer_links = self._m(_same(voc.get("performer_links")))
        self.directing_before = self._m(_same(voc.get("directing_before")))
        self.directing_after = self._m(_same(voc.get("directing_after")))
        self.credentials, self.credential_sides, self.patient_adverbs, self.bystanders = ({str(c) for c in voc.get(k) or []}
            for k in ("performer_credentials", "credential_sides", "patient_pronoun_adverbs", "bystander_performers"))
        self.patient_predicates = self._m(_same(voc.get("patient_pronoun_predicates")))  # "she was just diagnosed"
        self.condition_programs = {str(c): str(f) for f, cs in (voc.get("condition_programs") or {}).items() for c in cs or []}
        self.performer_by_family = [({str(w).lower() for w in r.get("words") or []}, {str(f) for f in r.get("families") or []},
                                     str(r.get("as", ""))) for r in voc.get("performer_by_family") or []]
        self.sole_condition_lead, self.subject_groups, self.negation_until, self.need_found = (
            {str(w).lower() for w in voc.get(k) or []} for k in ("sole_condition_lead", "subject_groups", "negation_until", "need_found"))
        self.negators = {str(n).lower() for n in inter.get("negators", [])}
        self.fillers = {str(self.numbers.get(str(f).lower(), str(f).lower())) for f in voc.get("negation_fillers", [])}
        self.negated_subjects = [tuple(str(self.numbers.get(w, w)) for w in _TOKEN.findall(str(s).lower()))
                                 for s in voc.get("negated_subjects") or []]
        self.pending_event = {str(k): {str(w).lower() for w in v} for k, v in (voc.get("pending_event") or {}).items()}
        self._negation_words = frozenset(self.negators | {w for s in self.negated_subjects for w in s}  # not "at", "of"
                                         | {"non", "nothing", "none"})
        roles = voc.get("code_roles", {})
        self.code_before = self._m({p: r for r in ("identifier", "context", "asked", "billed", "absent", "short")
                                    for p, r in _same(roles.get(f"{r}_before"), r).items()})
        self.code_after = self._m({**_same(roles.get("context_after"), "context"),
                                   **_same(roles.get("billed_after"), "billed"), **_same(roles.get("asked_after"), "asked")})
        self.asks = self._m(_flat(voc.get("asks")))
        self.practices = self._m(_same(voc.get("practices")))
        self.transmission = self._m(_flat(voc.get("transmission")))
        self.episode_month = self._m(_flat(voc.get("episode_month")))
        self.mdm = self._m(_flat(voc.get("mdm_levels")))
        self.mdm_order = list((voc.get("mdm_levels") or {}).keys())
        self.events = self._m({**_flat(voc.get("events")), **_same(voc.get("not_events"), "")})  # "": no event
        self.outside_parties = self._m(_same(voc.get("outside_parties")))
        places = voc.get("workplaces") or {}  # "a navigator at our oncology clinic": where the worker works
        self.workplace_before, self.workplace_nouns, self.workplace_roles = (
            {str(w) for w in places.get(k) or []} for k in ("before", "nouns", "roles"))
        self.settings = self._m(_flat(voc.get("settings")))
        claims = voc.get("claims") or {}
        self.claim_cues = self._m(_same(claims.get("cues")))
        self.rule_words = self._m(_same(claims.get("rule_words")))
        self.claim_strong = self._m(_same(claims.get("strong_cues")))
        self.claim_self_spoken = {str(c).lower() for c in claims.get("self_spoken") or []}  # "it says": its own speaker
        self.claim_sources = self._m(_same(claims.get("sources")))
        self.claim_records = self._m(_same(claims.get("records")))
        self.claim_work = self._m(_same(claims.get("work_words")))
        self.claim_ends = {str(w).lower() for w in claims.get("ends") or []}
        self.claim_ends_after_comma = {str(w).lower() for w in claims.get("ends_after_comma") or []}
        self.claim_subjects = {str(w).lower() for w in claims.get("subjects") or []}
        self.claim_defines, self.claim_labels = ({str(w).lower() for w in claims.get(k) or []} for k in ("defines", "labels"))
        self.claim_stand_ins, self.claim_back_refs = ({str(w).lower() for w in claims.get(k) or []} for k in ("stand_ins", "back_refs"))
        self.unrelated = self._m(_same(voc.get("unrelated")))
        self.new_problem = self._m(_same(voc.get("new_problem")))
        self.soonest = self._m(_same(voc.get("soonest")))
        # a flag_denials phrase states its flag is not met ("general BHI": no collaborative care); value "!flag"
        self.flags = self._m({**_flat(voc.get("flags")),
                              **{p: f"{NOT_FLAG}{k}" for p, k in _flat(voc.get("flag_denials")).items()}})
        # Phrases that look like a cue but are not one ("bp meds" is no reading) map to "" and are dropped.
        not_cues = _same(voc.get("not_family_cues"), "")
        self.family_cues = self._m({**_flat(voc.get("family_cues")), **combined_cues(voc.get("family_cue_combos")), **not_cues})
        self.weak_family_cues = self._m({**_flat(voc.get("weak_family_cues")), **not_cues})
        self.conditions = self._m(_flat(voc.get("chronic_conditions")))
        former = voc.get("family_former") or {}
        self.family_from = self._m(_same(former.get("from")))
        self.family_switch = self._m(_same(former.get("switch")))
        self.family_to = self._m(_same(former.get("to")))
        self.family_ruled_out = self._m(_same(former.get("ruled_out")))
        compared = voc.get("family_compared") or {}
        self.compared_cues = self._m(_same(compared.get("cues")))
        self.compared_rule_words = self._m(_same(compared.get("rule_words")))
        self.compared_not_after = {str(w).lower() for w in compared.get("not_after") or []}
        self.condition_added = self._m(_same(voc.get("condition_added")))
        self.flag_ended = self._m(_same(voc.get("flag_ended")))
        self.interactive = self._m(_same(inter.get("positive")))
        self.failed = self._m(_same(inter.get("failed")))
        self.asynchronous = self._m(_same(inter.get("asynchronous")))
        self.months = {str(k).lower(): int(v) for k, v in (voc.get("months") or {}).items()}
        self.relative_months = {str(k).lower(): int(v) for k, v in (voc.get("relative_months") or {}).items()}
        self.month_phrases = self._m(self.relative_months)  # "last month", "this month"
        self.weekdays = {str(k).lower(): int(v) for k, v in (voc.get("weekdays") or {}).items()}
        self.day_ordinals = {str(k).lower(): int(v) for k, v in (voc.get("day_ordinals") or {}).items()}
        self.relative = self._m({str(k).lower(): int(v) for k, v in (voc.get("relative_days") or {}).items()})
        cues, days = voc.get("minute_cues") or {}, voc.get("day_cues") or {}
        self.minute_before = self._m(_flat(cues.get("before")))
        self.minute_after = self._m(_flat(cues.get("after")))
        self.uncounted = self._m(_same(cues.get("uncounted")))
        self.during_stay = self._m(_same(cues.get("during_stay")))
        self.setup_time = self._m({**_same(cues.get("setup_subject"), "subject"), **_same(cues.get("setup_time"))})
        self.stated_reach = self._m(_same(cues.get("stated_reach")))  # "pt hit 30 min": time spent, told
        self.reach_asks = {str(w).lower() for w in cues.get("reach_asks") or []}
        self.consent_dated = self._m(_same(cues.get("consent_dated")))
        self.approximations = {str(w).lower() for w in voc.get("approximations") or []}
        self.day_before = self._m({**_same(days.get("not_data_before"), "period"), **_same(days.get("later_before"), "later"),
                                   **{p: r for r in ("threshold", "below", "above") for p in _same(days.get(f"{r}_before"), r)}})
        self.day_after = self._m({**_same(days.get("period_after"), "period"), **_same(days.get("later_after"), "later"),
                                  **_same(days.get("earlier_after"), "earlier")})
        self.day_held, self.day_data, self.day_daily = (self._m(_same(days.get(k))) for k in ("held", "data_words", "daily"))
        self.day_lengths = {int(n) for n in days.get("period_lengths") or []}  # "30 days" told bare: a period's length

    def _m(self, mapping: dict) -> Matcher:
        """A matcher whose number words match the digits the read text holds."""
        return Matcher(mapping, self.numbers)

    def negated_indexes(self, toks: Toks) -> set[int]:
        """The indexes of the tokens a negation covers."""
        if self._negation_words.isdisjoint(toks.words):  # a negation needs one of these words: most texts have none
            return set()
        return {i for i in range(len(toks)) if self.negated(toks, i)}

    def negated(self, toks: list[Tok], i: int) -> bool:
        """Whether a negator stands just before token i (fillers may sit between), in the same clause; a negation
        covers every item of its "or"/"nor" list ("no psychiatrist or psychiatric consultant")."""
        k = self._before_fillers(toks, i)
        if k < 0 or toks[k].clause != toks[i].clause:
            return False
        if toks[k].word in self.negators or toks[k].word == "non" or self._negated_subject(toks, i):
            return True
        if toks[k].word == "nothing" and toks[k + 1].word in ("by", "from", "in", "at"):  # "nothing at the office", not "bill nothing"
            return True
        if toks[i - 1].word == "by" and self._nothing_passive(toks, i - 1):  # "nothing was done by staff"
            return True
        # the "or" may stand a few words back ("no psychiatrist or care registry")
        k = next((j for j in range(i - 1, max(-1, i - 1 - LIST_ITEM_WORDS), -1)
                  if toks[j].clause == toks[i].clause and toks[j].word in _LIST_OR), -1)
        return k >= 0 and any(
            toks[m].clause == toks[i].clause and toks[m].word not in _LIST_OR and self._negated_here(toks, m)
            for m in range(k - 1, max(-1, k - 1 - LIST_ITEM_WORDS), -1))

    def _nothing_passive(self, toks: list[Tok], k: int) -> bool:
        """"Nothing was done by staff", "none of it was performed by the MA": the agent after "by" did nothing."""
        words = {toks[j].word for j in range(max(0, k - 5), k) if toks[j].clause == toks[k].clause}
        return bool({"was", "were"} & words and {"nothing", "none"} & words)

    def _negated_subject(self, toks: list[Tok], i: int) -> bool:
        """"Nobody from our office called": a negated subject, then the group it belongs to, right before token i."""
        for g in range(i - 1, max(-1, i - 1 - SUBJECT_GROUP_WORDS), -1):
            if toks[g].clause != toks[i].clause:
                return False
            if toks[g].word in self.subject_groups:
                if re.search(r"[(),]", getattr(toks, "text", "")[toks[g].end:toks[i].start]):
                    return False  # "(none of it RPM), RN 22 min": the aside's negation ends at its bracket
                before = tuple(t.word for t in toks[max(0, g - 2):g] if t.clause == toks[i].clause)
                return any(before[-len(s):] == s for s in self.negated_subjects if s)
        return False

    def _before_fillers(self, toks: list[Tok], i: int) -> int:
        """The index of the first word before token i that is not a filler (-1 at the start)."""
        k = i - 1
        while k >= max(0, i - MAX_FILLERS - 1) and toks[k].clause == toks[i].clause and toks[k].word in self.fillers:
            k -= 1
        return k

    def _negated_here(self, toks: list[Tok], i: int) -> bool:
        """A negator right before token i (fillers between), without following a list further back."""
        k = self._before_fillers(toks, i)
        return (k >= 0 and toks[k].clause == toks[i].clause and (toks[k].word in self.negators or toks[k].word == "non")
                or self._negated_subject(toks, i))
