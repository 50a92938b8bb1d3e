"""How much of a consultation's stated time was discussion: the minutes a question ties to a call or a talk
("then a 4-minute call with the PCP") against all the consultant's minutes (the verbal consult codes need more than
half in discussion)."""

from __future__ import annotations

import re

from bot.engine.scenario import COUNTED_MINUTES, Fact, Scenario

_FOLLOWING = 30  # characters after a figure in which its activity is named ("4-minute call", "8 minutes on the phone")


def discussion_share(sc: Scenario, words: list[str]) -> tuple[int, int] | None:
    """(discussion minutes, all minutes) when the question splits the time into talk and other work, else None."""
    counted = [f for f in sc.of("minutes") if f.role in COUNTED_MINUTES and f.role != "total" and not f.negated]
    totals = [int(f.value) for f in sc.of("minutes", "total") if not f.negated]
    if not counted or not words or (len(counted) < 2 and not totals):
        return None
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w.lower()) for w in words) + r")(?!\w)")
    talk = [f for f in counted if _names_talk(sc.text, f, pattern) or _bracketed_call(sc.text, f, pattern)
            or _told_talk(sc.text, f, pattern)]
    several = len({f.who for f in counted if f.who}) > 1
    if several:  # "our LCSW 22 min; the neurologist 15 min on the phone": the share is within the talker's own time
        counted, totals = [f for f in counted if not f.who or f.who in {t.who for t in talk}], []
    if not talk or (len(talk) == len(counted) and not totals):
        return None
    whole = totals[-1] if totals else sum(int(f.value) for f in counted)
    return sum(int(f.value) for f in talk), whole


def _names_talk(text: str, fact: Fact, pattern: re.Pattern) -> bool:
    """Whether the words right after the figure (before the next figure) name a call or a discussion."""
    start = fact.at + len(fact.words)
    after = re.split(r"\d", text[start:start + _FOLLOWING].lower(), maxsplit=1)[0]
    after = re.split(r"[,;.]| then | and ", after, maxsplit=1)[0]
    return bool(pattern.search(after))


def _bracketed_call(text: str, fact: Fact, pattern: re.Pattern) -> bool:
    """"a follow-up call Thursday on the same question (9 min, updated note)": a figure that opens a bracket right
    after words naming a call is that call's length."""
    head = text[max(0, fact.at - 2 * _FOLLOWING):fact.at].rstrip()
    if not head.endswith("("):
        return False
    return bool(pattern.search(re.split(r"[.;)?!]|\d", head[:-1])[-1]))


def _told_talk(text: str, fact: Fact, pattern: re.Pattern) -> bool:
    """"the phone call with the PCP was 5 minutes": a figure its clause's subject, a call, is said to last."""
    head = re.split(r"[,;.:!?]| then | and ", text[max(0, fact.at - 2 * _FOLLOWING):fact.at].lower())[-1]
    return bool(pattern.search(head)) and bool(re.search(r"\b(?:was|were|lasted|took|ran)\s+(?:about\s+|only\s+|just\s+)?$", head))


def spoken_contacts(sc: Scenario, written_words: list[str]) -> list[Fact]:
    """The contacts not told in writing ("the PCP sent an e-consult", "e-mailed"): only those can be a discussion."""
    return [c for c in sc.of("event", "contact") if not set(c.words.split()) & set(written_words)]
