"""Scenario questions: minutes, data days and a call in a month; which codes to report, keyed by the billing engine."""

from __future__ import annotations

import random

from bot.engine.billing import bill
from bot.kb.records import Track
from bot.kb.store import KnowledgeBase
from bot.quiz.ladders import Lines, Setting, add_on_of, ladder_bases, lines_of, request_for
from bot.quiz.mistakes import mistakes
from bot.quiz.model import Choice, Question, build_question

NOTHING = "No code can be reported"
DISTRACTORS = 3


def _usable(kb: KnowledgeBase, family: str, basis: str) -> list[Track]:
    return [t for t in kb.family_tracks(family) if t.basis == basis and t.when == "always"
            and any(c in kb.codes and kb.exists_in(kb.codes[c], kb.default_year) for c in t.codes)]


def _values(kb: KnowledgeBase, track: Track) -> list[int]:
    """Interesting values for a ladder: each rule's edges, just below them, and partial add-on blocks."""
    out: set[int] = set()
    for base in ladder_bases(kb, track):
        rule = kb.rule_for(base, kb.default_year)
        lo, hi = (rule.min_minutes, rule.max_minutes) if track.basis == "minutes" else (rule.min_days, rule.max_days)
        if lo is None:
            continue
        out.update(v for v in (lo - 1, lo, hi, (lo + hi) // 2 if hi else lo + 5) if v and v > 0)
        addon = add_on_of(kb, track, base.code)
        unit, more = rule.unit_minutes, kb.rule_for(addon, kb.default_year).unit_minutes if addon else None
        if unit and more:
            out.update(unit + k * more + part for k in range(3) for part in (0, more // 2))
    cap = 30 if track.basis == "days" else max(out, default=0)
    return sorted(v for v in out if 0 < v <= cap)


def _setting(kb: KnowledgeBase, family: str, rng: random.Random) -> Setting | None:
    devices, managers = _usable(kb, family, "days"), _usable(kb, family, "minutes")
    device = rng.choice(devices) if devices else None
    management = rng.choice(managers) if managers else None
    if device is None and management is None:
        return None
    needs_call = management is not None and any(kb.rule_for(b, kb.default_year).interactive
                                                 for b in ladder_bases(kb, management))
    return Setting(family=family, device=device, management=management,
                   days=rng.choice(_values(kb, device)) if device else None,
                   minutes=rng.choice(_values(kb, management)) if management else None,
                   interactive=(rng.random() < 0.75) if needs_call else None)


def show(kb: KnowledgeBase, lines: Lines) -> str:
    """Return a choice's text: the codes, with units for add-ons."""
    if not lines:
        return NOTHING
    return ", ".join(f"{c} x{u}" if kb.codes[c].add_on_to or u != 1 else c for c, u in lines)


def _prompt(kb: KnowledgeBase, s: Setting) -> str:
    fam = kb.families[s.family]
    parts = [f"{fam.name} ({s.family}), {kb.default_year}."]
    if s.device is not None:
        period = kb.period_label(ladder_bases(kb, s.device)[0].rule.period)
        parts.append(f"{s.device.label}: the device recorded data on {s.days} day{'' if s.days == 1 else 's'} of the {period}.")
    if s.management is not None:
        period = kb.period_label(ladder_bases(kb, s.management)[0].rule.period)
        parts.append(f"{s.management.label}: {s.minutes} minutes in the {period}.")
    if s.interactive is not None:
        parts.append("There was a real-time interactive call with the patient." if s.interactive
                     else "There was no real-time interactive communication with the patient.")
    if any(t.when == "setup" for t in kb.family_tracks(s.family)):
        parts.append("Setup was reported in an earlier month.")
    return " ".join(parts) + " What do you report?"


def scenario(kb: KnowledgeBase, family: str, rng: random.Random) -> Question | None:
    """Return a scenario question whose key and distractors all come from the billing engine."""
    s = _setting(kb, family, rng)
    if s is None:
        return None
    ladders = [t.codes[0] for t in (s.device, s.management) if t is not None]
    facts = {"family": family, "year": kb.default_year, "minutes": s.minutes, "days": s.days,
             "interactive": s.interactive, "variant": s.device.variant if s.device else None, "ladders": ladders}
    result = bill(kb, request_for(kb, facts))
    key = lines_of(result)
    wrong = mistakes(kb, s, facts, key, rng)[:DISTRACTORS]
    if not wrong:
        return None
    choices = [Choice(show(kb, key), key, key=True)] + [Choice(show(kb, lines), lines, note) for lines, note in wrong]
    hard = s.interactive is False or any(kb.codes[c].add_on_to for c, _u in key) or len(key) > 2
    explanation = "\n".join([f"Report: {show(kb, key)}.", *result.billing.trace])
    codes = [c for c, _u in key] or [b.code for t in (s.device, s.management) if t for b in ladder_bases(kb, t)[:1]]
    return build_question(rng, kind="scenario", family=family, difficulty="hard" if hard else "medium",
                          prompt=_prompt(kb, s), choices=choices, explanation=explanation,
                          source_ids=result.source_ids + _rule_sources(kb, s), codes=codes, facts=facts)


def _rule_sources(kb: KnowledgeBase, s: Setting) -> list[str]:
    """The rules of every rung the scenario tests, so a 'nothing to report' key still cites where that comes from."""
    return [kb.rule_for(b, kb.default_year).source for t in (s.device, s.management) if t for b in ladder_bases(kb, t)]
