"""read_ask: what a question asks, read from its asking sentences alone (those ending in "?", or a closing sentence
that opens with an asking word) and the codes they name. The story around them (what was billed, what a blog or a
vendor says) tells the case; it never decides the kind of answer when an asking sentence says it outright
(vocabulary `asking`)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from bot.engine.lexicon import ABBREVIATIONS
from bot.engine.patterns import lazy
from bot.engine.phrases import PhraseSet, tokens
from bot.engine.understood import relabelled

if TYPE_CHECKING:
    from bot.answer import Answer
    from bot.engine.parse import Vocabulary
    from bot.engine.scenario import Scenario

# A sentence ends at ? ! a line break, or a full stop that closes no abbreviation ("Dr. Cho", "St. Mary's").
_END = re.compile(r"[?!\n]+|\.(?=\s|$)" + "".join(rf"(?<!\b{a}\.)" for a in ABBREVIATIONS))
ASKING = lazy(r"[^.?!\n]*\?")  # one asking sentence to its question mark, the plain reading some stages keep
_CODE = re.compile(r"[a-z]\d{4}|\d{4}[0-9a-z]")
# where a clause of an asking sentence starts: a comma or colon, a dash between words, or a joining word
_CLAUSES = re.compile(r"[,;:()]|\s[-–—]+\s|\b(?:and|so|but|then|ok|okay|also)\s")
GAP_WORDS = 3  # words a "*" of an asking phrase stands for ("what should * look like": "what should November look like")
# "what is X and when would we use it instead of Y?": the first code defined, with when it applies (not a comparison)
_DEFINE_WHEN = lazy(r"^\W*(?:what(?:'s|s| is)|explain|define|tell me about)\s+(?:code\s+)?(\w{5}),?\s+and\s+(?:when|why)\b"
                    r"[^.?!]{0,40}?\b(?:use|bill|report|pick|choose)\s+it\s+(?:instead\s+of|rather\s+than|over)\s+(?:the\s+)?(\w{5})\b", re.I)
# "what is X and does it have to last 45 min?": the code's own rule, no time spent
_DEFINE_RULE = lazy(r"^\W*(?:what(?:'s|s| is)|explain|define)\s+(?:code\s+)?(\w{5}),?\s+and\s+(?:does|do|must|is|are)\b", re.I)
_SPENT = ("spent", "additional", "total", "call", "base")  # minutes someone spent: a case to bill, not a definition

# Two codes an asking phrase names as one pair: whether they go together is asked, whatever figures are told.
# "ok to bill G0019 and 99490 same month?": two codes asked together for one period, in the asking sentence itself
_ASKED_TOGETHER = lazy(r"\b(?:bill|report|claim|do)\s+(?:both\s+)?(\w{5})\s*(?:and|\+|&|with)\s*(\w{5})\s+"
                       r"(?:(?:in|for)\s+)?(?:the\s+)?same\s+(?:month|calendar\s+month|30\s+days|period)\b[^.?!]*\?", re.I)
# "can we bill X for the first 10 and Y for the next 20?": the minutes split between two codes, asked whether allowed
# "can I bill X for the first part and Y for the extra 20?", "bill X for the doctor's time and Y for the MA's?": one
# code for each share of the time, asked whether the two may be billed so
_SPLIT_ASK = lazy(r"\b(?:can|could|may|should)\s+(?:we|i|they|you|u)\s+(?:bill|report|claim|code)\s+(\w{5})\s+for\s+"
                  r"[^.?!]{1,40}?\band\s+(?:then\s+)?(?:also\s+)?(\w{5})\s+for\s+[^.?!]*\?", re.I)
# "can 99490 and 99457 both go on the May claim?": two named codes asked whether both may be billed
_BOTH_GO = lazy(r"\b(?:can|could|may)\s+(\w{5})\s*(?:and|&|\+)\s*(\w{5})\s+both\s+(?:go|be\s+(?:billed|reported|claimed|"
                r"coded|submitted|paid)|get\s+(?:billed|paid))\b[^.?!]*\?", re.I)
# "can we bill 99358 with the 99215?": two codes asked together by a bill verb and "with", whatever figures are told
_BILL_WITH = lazy(r"\b(?:can|may|could|should)\s+(?:we|i|you|u|they|he|she|the\s+doc(?:tor)?)\s+(?:also\s+)?"
                  r"(?:bill|report|code|charge)\s+(\w{5})\s+(?:along\s+|together\s+)?with\s+(?:the\s+|a\s+|an\s+)?"
                  r"(\w{5})\s*\?", re.I)
# "can we bill 99358 for the record review along with the 99204?": one code asked beside another, whatever minutes
_BILL_BESIDE = lazy(r"\b(?:can|could|may)\s+(?:we|i|they|you)\s+(?:also\s+)?(?:bill|report|claim|code|add)\s+(?:an?\s+|the\s+)?(\w{5})\b[^.?!]{0,50}?"
                    r"\b(?:along\s+with|together\s+with|in\s+addition\s+to|on\s+top\s+of|alongside)\s+(?:the\s+|a\s+|an\s+)?"
                    r"(\w{5})\b[^.?!]*\?", re.I)
# "can the add-on 98981 be billed with 98979 ...?": one named code asked beside another, whatever minutes are told
_BE_BILLED_WITH = lazy(r"\b(\w{5})\s+(?:also\s+)?be\s+(?:billed|reported|claimed|coded)\s+(?:along\s+|together\s+)?with\s+"
                       r"(?:the\s+|a\s+|an\s+)?(\w{5})\b[^.?!]*\?", re.I)
# "can we put X on our home visits, e.g. Y?", "can X be added to a hospital visit Y?": one code put onto the other
_PUT_ON = lazy(r"\b(?:(?:can|could|may)\s+(?:we|i|they|you)\s+(?:also\s+)?(?:put|add|attach)\s+([a-z\d]\d{4})|([a-z\d]\d{4})\s+"
               r"(?:also\s+)?be\s+(?:added|put|attached))\s+(?:on|onto|to)\b(?:e\.g\.|[^.?!]){0,50}?\b([a-z\d]\d{4})\b[^.?!]*\?", re.I)


# "can we do A + B since B is the 'additional 20'?", "can we bill A and B for that month?": two codes proposed
# together in the asking sentence itself
_PLUS_ASK = lazy(r"\b(?:can|could|may|should)\s+(?:we|i|they|you|she|he)\s+(?:also\s+)?(?:do|bill|report|claim|code|use)\s+"
                 r"(?:both\s+)?(\w{5})\s*(?:\+|&|\bplus\b|\band\b)\s*(\w{5})\b[^.?!]*\?", re.I)


@dataclass(frozen=True, slots=True)
class Ask:
    """What the asking sentences state outright: `kind` define, compare or bill ("" when they leave it to the cue
    words), and whether a phrase of theirs asks two named codes as a pair."""

    kind: str = ""
    pair: bool = False  # an asking phrase names two codes as one pair ("can we bill X with the Y?")


class Sentence(NamedTuple):
    """One asking sentence: its span in the read text and its words."""

    start: int
    end: int
    words: list[str]


class AskWords:
    """The vocabulary's `asking` lists, compiled once per vocabulary."""

    def __init__(self, voc: dict) -> None:
        asking = voc.get("asking") or {}
        self.openers = {str(w).lower() for w in asking.get("openers") or []}
        self.define_lead, self.define_tail = PhraseSet(asking.get("define_lead") or []), PhraseSet(asking.get("define_tail") or [])
        self.define_after = PhraseSet(asking.get("define_after") or [])
        self.compare = PhraseSet(asking.get("compare") or [])
        self.bill: dict[str, list[re.Pattern]] = {}  # by the first word, the only one a clause's opening is tried on
        for phrase in asking.get("bill") or []:
            self.bill.setdefault(str(phrase).split()[0], []).append(_gapped(phrase))
        self.bill_not = PhraseSet(asking.get("bill_not") or [])
        self.fillers = {str(w).lower() for w in asking.get("fillers") or []}


