"""Minutes that are not this service's: counted toward another service ("10 of those were also counted toward RPM",
"can those 12 minutes also count toward RTM?") and shares given to something ("15 of those were spent on RPM")."""

from __future__ import annotations

import dataclasses
import functools
import re

from bot.engine.patterns import lazy
from bot.engine.scenario import Fact

MAX_NUMBER = 100_000  # a clamp: a 309-digit "minutes" value must not overflow, and nothing real is larger

# "10 of those minutes were also counted toward RPM": time another service already counts (never counted twice)
_ELSEWHERE = lazy(r"(?<![\w.])(\d{1,4})\s+(?:(?:minutes?|mins?)\s+)?(?:of\s+(?:those|these|them|the|that|which|it)\s+"
                        r"(?:minutes?\s+|mins?\s+)?)?(?:were|was|are|is|had been|have been)?\s*(?:also\s+|already\s+)?"
                        r"(?:(?:counted|billed|used|claimed|reported)\s+(?:toward|towards|for|under|as|on|in|against)|"
                        r"logged\s+(?:toward|towards|under|against)|"  # "logged for Mr. A": whose time, not which service
                        r"(?:(?<=also )|(?<=ready ))logged\s+as|"  # "also logged as CCM" (a bare "logged as RPM time" is this time)
                        r"(?<=also )(?P<ask>count|go|apply)\s+(?:toward|towards|for|to))\b"
                        r"(?!\s+(?:the\s+|this\s+|that\s+|last\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|"
                        r"month|week|day|period|patient|pt|her|him|them|mr|mrs|ms)\w*\b)")  # "logged for November": its month
# "10 of those minutes were the RPM call we already counted toward 99457": the same, told as what they were, then
# a clause saying where they were counted
_ELSEWHERE_RELATIVE = lazy(r"(?<![\w.])(\d{1,4})\s+(?:(?:minutes?|mins?)\s+)?of\s+(?:those|these|them|the|that|it)\s+"
                           r"(?:(?:minutes?|mins?)\s+)?(?:were|was|are|is|went to)\s+(?:[\w'/-]+\s+){1,5}?"
                           r"(?:that\s+|which\s+)?(?:we\s+|we've\s+|we\s+have\s+|we\s+had\s+|is\s+|was\s+|were\s+)?"
                           r"(?:also\s+|already\s+)+(?:(?:counted|billed|used|claimed|reported)\s+(?:toward|towards|for|under|as|on|in)|"
                           r"logged\s+(?:as|toward|towards|under|against))\b")  # "the same call she also logged as CCM"
# "40 minutes, but 15 of those were spent on RPM": a share of the minutes before it, given to something (the reader
# makes it minutes counted elsewhere when another family is named right after, else a part of the total)
_PORTION = lazy(r"(?<![\w.])(\d{1,4})\s+(?:(?:minutes?|mins?)\s+)?of\s+(?:those|these|them|that|it|the time)\s+"
                      r"(?:(?:minutes?|mins?)\s+)?(?:were|was|went)\s+(?:spent\s+|used\s+)?(?:on|for|to|toward|towards|doing|a|an|the)\b")

# "22 minutes, 15 of which were during her office visit": time inside a face-to-face visit billed on its own is that
# visit's time, not care-management time
_DURING_VISIT = lazy(r"(?<![\w.])(\d{1,4})\s+(?:(?:minutes?|mins?)\s+)?of\s+(?:which|those|these|them|that|it)\s+"
                           r"(?:(?:minutes?|mins?)\s+)?(?:were|was|took place|happened)\s+(?:spent\s+)?(?:during|in|at)\s+"
                           r"(?:the|a|an|her|his|their|our)?\s*(?:[\w'/-]+\s+){0,3}?(?:visit|appointment|encounter|awv|e/m)\b")


_LINKS = "and|or|but|no|not|without|then|before|after|of|for|in|at|on|with|to|the|a|an|her|his|each|per|every|since|vs"


@functools.lru_cache(maxsize=4)
def _visit_pattern(words: tuple[str, ...]) -> re.Pattern:
    # up to two describing words between ("10 min office visit"), never a remote one ("20 min video visit" may be
    # the program's own interactive time)
    names = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(r"\s*(?:(?!(?:video|phone|telephone|virtual|telehealth|" + _LINKS + r")\s)[\w'/-]+\s+){0,2}?(?:"
                      + names + r")\b")


