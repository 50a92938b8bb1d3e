"""What frames a diagnosis question rather than naming its condition, taken out before the concepts are read: the
greeting and sign-off, when the question is asked, the stay a condition came after, a detail said to be unknown,
and the story knowledge/dx_synonyms.yaml lists (how it was found, what is planned)."""

from __future__ import annotations

import re

from bot.engine.dxwords import CARE_EVENTS, NOISE_PHRASES

_GREETING = re.compile(r"\b(?:(?:hi|hello|hey|dear)(?: [a-z]+){1,2} ?,|good (?:morning|afternoon|evening))|\n\s*(?:thanks|thank you|thx|"
                       r"regards|best|cheers)\b[^\n]{0,30}(?:\n[^\n]{0,40}){0,4}\s*$"  # and the sign-off with the name
                       # "Dana K. / Coding Specialist": a name and a job title closing the message
                       r"|(?<=[.?!\n])\s*[a-z]+(?:\s+[a-z]\.?)?[.,\s]+(?:[a-z]+\s+){0,2}(?:specialist|coder|biller|manager|"
                       r"coordinator|supervisor|lead|cpc|ccs|cpb|rhit|rhia)\.?\s*$"
                       r"|(?:^|\s)--\s+[a-z]+(?:\s+[a-z]+)?(?:,(?:\s+[a-z]+){1,3})?")  # "-- Tom / Billing, Eastside Clinic"
_W_SLASH = re.compile(r"\bw/(o\b)?\s*")  # "heart disease w/ chronic diastolic HF", "w/o heart failure"
# "not stated primary or secondary", "not specified whether acute or chronic": which of two is unknown, neither is
# denied, so both words go and the classification's default applies (a denial would rule the default out)
_UNSTATED_CHOICE = re.compile(r"\b(?:not|never)\s+(?:stated|specified|said|(?=documented\s+whether)documented)\s+"
                              r"(?:as\s+|whether\s+(?:it\s+is\s+|it's\s+)?)?[a-z-]+\s+or\s+[a-z-]+\b")
# "no type, no stage", "stage not documented": the detail is unknown, not denied, so the classification's default
# applies (type 2, guideline I.C.4.a.2; the unspecified stage) instead of a code that lacks the word
_DETAIL = r"(?:type|class|stage|grade|degree|phase|severity|acuity|laterality|pattern)"
_UNSTATED_DETAIL = re.compile(r"\b(?:no|without)\s+(?:documented\s+|stated\s+|specified\s+)?" + _DETAIL + r"s?\b(?!\s+\d)|"
                              r"\b" + _DETAIL + r"\s+(?:is\s+|was\s+)?(?:not|never)\s+(?:stated|specified|documented|given|"
                              r"known|noted|mentioned|listed|written)\b|\b" + _DETAIL + r"\s+(?:is\s+|was\s+)?(?:unknown|unclear|unstated)\b")
_FRAMING = re.compile(r"\b(" + "|".join(re.escape(p) for p in sorted(NOISE_PHRASES, key=len, reverse=True)) + r")\b")
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|" \
          "jun|jul|aug|sep|sept|oct|nov|dec"
# "DOS 8/5/2026", "seen 2026-08-05": a date picks the release, its numbers are no stage or digit of a condition
_DATE = re.compile(r"\b(?:(?:dos|date of service)\W{0,3})?(?:\d{1,2}/\d{1,2}/(?:20)?\d\d|20\d\d-\d\d?-\d\d?)\b")
# "after October 2025", "since Oct 1": when the question is asked about, not a relation of the condition ("after")
_WHEN = re.compile(r"\b(?:after|since|before|until|from|as of|starting|effective)\s+(?:" + _MONTHS + r")\b\.?"
                   r"(?:\s+\d{1,2}(?:st|nd|rd|th)?,?)?(?:\s+\d{4})?")

_REPLACED_FOR = re.compile(r"\b(replacement|arthroplasty|amputation|removal|resection|ectomy)\s+(?:(?:was\s+)?(?:done|performed)"
                           r"\s+)?(?:for|due to|because of)\s+(?!aftercare\b)(?:(?!\s+and\s+(?:is|was|has|had|now|will|she|he|they|"
                           r"starting|started)\b)[^,.;?!\n()])+")  # "knee replacement done for OA": that reason is gone
