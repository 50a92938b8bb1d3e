"""Which ladder (track) of a family the question's minutes or days go to: a named code's, the one its words or
facts point to (hints, who did the work, the month of the episode), the variant's, then the default."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.engine import criteria
from bot.engine.episode_break import apply_break
from bot.engine.scenario import Scenario
from bot.engine.stated_variant import variant_note
from bot.kb.records import Track
from bot.kb.store import KnowledgeBase


@dataclass(slots=True)
class TrackChoice:
    """The chosen track, and the tracks the question's facts ruled out (with why)."""

    track: Track | None
    ruled_out: list[str] = field(default_factory=list)
    by_facts: bool = False  # chosen because of a stated fact (hint, performer, episode month)
    named: bool = False  # chosen because the question names one of its codes
    dropped: list[Track] = field(default_factory=list)  # the ladders ruled out (what a no-line answer is about)


def hinted(track: Track, text: str, sc: Scenario | None, skip: list[str] | tuple = ()) -> bool:
    """Whether the question says one of the track's hints (not negated: "non-complex" is no hint for complex);
    hints in `skip` (codes the question names) do not count."""
    hints = [h for h in track.hints if h.strip().upper() not in skip] if skip else track.hints
    if sc is not None:  # the family's name the question is read by counts even inside a quoted claim
        named = {f.words.lower() for f in sc.of("family", "named", "billed")}
        return any(sc.says(h.strip(), own=True) or h.strip().lower() in named for h in hints)
    low = text.lower()
    return any(_says_word(low, h.strip().lower()) for h in hints)


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what \w matches in a str pattern


def _says_word(low: str, phrase: str) -> bool:
    r"""Whether the phrase occurs with no word character on either side (as (?<!\w)phrase(?!\w) finds it), without
    compiling a pattern per hint: a code's first worked example would compile one for each of its ladder's hints."""
    at = low.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        if (at == 0 or not _word_char(low[at - 1])) and (end == len(low) or not _word_char(low[end])):
            return True
        at = low.find(phrase, at + 1)
    return False


def workers(sc: Scenario | None, basis: str, kinds: dict | None = None, incident: tuple | list = ()) -> list[str]:
    """Who did the work: the performers of the stated minutes, else every performer the question names (`kinds`:
    meta.yaml performer_counts_as; `incident`: performers whose time a practitioner bills, meta.yaml
    billed_incident_to)."""
    kinds = kinds or {}
    if sc is None:
        return []
    # asked many times per question for the same facts: kept in the facts' index by kind, which a change drops
    key, index = ("workers", basis, tuple(kinds.items()), tuple(incident)), sc.facts.by_kind
    if index is not None and key in index:
        return list(index[key])
    found = _workers(sc, basis, kinds, incident)
    if sc.facts.by_kind is not None:
        sc.facts.by_kind[key] = found
    return list(found)


def _workers(sc: Scenario, basis: str, kinds: dict, incident: tuple | list) -> list[str]:
    """workers, worked out."""
    billers = [f.value for f in sc.of("performer", "biller") if not f.negated]
    if basis == "minutes":
        timed = [f for f in sc.of("minutes") if f.role not in ("threshold", "below", "window")]
        who = list(dict.fromkeys(f.who for f in timed if f.who))
        if who and any(not f.who and f.role == "spent" for f in timed):
            # "28 minutes; 12 of those were the front desk's; the rest the nurse's": the rest is the others named
            who += [p for p in sc.performers() if p not in who]
        who = _own_side(_not_physicians(_narrowed(who, billers, kinds), billers, kinds), billers, kinds)
        # "what does the rheumatologist bill" for a call the PCP made: the asked performer's codes, unless it is only
        # the wider name of who spent the time ("Dr. Patel (PCP) ... what can Dr. Patel bill")
        # ("can our PCP bill general BHI? The MA spent 22 minutes": the MA's time, billed by the PCP)
        if billers and who and not set(who) & set(billers) and not all(kinds.get(w) in billers for w in who) \
                and not set(who) <= set(incident):
            return list(dict.fromkeys(billers))
        if who:
            return _side_of(sc, who, kinds)
        # "I'm a psychologist; we talked 15 minutes; can I bill X?", "> I spent 30 minutes ... what can Dr. Singh bill
        # as the requesting doctor?": minutes tied to nobody are the asked biller's
        if billers and (sc.of("minutes", "call") or any(f.role == "spent" for f in timed)):
            return list(dict.fromkeys(billers))
    # "a 12-minute consult with the PCP": whoever the time was spent with is not who spent it
    subjects = list(dict.fromkeys(f.value for f in sc.of("performer") if not f.negated and f.role not in ("object", "owner")))
    if not subjects and sc.of("performer", "object"):
        return []  # "28 min, mostly on the phone with the referring PCP": the one talked with did not do the work
    return subjects or sc.performers()