def visit_length(meta: dict, subjects: set[str]) -> re.Pattern | None:
    """The words after minutes that make them a visit's own length, when a family other than the visit families is
    asked about (meta separately_billed_time); else None."""
    spec = meta.get("separately_billed_time") or {}
    if not spec.get("visit_words") or not subjects - set(spec.get("visit_families") or ()):
        return None
    return _visit_pattern(tuple(spec["visit_words"]))


def number(digits: str) -> int:
    """A non-negative whole number from digits, clamped so no input overflows."""
    value = float(digits[:12]) if len(digits) <= 12 else MAX_NUMBER
    return int(min(max(value, 0.0), MAX_NUMBER) + 0.5)


def elsewhere(text: str, found: list[Fact]) -> list[Fact]:
    """Minutes counted toward another service: they come off the total (one minute counts toward one service)."""
    out = list(found)
    for m in [*_ELSEWHERE().finditer(text), *_ELSEWHERE_RELATIVE().finditer(text)]:
        value = number(m.group(1))
        out = [f for f in out if not (m.start() <= f.at < m.end())]
        role = "elsewhere"
        if m.groupdict().get("ask"):  # "can those 18 minutes also count toward RTM?": the same minutes said before are the other service's
            before = [f for f in out if f.at < m.start() and f.value == value and f.role in ("spent", "again")]
            out = [Fact(f.kind, f.value, f.words, f.at, role="elsewhere") if f in before else f for f in out]
            role = "again" if before else role
        out.append(Fact("minutes", value, text[m.start():m.end()], m.start(), role=role))
    return out


def portions(text: str, found: list[Fact]) -> list[Fact]:
    """"15 of those were spent on RPM" after a minutes figure: a share of it (see _PORTION); one inside a visit is
    counted elsewhere (see _DURING_VISIT)."""
    if not found:
        return []
    taken = {f.at for f in found} | {m.start() for p in (_ELSEWHERE, _ELSEWHERE_RELATIVE) for m in p().finditer(text)}
    out = [Fact("minutes", number(m.group(1)), text[m.start():m.end()], m.start(), role="elsewhere")
           for m in _DURING_VISIT().finditer(text) if m.start() not in taken and m.start() > found[0].at]
    taken |= {f.at for f in out}
    return out + [Fact("minutes", number(m.group(1)), text[m.start():m.end()], m.start(), role="portion")
                  for m in _PORTION().finditer(text) if m.start() not in taken and m.start() > found[0].at]


# "a 45-minute psychotherapy session she billed as" its own code, "20 of those were a session billed under her own NPI": time
# of a service billed on its own claim
_BILLED_APART = lazy(r"\b(?:billed|coded|reported|submitted|claimed|bills|codes)\s+(?:it\s+|that\s+|them\s+)?"
                           r"(?:(?P<apart>separately|separate|on its own|on their own|by itself)|as|under|with)\s*"
                           r"(?:(?P<npi>(?:her|his|their|its)\s+own\s+npi)|(?P<code>[a-z]\d{4}|\d{5}))?")
# "a 53 min session with our psychologist (90837 billed)": the code told before the billing word
_CODE_BILLED = lazy(r"(?P<code>[a-z]\d{4}|\d{5})\s+(?:was\s+|is\s+|got\s+|already\s+)?(?:billed|coded|reported|submitted|claimed)\b")
_BILLED_REACH = 90  # characters after the minutes within which the billing words must stand
# "12 minutes going over his BP log with him during his office visit", "10 min of that session": time inside a visit or
# session billed on its own (never a remote one: a video visit may be the program's own interactive time)
# ("needs found at the initiating visit": where the needs were found, not where the minutes were spent)
_FOUND_AT = "".join(rf"(?<!\b{w}\s)" for w in ("found", "identified", "noted", "flagged", "raised", "spotted", "documented"))
_IN_VISIT = lazy(r"^(?:\s*of|[^.;?!]{0,70}?" + _FOUND_AT + r"\b(?:during|at|in))\s+(?:the|a|an|her|his|their|our|today's|that|this)\s+"
                 r"(?:(?!(?:video|phone|telephone|virtual|telehealth|for|to|a|an)\s)[\w'/-]+\s+){0,3}?"
                 r"(?:visit|appointment|appt|encounter|session|e/m)\b")
# "billed 90834 for a 45 min session": the code the session went out as, told before its minutes
_BILLED_BEFORE = lazy(r"\b(?:billed|coded|reported|submitted|claimed|bills|codes)\s+(?:it\s+)?(?:as\s+|under\s+)?"
                            r"(?P<code>[a-z]\d{4}|\d{5})\s+for\s+(?:a|an|the|her|his|their|that)?\s*$")