_AFTER_STAY = re.compile(r"\b(?:after|since|following|post)[\s-]+(?:(?:a|an|the|her|his|their|a recent|recent|her recent|"
                         r"his recent|a long|a prolonged|prolonged)\s+)?(?:" + "|".join(map(re.escape, CARE_EVENTS))
                         + r")s?\b")

# "Dr. Lin found", "Mrs. Okafor's referral", "Rm 4 pt", "a 6 mm polyp", "2.5 cm laceration", "45yo", "62-year-old": who
# found it, how big and how old, never a word of the condition
_WHO_AND_SIZE = re.compile(r"\b(?:dr|mrs|mr|ms)\.\s*[a-z]+\b|\b(?:mrs|mr|rm|room|bed)\s+[a-z0-9]+\b|\b\d+(?:\.\d+)?\s*(?:mm|cm|millimeters?|centimeters?)\b"
                           r"|\b\d{1,3}\s*-?\s*(?:yo|y/o|yof|yom|y\.o\.?|yrs?\W?old|years?\W?old)(?![\w/])")

# "do I still code the arthritis?": whether a condition is still there is asked, not said; read as an aside (context)
_STILL = re.compile(r"(\bstill\s+(?:code|report|bill|list|use|include|keep|send|add|need)\s+)([^,.;?!\n()]+?)"
                    r"(?=\s+(?:for|after|in|on|with|since|because|when|if|now|that|or|and)\b|[,.;?!\n()]|$)")

# "six weeks out from surgery", "3 days ago": how long since, not a count of anything (a bare duration stays:
# "cough x 10 weeks" is chronic)
_SINCE = re.compile(r"\b(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|few|several)\s+(?:days?|weeks?|wks?|"
                    r"months?|years?)\s+(?:out\b(?:\s+from\b)?|ago\b|post[- ]?op\b)|"
                    r"\b(?:once|twice|\d+|one|two|three|four|five|six|seven)\s+(?:times?\s+)?(?:a|per|each|every)\s+"
                    r"(?:day|week|month|year)\b")  # "three times a week": how often, no count of anything

# "so I10 + I50.32 right?": a tag asking for agreement, never the side ("left or right?" keeps it)
_TAG_RIGHT = re.compile(r"(?<!\bor )(?<!\band )(?<!\bthe )(?<!\bher )(?<!\bhis )\bright\s*\?")

_NAMED_AGAIN = re.compile(r"\b(?:the|that|this|a)\s+([a-z]+)\s+codes?\b")  # "the ladder code": a code of words said


def _named_again(text: str) -> str:
    """The question without "the X code" where X repeats a word said before it (the asker naming that code)."""
    return _NAMED_AGAIN.sub(lambda m: " " if re.search(r"\b" + m.group(1) + r"\b", text[:m.start()]) else m.group(0), text)

# "no dx of htn yet": a diagnosis denied, not the "no dx" that frames a question, so read as the tabular words it
_NO_DX_OF = re.compile(r"\bno\s+(?:dx|diagnosis|diagnoses)\s+(?:of|for)\b")

# "chronic right knee pain due to primary osteoarthritis": the pain is the condition's own, coded by it (I.B.5)
_PAIN_DUE = re.compile(r"\b(?:chronic\s+|acute\s+)?((?:[a-z]+\s+){0,3}?)pain\s+(?:due to|secondary to)\s+(?!(?:the\s+|her\s+|"
                       r"his\s+|a\s+)?(?:[a-z]+\s+){0,2}(?:prosthe|implant|device|hardware|graft|catheter|shunt|stent))")


_BACK = re.compile(r"\b(?:the|her|his|their|that|this)\s+(?=([a-z0-9]+(?:\s+[a-z0-9]+){1,2})\b)")