def _narrowed(who: list[str], billers: list[str], kinds: dict) -> list[str]:
    """"A code for Dr. Ruiz as the requesting physician": a biller told as a practitioner and as a narrower kind of one
    (the treating side) did the minutes as that narrower kind."""
    return list(dict.fromkeys(next((b for b in billers if kinds.get(b) == w), w) if w in billers else w for w in who))


def _own_side(who: list[str], billers: list[str], kinds: dict) -> list[str]:
    """"We're the PCP side ... what do we bill?": the asked biller's minutes, not those of another practitioner of the
    same kind on the other side (the consultant: both are kinds of physician), which go on that one's own claim."""
    other = [w for w in who if w not in billers and kinds.get(w) and any(kinds.get(b) == kinds.get(w) for b in billers)]
    return [w for w in who if w not in other] if other and set(who) & set(billers) else who


def _not_physicians(who: list[str], billers: list[str], kinds: dict) -> list[str]:
    """"Dr. Ruiz spoke 6 minutes (billed); then the PT called 7: can the PT bill?": a physician's minutes are on the
    physician's own claim when the asked biller, who did minutes too, is no kind of physician."""
    doctor = {w for w in who if (w == "physician" or kinds.get(w) == "physician") and w not in billers}
    if not doctor or not set(who) & set(billers) or any(b == "physician" or kinds.get(b) == "physician" for b in billers):
        return who
    return [w for w in who if w not in doctor]


def _side_of(sc: Scenario, who: list[str], kinds: dict) -> list[str]:
    """"Dr. Bauer spent 25 minutes talking with the GI consultant" on the PCP's side: a practitioner's minutes are
    those of the one kind of practitioner named as a subject (the PCP), when another kind is only the one talked with."""
    talked = {f.value for f in sc.of("performer", "object") if not f.negated}
    sides = {f.value for f in sc.of("performer") if not f.negated and f.role not in ("object", "owner")
             and kinds.get(f.value) in who and f.value not in who and f.value not in talked}
    return list(sides) if len(who) == 1 and len(sides) == 1 and who[0] in {kinds.get(v) for v in talked} else who


def counted_by(kb: KnowledgeBase, track: Track) -> set[str]:
    """The performers a ladder counts: its own, and those that are a kind of one of them (meta.yaml
    performer_counts_as: a treating practitioner is a physician), unless another ladder of the family is theirs
    (the e-consult referral ladder is the treating practitioner's, so the consultant's does not count that time)."""
    cache = kb.cache.setdefault("counted_by", {})  # knowledge only, asked many times per question
    key = (track.family, track.id)
    if key not in cache:
        kinds = kb.meta.get("performer_counts_as") or {}
        wanted = set(track.performed_by) | set(track.beside)
        own = {p for t in kb.family_tracks(track.family) if t is not track for p in t.performed_by}
        family = kb.families.get(track.family)
        barred = set(family.not_billed_by) if family is not None else set()  # a podiatrist is a physician, not for CCM
        cache[key] = frozenset((wanted - barred) | {p for p, parent in kinds.items()
                                                    if parent in wanted and p not in own and p not in barred})
    return set(cache[key])