# "a (level-4 E/M code) telehealth visit where the doctor spent 15 minutes on her readings": minutes told inside a visit that
# went out under its own code (even a remote one: its code, not the program's, was billed for that time)
_VISIT_CLAUSE = lazy(r"\b(?:visit|appointment|appt|encounter|e/m)\b[^.;?!\d]{0,30}?\b(?:where|in which|during which|"
                     r"at which|while|when)\s+[^.;?!\d]{0,60}$")
# "during her (code) visit (on 5/6) the doctor spent 15 minutes": the visit named, by its code, before the minutes of its clause
_DURING_CODED = lazy(r"\b(?:during|at|in)\s+(?:the|a|an|her|his|their|our|that|this)?\s*([a-z]\d{4}|\d{5})\s+"
                     r"(?:[\w'/-]+\s+){0,2}?(?:visit|appointment|appt|encounter|follow-?\s?up|check-?up|f/u)\b"
                     r"(?:\s+on\s+\d{1,2}/\d{1,2}(?:/\d{2,4})?)?,?\s+[^.;?!\d]{0,60}$"  # "at the (code) visit on 5/6 the doc"
                     # "came in on Nov 14 for a (code) with Dr. Patel, about 25 min": the visit she came in for
                     r"|\b(?:came in|comes in|come in|was seen|seen)\b[^.;?!]{0,30}?\bfor\s+(?:a|an|the)?\s*([a-z]\d{4}|\d{5})\b[^.;?!\d]{0,60}$")
_BILLED_EM = lazy(r"\b(?:billed|coded|reported|submitted)\s+(?:it\s+)?(?:as|under|with)\s+(?:an?\s+|the\s+|its\s+own\s+)?"
                  r"(?:e/m|office visit|visit code|level)")
_TITLE = lazy(r"\b(dr|mr|mrs|ms|mx|pt|np|pa)\.")
_CODE_BEFORE = lazy(r"(?<![\w.])([a-z]\d{4}|\d{5})\b[^.;?!\d]{0,40}$")


def _billed_visit_code(text: str, at: int, code_family: dict[str, str], subjects: set[str]) -> str | None:
    """The code of the visit whose clause the minutes at `at` are told in ("an E/M visit (its code) where ... 15 minutes"),
    when it is of a family not asked about; else None."""
    head = _TITLE().sub(lambda m: f"{m.group(1)} ", text[:at])  # "Dr. Lee" ends no sentence
    start = max((m.end() for m in re.finditer(r"[.;?!\n]", head)), default=0)
    clause = _VISIT_CLAUSE().search(head, start)
    code = _CODE_BEFORE().search(head[start:clause.start()]) if clause else _DURING_CODED().search(head, start)
    if code is None and clause and _BILLED_EM().search(head[start:clause.end()]):
        return ""  # "an office visit billed as an E/M where the doctor spent 12 minutes": billed, its code not told
    if code is None:
        return None
    told = code.group(code.lastindex).upper()  # the visit she came in for is told, not asked, beside another program
    others = subjects - {code_family.get(told)} if code.re is _DURING_CODED() and code.lastindex == 2 else set()
    return told if code_family.get(told) not in subjects or others else None


def _in_visit(text: str, end: int) -> bool:
    """Whether the clause after the minutes places them inside a visit or session (up to the next figure)."""
    after = text[end:end + _BILLED_REACH]
    nxt = re.search(r"\b\d{1,4}\b|[.;?!]\s", after)
    return bool(_IN_VISIT().match(after[:nxt.start()] if nxt else after))


