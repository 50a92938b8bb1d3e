"""Families a question names as background: what the practice bills now or did before ("switching our CCM
patients to APCM", "instead of CCM") when it asks a code of another named family (vocabulary family_former), and
codes or families named only to compare ("a time minimum like CCM", vocabulary family_compared)."""

from __future__ import annotations

import dataclasses

from bot.engine.lexicon import Lexicon
from bot.engine.scenario import Fact, Scenario

_REACH = 3  # words between a switch cue and the family ("moving all of our CCM patients": "our", "ccm")
# "do we have to stop billing the RPM codes?", "should we stop billing CCM?": the cue asked about, not told
_ASKING = {("have", "to"), ("has", "to"), ("need", "to"), ("needs", "to"), ("do", "we"), ("should", "we"), ("must", "we")}
_TO_REACH = 2  # words between the family and its "to" ("CCM patients to APCM")


def mark_former(toks: list, lex: Lexicon, sc: Scenario, mentions: list[tuple[int, str]] = (),
                code_family: dict[str, str] | None = None) -> None:
    """Give the former family of a "which code" question the role `former` (context, not a subject); `mentions`
    are (token, family) of every mention (a family named in a subject line is named again in the body);
    `code_family` maps the asked codes to their families (they count as subjects left to pair)."""
    named = sc.of("family", "named")
    if len(named) < 2 or not lex.family_from.values:
        return
    words = [t.word for t in toks]
    starts = {t.start: k for k, t in enumerate(toks)}
    spans = {id(f): (starts.get(f.at), _end(toks, f)) for f in named}
    former = [f for f in named if spans[id(f)][0] is not None
              and _is_former(words, toks, lex, *spans[id(f)], [spans[id(g)][0] for g in named if g is not f]
                             + [k for k, value in mentions if value != f.value])]
    # "so CCM is a no-go: can we still bill APCM?": a family the question rules out is no subject, even of a pair
    ruled = [f for f in named if spans[id(f)][0] is not None and lex.family_ruled_out.starting_at(words, spans[id(f)][1])]
    former += [f for f in ruled if f not in former]
    if not former or len(former) == len(named):
        return  # every family named as former (or none): nothing says which one is asked
    left = {f.value for f in named if f not in former} | {(code_family or {}).get(c, c) for c in sc.codes("asked")}
    # "moving our CCM patients to APCM: 4 chronic conditions, not a QMB; level 2 or 3?": the case's facts pick a level
    told = bool(sc.of("count", "chronic_conditions")) or any(f.role == "qmb" for f in sc.of("flag"))
    if sc.asked != "bill" and len(left - {f.value for f in former}) < 2 and not ruled and not told:
        return  # a pair question keeps a former family unless two others remain to be paired
    sc.facts = [dataclasses.replace(f, role="former") if f in former else f for f in sc.facts]


def _end(toks: list, fact: Fact) -> int:
    """The index of the token after the fact's words."""
    stop = fact.at + len(fact.words)
    return next((k for k, t in enumerate(toks) if t.start >= stop), len(toks))


def _is_former(words: list[str], toks: list, lex: Lexicon, i: int, j: int, others: list[int | None]) -> bool:
    """A `from` cue right before the family, or a switch cue (or "from") before it with "to" and another family
    after it."""
    clause = toks[i].clause
    if i and words[i - 1] == "from" and any(lex.family_to.starting_at(words, m) is not None
                                            and _family_follows(words, lex, m, others) for m in range(j, j + 2)):
        return True  # "switching our whole panel from CCM to APCM"
    for k in range(i, max(0, i - _REACH) - 1, -1):
        if toks[k].clause != clause or any(o is not None and k <= o < i for o in others):
            break  # a cue before another family is that family's
        cue = lex.family_from.ending_at(words, k)
        if cue is not None:
            return tuple(words[max(0, cue.i - 2):cue.i]) not in _ASKING  # "do we have to stop billing RPM?": asked
        if lex.family_switch.ending_at(words, k) is not None:
            return any(lex.family_to.starting_at(words, m) is not None and _family_follows(words, lex, m, others)
                       for m in range(j, min(j + _TO_REACH, len(words)) + 1))
    return False


def _family_follows(words: list[str], lex: Lexicon, m: int, others: list[int | None]) -> bool:
    """Another named family stands right after the "to" at word m (a word such as "the" may sit between)."""
    hit = lex.family_to.starting_at(words, m)
    return hit is not None and any(o is not None and hit.j <= o <= hit.j + 1 for o in others)


