"""Minutes told as a list that shares one unit ("3 calls (8, 9 and 6 minutes)", "6+7+9 min"): each number is minutes."""

from __future__ import annotations

import dataclasses
import re

from bot.engine.minute_shares import number
from bot.engine.patterns import lazy
from bot.engine.pronouns import starts_clause
from bot.engine.scenario import Fact

_LISTED = re.compile(r"(?<![\w.$/+-])((?:\d{1,3}\s*[,+]\s*)*\d{1,3}\s*,?\s*(?:and|&|\+)\s*)(\d{1,3})\s*(?:minutes?|mins?)\b")
_LIST_ITEM = lazy(r"\d{1,3}")
_WORD_BEFORE = lazy(r"([a-z]+)\.?\s*$")
WEEKS_IN_MONTH = 4  # the full weeks every calendar month holds (the conservative count)
_PLURAL_UNITS = {"calls", "sessions", "visits", "messages", "conversations"}
_EACH_UNITS = _PLURAL_UNITS | {"times", "reviews"}  # "reviewed the data 3 times this month, 20 min each"
_RATE_LINKS = {"of", "lasting", "at", "for"}
_UNIT_KINDS = {"phone", "video", "separate", "short", "telephone", "portal", "mychart", "online", "brief", "quick"}
_EACH_REACH = 15  # words back from "N minutes each" to the count of calls or messages it multiplies
_PART_OF = lazy(r"\b(\d{1,3})\s+of\s+(?:those|these|the|them|that|this|it)\b(?:\s+(?:minutes?|mins?|time))?"
                r"(?:\s+(?:were|was|came|happened|fell|took place))?\s+")
# "between 5 and 10 minutes" is a range; "in week 1 and 20 min in week 3" a label beside the figure, not a list
_NOT_LIST = {"between", "week", "wk", "day", "month", "room", "suite", "step", "stage", "level", "phase", "ext", "session"}
# "14 minutes between March 15 and 31 and 12 minutes ...": the number ends a span of dates, not a list of minutes
_DATE_SPAN = lazy(r"\b(?:between|from)\s+[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?\s*(?:and|-|to|through|thru)?\s*$")
_EACH_VERBS = {"spent", "logged", "did", "put", "provided", "furnished", "documented", "recorded", "had", "gave"}
_OF_OURS = {"of", "our", "the", "my", "their"}


def listed(text: str, found: list[Fact], months: dict[str, int]) -> list[Fact]:
    """The numbers of a list that ends in a minutes figure, each with that figure's role; "between 5 and 10
    minutes" is a range and "jan 31, and 18 minutes" a date, not a list."""
    out = []
    for m in _LISTED.finditer(text):
        last = next((f for f in found if f.at == m.start(2)), None)
        before = _WORD_BEFORE().search(text[max(0, m.start() - 12):m.start()])
        if last is None or (before and (before.group(1) in _NOT_LIST or before.group(1) in months)) \
                or _DATE_SPAN().search(text, max(0, m.start() - 30), m.start()):
            continue
        for item in _LIST_ITEM().finditer(m.group(1)):
            out.append(Fact("minutes", int(item.group()), item.group(), m.start(1) + item.start(), role=last.role))
    return out


def each_of(tx, minutes: list[Fact], performers) -> list[Fact]:
    """"The PT and the PTA each did 12 minutes": one figure per performer named before "each" (joined by "and")."""
    out = []
    for f in minutes:
        i = tx.tok_at(f.at)
        k_each = next((k for k in range(i - 1, max(-1, i - 4), -1) if tx.words[k] == "each"), None)
        if f.role == "spent" and f.who and k_each is not None and k_each < i - 1:
            clause = tx.toks[i].clause
            named = [(k, p) for k, p in performers if k < k_each and tx.toks[k].clause == clause and not p.negated]
            if len(named) >= 2 and "and" in tx.words[named[0][0]:k_each]:
                out += [dataclasses.replace(f, who=p.value) for _k, p in named]
                continue
        out.append(f)
    return out


_CONTINUING = {"and", "plus", "then", "another", "further", "more"}  # "8 min reviewing ... and 14 min on the phone"