def billed_apart(text: str, found: list[Fact], code_family: dict[str, str], subjects: set[str],
                 visit_length: re.Pattern | None = None) -> list[Fact]:
    """Minutes of a session billed on its own ("billed as" a psychotherapy code, "under her own NPI", "billed
    separately", a visit's own length: `visit_length` matches the words after the minutes) are not counted (`apart`;
    a share of a stated total comes off it), unless the code they are billed as is of the family asked about."""
    out, apart = [], set()
    for f in found:
        if visit_length is not None and f.kind == "minutes" and f.role in ("spent", "additional") \
                and not f.words.rstrip().endswith((".", ";", "?", "!")) and (visit_length.match(text, f.at + len(f.words))
                                                                           or _in_visit(text, f.at + len(f.words))):
            f = dataclasses.replace(f, role="apart")  # "the 10 min visit with the doc": the visit's time
        elif f.kind == "minutes" and f.role in ("spent", "additional") \
                and (visit_code := _billed_visit_code(text, f.at, code_family, subjects)) is not None:
            f = dataclasses.replace(f, role="apart")  # "an E/M visit (its code) where the doctor spent 15 min": the visit's
            apart.add(visit_code)
        elif f.kind == "minutes" and f.role in ("spent", "part", "portion", "call", "additional"):
            after = text[f.at + len(f.words):f.at + len(f.words) + _BILLED_REACH]
            nxt = re.search(r"\b\d{1,4}\b|[.;?!]\s", after)  # the next figure or sentence is another fact
            m = _BILLED_APART().search(after[:nxt.start()] if nxt else after) \
                or _CODE_BILLED().search(after[:nxt.start()] if nxt else after) \
                or _BILLED_BEFORE().search(text[max(0, f.at - 40):f.at])
            said = m.groupdict() if m else {}
            code = (said.get("code") or "").upper()
            if m and (said.get("apart") or said.get("npi") or (code and code_family.get(code) not in subjects)):
                # a share of the month's minutes comes off it; a session told on its own is simply not counted
                f = dataclasses.replace(f, role="elsewhere" if f.role in ("part", "portion") else "apart")
                apart.add(code)
            elif f.role == "additional" and apart and all(o.role == "apart" for o in out if o.kind == "minutes"):
                f = dataclasses.replace(f, role="spent")  # "plus 35 minutes of other work" after it: the month's time
        out.append(f)
    # the code the session went out as is context, not a code asked about
    return [dataclasses.replace(f, role="context") if f.kind == "code" and f.value in apart and f.role == "asked" else f
            for f in out]


# "since that's 23 minutes", "which makes 27 minutes", "= 63 min", "bc it's 26 min": a sum of figures already given
_RESTATED = lazy(r"(?:\b(?:that'?s|thats|that is|it'?s|it is|which is|which makes|that makes|makes|so|equals|for a total of"
                 r"|comes to|adds up to"
                 r"|(?:together|combined|added|add them|added them|adding them|lumped)\s+(?:up\s+)?(?:as|to|into|for)(?:\s+an?|\s+one)?)\s+"
                 r"|=\s*)(?:about\s+|around\s+)?(\d{1,4})\s*(?:minutes?|mins?|min)\b", re.I)


def restated(text: str, found: list[Fact]) -> list[Fact]:
    """A figure that sums the other counted minutes and is said as their sum is said again, not more time; when a
    call's minutes are among the parts ("6 min call + 16 min reviewing = 22"), the sum shows the call came on top,
    so it is the stated total and the figures its parts."""
    counted = [f for f in found if f.role in ("spent", "additional", "call", "base")]
    found = _bare_totals(text, _pointed_back(text, _asked_for(text, _said_twice(text, found, counted), counted), counted),
                         counted)
    found = _logged_sums(text, _overage(text, found, counted), counted)
    for m in _RESTATED().finditer(text):
        value = number(m.group(1))
        fact = next((f for f in counted if f.at == m.start(1) and f.value == value), None)
        others = [f for f in counted if f is not fact]
        if fact is None or len(others) < 2 or sum(f.value for f in others) != value:
            continue
        if any(f.role == "call" for f in others):
            found = [dataclasses.replace(f, role="total" if f is fact else "part") if f is fact or f in others else f
                     for f in found]
        else:
            found = [dataclasses.replace(f, role="again") if f is fact else f for f in found]
    return found


# "... 3/26 call 13 min. 65 minutes. Consent on file.": a figure standing alone as its own sentence after a log
_BARE_LEAD = lazy(r"(?:^|[.:;\n]|\s[\u2013-]\s)\s*(?:(?:so|total|in total|for a total of)\s*[:=]?\s*)?$")
_BARE_TAIL = lazy(r"\.?\s*(?:total|in total|altogether|overall|combined|all together)?\s*(?:[.;\n]|$)")


def _bare_totals(text: str, found: list[Fact], counted: list[Fact]) -> list[Fact]:
    """A figure said alone after two or more figures, equal to their sum, is the asker's total of them."""
    again: set[int] = set()
    for f in sorted(counted, key=lambda f: f.at):
        before = [o for o in counted if o.at < f.at and id(o) not in again]
        if len(before) < 2 or sum(o.value for o in before) != f.value:
            continue
        if _BARE_LEAD().search(text, max(0, f.at - 30), f.at) and _BARE_TAIL().match(text, f.at + len(f.words)):
            again.add(id(f))
    return [dataclasses.replace(f, role="again") if id(f) in again else f for f in found]