def _requires(kb: KnowledgeBase, track: Track, sc: Scenario | None, stated: bool = False) -> bool | None:
    """True when the track's criteria are all met (`stated`: by stated facts, not a default assumed), False when one
    fails, None when unknown."""
    if sc is None or not track.requires:
        return None
    checks = [criteria.check(kb.meta, sc, k, v) for k, v in track.requires.items()]
    if any(c.met is False for c in checks):
        return False
    return True if all(c.met and not (stated and c.assumed) for c in checks) else None


requires_met = _requires  # public name for other stages (other_sides): whether a ladder's criteria are met


def _contradiction(kb: KnowledgeBase, t: Track, who: list[str], sc: Scenario | None) -> str:
    """Why the question's facts rule a ladder out (its performers or criteria), or ""."""
    if t.performed_by and who and not set(who) & counted_by(kb, t):
        return f"counts only the time of {_names(kb, t.performed_by)}; the question says {_names(kb, who)}"
    stated = [c for c in (criteria.check(kb.meta, sc, k, v) for k, v in t.not_when.items()) if c.met and not c.assumed] \
        if sc is not None else []
    if stated:  # "no psychiatric consultant": the collaborative-care ladders are not for this case
        sc.use(*(f for c in stated for f in c.facts))  # the words that ruled it out were read
        return "is not for this case: " + "; ".join(c.why for c in stated)
    # "only 4 of the 18 minutes were discussion", "MDM was low" for complex CCM: say what the facts show
    unmet = [c for c in (criteria.check(kb.meta, sc, k, v) for k, v in t.stated_requires.items()) if c.met is False] \
        if sc is not None else []
    if unmet:
        sc.use(*(f for c in unmet for f in c.facts))
    failed = [c.why for c in unmet]
    if _requires(kb, t, sc) is False:
        failed += [c.why for c in (criteria.check(kb.meta, sc, k, v) for k, v in t.requires.items()) if c.met is False]
    return "is not for this case: " + "; ".join(failed) if failed else ""


def pick_track(kb: KnowledgeBase, family: str, basis: str, codes: list[str], text: str, variant: str | None,
               sc: Scenario | None) -> TrackChoice:
    """Choose the ladder for one basis; tracks whose performers or criteria the question contradicts drop out. A
    named code's ladder comes first (of several, the one holding most named codes that the facts do not rule out)."""
    # asked again for the same facts (a clarify stage, then the bill): kept in the facts' own index by kind, which
    # any change to the facts drops; the break a first pick applied is applied once, the facts it used stay used
    key = ("pick_track", family, basis, tuple(codes), text, variant)
    index = sc.facts.by_kind if sc is not None else None
    choice = index.get(key) if index is not None else None
    if choice is None:
        choice = _pick(kb, family, basis, codes, text, variant, sc)
        if sc is not None and sc.facts.by_kind is not None:
            sc.facts.by_kind[key] = choice
    return TrackChoice(choice.track, list(choice.ruled_out), choice.by_facts, choice.named, list(choice.dropped))