def continued(tx, minutes: list[Fact], performers) -> list[Fact]:
    """Minutes that go on from the figure before them in its clause ("she spent 8 min reviewing the records the PCP
    sent and 14 min on the phone"): the same person's, not that of someone named on the way between them, unless
    named right before them ("and the PTA 15") or after ("plus 40 min by the psychiatrist")."""
    out: list[Fact] = []
    for f in minutes:
        prev = out[-1] if out else None
        i = tx.tok_at(f.at)
        between = prev is not None and any(prev.at < p.at < f.at and p.value == f.who and not starts_clause(tx, k)
                                           for k, p in performers)  # ", and her RN spent another 15": the RN's
        if between and prev.who and f.who != prev.who and i and tx.words[i - 1] in _CONTINUING \
                and tx.toks[i].clause == tx.toks[tx.tok_at(prev.at)].clause:
            f = dataclasses.replace(f, who=prev.who)
        out.append(f)
    return out


_MORE_CALLS = lazy(r"\b\d{1,2}\s+(?:calls|sessions|visits|conversations)\s+of\b[^.;?!]*\b(?:and|plus)\s*$")


def one_more_call(text: str, m: re.Match) -> Fact | None:
    """"2 calls of 10 min each and 1 of 5 minutes": after calls told by their length, "N of M minutes" is N more calls
    of M minutes (spent), not a share of a total ("18 of the 24 minutes")."""
    if not _MORE_CALLS().search(text[max(0, m.start() - 60):m.start()]) or m.group(0).split()[2] in ("the", "those", "these"):
        return None
    return Fact("minutes", int(m.group(1)) * int(m.group(2)), m.group(0), m.start(1), role="spent")


def multiplied(value: int, at) -> tuple[int, int]:
    """"2 10-minute calls", "3 calls of 10 minutes", "10 minutes a day for 5 days": the product, and how many words
    before the number the figure starts."""
    w = at.word
    if w(-1) in _RATE_LINKS and w(-2) in _PLURAL_UNITS and w(-3).isdigit():
        return value * number(w(-3)), 3
    if w(-1).isdigit() and w(0) in _PLURAL_UNITS:
        return value * number(w(-1)), 1
    if w(0) == "each":  # "2 calls, about 12 minutes each (time)": the count told before the figure
        # "2 separate portal conversations with the patient about one problem, 6 minutes each": the count further back
        for k in range(1, _EACH_REACH):
            n = k + 1
            while w(-n) in _UNIT_KINDS and n < k + 3:  # "2 phone calls", "2 separate portal conversations"
                n += 1
            count = w(-n)
            if w(-k) in _EACH_UNITS and count.isdigit():  # "3 times" is the figure's own words; "2 calls" a fact of its own
                return value * number(count), 0 if w(-k) in _PLURAL_UNITS else k + 1
    people, back = _people_each(at)
    if people:
        return value * people, back
    if at.after(at.lex.minute_after) == "per_week":
        return value * WEEKS_IN_MONTH, 0  # "10 minutes every week": counted as the 4 full weeks every month has
    if at.after(at.lex.minute_after) == "per_day":
        for k in range(2, 6):
            if w(k) == "for" and w(k + 1).isdigit() and w(k + 2) in ("days", "day"):
                return value * number(w(k + 1)), 0
    return value, 0


def _people_each(at) -> tuple[int, int]:
    """"2 of our nurses each spent 20 minutes", "both MAs logged 15 minutes each": several performers who each did
    the figure, so the time is the figure times their number; with how many words before the figure the count
    starts ((0, 0) when the words say no such thing)."""
    w = at.word
    if w(-1) in _EACH_VERBS and w(-2) == "each":
        end = at.i - 2
    elif w(0) == "each" and w(-1) in _EACH_VERBS:
        end = at.i - 1
    else:
        return 0, 0
    hit = at.lex.performers.ending_at(at.words, end)
    if hit is None or hit.value == "none":
        return 0, 0
    k = hit.i - 1
    while k >= 0 and at.words[k] in _OF_OURS:
        k -= 1
    count = at.words[k] if k >= 0 else ""
    people = 2 if count == "both" else number(count) if count.isdigit() and 1 < int(count) < 10 else 0
    return (people, at.i - k) if people else (0, 0)


def uncounted_parts(text: str, found: list[Fact], lex) -> list[Fact]:
    """"20 minutes in June, but 5 of those minutes were before the patient gave consent": the part told as not
    counted (vocabulary minute_cues.uncounted) comes off the figure told before it, and stays as uncounted time."""
    out = list(found)
    for m in _PART_OF().finditer(text):
        after = re.findall(r"[a-z0-9']+", text[m.end():m.end() + 80].lower())
        whole = [f for f in out if f.at < m.start() and f.role in ("spent", "total")]
        part = number(m.group(1))
        if not whole or whole[-1].value <= part:
            continue
        uncounted = lex.uncounted.starting_at(after, 0)
        if not uncounted and not _someone_else(after, lex):
            continue
        out[out.index(whole[-1])] = dataclasses.replace(whole[-1], value=whole[-1].value - part)
        # "12 of those minutes were our front desk person ...": that person's share, whose it is read after it
        out.append(Fact("minutes", part, text[m.start():m.end()].strip(), m.start(),
                        role="uncounted" if uncounted else "spent"))
    return out