def said_once(text: str) -> str:
    """The text without a condition named again by two or three of its words after "the" ("polycystic kidney
    disease ... the kidney disease caused it"): the same condition, not a second one."""
    out, done = [], 0
    for m in _BACK.finditer(text):
        words = m.group(1).split()
        size = next((n for n in range(len(words), 1, -1) if m.start() >= done and re.search(
            r"\b" + r"\s+".join(map(re.escape, words[:n])) + r"\b", text[:m.start()])), 0)
        if size:
            end = m.end() + len(re.match(r"[a-z0-9]+(?:\s+[a-z0-9]+){%d}" % (size - 1), text[m.end():]).group(0))
            out.append(text[done:m.start()] + " ")
            done = end
    return "".join(out) + text[done:]


def unframed(text: str, story: re.Pattern | None = None) -> str:
    """The plain (lower-case) question without its framing; `story`: the knowledge's story phrases, as one pattern."""
    text = _STILL.sub(r"\1(\2)", _W_SLASH.sub(lambda m: "without " if m.group(1) else "with ", text))
    text = _PAIN_DUE.sub(r"\1", _NO_DX_OF.sub("without diagnosis of", text))
    text = _UNSTATED_DETAIL.sub(" ", _UNSTATED_CHOICE.sub(" ", text))
    text = _SINCE.sub(" ", _WHO_AND_SIZE.sub(" ", story.sub(" ", text) if story is not None else text))
    text = _DATE.sub(" ", text)
    text = _named_again(_TAG_RIGHT.sub(" ?", text))
    return _GREETING.sub(" ", _FRAMING.sub(" ", _WHEN.sub(" ", _AFTER_STAY.sub(" ", _REPLACED_FOR.sub(r"\1 ", text)))))


_GAP = r"(?:\W+[a-z0-9]+){0,3}\W+"  # "..." in a story phrase: up to three words between ("before ... ablation")


def story_pattern(phrases: list[str]) -> re.Pattern | None:
    """One pattern for the knowledge's story phrases (words apart by any punctuation: "dix-hallpike"), or None."""
    def one(phrase: str) -> str:
        return _GAP.join(r"\W+".join(map(re.escape, re.findall(r"[a-z0-9]+", piece.lower()))) for piece in phrase.split("..."))
    shown = sorted((one(p) for p in phrases if p.strip()), key=len, reverse=True)
    # "after falling off a ladder": a fall told with where from is an external cause the lexicon reads, no story
    return re.compile(r"\b(?:" + "|".join(shown) + r")\b(?!\W+(?:off|from|down)\b)") if shown else None


# what ends the one condition an uncertainty word qualifies: punctuation, a list's "and" / "or", a clause's start
_CONDITION_ENDS = r"(?:and|or|nor|but|vs|versus|since|because|so|given|per|culture|labs?|pending|start|started|" \
                  r"treated|treating|on|to|that|if|for|is|was|the)\b"
_CONDITION = r"(?:(?:[ \t]+|[/-])(?!" + _CONDITION_ENDS + r")[a-z0-9][a-z0-9'-]*){1,4}"  # up to four words on one clause


def uncertain_pattern(words: list[str]) -> re.Pattern | None:
    """One pattern for an uncertainty word and the one condition after it ("likely uti", "r/o pneumonia"), or None;
    the word alone ("does 'likely' stop it?", "is it possible to bill") names none, and is no condition either."""
    cues = sorted(({r"\W+".join(map(re.escape, re.findall(r"[a-z0-9]+", w.lower()))) for w in words} - {""}),
                  key=len, reverse=True)
    return re.compile(r"(?<![\w/])(?:" + "|".join(cues) + r")(?!\w)(?P<condition>" + _CONDITION + ")?") if cues else None


def without_uncertain(text: str, pattern: re.Pattern | None) -> tuple[str, list[str]]:
    """The text without each uncertain condition it documents, and those conditions as written: an uncertain
    diagnosis is not coded in the office, the signs and symptoms are (ICD-10-CM guideline IV.H)."""
    if pattern is None:
        return text, []
    found = [m for m in pattern.finditer(text) if m.group("condition")]
    text = pattern.sub(" ", text)
    for condition in {m.group("condition").strip() for m in found}:  # named again ("re: UTI dx"): as uncertain
        text = re.sub(r"(?<![\w/])" + re.escape(condition) + r"(?![\w/])", " ", text)
    return text, [m.group(0).strip() for m in found]
