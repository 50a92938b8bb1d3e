"""Facts that are not the case's own: someone else's claim the question quotes, and a share of the minutes given to
another family. Helpers of reader.read_scenario (tx is its read text: tokens, words, clause numbers)."""

from __future__ import annotations

import dataclasses
from typing import Any

from bot.engine.code_sized import sized_code_figures
from bot.engine.lexicon import Lexicon
from bot.engine.patterns import lazy
from bot.engine.scenario import Fact, Scenario

# the roles a fact inside a claim may have, and the role it takes there
_CLAIMED = {"code": (("asked", "billed", "absent", "short"), "quoted"),
            "minutes": (("spent", "additional", "base", "total", "part", "call", "range", "threshold", "window",
                         "uncounted"), "claimed"),
            "days": (("data", "period", "threshold"), "claimed"),
            "count": (("chronic_conditions",), "claimed"),
            "level": (("mdm",), "claimed")}  # "someone told me it makes it moderate MDM": the claim's level  # "a blog says CCM needs 3 chronic conditions": the rule's
_FIGURE_REACH = 4  # "the next is each additional 30 min": the figure within these words after the code
_SPEAKER_REACH = 5  # words after "according to" that name who says it ("according to our old biller, ...")


def mark_claims(tx: Any, lex: Lexicon, sc: Scenario) -> None:
    """Someone else's claim ("the vendor says this code is the MSK one", "a handout says the visit must happen within
    7 days", "the guide lists 70 minutes for it"): from the cue to the clause's end or to where the question's own story
    starts again (", but our MA logged ..."), when a rule word follows the cue, the cue needs none ("I read that") or
    the speaker is a source of rules (an article, a biller), and no record speaks ("the note says"): codes are quoted,
    minutes, days and events are the claim's, not the case's; performers and flags there describe the claim."""
    rules = [h.i for h in lex.rule_words.find(tx.toks)]
    strong = {h.i for h in lex.claim_strong.find(tx.toks)}
    for cue in lex.claim_cues.find(tx.toks):
        clause = tx.toks[cue.i].clause
        start = next((k for k in range(cue.i, -1, -1) if tx.toks[k].clause != clause), -1) + 1
        end = _claim_end(tx, lex, cue.j, clause)
        # "can the PCP bill 99492 even though it says 70 minutes?": the code speaks, not the PCP before the cue
        speaker = [] if tx.words_of(cue) in lex.claim_self_spoken else _speaker(tx, lex, start, cue)
        quoted = _quoted_end(tx, cue.j)
        if quoted and not (lex.claim_records.find(speaker) or _worker(sc, lex, speaker)):
            _mark(tx, sc, cue.j, quoted, tx.toks[start].start, quote_codes=True)  # "says 'minimum 16 days'": the quote's
            continue
        ruled = any(cue.j <= k < end for k in rules) or _defines_code(tx, lex, sc, cue.j, end)
        source = bool(lex.claim_sources.find(speaker))  # "our EHR help article": an article, though it names the EHR
        if not ruled and ((lex.claim_records.find(speaker) or _worker(sc, lex, speaker)) and not source
                          or _reports_work(tx, lex, cue.j, end) or not (cue.i in strong or source)):
            continue
        named = [f for f in sc.facts if f.kind == "performer" and tx.toks[cue.i].start <= f.at < tx.toks[end - 1].end]
        lo = cue.i if source or not lex.claim_records.find(speaker) else _after_record(tx, lex, sc, cue, end, rules)
        said = tx.toks[start].start
        if lo != cue.i:  # who speaks did no work; the workers of the work the record reports did
            sc.facts = [f for f in sc.facts if not (f.kind == "performer" and said <= f.at < tx.toks[cue.i].start)]
            said = tx.toks[lo].start
        _mark(tx, sc, lo, end, said, quote_codes=ruled, given=not source)
        _stand_in(tx, lex, sc, named, end)
    _labelled_quotes(tx, lex, sc)
    _own_code_figures(tx, lex, sc)
    sized_code_figures(sc)
    _code_ranges(sc)
    _singled_out(tx, sc)


_COLON_QUOTE = lazy(r"[^\S\n]*:[^\S\n]*['\"\u2018\u201c]")


def _labelled_quotes(tx: Any, lex: Lexicon, sc: Scenario) -> None:
    """A source of rules, a colon and a quote ("2017 article: 'the same provider can report A and B'"): the quote is
    the source's claim (its codes quoted), as when a cue word says it."""
    for src in lex.claim_sources.find(tx.toks):
        if src.j >= len(tx.toks) or src.j in sc.claimed_at or not _COLON_QUOTE().match(tx.text, tx.toks[src.j - 1].end):
            continue
        end = _quoted_end(tx, src.j)
        if end > src.j:
            _mark(tx, sc, src.j, end, tx.toks[src.i].start, quote_codes=True)


