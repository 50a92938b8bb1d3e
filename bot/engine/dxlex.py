"""Read a diagnosis question into concepts: each thing the coder said, with the ways the tabular may word it
(knowledge/dx_synonyms.yaml), whether it is context only, and the words the defaults imply when a detail is missing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.engine.dxcounts import band, repeated, weeks, whole_numbers, without_joining_both
from bot.engine.dxjoined import JoinedRule, joined
from bot.engine.dxnegate import clause_starts, cue_at, ends_scope, lead_in
from bot.engine.dxframe import said_once, story_pattern, uncertain_pattern, unframed, without_uncertain
from bot.engine.dxgestation import Gestation, read_weeks
from bot.engine.dxtokens import norm, plain, tokens
from bot.engine.dxwords import CUE_PATTERN, NOISE, ORDINAL_FRAMES, PAIRED, SHORTHAND

FILLER = {"of", "and", "the", "with", "in", "on", "to", "for", "a", "an", "or", "by", "as", "due", "nos", "at", "from"}
ROMAN = ("i", "ii", "iii", "iv", "v", "vi")  # in order: "iii" is 3
_COUNTS = {"a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "few", "several"}
_SPANS = {"day", "days", "week", "weeks", "month", "months", "year", "years"}
NUMBERED = {"type", "class", "stage", "grade", "degree", "phase", "level"}
ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth"}  # "first trimester", but also "which goes first"
HAND = "__hand__"  # marks a handedness phrase in the phrase map
_SENTENCE = re.compile(r"[.?!;](?=\s|$)|\n")
_PARENS = re.compile(r"\(([^()]*)\)")
_CLAUSE = re.compile(r"[,:]")  # a negation ends with its clause ("no falls, unsteady")
WITHOUT = (("without",),)
_CODE_SHAPED = re.compile(r"^[a-z]\d\w{2}")
_DECADE = re.compile(r"^\d+s$|^x\d+$")  # "sugars in the 300s", "in her 80s": a range; "x5 days": how long
_SEARCH_CUE = re.compile(r"\bcodes? for\b")
# "the OA is gone now", "her anemia has resolved": a condition said to be over, told after its name
_OVER = re.compile(r"\b([a-z0-9]+(?: [a-z0-9]+)?) (?:is|was|has|had) (?:now |since |already |completely )?"
                   r"(?:gone|resolved|healed|cured|no longer (?:there|present|an issue))\b")


@dataclass(frozen=True, slots=True)
class Concept:
    """One thing the question says, and every wording of it the tabular may use (any one present = said)."""

    said: str
    phrasings: tuple[tuple[str, ...], ...]
    optional: bool = False  # context: used when something holds it, never counted against an answer
    not_with: tuple[str, ...] = ()  # a text with any of these words does not say it ("dominant" in "non-dominant")
    parts: int = field(default=1, compare=False)  # words said as one fact ("stage 4": two), for the share left unused
    was: tuple[tuple[str, ...], ...] = field(default=(), compare=False)  # its phrasings before a `joined` rule read it
    # each phrasing's normalised words, folded once: a search tests one concept against thousands of texts
    normed: tuple[frozenset[str], ...] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "normed", tuple(frozenset(norm(w) for w in ph) for ph in self.phrasings))

    def words(self) -> set[str]:
        """Every normalised word of every phrasing."""
        return set().union(*self.normed)

    def held_by(self, words: set[str]) -> bool:
        """Whether a text with these (normalised) words says this concept."""
        return any(ph <= words for ph in self.normed) and words.isdisjoint(self.not_with)


@dataclass(slots=True)
class Reading:
    """The concepts of a question and the words its defaults imply."""

    concepts: list[Concept] = field(default_factory=list)
    implied: set[str] = field(default_factory=set)
    said_with: bool = False  # the question says "with" (a code that says "without" contradicts it)
    said_without: bool = False  # the question says "no" or "without" (a code's "without ..." words may answer it)
    absent: list[Concept] = field(default_factory=list)  # what the question says is not there ("no falls")
    defaults: list[frozenset[str]] = field(default_factory=list)  # each default's words, for the code that has them
    denied: list[Concept] = field(default_factory=list)  # denied concepts searched as said (a code's "without" says them)
    systemic: list[tuple[Concept, tuple[str, ...]]] = field(default_factory=list)  # coded first, and its wording alone
    after: dict = field(default_factory=dict)  # codes never listed first (external causes): their letters, the note
    leads: tuple[str, ...] = ()  # how the titles of codes listed first begin (the encounter the visit is for)
    status_leads: tuple = ()  # (status title words, lead title, note): the aftercare code a told visit puts first
    exams: tuple = ()  # (exam title start, findings words, finding letters, note): an exam beside what it found
    also: tuple = ()  # (code title, added title, note): a second code of its category the question's words call for
    weeks: Gestation | None = None  # the weeks of a pregnancy the question states
    uncertain: list[str] = field(default_factory=list)  # uncertain conditions left unread ("likely uti")

    @property
    def required(self) -> list[Concept]:
        """The concepts an answer must account for."""
        return [c for c in self.concepts if not c.optional]

    def accounted(self) -> set[str]:
        """Words a code may carry without being penalised: said in any wording, or implied."""
        return {w for c in self.concepts + self.absent for w in c.words()} | self.implied

    def words_said(self) -> set[str]:
        """Every normalised word of every concept, context ones too (what the question tells, in any wording)."""
        return {w for c in self.concepts for w in c.words()}

    def words(self) -> list[str]:
        """The question's own words, in order (for messages and 7th-character reading)."""
        return [w for c in self.concepts for w in c.phrasings[0]]


