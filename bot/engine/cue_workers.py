"""The family a cue word points to, checked against who did the work: a cue another family shares (family
`shares_cues`: "the CBT app" is RTM's or DMHT's) goes to the one whose minutes ladders count the worker."""

from __future__ import annotations

import re
import dataclasses
from collections import Counter

from bot.engine import criteria
from bot.engine.care_work import tie_care_work
from bot.engine.flag_family import flag_family
from bot.engine.scenario import COUNTED_MINUTES, Scenario
from bot.engine.tracks import counted_by, workers
from bot.kb.store import KnowledgeBase


def _counts(kb: KnowledgeBase, family: str, who: set[str]) -> bool:
    """Whether a minutes ladder of the family counts the time of everyone who did the work."""
    return any(t.basis == "minutes" and (not t.performed_by or who <= counted_by(kb, t)) for t in kb.family_tracks(family))


def worker_fit(kb: KnowledgeBase, sc: Scenario | None, family: str | None) -> str | None:
    """The cued family, or the one family it shares its cues with whose ladders count the worker when its own do
    not (a psychologist managing a CBT app: DMHT, not RTM)."""
    fam = kb.families.get(family or "")
    if fam is None or not fam.shares_cues or sc is None:
        return family
    who = set(workers(sc, "minutes", kb.meta.get("performer_counts_as") or {}, kb.meta.get("billed_incident_to") or ()))
    if not who or not sc.of("minutes") or _counts(kb, fam.id, who):
        return family
    fits = [f for f in fam.shares_cues if f in kb.families and _counts(kb, f, who)]
    return fits[0] if len(fits) == 1 else family


def worker_refit(kb: KnowledgeBase, sc: Scenario | None, family: str, notes: list[str]) -> str | None:
    """The cued family instead of a named or offered one when no ladder of the latter counts the worker's minutes and
    the cued one's does (a navigator's minutes beside a care-management code someone put forward: navigation's); else None."""
    if sc is None or not sc.of("minutes") or family not in kb.families:
        return None
    who = set(workers(sc, "minutes", kb.meta.get("performer_counts_as") or {}, kb.meta.get("billed_incident_to") or ()))
    if len(who) != 1 or _counts(kb, family, who):  # one worker told; two (an e-consult's sides) bill apart
        return None
    cued = {f.value for f in sc.of("family", "cue")} - {family}
    fits = [f for f in cued if f in kb.families and _counts(kb, f, who)]
    if len(fits) != 1:
        return None
    notes.append(f"{kb.families[family].name} does not count the time of the worker told; {kb.families[fits[0]].name} "
                 "does, so the lines are for it.")
    return fits[0]


def need_denied(kb: KnowledgeBase, sc: Scenario | None, family: str | None) -> str | None:
    """A cued family whose every minutes ladder a stated fact rules out ("no SDOH needs": CHI) gives way to the family
    it shares its cues with when the stated facts meet `shares_cues.when` ("a heart-failure patient": PIN)."""
    fam = kb.families.get(family or "")
    if fam is None or not fam.shares_cues_when or sc is None:
        return family
    ladders = [t for t in kb.family_tracks(fam.id) if t.basis == "minutes"]
    if ladders and all(_stated(kb, sc, t.not_when, any) for t in ladders) and _stated(kb, sc, fam.shares_cues_when, all):
        return fam.shares_cues[0]
    return family


def _stated(kb: KnowledgeBase, sc: Scenario, rules: dict, combine) -> bool:
    """Whether stated facts (not defaults assumed) meet any or all (`combine`) of the criteria."""
    checks = [criteria.check(kb.meta, sc, k, v) for k, v in rules.items()]
    return bool(checks) and combine(c.met is True and not c.assumed for c in checks)


def cued_elsewhere(kb: KnowledgeBase, sc: Scenario | None, code: str) -> bool:
    """Whether the story's cue words point only to families other than the code's ("a picture of his rash" and "her
    advice" tie image review and e-consult): a word search's office visit code is then no answer."""
    cued = {f.value for f in sc.of("family", "cue")} if sc is not None else set()
    return bool(cued) and code in kb.codes and kb.codes[code].family not in cued