def mark_compared(toks: list, lex: Lexicon, sc: Scenario, family_of: dict[str, str]) -> None:
    """Give a code or family named right after a comparison cue in a rule question ("can we bill an APCM code or is there a
    time minimum like CCM?") the role `compared`: context for the rule asked, not a second subject; `family_of` maps
    codes to their family (a comparison is with another family's service)."""
    named = [f for f in sc.facts if (f.kind, f.role) in (("code", "asked"), ("family", "named"))]
    if len(named) < 2 or not lex.compared_rule_words.find(toks):
        return
    starts = {t.start: k for k, t in enumerate(toks)}
    words = [t.word for t in toks]
    compared = [f for f in named if f.at in starts and _after_comparison(words, toks, lex, starts[f.at])]
    # "like CCM 99490": the code right after a compared family, of that family, is compared with it
    ends = {f.at + len(f.words): f.value for f in compared if f.kind == "family"}
    compared += [f for f in named if f not in compared and f.kind == "code" and f.at in starts and starts[f.at] > 0
                 and ends.get(toks[starts[f.at] - 1].end, "") == family_of.get(f.value)]
    kept = {family_of.get(f.value, f.value) for f in named if f not in compared}
    compared = [f for f in compared if family_of.get(f.value, f.value) not in kept]
    if compared and len(compared) < len(named):
        sc.facts = [dataclasses.replace(f, role="compared") if f in compared else f for f in sc.facts]


def _after_comparison(words: list[str], toks: list, lex: Lexicon, k: int) -> bool:
    """A comparison cue right before word k (or before "the"/"our" and word k), in its clause, not after a noun that
    makes it an example ("codes like")."""
    for j in (k, k - 1):
        if j < 1 or toks[j - 1].clause != toks[k].clause or (j < k and words[j] not in ("the", "our", "a", "an")):
            continue
        hit = lex.compared_cues.ending_at(words, j)
        if hit and not _example_noun(toks, lex, hit.i):
            return True
    return False


_FIGURE_REACH = 6  # words after a comparison cue that may hold the compared family and its figure ("like the 20 minutes for CCM")


def _example_noun(toks: list, lex: Lexicon, i: int) -> bool:
    """Whether the cue at word i follows a noun that makes it an example ("codes like"), not across a dash or a comma
    ("bill the APCM code - like the 20 minutes for CCM": a comparison)."""
    return i > 0 and toks[i - 1].word in lex.compared_not_after and not toks.text[toks[i - 1].end:toks[i].start].strip()


def mark_compared_figures(toks: list, lex: Lexicon, sc: Scenario, families: dict[str, str],
                          family_of: dict[str, str]) -> None:
    """A figure told inside a comparison with another family in a rule question ("a minimum like CCM's 20 minutes",
    "like the 20 minutes for CCM"): that family's threshold, not time spent (role `threshold`), and the family is
    `compared`; `families` maps a family's names to it, `family_of` codes to their family."""
    if not sc.of("minutes") or not lex.compared_rule_words.find(toks):
        return
    words = [t.word for t in toks]
    starts = {t.start: k for k, t in enumerate(toks)}
    for hit in lex.compared_cues.find(toks):
        if _example_noun(toks, lex, hit.i):
            continue
        span = [k for k in range(hit.j, min(len(toks), hit.j + _FIGURE_REACH)) if toks[k].clause == toks[hit.i].clause]
        bare = [words[k].removesuffix("'s") for k in span]  # "like CCM's 20 minutes", "like 99490's 20 minutes"
        named = [families.get(w) or family_of.get(w.upper()) for w in bare]
        own = {family_of.get(str(f.value), str(f.value)) for f in sc.facts if (f.kind, f.role) in
               (("code", "asked"), ("family", "named")) and f.at < toks[hit.i].start}
        fam = next((n for n in named if n and n not in own), None)
        figures = [f for f in sc.of("minutes") if f.at in starts and starts[f.at] in span]
        if fam is None or not own or not figures:
            continue
        sc.facts = [dataclasses.replace(f, role="threshold") if f in figures else
                    dataclasses.replace(f, role="compared") if f.kind in ("family", "code") and f.role in ("named", "asked")
                    and family_of.get(str(f.value), str(f.value)) == fam else f for f in sc.facts]