class Lexicon:
    """The diagnosis words of the knowledge, ready to read questions with."""

    def __init__(self, dx_words: dict) -> None:
        self.phrases: dict[tuple[str, ...], tuple[tuple[tuple[str, ...], ...], bool]] = {}
        for entry in dx_words.get("synonyms", []):
            means = tuple(tuple(w for w in tokens(m) if w not in FILLER) for m in entry["means"])
            for lay in entry["lay"]:
                words = [w for w in tokens(lay) if len(w) > 2 and w not in FILLER]
                own = tuple(w for w in words if w not in NOISE)
                whole = len(own) == len([w for w in tokens(lay) if w not in FILLER]) and tokens(lay)[:1] != ["no"]
                # "keeps falling" without "keeps" is any fall, "no organism" without "no" an organism, "vitamin d
                # deficiency" without its "d" any vitamin's: their meaning only
                phrasings = ((own,) if own and whole and own not in means else ()) + means
                self.phrases[tuple(tokens(lay))] = (phrasings, bool(entry["optional"]))
        dom = dx_words.get("dominance") or {}
        for side, phrases in (dom.get("handed") or {}).items():
            for lay in phrases:
                self.phrases[tuple(tokens(lay))] = (((HAND, side),), True)
        self.dominance = dom
        self.defaults = [(tuple(tuple(tokens(w)) for w in d["when"]), frozenset(norm(w) for i in d["imply"] for w in tokens(i)),
                          tuple(tuple(tokens(w)) for w in d["unless"])) for d in dx_words.get("defaults", [])]
        self.durations = [([tuple(tokens(w)) for w in d["when"]], d["bands"], [tuple(tokens(w)) for w in d.get("unless", [])])
                          for d in dx_words.get("durations", [])]
        self.systemic = [(frozenset(norm(w) for w in e["words"]), tuple(tokens(e["alone"][0])),
                          [tuple(tokens(link)) for link in e.get("linking") or []])
                         for e in dx_words.get("systemic_first", []) if e["words"] and e["alone"]]
        self.joined = [JoinedRule.of(e, tokens, FILLER) for e in dx_words.get("joined", []) if e["names"] and e["means"]]
        self.longest = max((len(k) for k in self.phrases), default=1)
        self.after = dx_words.get("listed_after") or {}
        self.leads = [(tuple(r["words"]), tuple(tokens(w) for w in r["when"])) for r in dx_words.get("encounter_first", [])]
        self.aftercare = [(frozenset(norm(w) for p in r["status"] for w in tokens(p)), r["lead"], r["note"],
                           frozenset(norm(w) for p in r["when"] for w in tokens(p))) for r in dx_words.get("aftercare_first", [])]
        self.exams = tuple((r["exam"].lower(), r["with"].lower(), tuple(r["findings"]), r["note"])
                           for r in dx_words.get("exam_findings", []))
        self.also = [(r["code"].lower(), r["adds"], r["note"], [frozenset(norm(w) for w in tokens(p)) for p in r["with"]])
                     for r in dx_words.get("also_coded", [])]
        self.gestation = dx_words.get("gestation") or {}
        self.story = story_pattern([p for e in dx_words.get("story", []) for p in e["phrases"]])
        self.uncertain = uncertain_pattern((dx_words.get("ruled_out") or {}).get("uncertain") or [])


