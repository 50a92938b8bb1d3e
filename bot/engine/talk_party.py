"""Words about another member of the care team rather than the patient or the worker's own role: a call between two
practitioners ("15 minutes on the phone with the LCSW") is no patient check-in, and a request received ("was asked
by an outside LCSW for advice") is the requester's, not the worker's own request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine.scenario import Fact, Scenario

if TYPE_CHECKING:
    from bot.engine.reader import _Text

_TALK_TAIL = {"with", "to", "w"}  # a cue that ends by naming whom the talk was with: "on the phone with", "spoke to"
_BEFORE_NAME = {"the", "a", "an", "our", "her", "his", "their", "outside", "referring", "requesting", "treating",
                "consulting", "other"}
_SENTENCE_ENDS = ".?!;\n"
_PASSIVE = {"was", "were", "been", "is", "are", "got", "gets", "get", "being"}  # "was asked", "got asked"
_RECEIVED = {"got", "gets", "received", "receives", "took", "takes", "fielded", "fields"}
_REQUESTS = {"request", "requests", "question", "questions", "referral", "referrals", "consult", "consults"}
_REACH = 10  # words of a received request marked as the requester's


def team_talk(tx: "_Text", sc: Scenario, performers: list[tuple[int, Fact]]) -> None:
    """Drop a family cue for a talk whose other party is a performer named right after it ("on the phone with the
    LCSW") when a performer is its subject in the same sentence: two members of care talking, not a patient's call."""
    drop = []
    for f in sc.of("family"):
        if f.role not in ("cue", "weak_cue") or f.words.split()[-1] not in _TALK_TAIL:
            continue
        k = tx.tok_at(f.at + len(f.words))
        while k < len(tx.words) and tx.words[k] in _BEFORE_NAME:
            k += 1
        start = max(sc.text.rfind(c, 0, f.at) for c in _SENTENCE_ENDS)
        party = any(i == k and p.role == "object" and not p.negated for i, p in performers)
        subject = any(start < p.at < f.at and p.role not in ("object", "owner") and not p.negated for _i, p in performers)
        if party and subject:
            drop.append(f)
    sc.facts = [f for f in sc.facts if not any(f is d for d in drop)]


def received_requests(tx: "_Text", sc: Scenario, performers: list[tuple[int, Fact]]) -> None:
    """"Was asked by an outside LCSW for advice", "got a consult request from the PCP", "a psychologist asked our LCSW
    (who spent the minutes) for advice": the words of a request the worker received are the requester's
    (sc.other_party_at), so they do not pick the requester's own codes."""
    words = tx.words
    timed = {f.who for f in sc.of("minutes") if f.who}
    for i, word in enumerate(words):
        passive = word == "asked" and i > 0 and (words[i - 1] in _PASSIVE or words[i + 1:i + 2] == ["by"])
        received = word in _RECEIVED and bool(_REQUESTS & set(words[i + 1:i + 4]))
        k = i + 1
        while k < len(words) and words[k] in _BEFORE_NAME:
            k += 1
        asked_worker = word == "asked" and any(n == k and p.role == "object" and p.value in timed for n, p in performers)
        asked_asker = word == "asked" and words[i + 1:i + 2] in (["me"], ["us"])  # "a PCP asked me for advice"
        if not (passive or received or asked_worker or asked_asker):
            continue
        end = i + 1
        while end < min(len(words), i + _REACH) and tx.toks[end].clause == tx.toks[i].clause:
            end += 1
        sc.other_party_at.update(range(i, end))