def _pick(kb: KnowledgeBase, family: str, basis: str, codes: list[str], text: str, variant: str | None,
          sc: Scenario | None) -> TrackChoice:
    """pick_track's choice, worked out."""
    tracks = [t for t in kb.family_tracks(family) if t.basis == basis and t.when != "setup"]
    if sc is not None and family in kb.families:  # "nothing May-Nov, came back in December": a new episode
        apply_break(sc, kb.families[family].episode_break_months)
    who = workers(sc, basis, kb.meta.get("performer_counts_as") or {}, kb.meta.get("billed_incident_to") or ())
    why = {t.id: _contradiction(kb, t, who, sc) for t in tracks}
    why |= _beside_alone(kb, tracks, who, why)
    named_all = sorted((t for t in tracks if set(codes) & set(t.codes)), key=lambda t: -len(set(codes) & set(t.codes)))
    named = [t for t in named_all if not why[t.id]]
    if swapped := variant_note(named, variant, tracks, why):  # a named code of another device kind gives way
        named, named_all = [], []
    # a named code the stated performer may not bill gives way to the family's ladder for that performer ("our
    # psychologist: can she bill the staff-time BHI code?", "can our OT bill 98016"), said in `ruled_out`; with
    # none, the named one stays
    barred = _barred(kb, family, who, sc)
    if barred:  # a podiatrist's CCM: no ladder of the family, whoever did the work
        return TrackChoice(None, [barred], dropped=[t for t in tracks if t.when == "always" or t in named_all])
    if not named and not _performer_ladders(kb, tracks, who, why):  # a stated fact that rules a ladder out still does
        named = [t for t in named_all if not why[t.id].startswith("is not for this case")]
    # "G0023 or the peer support one?" from a peer: a narrower ladder that the words select for everyone who did the
    # work, and that the facts do not rule out ("breast cancer" does rule out peer support), wins over the named one
    if named and any(t not in named_all and not why[t.id] and t.performed_by and who and set(who) <= counted_by(kb, t)
                     and hinted(t, text, sc)
                     and all(_width(t) < _width(n) for n in named) for t in tracks):
        named = []
    named = [t for t in named if len(set(codes) & set(t.codes)) == len(set(codes) & set(named[0].codes))]
    kept = named if named else [t for t in tracks if not why[t.id]]
    out = [f"{t.label} ({'/'.join(t.codes)}) {why[t.id]}." for t in tracks
           if why[t.id] and t not in kept and (t.when == "always" or hinted(t, text, sc) or t in named_all)]
    out += [swapped] * bool(swapped)
    # A hint or met criteria point to a ladder; a ladder with criteria needs them met, not just unknown, and an
    # explicit ladder (99091) needs its hint as well.
    fits = [t for t in kept if (hinted(t, text, sc, codes if named else ()) or (_requires(kb, t, sc, True) and t.when != "explicit"))
            and (not t.requires or sc is None or _requires(kb, t, sc))]
    # The narrowest ladder that counts everyone who did the work ("doc 20 minutes and the nurse 25": the staff
    # ladder, which counts both); failing that, one that counts some of them.
    timed = [t for t in kept if who and (t.when == "always" or named) and t.performed_by]
    covering = sorted((t for t in timed if set(who) <= counted_by(kb, t)), key=_width)
    some = sorted((t for t in timed if set(who) & counted_by(kb, t)), key=_width)
    widest = max((_width(o) for o in kept if o.performed_by), default=0)
    by_who = [t for t in (covering or some) if _width(t) < widest]
    # hints on two ladders ("the staff one or the physician one?"): the one for who did the work comes first
    fits = sorted(fits, key=lambda t: t not in by_who) if len(fits) > 1 else fits
    # the named code, or the ladder the family's words point to ("BHI" by a counselor), gave way: the ladder for who
    # did the work, not the default
    if not named and not by_who and (named_all or any(why[t.id] and t.performed_by and hinted(t, text, sc)
                                                      for t in tracks)):
        by_who = sorted(_performer_ladders(kb, kept, who, why), key=_width)
    by_variant = [t for t in kept if variant and t.variant == variant]
    # a default whose defining parts a told case does not state ("the care manager did 22 min of depression
    # follow-up": no psychiatric consultant or registry told) is not assumed; the family's other ladders stand
    default = [t for t in kept if t.default and (t.when == "always" or named) and not _untold(kb, t, who, sc)]
    always = [t for t in kept if t.when == "always" or named]
    for k, group in enumerate((fits, by_who, by_variant, default, always) if named else
                              ((), fits, by_who, by_variant, default, always)):
        if group:
            return TrackChoice(group[0], out, by_facts=k in ((0, 1) if named else (1, 2)), named=bool(named))
    return TrackChoice(None, out, dropped=[t for t in tracks if why[t.id] and (t.when == "always" or hinted(t, text, sc))])


def _width(t: Track) -> int:
    """How many kinds of worker a ladder counts, those counted only beside others included (narrowest first)."""
    return len(t.performed_by) + len(t.beside)


