"""Minutes told as a list of workers and bare numbers under a minutes heading ("RTM minutes: PT 12, PTA 9",
"time this month - RN 14; MA 8"): each number is that worker's minutes."""

from __future__ import annotations

import re

from bot.engine.lexicon import Lexicon, tokenize
from bot.engine.scenario import Fact

_HEADING = re.compile(r"\b(?:minutes|mins|time|time\s+spent|time\s+log|minutes\s+logged|mgmt\s+time|management\s+time)"
                      r"(?:\s+[^:\n\d?!;]{0,40}?)?\s*(?::|\s-\s|\s\u2013\s)\s*")  # "minutes for Mrs. Dahl in August:"
_ITEM = re.compile(r"\s*(?:and\s+)?(?:\d{1,2}/\d{1,2}\s+)?([a-z][\w.'/ -]{0,24}?)\s*[:=-]?\s*(\d{1,3})\s*(?:min(?:utes?|s)?\.?)?\s*(?:\([^)]*\))?\s*$")
_STOP = re.compile(r"(?<!\bdr)(?<!\bmr)(?<!\bmrs)(?<!\bms)\.(?=\s|$)|[\n?!]")
# "the physician spent 20 minutes and her MA 15": a worker and a bare number joined on after a minutes figure
_AND_WORKER = re.compile(r"\b(?:and|plus|,)\s+((?:the|her|his|our|their|my)\s+)?([a-z][\w.'-]{0,15}(?:\s+[a-z][\w.'-]{0,15})?)"
                         r"\s+(\d{1,3})(?=\s*(?:[.,;!?)]|$|\s+(?:and|but|so|too|more)\b))")
# "bhi: lcsw 14 + rn 9 on her depression plan": workers' bare numbers added up, the first one's worker too
_SUMMED = re.compile(r"(?<![\w.])([a-z][\w.'-]{0,15}(?:\s+[a-z][\w.'-]{0,15})?)\s+(\d{1,3})\s*(?:\+|&|\bplus\b)\s*"
                     r"([a-z][\w.'-]{0,15}(?:\s+[a-z][\w.'-]{0,15})?)\s+(\d{1,3})(?![\w/:.]|\.\d)")
_WEEK = re.compile(r"(?:week|wk)\s*#?\s*\d{1,2}")  # "minutes by week: wk1 30, wk2 25": a week labels its number too
_TIMED = ("spent", "additional", "call")
_MOST = 300  # more than five hours in one bare number is no one's month of minutes


def labelled(text: str, found: list[Fact], taken: list[tuple[int, int]], lex: Lexicon) -> list[Fact]:
    """The bare numbers of worker-labelled lists under a minutes heading, as minutes spent."""
    out: list[Fact] = []
    for head in _HEADING.finditer(text):
        stop = _STOP.search(text, head.end())
        region = text[head.end():stop.start() if stop else len(text)]
        pos = head.end()
        for part in re.split(r"([,;|]|\s[\u2013-]\s)", region):
            m = _ITEM.match(part)
            at = pos + (m.start(2) if m else 0)
            pos += len(part)
            if m is None or int(m.group(2)) > _MOST or any(a <= at < b for a, b in taken) \
                    or any(f.at == at for f in found + out) or not (_worker(m.group(1), lex) or _WEEK.fullmatch(m.group(1))):
                continue
            out.append(Fact("minutes", int(m.group(2)), m.group(2), at, role="spent"))
    return out


def _worker(label: str, lex: Lexicon) -> bool:
    """Whether a list label starts with a worker's name ("PT", "the RN", "Dr. Vo")."""
    words = [t.word for t in tokenize(label.strip())]
    start = 1 if words[:1] in (["the"], ["our"], ["my"]) else 0
    hit = lex.performers.starting_at(words, start) if len(words) > start else None
    return hit is not None and hit.value != "none"


def worker_numbers(text: str, found: list[Fact], taken: list[tuple[int, int]], lex: Lexicon) -> list[Fact]:
    """"The physician spent 20 minutes and her MA 15": after a minutes figure, a worker with a bare number."""
    timed = [f.at for f in found if f.role in _TIMED]
    if not timed:
        return []
    out = []
    for m in _AND_WORKER.finditer(text):
        at = m.start(3)
        if at <= min(timed) or int(m.group(3)) > _MOST or any(a <= at < b for a, b in taken) \
                or any(f.at == at for f in found) or not _worker(m.group(2), lex):
            continue
        out.append(Fact("minutes", int(m.group(3)), m.group(3), at, role="spent"))
    return out


def summed_workers(text: str, found: list[Fact], taken: list[tuple[int, int]], lex: Lexicon) -> list[Fact]:
    """"lcsw 14 + rn 9" beside minutes told with their unit: each worker's bare number added up is that worker's
    minutes (a worker word must end each label: "RN 12 + MA 8", not "CKD 3 + HTN 2")."""
    if not any(f.role in _TIMED for f in found):
        return []
    out: list[Fact] = []
    for m in _SUMMED.finditer(text):
        if any(f.value == int(m.group(2)) + int(m.group(4)) and f.at < m.start() for f in found):
            continue  # "62 min in Sept (RN 40 + MA 22)": the parts of the figure told before them, no time of their own
        for label, number in ((1, 2), (3, 4)):
            at = m.start(number)
            if int(m.group(number)) > _MOST or any(a <= at < b for a, b in taken) or any(f.at == at for f in found + out) \
                    or not (_worker(m.group(label).split()[-1], lex) or _worker(m.group(label), lex)):
                break
            out.append(Fact("minutes", int(m.group(number)), m.group(number), at, role="spent"))
    return out
