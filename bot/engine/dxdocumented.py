"""The documentation's own words in a question that also names a code it uses: a quote after a documentation verb
("the provider only wrote 'depression'", "doc documented 'obesity, class 2, BMI 37'") or the condition the code is
used for ("our superbill has M54.5 for low back pain and ..."). Those words alone are what the code must fit; the
rest of the question is the asker's story (the EHR, the claim, the surgery the remission followed)."""

from __future__ import annotations

import re

from bot.codesets.icd_read import IcdCode, IcdReader
from bot.codesets.load import Release
from bot.engine.dx_reading import DxRead
from bot.engine.dxfind import Finding, find
from bot.engine.dxlex import Lexicon, Reading, read, tokens
from bot.engine.dxlink import Link, partners
from bot.engine.dxsearch import core_and_optional
from bot.engine.dxwords import NOISE

LEFT_OVER = ("Not used from the documentation's words: {} (the story around the condition, or a further diagnosis "
             "to code separately if the record supports it).")

# Verbs and places that introduce what the provider put in the record (our own list of how coders say it).
DOCUMENTED = ("documented", "documents", "document", "wrote", "writes", "written", "charted", "charts", "noted",
              "notes", "note", "says", "said", "states", "stated", "reads", "diagnosed", "dx'd", "assessment",
              "impression", "a/p", "problem list", "record", "chart", "put", "lists", "listed", "entered")
MAX_GAP = 6  # words between the verb and the quote ("wrote in the assessment: 'depression'")
_QUOTE = re.compile(r"(?<![\w'])['\u2018\"\u201c]([^'\u2019\"\u201d\n]{2,160}?)['\u2019\"\u201d](?![\w])")
_VERB = re.compile(r"\b(?:" + "|".join(re.escape(v) for v in sorted(DOCUMENTED, key=len, reverse=True)) + r")\b", re.I)
_CODE_SHAPED = re.compile(r"^\s*[A-Za-z]\d[\dA-Za-z](?:\.?[\dA-Za-z]{1,4})?\s*$")
# A clause after "<code> for <condition>" ends at punctuation, or at a joining word before the asker's story
_ENDS = re.compile(r"[.;:?!\n(]|,\s*(?:but|and|so|which|because)\b|\b(?:but|because|since|so|which|that|when|if)\b",
                   re.I)


_QUALIFIES = re.compile(r"(?:in|with|without|w/o|w/|no|not|non|off|on|after|due|from|secondary|following|status|"
                        r"s/p|and|or|unspecified|type|class|stage|grade|bmi|initial|subsequent|sequela)\b", re.I)


def _after_verb(text: str, start: int) -> bool:
    """Whether a documentation verb comes within a few words before this point."""
    before = text[:start].split()[-MAX_GAP - 1:]
    return bool(_VERB.search(" ".join(before)))


def quoted(text: str) -> list[str]:
    """The quoted pieces of the record a question gives (not a code in quotes, not a quote with no verb before it)."""
    return [m.group(1).strip() for m in _QUOTE.finditer(text)
            if not _CODE_SHAPED.match(m.group(1)) and re.search(r"[A-Za-z]{3}", m.group(1))
            and _after_verb(text, m.start())]


# "normally we go straight to I12.9 for HTN + CKD": the asker's habit for a kind of case, not this record's words
_HABIT = re.compile(r"\b(?:normally|usually|always|typically|generally|routinely|taught|habit|default to|go straight to)\b"
                    r"[^.?!\n]*$", re.I)


def used_for(text: str, written: list[str]) -> str:
    """The condition written right after the code as its use ("M54.5 for low back pain"), up to the asker's story
    (never the asker's habit for a kind of case: "we normally use I12.9 for HTN + CKD")."""
    for piece in written:
        at = text.lower().find(piece.lower())
        if at < 0 or _HABIT.search(text[:at]):
            continue
        tail = re.match(r"\s+for\s+(.+)", text[at + len(piece):], re.S)
        if tail is None:
            continue
        words = _ENDS.split(tail.group(1), maxsplit=1)[0]
        return _cut_at_story(words)
    return ""


def _cut_at_story(words: str) -> str:
    """Drop what follows an 'and' that starts the asker's story ("low back pain and claims are ..."), keeping
    a second condition ("hypertension and CKD")."""
    parts = re.split(r"\s+and\s+", words.strip())
    kept = [parts[0]]
    for part in parts[1:]:
        first = (part.split() or [""])[0].lower()
        if first in NOISE:
            break
        kept.append(part)
    return " and ".join(kept).strip(" ,")


# "dx is plantar fasciitis right heel", "final diagnosis: ...": the condition the asker says the record names
_NAMED_DX = re.compile(r"\b(?:final\s+)?(?:dx|diagnosis)\s*(?:is|was|=|:)\s+(?!the\b|a\b|an\b|it\b|that\b|this\b)(.+)",
                       re.I | re.S)