def _code_ranges(sc: Scenario) -> None:
    """A range of minutes told for a code, by no one ("the EHR picklist shows the code for 5-10 minutes"), beside
    minutes someone spent: the code's size, not time spent, so a claimed figure."""
    if not any(f.kind == "minutes" and f.role == "spent" for f in sc.facts):
        return
    sc.facts = [dataclasses.replace(f, role="claimed") if f.kind == "minutes" and f.role == "range" and f.code
                and not f.who else f for f in sc.facts]


def _singled_out(tx: Any, sc: Scenario) -> None:
    """Codes a claim lists ("the article lists A / B / C") when the question's own words then name one of
    them ("what's the real code for B?"): that one is the subject, the others are the claim's."""
    asked = [f for f in sc.facts if f.kind == "code" and f.role == "asked"]
    inside = {f.value for f in asked if tx.tok_at(f.at) in sc.claimed_at}
    outside = {f.value for f in asked if tx.tok_at(f.at) not in sc.claimed_at}
    if len(inside) < 2 or len(outside) != 1 or not outside <= inside:
        return
    sc.facts = [dataclasses.replace(f, role="quoted") if f in asked and f.value not in outside else f for f in sc.facts]


_DESCRIBED_AS = {"as", "means"}  # "has 98980 as 'RPM management, each extra 20 minutes'"
_TIED_BEFORE = {"for", "on", "toward", "towards", "under", "to", "into"}  # "our time for the CCM code is 25 min": time spent


def _own_code_figures(tx: Any, lex: Lexicon, sc: Scenario) -> None:
    """The asker's own statement of a code's size ("the later-month code is 60 min so we get nothing?"): the
    figure describes the code, not time spent on the case, so it becomes a claimed figure; the code stays asked."""
    codes = {f.at for f in sc.facts if f.kind == "code" and f.role in ("asked", "billed", "absent", "short")}
    figures = [f.at for f in sc.facts if f.kind in ("minutes", "days") and f.role not in ("claimed",)]
    for k in range(len(tx.toks) - 1):
        verb = k + 2 if tx.toks[k + 1].word in ("code", "codes") and k + 2 < len(tx.toks) else k + 1
        if tx.toks[k].start not in codes or k in sc.claimed_at:
            continue
        # "calls 99427 'complex CCM, clinical staff, 30 min'", "99427 is 'ccm, 30 min'": a quoted description
        linked = tx.toks[verb].word in lex.claim_defines or tx.toks[verb].word in _DESCRIBED_AS
        quote = _quoted_end(tx, k + 1) or (linked and _quoted_end(tx, verb + 1))
        if quote and any(tx.toks[k].end <= at < tx.toks[quote - 1].end for at in figures):
            _mark(tx, sc, k + 1, quote, tx.toks[k].start, quote_codes=False)
            lo, hi = tx.toks[k + 1].start, tx.toks[quote - 1].end  # its family words describe the code, not the case
            sc.facts = [f for f in sc.facts if not (f.kind == "family" and lo <= f.at < hi)]
            continue
        if tx.toks[verb].word not in lex.claim_defines:
            continue
        if k and tx.toks[k - 1].word in _TIED_BEFORE:
            continue
        reach = tx.toks[min(verb + _FIGURE_REACH, len(tx.toks) - 1)].end
        hit = [at for at in figures if tx.toks[verb].end <= at < reach]
        if hit:
            end = next((n + 1 for n in range(k, len(tx.toks)) if tx.toks[n].start >= hit[0]), len(tx.toks))
            _mark(tx, sc, k, end, tx.toks[k].start, quote_codes=False)


# a short aside may stand between the cue and its quote ("per the article I read, '...'", "the FAQ, as I recall: '...'")
_DASH = lazy(r"\s[-\u2013\u2014]+\s|[\u2013\u2014]")
_QUOTE = lazy(r"(?:[^\S\n]*,?[^\S\n]*(?:[a-z']+[^\S\n]+){0,3}[a-z']+[,:])?\s*:?\s*(['\"\u2018\u201c])\S.*?[^\s]['\"\u2019\u201d](?!\w)")


def _stand_in(tx: Any, lex: Lexicon, sc: Scenario, named: list[Fact], end: int) -> None:
    """A pronoun after the claim that stands for the worker it named ("an article says a psychologist can bill the staff-time BHI code;
    ours did 28 minutes"): that worker, at the pronoun, and the untied minutes after it are theirs."""
    workers = [f for f in named if f.value not in lex.bystanders]
    if not workers or end >= len(tx.toks):
        return
    after = tx.toks[end - 1].end
    if any(f.kind == "performer" and f.at >= after for f in sc.facts):
        return  # the story names its own worker
    k = next((k for k in range(end, len(tx.toks)) if tx.toks[k].word in lex.claim_stand_ins), None)
    if k is None:
        return
    at, who = tx.toks[k].start, workers[-1].value
    sc.facts = [dataclasses.replace(f, who=who) if f.kind == "minutes" and not f.who and f.at > at else f
                for f in sc.facts]
    sc.facts.append(Fact("performer", who, tx.toks[k].word, at))
    sc.facts.sort(key=lambda f: f.at)