def lexicon(kb) -> Lexicon:
    """The knowledge's lexicon, built once per knowledge base."""
    if (found := kb.cache.get("dx_lexicon")) is None:
        found = kb.cache["dx_lexicon"] = Lexicon(getattr(kb, "dx_words", {}) or {})
    return found


def segments(text: str) -> list[tuple[str, bool, bool]]:
    """(text, in parentheses, cue sentence) pieces of the question: sentences, and their parenthesised asides."""
    out = []
    for sentence in _SENTENCE.split(text):
        cue = bool(CUE_PATTERN.search(sentence) or _SEARCH_CUE.search(sentence)) and \
            not sentence.lstrip().startswith("subject")  # an e-mail's subject line sums up; its body says it all
        out += [(aside, True, False) for aside in _PARENS.findall(sentence)]
        out.append((_PARENS.sub(" ", sentence), False, cue))
    return out


def _single(word: str, previous: str) -> tuple[str, ...] | None:
    """The phrasing of a word outside any lay phrase, or None for noise."""
    if word in SHORTHAND:
        return tuple(w for w in tokens(SHORTHAND[word]) if w not in FILLER)
    if word in ROMAN and previous in NUMBERED:
        return (word,)  # "class I", "type II": here "i" is a numeral, not the asker
    if word in NOISE or word in FILLER or _CODE_SHAPED.match(word) or _DECADE.match(word):
        return None
    return (word,)


def _numbers_last(into: list[Concept], words: list[str], i: int) -> bool:
    """Whether word i numbers the stage, class or grade said just before it ("stage 4", "class 3", "stage 3a"); a
    type's number stays a word of its own ("type 2" is read in many texts, each word on its own)."""
    return bool(i and into and into[-1].said == words[i - 1] and words[i - 1] in NUMBERED - {"type"}
                and (words[i][:1].isdigit() and len(words[i]) <= 3 or words[i] in ROMAN))


def _phrase_at(lex: Lexicon, words: list[str], i: int) -> tuple[int, tuple]:
    """The longest lay phrase starting at word i: its length and (phrasings, context), or (0, ())."""
    for size in range(min(lex.longest, len(words) - i), 0, -1):
        found = lex.phrases.get(tuple(words[i:i + size]))
        if found:
            return size, found
    return 0, ()