def _gapped(phrase: str) -> re.Pattern:
    """A phrase's words as a pattern opening space-joined words, each "*" standing for up to GAP_WORDS words."""
    parts = [r"(?:\S+ ){0,%d}" % GAP_WORDS if w == "*" else re.escape(w) + " " for w in str(phrase).split()]
    return re.compile("^" + "".join(parts))


def _words(voc: "Vocabulary") -> AskWords:
    found = getattr(voc, "_ask_words", None)
    if found is None:
        found = AskWords(voc.lexicon.voc)
        voc._ask_words = found  # noqa: SLF001  (compiled once per vocabulary, beside its other tables)
    return found


def asking_spans(text: str, openers: set[str]) -> list[tuple[int, int]]:
    """The (start, end) of each asking sentence: one ending in "?", and a closing one without it that opens with an
    asking word ("... so 2 of each?? what actually goes on the claim")."""
    spans, start = [], 0
    for m in _END.finditer(text):
        if "?" in m.group(0):
            spans.append((start, m.end()))
        start = m.end()
    last = text[start:].strip()
    if last and tokens(last)[:1] and tokens(last)[0] in openers:
        spans.append((start, len(text)))
    return spans


def _pure_define(aw: AskWords, words: list[str]) -> str:
    """The one code a sentence asks the meaning of and nothing else ("what is X?", "what is X exactly?", "and X -
    what is that?")."""
    words = words[words[:1] in (["and"], ["so"], ["ok"], ["also"]):]
    after = aw.define_after.find(words[1:])
    if words and _CODE.fullmatch(words[0]) and after and after[0][0] == 0 and len(tokens(after[0][1])) == len(words) - 1:
        return words[0].upper()
    lead = aw.define_lead.find(words)
    if not lead or lead[0][0] != 0:
        return ""
    k = len(tokens(lead[0][1]))
    k += words[k:k + 1] in (["code"], ["cpt"], ["hcpcs"])
    if k >= len(words) or not _CODE.fullmatch(words[k]):
        return ""
    rest, tail = words[k + 1:], aw.define_tail.find(words[k + 1:])
    covered = sum(len(tokens(p)) for _i, p in tail)
    return words[k].upper() if covered == len(rest) else ""


