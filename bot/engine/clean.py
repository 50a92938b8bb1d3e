"""Turn raw channel text into a plain question: Slack markup, e-mail greetings, quotes and signatures go."""

from __future__ import annotations

import re
import unicodedata

from bot.engine.corrections import apply_corrections, drop_superseded, without_corrections
from bot.engine.demographics import write_out_ages
from bot.engine.listed_patients import asked_patient_lines
from bot.engine.patterns import lazy
from bot.engine.tables import read_tables, unit_bare_lists

MAX_RAW_CHARS = 200_000  # beyond this we do not even try to clean: a paste, not a question
MAX_QUESTION_CHARS = 2_000  # after cleaning; rapidfuzz cost grows with length (ecosystem.md C1)
MAX_CONTROL_RATIO = 0.05  # more control bytes than this means binary, not text

# Every pattern here runs in linear time: nothing may cross a '<' or a line end, so no start position rescans
# the rest of the text (a 200,000-character paste of '<http:' took minutes with the old link pattern).
_SLACK_USER = re.compile(r"<[@#!][^<>]*>")
_SLACK_LINK = re.compile(r"<((?:https?|mailto):[^<>|]+)(?:\|([^<>]*))?>")
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # Unicode Cc without \t \n \r
_NOT_LF_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_BREAK = re.compile(r"^[^\S\n]*(?:(?:on[^\S\n][^\n]{0,200}\bwrote:|-{2,}[^\S\n]*original message[^\S\n]*-{2,}"
                    r"|from:[^\S\n][^\n]*@[^\n]*|--|__+)[^\S\n]*$|sent from my\b)", re.I | re.M)
_QUOTED = re.compile(r"^[^\S\n]*>[^\n]*\n?", re.M)
_QUOTE_MARK = re.compile(r"^[^\S\n]*>", re.M)
_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")
_CLOSING = lazy(r"^[^\S\n]*(?:thanks|thank you|thx|regards|best|best regards|kind regards|cheers|sincerely"
                      r"|many thanks|appreciate it|much appreciated|appreciated|warmly|take care)\b(?:[^\S\n]|[,!.])*$",
                      re.I | re.M)
_GREETING = lazy(r"^\s*(hi|hello|hey|dear|good (morning|afternoon|evening)|greetings)\b[^.?!\n]{0,40}[,!:]?\s*$", re.I)
_QUOTE_START = lazy(r"[^\S\n]*(?:on[^\S\n]|-{2,}[^\S\n]*original|from:)", re.I)  # a _BREAK match that opens quoted history
_FORWARDED = re.compile(r"^[^\S\n]*-{2,}[^\S\n]*forwarded message[^\S\n]*-{2,}[^\S\n]*$", re.I | re.M)
_HEADER_FIELD = lazy(r"[^\S\n]*(?:from|date|sent|to|cc|subject):[^\S\n]", re.I)
_FROM = lazy(r"^[^\S\n]*from:[^\S\n]*", re.I)
_SUBJECT = re.compile(r"^[^\S\n]*subject:", re.I)
_LOOSE_COMMA = lazy(r"\s+(?=,)")
_SENTENCE_END = lazy(r"[.?!;]\s*$")
_FEW_WORDS = 4  # a reply this short with no figure of its own only points at the quoted message
_CODE_LIKE = lazy(r"(?<!\w)(?:\d{4}[\dA-Z]|[A-Z]\d{4}|[A-Z]\d\d(?:\.\w+)?)(?!\w)", re.I)  # "what is X?" asks its own
# "Follow-up: he was discharged ...", "Not sure about that. Our rheumatologist ...": a reply that goes on from the quoted
# message (the asker's own, or a claim it answers) reads with it, whatever figures each holds, when that message
# tells facts and asks nothing ("Following up on the thread below" over "we can't count the call twice, right?" asks
# its own question); "She came back 11/26 as planned for the second injection" tells the next visit of the quoted one,
# whose facts (the joint injected) it leaves unsaid
_GOES_ON_FROM = lazy(r"^\W*(?:follow[- ]?up\b|following up\b|update\b)|\b(?:not sure about (?:that|this)|is (?:that|this) "
                     r"(?:right|true|correct)|(?:that|this) (?:is not|isn't) right|(?:came|comes) back\b.{0,40}\bas "
                     r"planned)\b", re.I)
_ADDS_TO_QUOTED = lazy(r"^\W*(?:also|plus|in addition|additionally|and also|on top of (?:that|this))\b", re.I)
# "Adding detail: the NP is in a separate group. Is that allowed?": a reply that gives more facts for the quoted question
# reads after it (the question it adds to first), whatever figures either holds
_DETAILS_QUOTED = lazy(r"^\W*(?:(?:adding|to add|more|additional|added|extra|some|a bit more|further)[^\S\n]+(?:details?|info|"
                       r"information|context|background)|for context|(?:details?|context|background)[^\S\n]*:)", re.I)