def _quoted_end(tx: Any, j: int) -> int:
    """Where a quote that follows a cue ends ("says 'minimum 16 days per month'"), as a word index; 0 when no quote
    follows it."""
    if j >= len(tx.toks) or not j:
        return 0
    m = _QUOTE().match(tx.text, tx.toks[j - 1].end)
    return next((k for k in range(j, len(tx.toks)) if tx.toks[k].start >= m.end()), len(tx.toks)) if m else 0


def _defines_code(tx: Any, lex: Lexicon, sc: Scenario, j: int, end: int) -> bool:
    """Whether the claim gives a code's figures ("the FAQ says this code is 60 min of physician time") or a quoted label
    ("says the code is 'level 3'", "says this code = MSK", "says high MDM = (a code)"): a rule claimed, so its codes are quoted; "says this code is one of the PIN codes" gives none and keeps its code the subject."""
    lo, hi = tx.toks[j].start if j < len(tx.toks) else len(tx.text), tx.toks[end - 1].end
    codes = {f.at for f in sc.facts if f.kind == "code" and lo <= f.at < hi}
    figures = [f.at for f in sc.facts if f.kind in ("minutes", "days")]
    return any(tx.toks[k].start in codes and tx.toks[k + 1].word in lex.claim_labels
               or tx.toks[k].start in codes and k > j and _labelled(tx, lex, k)  # "high MDM = (a level-5 code)"
               or tx.toks[k].start in codes and tx.toks[k + 1].word in lex.claim_defines
               and (any(tx.toks[k + 1].end <= at <= tx.toks[min(k + _FIGURE_REACH, end - 1)].start for at in figures)
                    or _quoted_end(tx, k + 2))  # "the EHR says this code is 'APCM level 3'": a label given to the code
               for k in range(j, end - 1))


def _labelled(tx: Any, lex: Lexicon, k: int) -> bool:
    """Whether a label word or an equals sign stands right before the code at k ("moderate MDM = (a code)")."""
    return tx.toks[k - 1].word in lex.claim_labels or "=" in tx.text[tx.toks[k - 1].end:tx.toks[k].start]


def _after_record(tx: Any, lex: Lexicon, sc: Scenario, cue: Any, end: int, rules: list[int]) -> int:
    """Where a record's claim starts when the record first tells the case ("the tracker says a patient who completed
    activity on 12 of 30 days 'doesn't qualify' because the code needs 16 days"): after the last figure of the work it
    reports, so the case's own figures stay given and only the verdict and the rule are claimed; else at the cue."""
    j = cue.j
    first = next((k for k in rules if j <= k < end), None)
    if first is None or not _reports_work(tx, lex, j, first):
        return cue.i
    lo, hi = tx.toks[j].start, tx.toks[first].start
    told = [f for f in sc.facts if f.kind in ("minutes", "days") and lo <= f.at < hi]
    if not told:
        return cue.i
    last = max(told, key=lambda f: f.at)
    return next((k for k in range(j, first + 1) if tx.toks[k].start >= last.at + len(last.words)), first)


def _worker(sc: Scenario, lex: Lexicon, speaker: list) -> bool:
    """Whether someone who works on the case speaks ("according to the MA, she spent 25 minutes"): a report of the
    case, not a claim, unless a rule word follows."""
    return bool(speaker) and any(f.kind == "performer" and f.value not in lex.bystanders
                                 and speaker[0].start <= f.at < speaker[-1].end for f in sc.facts)


def _reports_work(tx: Any, lex: Lexicon, j: int, end: int) -> bool:
    """Whether the words after the cue tell work done on the case ("our biller says the nurse logged 25 minutes"): a
    work word there makes a report passed on, not a claim, unless a rule word follows the cue."""
    # a performer named in the claim ("G0556 is 60 min of physician time") describes the rule, not work done; nor
    # does work told as a condition ("both can bill it if each has 16 days")
    # nor a passive or modal one ("nothing gets billed", "can be billed"): what may be billed, a rule
    return any(j <= h.i < end and not _CONDITIONS & {t.word for t in tx.toks[max(j, h.i - 2):h.i]}
               and not (h.i > j and tx.toks[h.i - 1].word in _PASSIVE) for h in lex.claim_work.find(tx.toks))


_CONDITIONS = {"if", "when", "unless", "whenever", "provided"}
_PASSIVE = {"gets", "get", "getting", "is", "are", "be", "being", "can", "cannot", "will", "wont", "won't", "never"}