def shared_note(kb: KnowledgeBase, cued: str | None, chosen: str | None) -> str:
    """The family's note when its shared cue went to another family ("" otherwise)."""
    fam = kb.families.get(cued or "")
    return fam.shares_cues_note if fam is not None and chosen != cued and chosen in fam.shares_cues else ""


def cued_for_worker(kb: KnowledgeBase, sc: Scenario | None, notes: list[str], source_ids: list[str]) -> str | None:
    """The cued family, or the family sharing its cue whose ladders count who did the work (said in a note)."""
    cued = cue_family(sc) or _tie_by_words(sc) or _tie_by_worker(kb, sc) or flag_family(kb, sc)
    chosen = need_denied(kb, sc, worker_fit(kb, sc, cued))
    if chosen is not None and _weak_misfit(kb, sc, chosen):
        return flag_family(kb, sc)  # "the nurse calls our diabetics monthly": a call's cue is no check-in she could bill
    if (note := shared_note(kb, cued, chosen)) and note not in notes:
        notes.append(note)
        source_ids.append(kb.families[cued].shares_cues_source)
    return chosen


def _weak_misfit(kb: KnowledgeBase, sc: Scenario | None, family: str) -> bool:
    """Whether the family comes from weak cues only (a call) and no ladder of it counts the worker's minutes: the
    call is part of another service's work (the chronic conditions or the question's words point to it)."""
    if sc is None or any(f.value == family for f in sc.of("family", "cue")) or not sc.of("minutes"):
        return False
    who = set(workers(sc, "minutes", kb.meta.get("performer_counts_as") or {}, kb.meta.get("billed_incident_to") or ()))
    return bool(who) and family in kb.families and not _counts(kb, family, who)


# "45 min managing her digital CBT program, incl. a video check-in": a cue told as part of the work named before it
_PART_OF = re.compile(r"\b(?:incl\.?|including|includes|included|inclusive of)\s+(?:[\w'-]+\s+){0,3}$")
# "a portal question about her home exercise program": the words after "about" name the message's topic
_TOPIC_OF = re.compile(r"\b(?:about|regarding|concerning)\s+(?:[\w'-]+\s+){0,2}$")
_TOPIC_REACH = 40  # characters between the service's cue and the topic's


# "uploaded a photo of her incision through the portal": the words after "through" name how it came, not the service
_CHANNEL = re.compile(r"\b(?:through|via|over|using|in|on)\s+(?:the\s+|our\s+|her\s+|his\s+|a\s+)?$")


def _channel(sc, f, found: list) -> bool:
    """Whether cue f names the channel another family's cue just before it came by ("a photo ... via the portal")."""
    if not _CHANNEL.search(sc.text[max(0, f.at - 20):f.at]):
        return False
    return any(g.value != f.value and g.at < f.at <= g.at + len(g.words) + _TOPIC_REACH for g in found)


def _topic(sc, f, found: list) -> bool:
    """Whether cue f names the topic of another family's cue just before it ("portal question about her HEP")."""
    if not _TOPIC_OF.search(sc.text[max(0, f.at - 50):f.at]):
        return False
    return any(g.value != f.value and g.at < f.at <= g.at + len(g.words) + _TOPIC_REACH for g in found)


def cue_family(sc) -> str | None:
    """The family the question's cue words point to (a clear winner), weak cues (a call) only when no other cue; a
    cue told as part of the work ("including a video check-in") does not count against the work's own cue."""
    if sc is None:
        return None
    for role in ("cue", "weak_cue"):
        found = sc.of("family", role)
        whole = [f for f in found if not _PART_OF.search(sc.text[max(0, f.at - 50):f.at])]
        cues = Counter(f.value for f in (whole or found))
        ranked = cues.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            sc.use(*(f for f in sc.of("family", role) if f.value == ranked[0][0]))
            return str(ranked[0][0])
        if ranked:
            return None
    return None