# "75 minutes ... G0022 for the 15 minutes over the hour?": the share of a figure told before that lies above a base
_OVER_LEAD = lazy(r"\b(?:the|those|that)\s+(?:extra\s+|additional\s+|remaining\s+|other\s+)?$", re.I)
_OVER_TAIL = lazy(r"\s*(?:over|beyond|past|above)\s+(?:the\s+|an\s+|our\s+)?(?:first|initial|base|hour|threshold|minimum|\d)",
                  re.I)  # not "the 15 minutes over the phone"


def _overage(text: str, found: list[Fact], counted: list[Fact]) -> list[Fact]:
    """"The N minutes over the hour", smaller than a figure told before it, is the part of that time beyond a base,
    said again, not more time."""
    again = {id(f) for f in counted if _OVER_LEAD().search(text[max(0, f.at - 20):f.at])
             and _OVER_TAIL().match(text, f.at + len(f.words)) and any(o.at < f.at and o.value > f.value for o in counted)}
    return [dataclasses.replace(f, role="again") if id(f) in again else f for f in found]


# "... spent 15 minutes reviewing. She logged 35 minutes": a log's figure, told in a later sentence
_LOGGED_LEAD = lazy(r"\b(?:logged|recorded|documented|charted|clocked|tracked)\s+(?:a\s+total\s+of\s+|about\s+)?$")


def _logged_sums(text: str, found: list[Fact], counted: list[Fact]) -> list[Fact]:
    """A figure logged in a later sentence, equal to the sum of the two or more figures told before it, is their sum
    said again (the log), not more time."""
    again: set[int] = set()
    for f in sorted(counted, key=lambda f: f.at):
        before = [o for o in counted if o.at < f.at and id(o) not in again]
        if len(before) < 2 or sum(o.value for o in before) != f.value or not _LOGGED_LEAD().search(text[max(0, f.at - 30):f.at]):
            continue
        if _SENTENCE_END().search(text, before[-1].at, f.at):
            again.add(id(f))
    return [dataclasses.replace(f, role="again") if id(f) in again else f for f in found]


_AGAIN_BETWEEN = lazy(r"[^\d()]{0,30}?(?:\(\s*(?:=|i\.e\.,?|or|about|~)?|,?\s*(?:or|i\.e\.,?|that is)\s+(?:about\s+)?)\s*")


def _said_twice(text: str, found: list[Fact], counted: list[Fact]) -> list[Fact]:
    """"3 hours (180 minutes)", "1.5 hrs, or 90 min": the same time said again in other units, not more time."""
    ordered = sorted(counted, key=lambda f: f.at)
    again = {id(b) for a, b in zip(ordered, ordered[1:])
             if a.value == b.value and _AGAIN_BETWEEN().fullmatch(text[a.at + len(a.words):b.at])}
    return [dataclasses.replace(f, role="again") if id(f) in again else f for f in found]


# "... 34 minutes of calls. What do we bill for 34 minutes?": a question about the figure already told
_ASKED_FOR = lazy(r"\b(?:bill|code|report|submit|claim|use|put)\w*(?:\s+[\w-]+){0,2}?\s+for\s+(?:the\s+|those\s+|these\s+)?$", re.I)
_SENTENCE_END = lazy(r"[.?!\n]")


def _asked_for(text: str, found: list[Fact], counted: list[Fact]) -> list[Fact]:
    """A figure a question asks what to bill for, equal to one told before it, is that time said again."""
    again = set()
    for f in counted:
        end = _SENTENCE_END().search(text, f.at)
        if (end is None or end.group() != "?" or not _ASKED_FOR().search(text[max(0, f.at - 40):f.at])
                or not any(o.at < f.at and o.value == f.value and id(o) not in again for o in counted)):
            continue
        again.add(id(f))
    return [dataclasses.replace(f, role="again") if id(f) in again else f for f in found]


# "bill 98979 for Sarah's 14 minutes", "her 14 min", "those 14 minutes": a figure named as one already told
_POINTS_BACK = lazy(r"(?:\b(?:those|these|that|his|her|their)|(?<!\bit)'s)\s+$", re.I)


def _pointed_back(text: str, found: list[Fact], counted: list[Fact]) -> list[Fact]:
    """A figure told with a possessive or "those" before it, equal to one told before it, is that time said again."""
    again = {id(f) for f in counted if _POINTS_BACK().search(text[max(0, f.at - 12):f.at])
             and any(o.at < f.at and o.value == f.value and o.role != "again" for o in counted)}
    return [dataclasses.replace(f, role="again") if id(f) in again else f for f in found]