# "the H&P says the patient has had rectal bleeding for two months": the condition a record says the patient has
_RECORD_SAYS = re.compile(r"\b(?:h&p|h & p|history and physical|note|notes|chart|record|documentation|referral|op note)\s+"
                          r"(?:says|states|documents|shows|notes)\s+(?:that\s+)?(?:the\s+)?(?:patient|pt|she|he)\s+"
                          r"(?:has had|has been having|has|had|is having|reports|reported)\s+(?!a\b|an\b|the\b|no\b)(.+)",
                          re.I | re.S)


def named_dx(text: str) -> str:
    """The condition written right after "dx is" / "diagnosis:", or after a record that says the patient has it,
    up to the asker's story, or ""."""
    found = _NAMED_DX.search(text) or _RECORD_SAYS.search(text)
    return _cut_at_story(_ENDS.split(found.group(1), maxsplit=1)[0]) if found else ""


def words(text: str, written: list[str]) -> str:
    """The documentation's words a question gives beside a code it names, or "" when it gives none."""
    return "; ".join(quoted(text)) or used_for(text, written) or named_dx(text)


def reading(reader: IcdReader, rel: Release, shown: DxRead, lex: Lexicon, text: str, written: list[str],
            rest: Reading) -> tuple[Reading | None, Finding | None]:
    """The documentation's own words beside the code, read and searched alone with the question's denials ("didn't
    say vertebrogenic"), noted in the answer's reading; (None, None) when the question gives none."""
    said = words(text, written)
    doc = read(said, lex) if said else None
    if doc is None or not doc.required:
        return None, None
    doc.status_leads = doc.status_leads or rest.status_leads  # the visit the question tells (therapy: aftercare)
    found = find(reader, rel, doc)
    if _qualifies_rest(reader, rel, doc, found, rest):
        return None, None
    if found.primary is None:  # "MMT 3+/5 hip flexors, quads, generalized muscle weakness": no code fits it all
        doc, found, said = _one_clause(reader, rel, lex, said) or (doc, found, said)
    doc.absent += [c for c in rest.absent if c not in doc.absent and c not in doc.concepts]
    shown.words, shown.text, shown.absent = [c.said for c in doc.required], said, [c.said for c in doc.absent]
    return doc, found


def _qualifies_rest(reader: IcdReader, rel: Release, doc: Reading, alone: Finding, rest: Reading) -> bool:
    """Whether the quote only qualifies the condition the question names outside it ("T2DM ... doc wrote
    'uncontrolled'"): the whole question holds the quote's words and more, the codes found for it say every word of
    the quote, and the quote alone reads as other categories (its own condition left unsaid)."""
    if not set(doc.required) < set(rest.required):
        return False
    found = find(reader, rel, rest)
    return found.primary is not None and found.primary.billable and not set(found.unused) & set(doc.required) and \
        not {c.code[:3] for c in alone.codes} & {c.code[:3] for c in found.codes}


def _one_clause(reader: IcdReader, rel: Release, lex: Lexicon, said: str) -> tuple[Reading, Finding, str] | None:
    """A quote whose words together fit no code, listing findings and then the diagnosis: the one comma clause (the
    last first) that a code fits whole."""
    parts = [p.strip() for p in re.split(r"[,;]", said) if p.strip()]
    if any(_QUALIFIES.match(p) for p in parts[1:]):
        return None  # "type 2 diabetes, in remission, no complications": one condition and its qualifiers
    for part in reversed(parts if len(parts) >= 2 else []):
        piece = read(part, lex)
        if piece.required and (found := find(reader, rel, piece)).primary is not None and not found.unused:
            return piece, found, part
    return None


def story_partners(reader: IcdReader, rel: Release, code: IcdCode, rest: Reading, have: list[IcdCode]) -> list[Link]:
    """The partners the rest of the question names for the documentation's code ("'obesity, class 3' with BMI 41.3":
    the BMI code its use additional note asks for), none already reported."""
    core, optional = core_and_optional(code.descriptor)
    left = [c for c in rest.concepts if not c.held_by(core | optional)]
    shown = {c.code for c in have} | {code.code}
    return [k for k in partners(reader, rel, code, left, rest, reverse=False) if k.code.code not in shown]



def without_gloss(text: str, written: list[str]) -> str:
    """The question without the quote glossing a written code right after it ("picked Z47.89 'aftercare following
    orthopedic surgery'", "M54.5 (low back pain)" stays: only quotes): the code named again, not the record's words."""
    for piece in written:
        text = re.sub(re.escape(piece) + r"\s*[-=:]?\s*['\u2018\"\u201c][^'\u2019\"\u201d\n]{2,120}['\u2019\"\u201d]",
                      " " + piece + " ", text, flags=re.I)
        text = re.sub(r"\b(?:plain|bare|generic|basic)\s+(?=" + re.escape(piece) + r"\b)", " ", text, flags=re.I)  # "plain G20"
    return text