_POOLING = {"1", "one", "single", "combined"}  # "into one 36-minute period" (number words are digits by now)


def pooled(value: int, word_before: str, found: list) -> bool:
    """Whether "one N-minute ..." pools the figures told before it: two or more of them add up to N."""
    counted = [f for f in found if f.role not in ("threshold", "window", "below", "again")]
    return word_before in _POOLING and len(counted) > 1 and sum(f.value for f in counted) == value


def _someone_else(after: list[str], lex) -> bool:
    """Whether the words after a share of the minutes name a performer ("were our front desk person", "were the MA's")."""
    k = 0
    while k < len(after) and after[k] in _OF_OURS | {"a", "an", "done", "by"}:
        k += 1
    hit = lex.performers.starting_at(after, k) if k < len(after) else None
    return hit is not None and hit.value != "none"



_FIGURE = lazy(r"(?<![\w/])\d{1,4}\s*-?\s*([a-z]+)")
_MINUTE_UNITS = {"min", "mins", "minute", "minutes"}
_OTHER_UNITS = {"day", "days", "reading", "readings", "transmissions", "uploads", "patients", "calls", "years", "visits"}


def after_other_figure(text: str, at: int) -> bool:
    """Whether the figure told last before position `at` counts something other than minutes ("18 days of readings,
    16 on 5/19"): a bare number after it is of that kind, not more minutes."""
    units = [m.group(1) for m in _FIGURE().finditer(text, max(0, at - 80), at) if m.group(1) in _MINUTE_UNITS | _OTHER_UNITS]
    return bool(units) and units[-1] in _OTHER_UNITS


_TASK_HEAD = lazy(r"\s+(on|for)\s+[^,;.\d]{2,40}?(?=,|\s+and\b|;|$)")
_TASK_NEXT = lazy(r"(?:,\s*(?:and\s+)?|\s+and\s+)(\d{1,3})\s+(on|for)\s+[^,;.\d]{2,40}?(?=,|\s+and\b|;|\.|$)")


def task_items(text: str, found: list[Fact]) -> list[Fact]:
    """"40 min on housing, 35 on transportation and 25 on food": bare numbers after a minutes figure, each told by
    the same "on/for <task>" as that figure, are more minutes of the same role."""
    out, taken = [], {f.at for f in found}
    for f in found:
        head = _TASK_HEAD().match(text, f.at + len(f.words)) if f.role in ("spent", "additional") else None
        end = head.end() if head else -1
        while head and (m := _TASK_NEXT().match(text, end)) and m.group(2) == head.group(1) and m.start(1) not in taken:
            out.append(Fact("minutes", int(m.group(1)), text[m.start(1):m.end()], m.start(1), role=f.role))
            end = m.end()
    return out


_COLON_LIST = lazy(r":[^.?!\n]*")
_COLON_REACH = 40  # characters from the figure to its colon ("42 minutes total this month for one pt:")
_COLON_ITEM = lazy(r"(?<![\w.$/+-])(\d{1,3})\s+(?:on|for|toward|towards)\s+[a-z(]")


def colon_items(text: str, found: list[Fact]) -> list[Fact]:
    """"42 minutes total: 24 on RPM and 18 on CCM": bare numbers, each told by an "on/for <task>", in the list a
    colon opens after a minutes figure they add up to, are that figure's parts (the first spent, the rest more)."""
    out, taken = [], {f.at for f in found}
    for f in found:
        end = f.at + len(f.words)
        colon = _COLON_LIST().search(text, end) if f.role in ("spent", "total") else None
        if colon is None or colon.start() - end > _COLON_REACH or re.search(r"[.?!\n]", text[end:colon.start()]):
            continue
        items = [m for m in _COLON_ITEM().finditer(text, colon.start(), colon.end()) if m.start(1) not in taken]
        if len(items) >= 2 and sum(int(m.group(1)) for m in items) == f.value:
            out += [Fact("minutes", int(m.group(1)), m.group(0)[:-1].rstrip(), m.start(1),
                         role="spent" if k == 0 else "additional") for k, m in enumerate(items)]
    return out
