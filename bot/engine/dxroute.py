"""When a question is about a diagnosis: an ICD-10-CM-shaped token, words that say so, or no remote-care answer.

Kept light (no code-set import): the code-set database is opened only when one of those holds, so
remote-care questions never touch it."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.answer import Answer
from bot.engine.asked_item import asks_item_by_words
from bot.engine.dx_reading import with_reading
from bot.engine.dxshape import dx_tokens
from bot.engine.dxwords import CUE_PATTERN, SEVENTH_CUES, WEAK_CUES
from bot.engine.parse import Question
from bot.engine.patterns import lazy
from bot.kb.store import KnowledgeBase

if TYPE_CHECKING:
    from bot.engine.diagnosis import DxContext

_SEVENTH = lazy("|".join(re.escape(c) for c in SEVENTH_CUES), re.I)
_FIVE = re.compile(r"\b\w{5}\b")  # a code-shaped word, in upper case
# "Which code goes first?", "is there a code for that?": a question for a code, answered by the diagnosis words it says
_ASKS_CODE = lazy(r"\bcodes?\b", re.I)
# ... unless it names a service ("SLP eval", "foot exam"): then, as unasked, only words that read like a code's text
_SERVICE = lazy(r"\b(exams?|examinations?|tests?|testing|screenings?|assessments?|counseling|counselling|"
                      r"visits?|evaluations?|evals?|injections?|x-?rays?|imaging|scans?|therapy|services?|procedures?|"
                      r"panels?|draws?|shots?|vaccines?|vaccinations?|consults?|consultations?|management|planning|"
                      r"education|training|sessions?|programs?|supplies|supply|devices?|monitoring|calls?)\b", re.I)
# "what diagnosis codes go on the therapy claim?": the claim's family is where the codes go, the codes are asked
_DX_CODES_ASKED = lazy(r"\b(?:what|which)\s+(?:\w+\s+)?diagnos[ie]s\s+codes?\b", re.I)
# "dx code(s)", "dx for": beside a named family a diagnosis code is asked, not a story word ("new CHF dx 3 weeks ago")
_CODE_AFTER = lazy(r"\s*(?:codes?\b|for\b)", re.I)
_STORY_DX = lazy(r"\b(?:newly|recently|just|new)\s+$", re.I)  # "dx" after these words tells when, not asks a code
# how the diagnoses themselves are coded together: "or is there a combination code?"
_COMBINATION = lazy(r"\bcombination\s+(?:codes?|category)\b|\bcombo\s+codes?\b|\b(?:full|complete|whole|correct)\s+"
                    r"(?:icd-10\s+|code\s+)?(?:set|string)\b|\bmissing\s+codes?\b|\bcode\s+them\s+separately\b|"
                    r"\bis\s+there\s+(?:(?:something|anything)\s+|an?\s+(?:code\s+)?)newer\b|"
                    r"\b(?:what|which)\s+(?:\w+\s+)?codes?\s+(?:go|goes|belong)\b|\bwhich\s+[A-TV-Z]\d[0-9A-Z]s\b|"
                    r"\b(?:still|now)\s+the\s+rule\b", re.I)
# ... or the set the words call for (or "is there something newer?"): "what is the full set?", "do I code them separately as ...?", "I'm missing codes",
# "which Z79s do I use?", "what codes go on the claim?", "is that still the rule?" (the asker's old rule for a set)
# "provider wrote 'insulin dependent', does that make it E10?": a code the asker proposes for the words, which decide
# "can I just put (two codes)?": the asker doubts a plain set for the words, which decide (a combination code may be due)
_PROPOSED = lazy(r"\b(?:make|makes|mean|means|turn|turns)\s+it\s+(?:an?\s+|into\s+(?:an?\s+)?)?[A-TV-Z]\d[0-9A-Z]\b|"
                 r"\b(?:just|only|simply)\s+(?:put|use|code|list|report|enter)\s+[A-TV-Z]\d[0-9A-Z]|"
                 r"\b(?:can|could|may|should)\s+(?:i|we)\s+(?:bill|code|report|submit|send)\s+[A-TV-Z]\d[0-9A-Z]\.\w+"
                 r"(?!\s*(?:and|&|\+|with|plus|,|or)\s*[A-TV-Z]\d)", re.I)  # one code, not a pair asked
# ... or "can I bill J18.9 so the x-ray goes through?": a diagnosis code asked beside the visit it would go on
# "Z00.00 or Z00.01?" beside the AWV: a choice between diagnosis codes is asked, whatever service they go on
_ICD_CHOICE = lazy(r"\b[A-TV-Z]\d[0-9A-Z]\.[0-9A-Z]{1,4}\s+(?:or|vs\.?|versus)\s+[A-TV-Z]\d[0-9A-Z]\.[0-9A-Z]{1,4}\b", re.I)
# "can I bill A and B together?", "A with B on the same claim - ok?": whether the written codes go together is asked
_PAIR_ASKED = lazy(r"\b(?:together|same\s+(?:claim|visit|encounter|day|time|patient)|both|along\s+with|conflicts?|"
                   r"allowed|ok(?:ay)?|with\s+[A-TV-Z]\d[0-9A-Z]|also\s+(?:put|code|use|bill|report))\b", re.I)
_ICD_SHAPE = re.compile(r"\b[A-TV-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?\b", re.I)  # the quoted codes, left out of the words
# A CPT code (5 digits, or 4 and a letter), a HCPCS code, a modifier (-25), or a time: a procedure question.
_PROCEDURE = lazy(r"\b(\d{4}[0-9A-Z]|[A-Z]\d{4}|\d+\s*(min|mins|minutes|hours?|hrs?|days?))\b|-\d\d\b", re.I)


def is_about_diagnosis(text: str) -> bool:
    """Whether the question says it is about a diagnosis code (ICD-10, dx ...)."""
    return bool(CUE_PATTERN.search(text))


def _only_weak_cues(text: str, family_named: bool = False) -> bool:
    """The question says "diagnosis" only as a word of its story, never "ICD-10", "dx code" and the like; beside a
    named remote-care family a bare "dx" is a story word too ("new CHF dx 3 weeks ago ... can we start PCM?")."""
    weak = WEAK_CUES + (("dx",) if family_named else ())
    return all((m.group(1).lower() in weak and not _CODE_AFTER().match(text, m.end()))  # "which dx code?" asks one
               or text[m.end():m.end() + 2] in ("'d", "\u2019d")  # "newly dx'd": a verb
               or _STORY_DX().search(text[:m.start()]) and m.group(1).lower() == "dx"  # "a newly dx breast cancer pt"
               for m in CUE_PATTERN.finditer(text))


def route(q: Question, text: str, kb: KnowledgeBase) -> Answer | None:
    """Answer a diagnosis question before the remote-care stages, or None to let them answer."""
    tokens = dx_tokens(text, kb.codes)
    named = any(t in kb.codes or t in kb.left_out  # a code held, or one left out on purpose (G0511)
                for t in _FIVE.findall(text.upper()))
    # days told with nothing of a program ("cough x 5 days") are how long a symptom has lasted, not data days
    program = q.scenario is not None and bool(q.scenario.of("family", "cue", "weak_cue"))
    days = q.days is not None and (bool(q.families) or program or named or q.minutes is not None)
    remote = q.families or q.minutes is not None or days or named
    # "for RPM claims ... do we code I10 plus I50.32, or is there a combination code?": the diagnoses are asked
    asked = q.minutes is None and not days and not named and bool(_COMBINATION().search(text) or _PROPOSED().search(text)
                                                                     or _after_only(tokens, kb) or _ICD_CHOICE().search(text))
    # "probable cystitis ... can I put N30.90?": a code beside an uncertain condition is checked against the words
    asked = asked or bool(tokens) and not remote and _uncertain(kb, _ICD_SHAPE.sub(" ", text))
    if tokens and remote and not asked:
        return None  # a remote-care question; the ICD-10-CM code is its context
    if not tokens and not is_about_diagnosis(text):
        return None
    cued = q.scenario is not None and bool(q.scenario.of("family", "cue"))
    # minutes told make a bare "dx" a story word too ("no other chronic dx. Our RN spent 34 min")
    if not tokens and (remote or cued) and _only_weak_cues(text, bool(q.families) or named or q.minutes is not None) \
            and not (q.minutes is None and q.days is None and not named and _DX_CODES_ASKED().search(text)):
        return None  # "90 minutes helping a patient with a new cancer diagnosis" is a remote-care question
    from bot.codesets import CodeSetsUnavailable
    from bot.engine import diagnosis, dxseventh  # the code-set database opens only for a diagnosis question

    try:
        dx = diagnosis.context(text, kb)
    except CodeSetsUnavailable as exc:
        return Answer(status="unknown", intent="define", message=str(exc), year=kb.default_year,
                      knowledge_version=kb.version)
    if dx is None:
        return None
    codes = [t for t in tokens if dx.reader.code(dx.release.id, t[0]) is not None]  # not "T2DM"
    # "coder before me used A and B", "A + B?": a set to check against the words, unless it asks A with B
    proposed = asked or len(codes) >= 2 and not remote and not _PAIR_ASKED().search(text)
    words = diagnosis.by_words(dx, _ICD_SHAPE.sub(" ", text)) if tokens and proposed else None
    answer = _combination(words, codes, asked) if tokens and proposed else None
    if answer is None and tokens and proposed and _uncertain(kb, _ICD_SHAPE.sub(" ", text)):
        return with_reading(words or _unconfirmed(dx, text), dx.read)  # "likely UTI: can I code N39.0?": never defined
    if answer is not None and not asked and not _adds(dx, answer, codes, _ICD_SHAPE.sub(" ", text)):
        answer = None  # the words say less than a code written: the codes written are explained instead
    answer = answer or (diagnosis.by_codes(dx, tokens) if tokens else None)
    if answer is None and is_about_diagnosis(text):
        answer = diagnosis.by_words(dx, text)
    if answer is None and not tokens and _SEVENTH().search(text):
        answer = dxseventh.seventh_overview(dx, text, diagnosis.answer_for)
    if answer is None and is_about_diagnosis(text):
        answer = diagnosis.unknown_words(dx)
    if answer is not None and answer.intent == "define" and asks_item_by_words(text):
        answer = replace(answer, intent="search")  # "A was rejected: what's the current code for X?": a code found
    return with_reading(answer, dx.read) if answer is not None else None


def _after_only(tokens: list[tuple[str, bool]], kb: KnowledgeBase) -> bool:
    """Only codes never listed first are quoted (an external cause, "is it the dog-bite code?"): the injury the
    words name is asked too, and goes first (guideline I.C.20)."""
    letters = tuple((getattr(kb, "dx_words", {}) or {}).get("listed_after", {}).get("letters", ()))
    return bool(tokens and letters) and all(t[0].upper().startswith(letters) for t in tokens)


def _combination(found: Answer | None, tokens: list[tuple[str, bool]], asked: bool) -> Answer | None:
    """The words' own answer when the set is asked about (a combination code, "can I just put ..."), or when it
    holds a code the quoted set lacks; saying which quoted codes it does not keep."""
    given = [t if len(t) <= 3 else f"{t[:3]}.{t[3:]}" for t, _dotted in tokens]
    answered = {c.code for c in found.codes} if found is not None and found.status == "answered" else set()
    if not answered or not asked and not answered - set(given):
        return None
    # a category named as a family ("the Z79 codes") is no code proposed
    if dropped := [g for g in given if g not in answered and not (len(g) == 3 and any(a.startswith(g) for a in answered))]:
        verb = "is" if len(dropped) == 1 else "are"
        found = replace(found, caveats=[*found.caveats, f"{' and '.join(dropped)} as written {verb} not what these "
                                        "words call for: report the codes above, in that order, when the "
                                        "documentation supports them."])
    return found


def _adds(dx: DxContext, found: Answer, tokens: list[tuple[str, bool]], words: str) -> bool:
    """Whether the words' codes each say more of the question than a written code of their category."""
    from bot.engine.dxlex import lexicon, read
    from bot.engine.dxquoted import adds_to_quoted

    def codes(names: list[str]) -> list:
        return [c for n in names if (c := dx.reader.code(dx.release.id, n.replace(".", ""))) is not None]
    return adds_to_quoted(dx.reader, dx.release, codes([c.code for c in found.codes]), codes([t for t, _d in tokens]),
                          read(words, lexicon(dx.kb)))


