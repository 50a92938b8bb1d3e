"""family_near: the family a minutes figure belongs to by the words right around it ("25 min of RPM", "CCM: 30 min")."""

from __future__ import annotations

import re
from typing import Any

from bot.engine.lexicon import Hit
from bot.engine.time_pick import opens_bracket

_TO_FAMILY = {"of", "for", "on", "in", "doing", "toward", "towards", "her", "his", "their", "our", "own", "the", "a", "separate", "more", "general", "complex", "initial", "subsequent", "this", "month"}
_FROM_FAMILY = {"with", "of", "for", "the", "mgmt", "management", "treatment", "clinical", "staff", "time",
                "had", "did", "logged", "spent"}  # "RPM mgmt 24 min", "our RPM nurse had 12 min"


def family_near(tx: Any, mentions: list[Hit], i: int, end: int, clause: int, workers: set[int]) -> str:
    """The family named right after the minutes ("25 min of RPM"), right before them ("CCM: 30 min", "CCM nurse time 45
    min": `workers` are performer words) or set off by a colon earlier in their clause ("Also CCM: the RN did 30 min")."""
    for hit in mentions:
        if tx.toks[hit.i].clause != clause:
            continue
        if end <= hit.i <= end + 4 and set(tx.words[end:hit.i]) <= _TO_FAMILY:
            return str(hit.value)
        plain = hit.j <= i and re.fullmatch(r"[^,;:+.!?]*", tx.text[tx.toks[hit.j - 1].end:tx.toks[i].start])  # not "CHI + RN"
        if plain and i - hit.j <= 3 and all(w in _FROM_FAMILY or hit.j + n in workers for n, w in enumerate(tx.words[hit.j:i])) \
                or hit.j <= i and opens_bracket(tx.text, tx.toks[hit.j - 1].end, tx.toks[i].start):
            return str(hit.value)
    if (head := _line_head(tx, mentions, i, clause)):
        return head
    labels = [h for h in mentions if tx.toks[h.i].clause == clause and h.j <= i and i - h.j <= 6
              and tx.text[tx.toks[h.j - 1].end:tx.toks[h.j - 1].end + 1] == ":" and len({m.value for m in mentions}) > 1]
    listed = labels and any(h.value != labels[-1].value and labels[-1].i - 2 <= h.j <= labels[-1].i for h in mentions)
    if labels and not listed and not any(labels[-1].j <= h.i < i for h in mentions):  # "RPM + CCM:" labels neither
        return str(labels[-1].value)
    return ""


_HEAD_GAP = 10  # words from the family heading a list line to its figure ("General BHI for her depression: 25 minutes")
_PARENS = re.compile(r"\([^()]*\)")
_TO_COLON = re.compile(r"[^,;:+.!?]*:\s*")


def _line_head(tx: Any, mentions: list[Hit], i: int, clause: int) -> str:
    """The one family named between the start of the figure's clause and a colon right before the figure ("Clinical staff
    CCM time (DM2, CHF): 30 minutes", "General BHI for her depression: 25 minutes"), words in brackets set aside."""
    before = [h for h in mentions if tx.toks[h.i].clause == clause and h.j <= i and i - h.j <= _HEAD_GAP]
    if not before or len({h.value for h in before}) != 1:
        return ""
    head = min(before, key=lambda h: h.i)
    gap = _PARENS.sub(" ", tx.text[tx.toks[head.j - 1].end:tx.toks[i].start])
    return str(head.value) if _TO_COLON.fullmatch(gap) else ""
