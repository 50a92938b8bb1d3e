"""Codes offered to choose from ("F32 or F33, which one exactly?", "is it E11.40, E11.42, or E11.9 plus G62.9?")
beside words that describe the condition: the words' own confident code answers when it is one of the offered
codes or lies in one's category, and the offered codes are listed after it with the verdict on them together."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Callable

from bot.answer import Answer
from bot.codesets.icd_read import IcdCode
from bot.engine import dxcodes, dxdocumented
from bot.engine.dx_reading import DxRead
from bot.engine.dxfind import find
from bot.engine.dxlex import Reading, lexicon, read
from bot.engine.dxsearch import core_and_optional
from bot.engine.dxtokens import norm
from bot.engine.dxpairs import pair_verdict

if TYPE_CHECKING:
    from bot.engine.diagnosis import DxContext

# a quoted code the words join into a combination code (knowledge/dx_synonyms.yaml `joined`)
JOINED_NOTE = ("ICD-10-CM codes the conditions named together here with one combination code, which replaces "
               "{dropped}: the guidelines link them when both are documented, even if the note never says one is due "
               "to the other, unless the provider documents another cause.")
_OFFERED = re.compile(r"\b(?:or|vs\.?|versus)\b", re.I)
# "I was going to use A + B + C": codes the asker proposes, for the words to confirm or replace
_PROPOSED = re.compile(r"\b(?:going to|gonna|planning to|plan to|about to|thinking of|intended to|meant to)\s+"
                       r"(?:use|code|bill|report|put down|put|submit)\b", re.I)


def offers_choice(text: str, written: list[str]) -> bool:
    """Whether the question joins the codes it writes by "or" / "vs" (a choice asked, not a pair to check)."""
    low = text.lower()
    spots = sorted(at for piece in written if (at := low.find(piece.lower())) >= 0)
    return len(spots) >= 2 and bool(_OFFERED.search(low[spots[0]:spots[-1]]))


def _without(text: str, pieces: list[str]) -> str:
    """The question without the codes as written (plain string search, longest first)."""
    for piece in sorted(set(pieces), key=len, reverse=True):
        text = re.sub(re.escape(piece), " ", text, flags=re.I)
    return text


def _in_offer(code: IcdCode, offered: list[IcdCode]) -> bool:
    """One of the offered codes, below an offered header, or in an offered code's category."""
    return any(code.code == o.code or code.code.startswith(o.code) or code.code[:3] == o.code[:3] for o in offered)


def answer(dx: DxContext, found: list[tuple[IcdCode, bool, str]], define: Callable[..., Answer]) -> Answer | None:
    """The words' code among the offered ones (or in one's category), with the offered codes after it; None when
    the question offers no choice or its words do not answer confidently there."""
    offered = [f[0] for f in found]
    written = [p for f in found for p in (f[0].dotted, f[2])]
    if not offers_choice(dx.text, written) and not _PROPOSED.search(dx.text):
        return None
    reading = read(_without(dx.text, written), lexicon(dx.kb))
    if not reading.required:
        return None
    finding = find(dx.reader, dx.release, reading)
    chosen = finding.primary  # "AECOPD, also pneumonia: J44.1 or J44.0?": the words' code of the offered category
    chosen = next((c for c in [chosen, *finding.codes] if c is not None and c.billable and _in_offer(c, offered)), chosen)
    if chosen is None or not chosen.billable or not _in_offer(chosen, offered):
        return None
    if finding.unused:
        dx.caveats.append("Not used from your words: " + ", ".join(c.said for c in finding.unused) + ".")
    listed = ", ".join(o.dotted for o in offered)
    dx.caveats.append(f"Of the codes offered ({listed}), your words describe {chosen.dotted} ({chosen.descriptor}); "
                      "check the documentation supports it.")
    dx.read.words = [c.said for c in reading.concepts if not c.optional]
    out = define(dx, chosen, "your words (the code among those offered that they describe)",
                 sequence=finding.codes or [chosen], links=finding.links)
    codes, reported = list(out.codes), {c.code for c in out.codes}
    for other in offered:
        if other.dotted not in reported and not (chosen.code.startswith(other.code) and not other.billable):
            codes += dxcodes.quoted_facts(dx.reader, dx.release, other, dx.note, finding.codes or [chosen])[:1]
    return dataclasses.replace(out, codes=codes, pair=pair_verdict(dx.reader, dx.release.id, offered[0], offered[1]))