def _concepts(lex: Lexicon, text: str, optional: bool) -> tuple[list[Concept], list[Concept]]:
    """The concepts a piece of the question says, and those a negation in it says are absent."""
    out: list[Concept] = []
    absent: list[Concept] = []
    clauses = [tokens(clause) for clause in _CLAUSE.split(text)]
    words, starts = [w for clause in clauses for w in clause], clause_starts(clauses)
    i, denying = 0, False
    while i < len(words):
        size, found = _phrase_at(lex, words, i)
        cue = cue_at(words, i)
        if cue and (not size or found[0] == WITHOUT or size <= cue):
            if size and found[0] == WITHOUT:
                out.append(Concept(" ".join(words[i:i + size]), WITHOUT, True))
            i, denying = lead_in(words, i + max(cue, size)), True
            continue
        denying = denying and i not in starts and not ends_scope(words[i])
        into = absent if denying else out
        if size:
            into.append(Concept(" ".join(words[i:i + size]), found[0], optional or found[1]))
            i += size
            continue
        single = _single(words[i], words[i - 1] if i else "")
        if single and _numbers_last(into, words, i):  # "type 2 ... stage 4": the 4 is the stage's, never the type's
            lead = into[-1].said
            digit = ((lead, str(ROMAN.index(words[i]) + 1)),) if words[i] in ROMAN else ()  # "class III": class 3
            into[-1] = Concept(f"{lead} {words[i]}", ((lead,) + single,) + digit, into[-1].optional, parts=2)
            i += 1
            continue
        if single:  # a bare number ("2 weeks", "30-39%") is context unless it numbers a type, stage, grade ...
            loose = SHORTHAND.get(words[i], words[i]) in ORDINALS and (i + 1 == len(words) or words[i + 1] in ORDINAL_FRAMES) \
                or words[i].isdigit() and (words[i - 1] if i else "") not in NUMBERED \
                or words[i] in _COUNTS and i + 1 < len(words) and words[i + 1] in _SPANS  # "two weeks after"
            into.append(Concept(words[i], (single,), optional or loose))
        i += 1
    if absent and not any(c.phrasings == WITHOUT for c in out):
        out.append(Concept("without", WITHOUT, True))  # "denies falls" says no as "no falls" does
    return out, absent


def read(text: str, lex: Lexicon) -> Reading:
    """The question's concepts; outside a cue sentence that names the condition, the rest is context."""
    text = unframed((cut := without_uncertain(plain(text), lex.uncertain))[0], lex.story)  # cut[1]: the uncertain
    text = without_joining_both(repeated(whole_numbers(text), lex.phrases), PAIRED)
    pieces = [(_concepts(lex, t, aside), cue) for t, aside, cue in segments(said_once(text))]
    concepts: dict[tuple, Concept] = {}
    absent: dict[tuple, Concept] = {}
    focused = False  # after a cue sentence that names the condition, later sentences are context
    for (found, denied), cue in pieces:
        absent.update({c.phrasings: c for c in denied})
        for c in found:
            c = replace(c, optional=c.optional or (focused and not cue))
            old = concepts.get(c.phrasings)
            if old is None or (old.optional and not c.optional):
                concepts[c.phrasings] = c
        focused = focused or (cue and any(not c.optional for c in found))
    for over in _over(lex, text):
        if over in concepts:
            absent[over] = concepts.pop(over)
    reading = Reading(list(concepts.values()), said_with="with" in tokens(text), after=lex.after, leads=_leads(lex, text),
                      exams=lex.exams,
                      said_without=any("without" in c.words() for c in concepts.values()),
                      absent=[c for k, c in absent.items() if k not in concepts], uncertain=cut[1])
    said = reading.words_said()
    reading.status_leads = tuple((status, lead, note) for status, lead, note, when in lex.aftercare if when <= said)
    reading.also = tuple((code, adds, note) for code, adds, note, phrases in lex.also if any(p <= said for p in phrases))
    reading.weeks = read_weeks(lex.gestation, said, text)
    if reading.weeks and reading.weeks.trimester:  # the trimester they fall in: context for the codes naming one
        reading.concepts.append(Concept(reading.weeks.trimester, (tuple(tokens(reading.weeks.trimester)),), True))
    _dominance(lex, reading)
    _duration(lex, reading, text)
    reading.implied = _implied(lex, reading)
    _systemic(lex, reading, tokens(text))
    reading.concepts = joined(lex.joined, reading.concepts, tokens(text), tokens, [tuple(tokens(c.said)) for c in reading.absent])
    return reading