def _tie_by_words(sc: Scenario | None) -> str | None:
    """Cue words tied between families ("app data" and "CBT app for insomnia"): the family one cue names most fully
    (a phrase of three words or more, longer than every other family's), if one."""
    if sc is None:
        return None
    cues = _service_cues(sc)
    ranked = Counter(f.value for f in cues).most_common()
    tied = {fam for fam, n in ranked if n == ranked[0][1]} if ranked else set()
    cues = sc.of("family", "cue")
    if len(tied) == 1 and len({f.value for f in cues}) > 1:  # the other family's cue was only the work's call
        return str(tied.pop())
    services = {f.value for f in cues if f.value in tied and not _topic(sc, f, cues) and not _channel(sc, f, cues)}
    if len(tied) > 1 and len(services) == 1:  # a tie between a service and its message's topic: the service
        channels = [f for f in cues if f.value not in services and _channel(sc, f, cues)]
        sc.facts = [f for f in sc.facts if not any(f is c for c in channels)]  # the way it came names no service
        return str(services.pop())
    longest = {fam: max(len(f.words.split()) for f in cues if f.value == fam) for fam in tied}
    best = sorted(longest.items(), key=lambda kv: -kv[1])
    return str(best[0][0]) if len(best) > 1 and best[0][1] >= 3 and best[0][1] > best[1][1] else None


def _service_cues(sc: Scenario) -> list:
    """The cues of a tie, less those that are only the work's contact ("had one phone call with her"), when others
    remain: the call is the interactive part of the service the other cues name, not a service of its own."""
    cues = sc.of("family", "cue")
    calls = [(e.at, e.at + len(e.words)) for e in sc.of("event", "contact")]
    # "on a call with her": a cue that only wraps the contact's own word is the contact too
    kept = [f for f in cues if not any(f.at < hi and lo < f.at + len(f.words) for lo, hi in calls)]
    return kept if kept else cues


def _tie_by_worker(kb: KnowledgeBase, sc: Scenario | None) -> str | None:
    """Cue words tied between families ("a peer specialist ... transport"): the one family among them with a minutes
    ladder made for the stated worker (it names the worker's kind), if exactly one."""
    if sc is None or not sc.of("minutes"):
        return None
    ranked = Counter(f.value for f in _service_cues(sc)).most_common()
    tied = [fam for fam, n in ranked if n == ranked[0][1]]
    who = set(workers(sc, "minutes", kb.meta.get("performer_counts_as") or {}, kb.meta.get("billed_incident_to") or ()))
    if len(tied) < 2 or not who:
        return None
    named = [f for f in tied if f in kb.families and any(
        t.basis == "minutes" and t.performed_by and who <= set(t.performed_by) for t in kb.family_tracks(f))]
    counting = [f for f in tied if f in kb.families and _counts(kb, f, who)]  # a psychologist: not RTM's ladders
    fits = named if len(named) == 1 else counting
    return fits[0] if len(fits) == 1 else None


def doubted_codes(kb: KnowledgeBase, sc: Scenario | None, asked: list[str]) -> list[str]:
    """"The vendor lists this code as the navigation one: do we bill it?": a code first met in someone's claim and then
    asked is the claim's to check; when the story's cue words clearly point to another family, the story decides."""
    story = story_cue_family(sc) if asked else None
    return [c for c in asked if kb.codes[c].family != story and (sc.role_of(c) == "quoted" or _device_of_other(
        kb, c, story))] if story else []


def doubted_families(kb: KnowledgeBase, sc: Scenario | None, families: list[str]) -> list[str]:
    """Named data-days programs the story's device belongs to another of ("an inhaler sensor, 18 days: is that RPM
    or something else?"): the device told decides the program, as for a device code offered."""
    from bot.engine.asking import ASKING  # noqa: PLC0415

    story = story_cue_family(sc)
    asks = [m.span() for m in ASKING().finditer(sc.text)] if story else []
    # only a program the asking sentence offers ("is that RPM?"), not one the story states ("(RTM, respiratory)")
    offered = {str(f.value) for f in sc.of("family", "named") if any(a <= f.at < b for a, b in asks)} - {
        str(f.value) for f in sc.of("family", "named") if not any(a <= f.at < b for a, b in asks)}
    return [f for f in families if f in offered and f != story and f in kb.families and any(
        _device_of_other(kb, c, story) for t in kb.family_tracks(f) if t.basis == "days" for c in t.codes[:1])]