def rivals_dropped(dx: DxContext, found: list[tuple[IcdCode, bool, str]], define: Callable[..., Answer]) -> Answer | None:
    """Codes quoted together ("the EHR pulls E66.01, E66.813 and Z68.41") where the words' own confident codes keep
    some and drop a rival of the same category (E66.01 beside E66.813 for 'obesity, class 3'): the words' codes in
    their order (with the partners the rest of the question names: the BMI), the dropped ones after them as not
    these words' codes. None when a quoted code of another category is not among the words' codes (the words may
    just not mention it) or nothing is dropped."""
    quoted = [f[0] for f in found]
    written = [p for f in found for p in (f[0].dotted, f[2])]
    rest = read(_without(dx.text, written), lexicon(dx.kb))
    reading, finding = dxdocumented.reading(dx.reader, dx.release, DxRead(), lexicon(dx.kb), dx.text, written, rest)
    if finding is None:
        reading, finding = rest, find(dx.reader, dx.release, rest) if rest.required else None
    if finding is None or finding.primary is None or finding.unused or not finding.primary.billable:
        return None
    links = finding.links + dxdocumented.story_partners(dx.reader, dx.release, finding.primary, rest, finding.codes)
    codes = finding.codes + [k.code for k in links if k not in finding.links]
    kept = {c.code for c in codes}
    dropped = [q for q in quoted if q.code not in kept]
    if not dropped and len(kept) > len(quoted) and len(quoted) == 2:  # "J44.0 and J44.1 together?" and a pneumonia
        dx.caveats += [finding.note] if finding.note else []
        out = define(dx, finding.primary, "your words (the quoted codes and the partner they call for)",
                     sequence=codes, links=links)
        return dataclasses.replace(out, intent="pair", pair=pair_verdict(dx.reader, dx.release.id, *quoted))
    joined = [q for q in dropped if _absorbed(rest, q, codes)]
    others = [q for q in dropped if q not in joined]
    if not dropped or not any(q.code in kept for q in quoted) or \
            any(q.code[:3] not in {c[:3] for c in kept} for q in others) or (others and _says_more(rest, others, codes)):
        return None
    dx.caveats.append(f"Your words describe {', '.join(c.dotted for c in codes)}; "
                      f"{', '.join(q.dotted for q in dropped)} {'is' if len(dropped) == 1 else 'are'} not the code "
                      "for them (one code per condition); check the documentation supports it.")
    dx.caveats += [JOINED_NOTE.format(dropped=", ".join(q.dotted for q in joined))] if joined else []
    out = define(dx, finding.primary, "your words (the quoted codes they support)", sequence=codes, links=links)
    extra = [fact for q in dropped for fact in dxcodes.quoted_facts(dx.reader, dx.release, q, dx.note, codes)[:1]]
    return dataclasses.replace(out, codes=list(out.codes) + extra)


def _absorbed(rest: Reading, dropped: IcdCode, kept: list[IcdCode]) -> bool:
    """Whether the words read a condition the dropped code says as part of a kept combination code (`joined`: the
    hypertension of a quoted I10 beside a CKD the words code as I12.9)."""
    words = set().union(*core_and_optional(dropped.descriptor))
    said = [c for c in rest.concepts if any({norm(w) for w in ph} <= words for ph in c.was)]
    return any(c.held_by(set().union(*core_and_optional(k.descriptor))) for c in said for k in kept)


def _says_more(rest: Reading, dropped: list[IcdCode], kept: list[IcdCode]) -> bool:
    """Whether a dropped code says a word of the question no kept code says ("sciatica, left leg" beside the quoted
    'low back pain': M54.42 is no rival of M54.50 then), or its kept rival says no word it does not (C34.90 for
    "lung cancer" beside a quoted C34.11: the words only say less)."""
    def said(code: IcdCode) -> set:
        words = set().union(*core_and_optional(code.descriptor))
        return {c for c in rest.required if c.held_by(words)}
    have = set().union(*(said(c) for c in kept))
    def outdone(q: IcdCode) -> bool:  # a kept code of its category that says what it says, and more
        return any(said(c) & said(q) and said(c) - said(q) for c in kept if c.code[:3] == q.code[:3])
    return any(said(q) - have or not outdone(q) for q in dropped)