def _leads(lex: Lexicon, text: str) -> tuple[str, ...]:
    """The title starts of the encounter codes listed first for this question (always, or when it says `when`)."""
    said = " " + " ".join(tokens(text)) + " "
    return tuple(w.lower() for words, when in lex.leads if not when or any(f" {' '.join(p)} " in said for p in when)
                 for w in words)


def _systemic(lex: Lexicon, reading: Reading, words: list[str]) -> None:
    """A systemic condition said (sepsis): kept for coding first; its linking words ("secondary to") are no concept."""
    for said, alone, links in lex.systemic:
        found = [c for c in reading.required if norm(c.said) in said]
        if not found:
            continue
        reading.systemic.append((found[0], alone))
        told = {w for link in links if any(tuple(words[i:i + len(link)]) == link for i in range(len(words)))
                for w in link if w not in FILLER}
        reading.concepts = [c for c in reading.concepts if c.said not in told]


def _over(lex: Lexicon, text: str) -> list[tuple]:
    """The phrasings of conditions the question says are over ("the OA is gone now")."""
    out = []
    for m in _OVER.finditer(text):
        words = tokens(m.group(1))
        for i in range(len(words)):
            size, found = _phrase_at(lex, words, i)
            single = _single(words[i], "") if not size else None
            if size or single:
                out.append(found[0] if size else (single,))
    return out


def _has(reading: Reading, phrase: tuple[str, ...]) -> bool:
    return any(set(phrase) <= set(ph) for c in reading.concepts for ph in c.phrasings)


def _implied(lex: Lexicon, reading: Reading) -> set[str]:
    implied: set[str] = set()
    for when, imply, unless in lex.defaults:
        if any(_has(reading, w) for w in when) and not any(_has(reading, u) for u in unless):
            implied |= imply
            reading.defaults.append(imply)
    return implied


def _duration(lex: Lexicon, reading: Reading, text: str) -> None:
    """A condition said with how long it has lasted ("cough x 10 weeks"): the band's word, read as said (chronic)."""
    length = weeks(text)
    for when, bands, unless in lex.durations if length is not None else []:
        word = band(bands, length)
        said = {norm(w) for c in reading.concepts for ph in c.phrasings for w in ph}  # "coughing" is a cough
        if word and any({norm(w) for w in phrase} <= said for phrase in when) and not _has(reading, (word,)) \
                and not any(_has(reading, u) for u in unless):
            reading.concepts.append(Concept(word, ((word,),)))  # said as if written: the entry's codes word it


def _dominance(lex: Lexicon, reading: Reading) -> None:
    """Replace a handedness phrase by the dominant / non-dominant wording for the side affected."""
    hands = [c.phrasings[0][1] for c in reading.concepts if c.phrasings[0][:1] == (HAND,)]
    reading.concepts = [c for c in reading.concepts if c.phrasings[0][:1] != (HAND,)]
    dom, sides = lex.dominance, [s for s in ("right", "left") if _has(reading, (s,))]
    if not dom or len(sides) != 1:
        return
    side, hand = sides[0], hands[0] if hands else ""
    word = dom.get("same" if hand in (side, "both") else "other") if hand else dom.get("default", {}).get(side)
    if word:
        other = {w for w in tokens(f"{dom.get('same', '')} {dom.get('other', '')}")} - set(tokens(word))
        joined = (("".join(tokens(word)),),) if len(tokens(word)) > 1 else ()  # G81 writes "nondominant", I69 "non-dominant"
        reading.concepts.append(Concept(word, (tuple(tokens(word)),) + joined, True, tuple(sorted(other))))
