"""A care-management story that names no program ("3 chronic conditions, the nurse spent 35 minutes"): the program its
chronic-condition count points to, read from each family's `requires: chronic_conditions` on its minute ladders."""

from __future__ import annotations

import re

from typing import TYPE_CHECKING

from bot.engine.phrases import PhraseSet

if TYPE_CHECKING:
    from bot.engine.handlers import Context


def _bounds(kb, fam: str) -> tuple[int, int | None] | None:
    """The chronic-condition range a family's minute ladders require, or None when they require none."""
    for track in kb.family_tracks(fam):
        if track.basis != "minutes":
            continue
        for code in track.codes:
            need = kb.codes[code].rule.requires.get("chronic_conditions") if code in kb.codes else None
            if isinstance(need, dict):
                return int(need.get("min", 0)), need.get("max")
    return None


def _told_count(sc, words: list[str], cues: PhraseSet, named_programs: bool) -> tuple[int, bool] | None:
    """(count, exact) of the patient's chronic conditions: a stated count, or the conditions named beside
    care-management words or programs (named ones are a lower bound)."""
    stated = sc.of("count", "chronic_conditions")
    if stated:
        sc.use(stated[-1])
        return int(stated[-1].value), True
    named = sc.of("count", "named_conditions")
    if named and (named_programs or cues.any(words) or _monthly_staff(sc)):
        sc.use(named[-1])
        return int(named[-1].value), False
    return None


def _monthly_staff(sc) -> bool:
    """Clinical staff's minutes in a month told beside the conditions ("the nurse calls our diabetics every month,
    25 minutes"): care-management work, though no care-management word is said."""
    alone = set(sc.performers()) == {"staff"}  # minutes told apart from the one worker named ("the call ... 25 minutes")
    staff = [m for m in sc.of("minutes") if m.role in ("spent", "total") and (m.who == "staff" or (not m.who and alone))]
    return bool(staff) and (any(m.when for m in staff) or bool(re.search(r"\b(?:every|each|this|a|per) month\b|\bmonthly\b", sc.text)))


def condition_family(ctx: Context, among: list[str] | None = None) -> str | None:
    """The one program the chronic conditions fit best (the one made for that many: CCM for two or more, PCM for
    one), of all programs or of those the question offers (`among`: "CCM or PCM?"), with the other fitting programs
    said as an assumption; None when the question gives no count."""
    kb, q = ctx.kb, ctx.q
    sc = q.scenario
    if sc is None or q.minutes is None:
        return None
    told = _told_count(sc, q.words, PhraseSet(kb.vocabulary.get("care_management_cues", [])), bool(among))
    if told is None:
        return None
    count, exact = told
    if (fit := _best_fit(kb, count, exact, among)) is None:
        return None
    best, fits, ranges = fit
    others = [f for f in fits if f != best]
    noun = "chronic condition" + ("s" if count != 1 else "")
    said = f"{count} {noun}" if exact else f"{count} {noun} named"
    lead = f"Of {' and '.join(among)}: {said}" if among else f"No program named: {said}"
    ctx.notes.append(f"{lead}, so read as {kb.families[best].name}"
                     + (f" ({', '.join(others)} is the choice when the month's care centres on one condition)." if others else "."))
    sc.use(*(f for f in sc.of("family") if f.value in (among or ())))  # the programs offered were weighed
    _claimed_note(ctx, best, ranges.get(best))
    return best


def _best_fit(kb, count: int, exact: bool, among: list[str] | None = None):
    """(the program made for `count` chronic conditions, every program they fit, each program's range), of all
    programs or of `among`; an inexact count (conditions named) is a lower bound only. None when none fits."""
    ranges = {fam: b for fam in (among or kb.families) if (b := _bounds(kb, fam)) is not None}
    fits = [f for f, (low, high) in ranges.items() if count >= low and (high is None or not exact or count <= high)]
    return (max(fits, key=lambda f: ranges[f][0]), fits, ranges) if fits else None


def _claimed_note(ctx: Context, fam: str, bounds: tuple[int, int | None] | None) -> None:
    """A claim of another condition count ("a blog says CCM needs 3 chronic conditions") corrected by the rule held."""
    claimed = [f for f in ctx.q.scenario.of("count", "claimed") if "condition" in f.words]
    if not claimed or bounds is None or int(claimed[-1].value) == bounds[0]:
        return
    ctx.notes.append(f"The claim of {claimed[-1].value} chronic conditions is not the rule held: "
                     f"{ctx.kb.families[fam].name} needs {bounds[0]} or more.")


def program_for_conditions(ctx: Context) -> str | None:
    """"Only one chronic condition, high risk: which care management program fits?": with no program, code or figure
    named, the stated count of chronic conditions and care-management words point to the program made for that many
    (the other fitting programs are said); None otherwise."""
    q, kb = ctx.q, ctx.kb
    sc = q.scenario
    if sc is None or q.families or q.codes or q.minutes is not None or q.days is not None:
        return None
    stated = sc.of("count", "chronic_conditions")
    if not stated or not PhraseSet(kb.vocabulary.get("care_management_cues", [])).any(q.words):
        return None
    if (fit := _best_fit(kb, int(stated[-1].value), True)) is None:
        return None
    best, fits, _ranges = fit
    sc.use(stated[-1])
    others = ", ".join(f for f in fits if f != best)
    ctx.notes.append(f"{stated[-1].words} and no program named: {kb.families[best].name} is the program made for that"
                     + (f" (also fitting: {others})." if others else "."))
    return best


def refit_family(ctx: Context, fam: str) -> str:
    """A billed code's program that the stated chronic-condition count rules out ("billing CCM for a patient whose only
    chronic dx is CKD: what should it have been?"): the program made for that count, said as a note; else `fam`."""
    sc, bounds = ctx.q.scenario, _bounds(ctx.kb, fam)
    stated = sc.of("count", "chronic_conditions") if sc is not None else []
    if bounds is None or not stated:
        return fam
    count, (low, high) = int(stated[-1].value), bounds
    if low <= count and (high is None or count <= high):
        return fam
    held = len(ctx.notes)
    best = condition_family(ctx)
    del ctx.notes[held:]  # its "no program named" and claim notes do not fit a billed program: the note below does
    if best is None or best == fam:
        return fam
    ctx.notes.append(f"{ctx.kb.families[fam].name} needs {low} or more chronic conditions"
                     + (f" (at most {high})" if high is not None else "") + f"; {count} chronic condition"
                     + ("s" * (count != 1)) + f" fits {ctx.kb.families[best].name} instead.")
    sc.use(*(f for f in sc.of("code") if f.value in ctx.kb.codes and ctx.kb.codes[f.value].family == fam))
    return best