def _uncertain(kb: KnowledgeBase, words: str) -> bool:
    """Whether the words document a condition as uncertain ("likely UTI", "r/o pneumonia"): not coded (IV.H)."""
    from bot.engine.dxlex import lexicon, read

    return bool(read(words, lexicon(kb)).uncertain)


def _unconfirmed(dx: DxContext, text: str) -> Answer:
    """No code for words that document only an uncertain condition, with the guideline's note (IV.H)."""
    from bot.engine import diagnosis, dxfacts

    dx.caveats += [n for n in dxfacts.ruled_out_note(dx.kb, text) if n not in dx.caveats]
    return diagnosis.unknown_words(dx)


def _remote_facts(text: str) -> bool:
    """Whether the question holds what only a procedure question has: a CPT or HCPCS code, a modifier, minutes."""
    return bool(_PROCEDURE().search(text))


def fallback(text: str, kb: KnowledgeBase, answer: Answer) -> Answer:
    """When the remote-care stages found nothing (or only guessed from words), try the words as a diagnosis."""
    if answer.status not in ("unknown", "did_you_mean") or answer.codes or answer.families or _remote_facts(text):
        return answer
    from bot.codesets import CodeSetsUnavailable
    from bot.engine import diagnosis

    try:
        dx = diagnosis.context(text, kb)
    except CodeSetsUnavailable:
        return answer
    strict = not _ASKS_CODE().search(text) or bool(_SERVICE().search(text))  # else only words that read as a code's text
    found = diagnosis.by_words(dx, text, strict=strict) if dx is not None else None
    if found is None or not strict and found.status != "answered":
        return answer  # an unasked close call among diagnosis codes is no answer to what may be a procedure question
    return with_reading(found, dx.read)