# "I double-entered two notes. The real total is 59 minutes": the reply's figure replaces the quoted one of its unit,
# and the quoted message's other facts ("month 3 of CoCM") still hold
_RESTATES = lazy(r"\b(?:(?:real|actual|correct|corrected|right|true|updated|revised)\s+(?:total|number|count|time|figure)"
                 r"|double[- ]?(?:entered|counted|charted|logged)|counted\s+twice|entered\s+twice)\b", re.I)
_FIGURE = lazy(r"(?<![\w.])(\d{1,4}(?:\.\d+)?)[^\S\n]*-?[^\S\n]*(min(?:ute)?s?|hours?|hrs?|days?|calls?)\b", re.I)
# a CPT or HCPCS code in a Subject line ("Subject: (a code) denied"): when it is the one code the body names, it is
# the same code told once (beside other codes of the body, it says which one the question is about, and stays)
_SUBJECT_CODE = lazy(r"(?<![\w.])(\d{4}[0-9A-Z]|[A-Z]\d{4})(?![\w.])")
# NFKC can shrink text (base letter + marks compose to one character), so text up to this many characters
# before normalising may still fit the question limit after it; anything longer is refused unnormalised.
_NORMALISE_BUDGET_FACTOR = 4


class Rejected(ValueError):
    """The input is not a question (empty, binary, too long)."""