def _speaker(tx: Any, lex: Lexicon, start: int, cue: Any) -> list:
    """Who makes the claim: the words of its clause before the cue, and for a cue that comes first ("according to our
    biller, ...") the words after it up to a comma; a pronoun alone ("It says") stands for the clause before it."""
    after = tx.toks[cue.j:cue.j + _SPEAKER_REACH]
    comma = next((n for n in range(1, len(after)) if "," in tx.text[after[n - 1].end:after[n].start]), 0)
    before = tx.toks[start:cue.i]
    if before and start and all(t.word in lex.claim_back_refs for t in before):  # "Found an old cheat sheet. It says ..."
        before = [t for t in tx.toks[:start] if t.clause == tx.toks[start - 1].clause]
    return before + after[:comma]


def _claim_end(tx: Any, lex: Lexicon, j: int, clause: int) -> int:
    """Where the claim ends: its clause's end, or a word that starts the question's own story again (a contrast word,
    a joining word or subject after a comma, or a subject after "and": ", but the care manager logged 40 minutes")."""
    for k in range(j, len(tx.toks)):
        if tx.toks[k].clause != clause:
            return k
        gap = tx.text[tx.toks[k - 1].end:tx.toks[k].start] if k > j else ""
        word, comma = tx.toks[k].word, "," in gap
        if word in lex.claim_ends or (comma and word in lex.claim_ends_after_comma) or _DASH().search(gap):
            return k  # "says G0511 went away - what do we put on the claim now?": a dash set off ends the claim
        if k > j + 1 and tx.toks[k - 1].word == "and" and word in lex.claim_subjects:  # "... 70 minutes and we have 40"
            return k - 1
    return len(tx.toks)


# a figure a person's claim (not an article's) turns into units ("53 minutes of 97110 is 3 units"): given, not claimed
_CONVERTED = lazy(r"[^.;:!?\n]{0,50}?\s(?:is|are|equals|=|makes?|gives?|comes? to|counts? as)\s+(?:\d+|one|two|three|four|"
                  r"five|six|seven|eight)\s+units?\b")


def _mark(tx: Any, sc: Scenario, i: int, end: int, speaker: int, quote_codes: bool, given: bool = False) -> None:
    """The words [i, end) are a claim: its facts take their claim roles; its events become one claim fact. Codes are
    quoted only in a claim of a rule ("says this code is the MSK one"); in a claim of figures alone ("the guide lists 70
    minutes for the code") the code is still what the question is about."""
    lo, hi = tx.toks[i].start, tx.toks[end - 1].end
    sc.facts = [f for f in sc.facts if not (f.kind == "performer" and speaker <= f.at < lo)]  # who claims did no work
    sc.claims.append(tx.text[lo:hi])
    sc.claimed_at.update(range(i, end))
    kept = []
    for f in sc.facts:
        if not lo <= f.at < hi:
            kept.append(f)
        elif f.kind in ("performer", "flag"):
            continue
        elif f.kind == "event":  # "the visit must happen within 7 days": the claim's visit, not the patient's
            kept.append(Fact("claim", f"{f.role} {f.when}".strip(), f.words, f.at, role="claimed"))
        elif given and f.kind == "minutes" and f.role != "range" and _CONVERTED().match(tx.text, f.at + len(f.words)):
            kept.append(f)  # "our PTA thinks 53 minutes of 97110 is 3 units": the case's minutes, the units claimed
        elif f.kind in _CLAIMED and f.role in _CLAIMED[f.kind][0] and (quote_codes or f.kind != "code"):
            kept.append(dataclasses.replace(f, role=_CLAIMED[f.kind][1]))
        else:
            kept.append(f)
    sc.facts = kept


def shares(minutes: list[Fact]) -> list[Fact]:
    """A share of the minutes given to a family the other minutes are not tied to ("15 of those were spent on RPM")
    is counted elsewhere; any other share is a part of the total."""
    own = {f.family for f in minutes if f.role != "portion"}
    return [dataclasses.replace(f, role="elsewhere" if f.family and f.family not in own else "part")
            if f.role == "portion" else f for f in minutes]


def outside_claims(sc: Scenario, named: list[Fact], code_family: dict[str, str]) -> list[Fact]:
    """The named families, less a program a quoted claim gives a code of another program ("a website says the CoCM code is a
    virtual check-in ... 24 minutes of CoCM"): what the claim says, not the subject, when the story has its own minutes."""
    if not sc.claims or not any(m.role == "spent" and not sc.in_claim(m.words) for m in sc.of("minutes")):
        return named
    quoted = {code_family.get(f.value) for f in sc.of("code", "quoted")} - {None}
    return [f for f in named if not (sc.in_claim(f.words) and quoted - {f.value})] or named