def _define_form(sc: "Scenario", codes: list[str]) -> str:
    """An opening "what is X, and when would we use it instead of Y?" or "what is X, and does it have to ...?": X
    defined with when it applies or its own rule (no time spent told)."""
    minutes, days = sc.of("minutes"), sc.of("days")
    when = _DEFINE_WHEN().search(sc.text)
    if when and when.group(1).upper() in codes and not minutes and not days:
        return when.group(1).upper()
    rule = _DEFINE_RULE().search(sc.text)
    if rule and codes[:1] == [rule.group(1).upper()] and not days and all(f.role in ("window", "threshold") for f in minutes):
        return codes[0]
    return ""


def _defined(aw: AskWords, sc: "Scenario", codes: list[str], asked: list[Sentence]) -> str:
    """The code the question asks the meaning of, when that is all it asks of any code: one asking sentence defines
    it, no other names another code or a program of its own, and no time or data days are told."""
    defined = {c for c in (_pure_define(aw, s.words) for s in asked) if c}
    if len(defined) != 1 or any(f.role in _SPENT for f in sc.of("minutes")) or sc.of("days", "data"):
        return ""
    code = next(iter(defined))
    others = {w.upper() for s in asked for w in s.words if _CODE.fullmatch(w)} - {code}
    named = [f for f in sc.of("family", "named") if any(s.start <= f.at < s.end for s in asked)]
    return code if code in codes and not others & set(codes) and not named else ""


def _compared(aw: AskWords, sc: "Scenario", asked: list[Sentence], code_family, voc: "Vocabulary") -> bool:
    """Whether an asking sentence asks the difference between two subjects it names ("what's the difference between
    CHI and PIN?")."""
    for s in asked:
        if not aw.compare.any(s.words):
            continue
        codes = {f.value for f in sc.of("code") if s.start <= f.at < s.end}
        # a family the story named first is named again here ("moving our CCM panel to APCM ... What is different
        # between APCM and CCM?"): the scenario keeps one fact per family, the sentence still names both
        again = {voc.family_of[p] for _i, p in voc.family_pattern.find(s.words)
                 if p in voc.family_of and p not in voc.context_aliases and voc.family_of[p] in {f.value for f in sc.of("family", "named")}}
        # two codes of one family are two subjects ("99490 and 99491?"); a family named beside its code is one
        named = codes | ({f.value for f in sc.of("family", "named") if s.start <= f.at < s.end} | again) - {code_family(c) for c in codes}
        if len(named) >= 2 or (not named and _two_programs(sc)):
            return True
    return False


def _two_programs(sc: "Scenario") -> bool:
    """"PCM or PIN for our navigator? What's the practical difference?": an asking sentence naming no subject asks
    the difference between the two programs the question names."""
    return len({f.value for f in sc.of("family", "named")}) == 2


def _asks_bill(aw: AskWords, text: str, asked: list[Sentence]) -> bool:
    """Whether a clause of an asking sentence opens with an open bill ask ("what do we bill besides X?", "..., and
    what should the whole claim look like?"), not one inside a yes-or-no ("is X what goes on the claim?")."""
    for clause in (c for s in asked for c in _CLAUSES.split(text[s.start:s.end])):
        words = [w for w in tokens(clause) if w not in aw.fillers]
        drop = {i + k for i, p in aw.bill_not.find(words) for k in range(len(tokens(p)))}
        joined = " ".join(w for i, w in enumerate(words) if i not in drop) + " "
        if any(p.match(joined) for p in aw.bill.get(words[0] if words else "", ())):
            return True
    return False


