"""ICD-10-CM answers: a code looked up by its shape, two codes checked against Excludes notes, or words searched
(bot.engine.dxroute decides when; this module and the code-set database load only then)."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field

from bot.answer import Answer, Suggestion
from bot.codesets import default_codesets
from bot.codesets.icd_read import IcdCode, IcdReader
from bot.codesets.load import Release
from bot.engine import dxasked, dxcodes, dxdocumented, dxfacts, dxnamed, dxoffered, dxorder, dxquoted
from bot.engine.dx_reading import DxRead
from bot.engine.dxfind import Finding, find
from bot.engine.dxlex import Reading, lexicon, read
from bot.engine.dxlink import Link, in_order, partners
from bot.engine.dxpairs import pair_verdict, worst_pair
from bot.engine.dxsearch import core_and_optional, with_seventh
from bot.engine.dxshape import fits_hcpcs, icd_neighbours
from bot.engine.dxwords import CUE_PATTERN
from bot.engine.match import suggest_codes
from bot.kb.store import KnowledgeBase

MAX_SUGGESTIONS = 6
_COMPARES = re.compile(r"\b(?:vs\.?|versus|difference|differences|differ|compared?)\b", re.I)
NO_WORDS = ("Ask about an ICD-10-CM code ({release}) by the code (\"what is M17.11\", \"is M17.1 billable\") or by "
            "the condition in words (\"ICD-10 for unsteadiness on feet\").")
NO_CODE_FITS = ("No ICD-10-CM code in {release} fits those words; try the condition as the documentation words it "
                "(e.g. \"type 2 diabetes with hyperglycemia\").")


@dataclass(slots=True)
class DxContext:
    """What a diagnosis answer needs: the question, the curated knowledge (for the answer's stamp), the reader."""

    text: str
    kb: KnowledgeBase
    reader: IcdReader
    release: Release
    note: str
    caveats: list[str] = field(default_factory=list)
    read: DxRead = field(default_factory=DxRead)  # what the answer read, for its `understood`


def context(text: str, kb: KnowledgeBase) -> DxContext | None:
    """Open the code sets and pick the release in force on the question's date of service (or today)."""
    reader = default_codesets()
    asked = dxfacts.date_of_service(text)
    when = asked or dxfacts.today()
    rel = reader.release(when)
    if rel is None:
        return None
    dx = DxContext(text, kb, reader, rel, dxfacts.release_note(reader, rel, when, asked is not None))
    if "tabular" not in rel.parts.split(","):
        dx.caveats.append(f"{rel.name} was imported from the code descriptions file only: the tabular's notes "
                          "(Excludes, code first, use additional code, 7th-character definitions) are not loaded "
                          "for it; import its tabular XML too.")
    return dx


def answer_for(dx: DxContext, **fields) -> Answer:
    """An answer stamped with the release in force, its source and the caveats gathered."""
    return _answer(dx, **fields)


def _answer(dx: DxContext, **fields) -> Answer:
    caveats = dx.caveats + ([dx.note] if dx.note and not fields.get("diagnosis") else [])  # else on the release line
    return Answer(caveats=caveats, sources=[dxfacts.source_ref(dx.release)], year=dx.release.fiscal_year or 0,
                  knowledge_version=dx.kb.version, **fields)


def define(dx: DxContext, code: IcdCode, matched: str, intent: str = "define",
           alternatives: list[IcdCode] | None = None, sequence: list[IcdCode] | None = None,
           links: list[Link] | None = None, quoted: IcdCode | None = None) -> Answer:
    """Everything the tabular says of one code; with partners, the codes to report in their order (and, after
    them, a code the question quoted that is not the one its words describe)."""
    sequence = sequence or [code]
    d = dxfacts.diagnosis(dx.reader, dx.release, sequence[0], dx.note, matched, alternatives)
    order = dxcodes.order_caveat(sequence, links or [])
    if order:
        dx.caveats.append(order)
    facts = dxcodes.code_facts(dx.reader, dx.release, sequence, d, dx.note, links or [])
    if quoted is not None:
        facts += dxcodes.quoted_facts(dx.reader, dx.release, quoted, dx.note, sequence)
    return _answer(dx, status="answered", intent=intent, codes=facts, diagnosis=d,
                   companions=dxcodes.companions(dx.reader, dx.release, sequence, links or []),
                   suggestions=[Suggestion(code=c.code, why="billable code below the header", title=c.descriptor)
                                for c in d.choices])


def _unknown_code(dx: DxContext, token: str, curated: list[Suggestion]) -> Answer:
    """A code-shaped token no system holds: the codes one character away in each system, curated ones first."""
    near = sorted(dx.reader.existing(dx.release.id, icd_neighbours(token)),
                  key=lambda c: -len(os.path.commonprefix([c.code, token])))  # same category first
    shown = token if len(token) <= 3 else f"{token[:3]}.{token[3:]}"
    if near or curated:
        suggestions = curated + [Suggestion(code=c.dotted, why=f"ICD-10-CM, one character away from {shown}",
                                            title=c.descriptor) for c in near[:MAX_SUGGESTIONS]]
        return _answer(dx, status="did_you_mean", intent="define", suggestions=suggestions,
                       message=f"{shown} is not an ICD-10-CM code in {dx.release.name}. Did you mean "
                               f"{', '.join(s.code for s in suggestions)}?")
    return _answer(dx, status="unknown", intent="define",
                   message=f"{shown} is not an ICD-10-CM code in {dx.release.name}, and no code is one character away.")


def _ancestor_named(dx: DxContext, tokens_written: list[str]) -> Answer | None:
    """Codes that do not exist below a billable code the question's words name: that code, said so."""
    text = dx.text
    for token in tokens_written:
        text = text.replace(_shown(token), " ").replace(token, " ")
    said = dxdocumented.words(dx.text, [p for t in tokens_written for p in (_shown(t), t)])  # "dx is ...": the record's
    found = next((f for words in dict.fromkeys(w for w in (said, text) if w) if (f := dxnamed.words_name_ancestor(
        dx.reader, dx.release, tokens_written, lambda w=words: read(w, lexicon(dx.kb))))), None)
    if found is None:
        return None
    dx.caveats.append(found[1])
    return define(dx, found[0], "the billable code above the one written")


def _two_systems(dx: DxContext, code: IcdCode, token: str, curated: list[Suggestion]) -> Answer:
    """A bare token that is an ICD-10-CM code and one character from a curated code: ask which was meant."""
    suggestions = [Suggestion(code=code.dotted, why=f"ICD-10-CM {code.dotted}, written without its dot",
                              title=code.descriptor), *curated]
    return _answer(dx, status="did_you_mean", intent="define", suggestions=suggestions,
                   message=f"{token} fits two systems: ICD-10-CM {code.dotted} ({code.descriptor}) or "
                           f"{', '.join(s.code for s in curated)} one character away. Which did you mean?")


def _pair(dx: DxContext, left: IcdCode, right: IcdCode) -> Answer:
    rest = functools.reduce(lambda text, c: _rest(dx, c, c.code, text), (left, right), dx.text)
    left, right = (dxnamed.below_or_itself(dx.reader, dx.release, c, lambda: read(rest, lexicon(dx.kb)), dx.caveats)
                   for c in (left, right))  # "J35.0 ... known chronic tonsillitis": the header's code the words name
    verdict = pair_verdict(dx.reader, dx.release.id, left, right)
    found = [dxfacts.diagnosis(dx.reader, dx.release, code, dx.note, "code") for code in (left, right)]
    facts = [dxfacts.code_fact(code, dx.release, d) for code, d in zip((left, right), found)]
    written = [p for c in (left, right) for p in (c.dotted, c.code)]  # "I69.351 vs I69.353", "A or B?": side by side
    intent = "compare" if _COMPARES.search(dx.text) or dxoffered.offers_choice(dx.text, written) else "pair"
    return _answer(dx, status="answered", intent=intent, pair=verdict, codes=facts, diagnosis=found[0])


def _meant_as_icd(dx: DxContext, token: str) -> bool:
    """A bare token no system holds is taken as a mistyped diagnosis code only when its category exists and it
    cannot be something else ("Suite A101" is not; "M1713" is when the question says it is a diagnosis)."""
    if len(token) < 4 or dx.reader.code(dx.release.id, token[:3]) is None:
        return False
    return not fits_hcpcs(token) or bool(CUE_PATTERN.search(dx.text))


def _hcpcs_caveat(dx: DxContext, token: str, written_dotted: bool) -> None:
    if not written_dotted and fits_hcpcs(token):
        dx.caveats.append(f"{token} also has the shape of a HCPCS Level II code; codebot holds no HCPCS code {token}, "
                          f"so this answer reads it as ICD-10-CM {token[:3]}.{token[3:]}.")


def by_codes(dx: DxContext, tokens_found: list[tuple[str, bool]]) -> Answer | None:
    """Answer from the ICD-10-CM codes written in the question (None when no token is a code or clearly meant as one)."""
    found: list[tuple[IcdCode, bool, str]] = []
    unknown: list[tuple[str, list[Suggestion]]] = []
    dx.read.codes = [(_shown(t), t) for t, _dotted in tokens_found]
    for token, written_dotted in tokens_found:
        code = dx.reader.code(dx.release.id, token)
        curated = [] if written_dotted else suggest_codes(dx.kb, token)  # the one-edit did-you-mean per system
        if code is not None and curated:
            return _two_systems(dx, code, token, curated)
        if code is not None:
            found.append((code, written_dotted, token))
        elif written_dotted or curated or _meant_as_icd(dx, token):
            unknown.append((token, curated))
    misspelt = [t for t, _c in unknown if any(t in icd_neighbours(f[0].code) for f in found)]
    if unknown and len(misspelt) < len(unknown) or not found:
        return (_ancestor_named(dx, [t for t, _c in unknown]) or _unknown_code(dx, *unknown[0])) if unknown else None
    for token in misspelt:  # "T84.84XA ... can I send T84.84A?": the asker's own variant of the code they named
        near = next(f[0] for f in found if token in icd_neighbours(f[0].code))
        dx.caveats.append(f"{_shown(token)} is not an ICD-10-CM code; the valid code is {near.dotted}"
                          + (" (placeholder X keeps the 7th character in 7th place)." if "X" in near.code else "."))
    for code, written_dotted, token in found:
        _hcpcs_caveat(dx, token, written_dotted)
    if len(found) >= 2:
        return _one_for_all(dx, found) or dxoffered.rivals_dropped(dx, found, define) or \
            dxorder.answer(dx, [f[0] for f in found], define) or \
            dxoffered.answer(dx, found, define) or _pair(dx, *worst_pair(dx.reader, dx.release.id, [f[0] for f in found]))
    code, written_dotted, token = found[0]
    return _one_code(dx, code, "code" if written_dotted or len(code.code) <= 3 else "code without dot", token)


def _shown(token: str) -> str:
    return token if len(token) <= 3 else f"{token[:3]}.{token[3:]}"


def _one_for_all(dx: DxContext, found: list[tuple[IcdCode, bool, str]]) -> Answer | None:
    """Codes quoted on separate lines when the words name one code of their category that says it all ("G56.01 and
    G56.02 for carpal tunnel in both wrists"): that code, the quoted ones shown after it."""
    rest = functools.reduce(lambda text, f: _rest(dx, f[0], f[2], text), found, dx.text)
    reading = read(rest, lexicon(dx.kb))
    doc, doc_found = dxdocumented.reading(dx.reader, dx.release, dx.read, lexicon(dx.kb), dx.text,
                                          [p for f in found for p in (f[0].dotted, f[2])], reading)
    said_found = doc_found if doc is not None else find(dx.reader, dx.release, reading) if reading.required else None
    if (one := dxquoted.one_code_for(dx.reader, dx.release, [f[0] for f in found], said_found, doc is not None)):
        dx.caveats.append(one[1])
    return None if one is None else define(dx, one[0], "your words (one code says what the codes written say apart)", quoted=found[0][0])


def _rest(dx: DxContext, code: IcdCode, token: str, text: str | None = None) -> str:
    """The question without the code as written (plain string search: a pattern per question would thrash re's cache)."""
    text = dxdocumented.without_gloss(dx.text if text is None else text, [code.dotted, token])
    for piece in sorted({code.dotted, token}, key=len, reverse=True):
        at = text.lower().find(piece.lower())
        while at >= 0:
            text = text[:at] + " " + text[at + len(piece):]
            at = text.lower().find(piece.lower())
    return text


def _one_code(dx: DxContext, code: IcdCode, matched: str, token: str) -> Answer:
    """One code asked: completed by the 7th character the other words name, with the partner codes they name."""
    rest = _rest(dx, code, token)
    reading = read(rest, lexicon(dx.kb))
    found = find(dx.reader, dx.release, reading) if reading.required else None
    doc, doc_found = dxdocumented.reading(dx.reader, dx.release, dx.read, lexicon(dx.kb), dx.text,
                                                  [code.dotted, token], reading)
    said, said_found = (doc, doc_found) if doc is not None else (reading, found)
    if (elsewhere := dxquoted.words_point_elsewhere(dx.reader, dx.release, code, said, said_found,
                                                    doc is not None)) is not None:
        dx.caveats.append(elsewhere)  # "the EHR picks I10 for hypertensive heart disease with heart failure"
        other = dxquoted.words_code(dx.reader, dx.release, said_found, code, doc is not None)
        primary = said_found.primary is not None and said_found.primary.code == other.code
        if primary or doc is None:
            _unused_caveat(dx, said_found)
        else:  # the documentation's one code of the category: what it does not say is left over, not the search's
            dx.read.unused = dxquoted.unsaid(dx.reader, dx.release, other, said)
            dx.caveats += [dxdocumented.LEFT_OVER.format(", ".join(dx.read.unused))] if dx.read.unused else []
        extra = dxdocumented.story_partners(dx.reader, dx.release, other, reading, said_found.codes) if doc else []
        return define(dx, other, "your words (the code written is not the one they describe)", quoted=code, links=(
            said_found.links if primary else []) + extra, sequence=(said_found.codes if primary else [other]) + [k.code for k in extra])
    header = code
    if (below := dxnamed.words_choose_below(dx.reader, dx.release, code, said, said_found)) is not None:
        code, matched = below[0], matched + ", the billable code below it your words name"
        dx.caveats.append(below[1])
    core, optional = core_and_optional(code.descriptor)
    left = [c for c in reading.concepts if not c.held_by(core | optional)]
    completed, _said = with_seventh(dx.reader, dx.release, code, left, reading)
    if completed.code != code.code:
        what = completed.descriptor[len(completed.descriptor.rsplit(", ", 1)[0]):].lstrip(", ")
        dx.caveats.append(f"{code.dotted} {'needs a 7th character' if not code.billable else 'has another 7th character'}"
                          f"; {completed.dotted} is the one your words name ({what}).")
        code, matched = completed, matched + " with the 7th character your words name"
    links = partners(dx.reader, dx.release, code, [c for c in left if c not in _said], reading, detail=reading.concepts)
    holds = found is not None and found.primary is not None and code in found.codes
    whole = holds and not found.unused
    if holds and {k.code for k in links} < set(found.codes) - {code}:  # the words name more partners than the notes
        links, sequence = found.links, found.codes  # "E11.22 right? or more" beside htn: I12.9 too
        dx.caveats += [found.note] if found.note and len(sequence) > 1 else []
        _unused_caveat(dx, found)
    elif not links and whole:
        links, sequence = found.links, found.codes  # "J44.1 only?" beside a pneumonia: the words' full set
        dx.caveats += [found.note] if found.note and len(sequence) > 1 else []
    else:
        sequence = in_order(code, links) + ([] if links or below else _words_say(dx, code, reading, found))
    return define(dx, code, matched, sequence=sequence, links=links, quoted=header if below else None)


def _words_say(dx: DxContext, code: IcdCode, reading: Reading, finding: Finding | None = None) -> list[IcdCode]:
    """A code of the same category that the question's words describe better than the code it names."""
    if not reading.required:
        return []
    finding = finding or find(dx.reader, dx.release, reading)
    other = finding.primary
    if other is None or other.code == code.code or other.code[:3] != code.code[:3] or finding.unused:
        return []
    if not code.billable and other.code.startswith(code.code):
        return []  # a code below the header named: it is among the header's choices, never reported after it
    dx.caveats.append(f"Your words describe {other.dotted} ({other.descriptor}) rather than {code.dotted} "
                      f"({code.descriptor}); check the documentation before choosing.")
    return [other]


_QUOTED = re.compile(r'["\u201c]([^"\u201d\n]{3,120})["\u201d]')


def by_words(dx: DxContext, words_text: str, intent: str = "search", strict: bool = False) -> Answer | None:
    """Search the descriptors, inclusion terms and (where imported) the index; None when nothing fits.

    strict (a question that does not say it is about a diagnosis): only a code whose text reads like the
    question's own words answers; anything else is left to the remote-care answer."""
    finding = find(dx.reader, dx.release, read(words_text, lexicon(dx.kb)), strict=strict)
    finding = dxasked.confirmed(dx.reader, dx.release, lexicon(dx.kb), words_text, finding) or finding
    quoted = " ".join(_QUOTED.findall(words_text))  # "the referral just says "history of falls"": the record's words
    if finding.primary is None and quoted:
        finding = alone if (alone := find(dx.reader, dx.release, read(quoted, lexicon(dx.kb)), strict=strict)).primary \
            is not None else finding
    dx.read.words, dx.read.text = [c.said for c in finding.reading.concepts if not c.optional], words_text
    dx.read.absent = [c.said for c in finding.reading.absent]
    dx.read.unused = [c.said for c in finding.unused]
    if finding.primary is not None:
        _unused_caveat(dx, finding)
        dx.caveats += dxfacts.ruled_out_note(dx.kb, words_text) if finding.reading.absent or finding.reading.uncertain \
            else []
        return define(dx, finding.primary, finding.how, intent=intent, alternatives=finding.alternatives,
                      sequence=finding.codes, links=finding.links)
    if strict or not finding.alternatives:
        return None
    suggestions = [Suggestion(code=c.dotted, why="close to your wording", title=c.descriptor)
                   for c in finding.alternatives[:MAX_SUGGESTIONS]]
    return _answer(dx, status="did_you_mean", intent="search", suggestions=suggestions,
                   message="Several ICD-10-CM codes fit your wording; which one matches the documentation?")


def _unused_caveat(dx: DxContext, finding: Finding) -> None:
    if finding.note:
        dx.caveats.append(finding.note)
    if finding.unused:
        dx.caveats.append("Not used from your words: " + ", ".join(c.said for c in finding.unused)
                          + " (no code says it together with the rest; code it separately if it is a diagnosis).")


def unknown_words(dx: DxContext) -> Answer:
    """No code fits the words of a question that says it is about a diagnosis."""
    if not read(dx.text, lexicon(dx.kb)).concepts:
        return _answer(dx, status="unknown", intent="help", message=NO_WORDS.format(release=dx.release.name))
    return _answer(dx, status="unknown", intent="search", message=NO_CODE_FITS.format(release=dx.release.name))