def _decode_slack(text: str) -> str:
    text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _SLACK_USER.sub(" ", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _drop_forward_header(text: str) -> str:
    """A forwarded message's marker line and its From/Date/To block go (the message follows); its Subject stays."""
    found = _FORWARDED.search(text)
    if not found:
        return text
    lines = text[found.end():].lstrip("\n").split("\n")
    k = 0
    while k < len(lines) and _HEADER_FIELD().match(lines[k]):
        k += 1
    subject = [line for line in lines[:k] if line.lstrip().lower().startswith("subject:")]
    return text[:found.start()] + "\n".join(subject + lines[k:])


def _strip_mail(text: str, depth: int = 0) -> list[str]:
    """The lines before quoted history, a signature or a closing, without quoted or blank lines; when those lines
    state no figure ("Following up on the below - can we bill anything?"), the quoted message's lines follow them."""
    text = _drop_forward_header(text)
    found = _BREAK.search(text)
    # Quoted history above the reply (nothing but quoted or blank lines before its header): the reply follows it.
    while found and _QUOTE_START().match(found.group()) and not _QUOTED.sub("", text[:found.start()]).strip():
        text = text[found.end():]
        found = _BREAK.search(text)
    body = text[:found.start()] if found else text
    quoted = _QUOTE_MARK.sub("", "".join(_QUOTED.findall(body)))  # each quoted line without its ">"
    if found and _QUOTE_START().match(found.group()):
        quoted += "\n" + text[found.end():]
    text = _BLANK_LINES.sub("\n", _QUOTED.sub("", body)).strip("\n")
    first_end = text.find("\n")
    closing = _CLOSING().search(text, first_end + 1) if first_end >= 0 else None  # a closing ends a question after it
    lines = (text[:closing.start()] if closing else text).split("\n")
    # a reply whose only figures correct the quoted message ("sorry, I meant 22 minutes not 12") or add to it ("Also
    # our RN spent 20 minutes") reads with it
    own = " ".join(lines)
    if depth >= 3 or not quoted.strip() or len(quoted) > 4 * MAX_QUESTION_CHARS:
        return lines  # no quoted message to read with it (a longer one could never fit the question limit)
    bare = not _FIGURE().search(without_corrections(own))
    # a bare reply of a few words ("Thoughts?", "Any idea?") asks the quoted question itself
    if "?" not in quoted and any(_GOES_ON_FROM().search(line) for line in lines):  # its facts, never a second question
        lines += _history_lines(quoted, depth + 1)
    elif "?" in quoted and (at := next((k for k, line in enumerate(lines) if _DETAILS_QUOTED().match(line)), None)) is not None:
        lines[at:at] = _history_lines(quoted, depth + 1)
    elif (bare or _ADDS_TO_QUOTED().match(own)) and (_FIGURE().search(quoted) or (
            bare and 0 < len(own.split()) <= _FEW_WORDS and not _CODE_LIKE().search(own) and quoted.strip())):
        lines += _history_lines(quoted, depth + 1)
    elif not bare and _sums_quoted(own, quoted):  # "can I add those together to get 27 minutes?": the quoted 15 and 12
        at = 1 if _SUBJECT.match(lines[0]) else 0
        lines[at:at] = _history_lines(quoted, depth + 1)
    elif not bare and _RESTATES().search(own) and (units := {_figure(m)[1] for m in _FIGURE().finditer(own)}):
        kept = _FIGURE().sub(lambda m: " " if _figure(m)[1] in units else m.group(0), quoted)
        lines += _history_lines(kept, depth + 1)
    return lines


def _sums_quoted(own: str, quoted: str) -> bool:
    """Whether the reply's figure is the sum of two or more figures of its unit in the quoted message."""
    told = [_figure(m) for m in _FIGURE().finditer(quoted)]
    for number, unit in {_figure(m) for m in _FIGURE().finditer(own)}:
        those = [float(n) for n, u in told if u == unit]
        if len(those) >= 2 and sum(those) == float(number):
            return True
    return False


def _history_lines(quoted: str, depth: int) -> list[str]:
    """The quoted message's own lines, its header fields gone (a From line keeps its name: "From: Grace, Navigator")."""
    out = []
    for line in _strip_mail(quoted.replace("\n>", "\n"), depth):
        if _FROM().match(line):
            out.append(_FROM().sub("", line) + ".")
        elif not _HEADER_FIELD().match(line) and line.strip():
            out.append(line)
    return out


def _figure(m: re.Match) -> tuple[str, str]:
    """A figure as its number and unit ("48 minutes", "48 min" and "48-minute" are one figure)."""
    unit = m.group(2).lower()
    return m.group(1), unit[:3] if unit[:3] in ("min", "day", "cal") else "hou"


def _subject_once(lines: list[str]) -> list[str]:
    """A Subject line's figures and codes that the lines after it state again go from it: one fact told twice is one
    fact ("Subject: CoCM - 48 minutes" over "logged 48 minutes", "Subject: (a code) denied" over "we billed (that code)",
    when the body names no other code); a figure only the subject holds stays. A subject ends its own clause."""
    out = list(lines)
    for k, line in enumerate(out):
        if not _SUBJECT.match(line):
            continue
        body = " ".join(out[k + 1:])
        later = {_figure(m) for m in _FIGURE().finditer(body)}
        kept = _FIGURE().sub(lambda m: " " if _figure(m) in later else m.group(0), line)
        named = set(_SUBJECT_CODE().findall(body))  # the one code the body is about: the subject only repeats it
        kept = _SUBJECT_CODE().sub(lambda m: " " if {m.group(1)} == named else m.group(0), kept)
        out[k] = _LOOSE_COMMA().sub("", kept).rstrip(" -:,")
        if k + 1 < len(out) and not _SENTENCE_END().search(out[k]):
            out[k] += "."  # the subject is a clause of its own: its words describe no event of the body's
    return out


_FIGURE_END = lazy(r"\b\d{1,4}[^\S\n]*(?:min(?:ute)?s?|hours?|hrs?|days?|calls?)[^\S\n]*$", re.I)


def _end_figure_lines(lines: list[str]) -> list[str]:
    """A line that ends on a figure ("Aug 20 - 40 min") ends its sentence: the next line's code or visit is not its own."""
    return [line + "." if _FIGURE_END().search(line) else line for line in lines]


def _drop_greetings(lines: list[str]) -> list[str]:
    """A greeting line goes only when a question follows it ("Hi team," / "what is ..."), never the question itself."""
    head = 1 if lines and _SUBJECT.match(lines[0]) else 0  # "Subject: ..." / "Hi all," / the question
    first = head
    while first < len(lines) - 1 and (not lines[first].strip() or _GREETING().match(lines[first])):
        first += 1
    return lines[:head] + lines[first:]


def _too_long(length: int) -> Rejected:
    return Rejected(f"The question is too long ({length:,} characters; the limit is {MAX_QUESTION_CHARS:,}). "
                    "Ask one question at a time.")


def clean_text(raw: str) -> str:
    """Return the question inside `raw`, or raise Rejected saying why it is not one (linear in len(raw))."""
    if not raw or not raw.strip():
        raise Rejected("The question is empty. Ask about a billing code, or send \"help\" for examples.")
    if len(raw) > MAX_RAW_CHARS:
        raise Rejected(f"The message is too long ({len(raw):,} characters). Ask one question at a time.")
    controls = len(raw) - len(_CONTROLS.sub("", raw))
    if "\x00" in raw or controls > MAX_CONTROL_RATIO * len(raw):
        raise Rejected("That looks like binary data, not a question.")
    text = _ZERO_WIDTH.sub("", _decode_slack(raw)).replace("\r\n", "\n").replace("\r", "\n")
    lines = _end_figure_lines(_subject_once(asked_patient_lines(drop_superseded(_strip_mail(unit_bare_lists(read_tables(
        _NOT_LF_CONTROLS.sub(" ", text))))))))
    kept = " ".join(" ".join(lines).split())
    if len(kept) > _NORMALISE_BUDGET_FACTOR * MAX_QUESTION_CHARS:
        raise _too_long(len(kept))
    question = " ".join(apply_corrections(write_out_ages(unicodedata.normalize("NFKC", " ".join(_drop_greetings(lines))))).split())
    if not question:
        raise Rejected("I found no question in that message.")
    if len(question) > MAX_QUESTION_CHARS:
        raise _too_long(len(question))
    return question