def _device_of_other(kb: KnowledgeBase, code: str, story: str) -> bool:
    """A data-days (device) code offered while the story's device is another program's that also counts data days
    ("an inhaler sensor ... the physiologic device code, right?"): the device told decides the program."""
    def days_codes(fam: str) -> set[str]:
        return {c for t in kb.family_tracks(fam) if t.basis == "days" for c in t.codes}
    return code in days_codes(kb.codes[code].family) and bool(days_codes(story))


def story_cue_family(sc: Scenario | None) -> str | None:
    """The family the story's cue words clearly point to (more cues than any other), or None."""
    ranked = Counter(f.value for f in sc.of("family", "cue")).most_common(2) if sc is not None else []
    return ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None


def worker_families(kb: KnowledgeBase, sc: Scenario | None, families: list[str]) -> None:
    """Minutes tied to no family or code whose worker only one of the asked families' minute ladders counts ("our BH
    care manager logged 22 minutes" beside CCM and BHI) are tied to that family."""
    if sc is None or len(families) < 2:
        return
    for n, f in enumerate(sc.facts):
        if f.kind == "minutes" and not f.family and not f.code and f.who:
            fits = [fam for fam in families if fam in kb.families and _counts(kb, fam, {f.who})]
            if len(fits) == 1:
                sc.facts[n] = dataclasses.replace(f, family=fits[0])
    _split_by_worker(kb, sc, families)
    tie_care_work(kb, sc, families)  # "23 min was care plan / specialist coordination": the care program's time


def _split_by_worker(kb: KnowledgeBase, sc: Scenario, families: list[str]) -> None:
    """One family's minutes told by one worker ("the CHW spent 30 min on housing, 20 on food") beside another worker's
    loose minutes that only another asked family's ladder counts ("the RN did 22 min with a call" beside RPM): each
    worker's minutes go to their own family, the first worker's other loose figures to the first family."""
    minutes = [f for f in sc.of("minutes") if f.role in COUNTED_MINUTES and not f.code]
    owners = {f.family: set() for f in minutes if f.family}
    for f in minutes:
        if f.family and f.who:
            owners[f.family].add(f.who)
    if len(owners) != 1 or not (first := next(iter(owners))) or not owners[first]:
        return
    others = [fam for fam in families if fam != first and fam in kb.families]
    tied = {}
    for f in (f for f in minutes if not f.family and f.who):
        fits = [first] if f.who in owners[first] else [fam for fam in others if _counts(kb, fam, {f.who})]
        if len(fits) == 1:
            tied[f.at] = fits[0]
    if all(fam == first for fam in tied.values()):
        return  # no second worker's minutes told apart: nothing to split
    sc.facts = [dataclasses.replace(f, family=tied[f.at]) if f.kind == "minutes" and f.at in tied and not f.family else f
                for f in sc.facts]


def biller_codes(kb: KnowledgeBase, sc: Scenario | None, codes: list[str]) -> list[str]:
    """"Does our psychologist bill the e-consult code like the physicians?": one asked code whose ladder does not count the worker
    told as its biller gives way to the family's ladder of the same role and basis that does (else the codes as asked)."""
    billers = {f.value for f in sc.of("performer") if f.role in ("biller", "bills") and not f.negated} if sc else set()
    track = kb.track_by_code.get(codes[0]) if len(codes) == 1 else None
    if not billers or track is None or not track.performed_by or billers & counted_by(kb, track):
        return codes
    instead = min((t for t in kb.family_tracks(track.family) if t is not track and t.role == track.role
                   and t.basis == track.basis and t.performed_by and billers <= counted_by(kb, t)),
                  key=lambda t: abs(len(t.codes) - len(track.codes)), default=None)
    return list(instead.codes) if instead is not None else codes