def _beside_alone(kb: KnowledgeBase, tracks: list[Track], who: list[str], why: dict[str, str]) -> dict[str, str]:
    """"Our internist does all the complex CCM himself": a ladder counting these workers only beside its own
    (`counts_beside`) gives way, with its note, to a ladder whose own workers they are and that nothing rules out."""
    theirs = [t for t in tracks if who and not why[t.id] and set(who) <= counted_by(kb, t) - set(t.beside)]
    return {t.id: t.beside_note for t in tracks if theirs and t.beside and set(who) <= set(t.beside) and not why[t.id]}


def _untold(kb: KnowledgeBase, t: Track, who: list[str], sc: Scenario | None) -> bool:
    """Whether the question tells a case (who did the work) without stating the criteria the ladder's default needs."""
    if sc is None or not who or not t.told_needs:
        return False
    return not all((c := criteria.check(kb.meta, sc, k, v)).met and not c.assumed for k, v in t.told_needs.items())


def _barred(kb: KnowledgeBase, family: str, who: list[str], sc: Scenario | None) -> str:
    """The family's note when whoever did or bills the work may not bill the family at all (`not_billed_by`), or
    when such a practitioner is the only practitioner named ("our podiatrist's nurse did 30 minutes")."""
    fam = kb.families.get(family)
    if fam is None or not (fam.not_billed_by or fam.billed_instead_by):
        return ""
    # "coordinated with her podiatrist" names the podiatrist as the object of the work, not its practice
    named = {f.value for f in sc.of("performer") if not f.negated and f.role != "object"} if sc is not None else set()
    kinds = kb.meta.get("performer_counts_as") or {}
    others = {p for p in named - set(fam.not_billed_by) if p == "physician" or kinds.get(p) == "physician"}
    # "our PT watches her cuff readings: can the PT bill 99454?": a family billed as another one for that worker (a
    # therapist's remote monitoring is RTM) bills none of its own codes for them, device codes included
    if who and set(who) <= set(fam.billed_instead_by) and not others:
        return fam.billed_instead_note
    barred = set(who) & set(fam.not_billed_by) or (named & set(fam.not_billed_by) and not others)
    return fam.not_billed_note if barred else ""


def _performer_ladders(kb: KnowledgeBase, tracks: list[Track], who: list[str], why: dict[str, str]) -> list[Track]:
    """The ladders that count the time of everyone who did the work and that nothing rules out."""
    return [t for t in tracks if who and t.performed_by and set(who) <= counted_by(kb, t) and not why[t.id]]


def fallbacks(kb: KnowledgeBase, family: str, chosen: Track, sc: Scenario | None) -> list[Track]:
    """The ladders the chosen one names as counting the same work when it bills nothing (`fallback`: a
    practitioner's minutes short of the practitioner-time code still count toward the staff-time one), unless the
    facts rule them out; an explicit ladder only when its criteria are met."""
    who = workers(sc, chosen.basis, kb.meta.get("performer_counts_as") or {})
    ladders = {t.id: t for t in kb.family_tracks(family)}
    out = []
    for t in (ladders[i] for i in chosen.fallback if i in ladders):
        if _contradiction(kb, t, who, sc) or (t.when == "explicit" and not _requires(kb, t, sc)):
            continue
        out.append(t)
    return out


def days_family(kb: KnowledgeBase, sc: Scenario | None, days: int | None) -> str | None:
    """Data days with no family named: the one device family whose ladders count everyone who did the work (a
    PT's management time with days of data is RTM; RPM does not count a therapist's time)."""
    who = set(workers(sc, "minutes", kb.meta.get("performer_counts_as") or {}))
    if days is None or not who:
        return None
    found = [f for f in kb.families if any(t.basis == "days" for t in kb.family_tracks(f))
             and any(t.basis == "minutes" and who <= counted_by(kb, t) for t in kb.family_tracks(f))]
    return found[0] if len(found) == 1 else None


def _names(kb: KnowledgeBase, ids) -> str:
    labels = kb.meta.get("performers", {})
    return " or ".join(str(labels.get(i, i)) for i in ids)