def _pair_named(text: str, codes: list[str], family_of: dict, add_on_to: dict) -> bool:
    """Whether an asking phrase names two of the codes as one pair: billed together for one period (two programs),
    one billed with, beside or onto the other, or the minutes split between them."""
    if len(codes) < 2 or "?" not in text:
        return False
    together = _ASKED_TOGETHER().search(text)
    if together and all(c.upper() in codes for c in together.groups()) and \
            len({family_of.get(c.upper(), "") for c in together.groups()} - {""}) == 2:
        return True
    for told in (_BILL_BESIDE().search(text) or _BE_BILLED_WITH().search(text), _SPLIT_ASK().search(text), _PUT_ON().search(text),
                 _BOTH_GO().search(text)):
        if told and len({c.upper() for c in told.groups() if c} & set(codes)) == 2:
            return True
    told = _BILL_WITH().search(text)  # "can we bill 99358 with the 99215?": two programs (a code not held is its own)
    if not told or not all(c.upper() in codes for c in told.groups()):
        return False
    one, other = (c.upper() for c in told.groups())
    # "can we bill 98979 with 98981?": one family, but neither rides on the other (no base and its add-on)
    return len({family_of.get(c, c) for c in (one, other)}) == 2 or not (
        one in add_on_to.get(other, ()) or other in add_on_to.get(one, ()))


def read_ask(voc: "Vocabulary", sc: "Scenario", codes: list[str]) -> Ask:
    """Read what the asking sentences state outright: the meaning of one code (the other codes named are the
    story's), an open bill ask, or a difference asked between two subjects."""
    aw = _words(voc)
    pair = _pair_named(sc.text, codes, voc.code_family, voc.add_on_to)
    asked = [Sentence(s, e, tokens(sc.text[s:e])) for s, e in asking_spans(sc.text, aw.openers)]
    if codes and _define_form(sc, codes):
        return Ask("define", pair)
    if _asks_bill(aw, sc.text, asked):
        return Ask("bill", pair)
    if _compared(aw, sc, asked, lambda c: voc.code_family.get(c) or c, voc):
        return Ask("compare", pair)
    if codes and _defined(aw, sc, codes, asked):
        return Ask("define", pair)
    return Ask("", pair)


def defines_first(voc: "Vocabulary", text: str, code: str) -> bool:
    """Whether an asking sentence opens by asking the code's own meaning ("what is X and what base code does it ride
    on?"): X itself is the answer, its companions name the rest."""
    aw = _words(voc)
    for s, e in asking_spans(text, aw.openers):
        words = tokens(text[s:e])
        lead = aw.define_lead.find(words)
        if lead and lead[0][0] == 0:
            k = len(tokens(lead[0][1]))
            k += words[k:k + 1] in (["code"], ["cpt"], ["hcpcs"])
            if words[k:k + 1] == [code.lower()]:
                return True
    return False


def ask_kind(q) -> str:
    """The kind of ask a parsed Question's asking sentences state outright ("" when they leave it to the cue words)."""
    sc = getattr(q, "scenario", None)
    return sc.ask.kind if sc is not None and sc.ask is not None else ""


def as_asked(q, answer: "Answer") -> "Answer":
    """An open bill ask answered with lines and a verdict beside them ("what should the whole claim look like?") is a
    bill, whichever stage reached the lines; any other answer as it is."""
    billing = answer.billing
    if _refused_plus(q, answer):
        return dataclasses.replace(answer, intent="pair", understood=relabelled(answer.understood, "pair", "bill"))
    if ask_kind(q) != "bill" or answer.intent != "pair" or billing is None or billing.example or not billing.lines:
        return answer
    return dataclasses.replace(answer, intent="bill", understood=relabelled(answer.understood, "bill", "pair"))


def _refused_plus(q, answer: "Answer") -> bool:
    """Whether the asking sentence proposes two codes together ("can we do A + B?") that may not go together: the
    verdict on that pair is the answer, the lines beside it show what to bill instead (a base and its add-on, a
    pair allowed, stays a bill)."""
    pair, text = answer.pair, getattr(q, "text", "")
    if answer.intent != "bill" or pair is None or pair.allowed is not False or ask_kind(q) == "bill":
        return False
    return any({c.upper() for c in m.groups()} == {pair.left, pair.right} for m in _PLUS_ASK().finditer(text))
