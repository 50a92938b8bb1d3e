"""The usual billing mistakes, derived from ladders and rules, as distractors for scenario questions."""

from __future__ import annotations

import dataclasses
import random

from bot.engine.billing import bill
from bot.kb.records import Track
from bot.kb.store import KnowledgeBase
from bot.quiz.ladders import Lines, Setting, add_on_of, ladder_bases, lines_of, request_for

Mistake = tuple[Lines, str]
_UNIT = {"minutes": "minutes", "days": "data days"}


def _value(s: Setting, track: Track) -> int:
    return (s.minutes if track.basis == "minutes" else min(s.days or 0, 30)) or 0


def _span(kb: KnowledgeBase, code: str, basis: str) -> str:
    rule = kb.rule_for(kb.codes[code], kb.default_year)
    lo, hi = (rule.min_minutes, rule.max_minutes) if basis == "minutes" else (rule.min_days, rule.max_days)
    return f"{lo}-{hi} {_UNIT[basis]}" if hi is not None else f"at least {lo} {_UNIT[basis]}"


def _replace(lines: Lines, old: str, new: tuple[tuple[str, int], ...]) -> Lines:
    out: list[tuple[str, int]] = []
    for line in lines:
        out += list(new) if line[0] == old else [line]
    return tuple(out)


def _ladder(kb: KnowledgeBase, s: Setting, key: Lines, track: Track) -> list[Mistake]:
    """Both alternatives of one ladder together, or a neighbouring rung instead of the right one."""
    bases, value, unit = ladder_bases(kb, track), _value(s, track), _UNIT[track.basis]
    billed = [c for c, _u in key if c in {b.code for b in bases}]
    out: list[Mistake] = []
    if not billed:
        if bases:
            low = min(bases, key=lambda b: (kb.rule_for(b, kb.default_year).min_minutes or 0)
                      if track.basis == "minutes" else (kb.rule_for(b, kb.default_year).min_days or 0))
            why = f"{low.code} needs {_span(kb, low.code, track.basis)}; the scenario does not meet its rule."
            out.append((key + ((low.code, 1),), why))
        return out
    code = billed[0]
    names = [b.code for b in bases]
    for other in (n for n in names if n != code):
        both = f"{code} and {other} are alternatives on one ladder: report only the one the {unit} reach."
        out.append((_replace(key, code, ((code, 1), (other, 1))), both))
        wrong = f"{other} covers {_span(kb, other, track.basis)}; {value} {unit} fall in {code}'s range."
        out.append((_replace(key, code, ((other, 1),)), wrong))
    return out


def _units(kb: KnowledgeBase, s: Setting, key: Lines) -> list[Mistake]:
    """One add-on unit too many (a partial block counted) or too few."""
    track = s.management
    if track is None:
        return []
    billed = [c for c, _u in key if c in {b.code for b in ladder_bases(kb, track)}]
    addon = add_on_of(kb, track, billed[0]) if billed else None
    if addon is None:
        return []
    first = kb.rule_for(kb.codes[billed[0]], kb.default_year).unit_minutes or 0
    units = dict(key).get(addon.code, 0)
    why = (f"{addon.code} counts only the minutes beyond the first {first}: {max(0, (s.minutes or 0) - first)} "
           f"minutes make {units} unit(s) under its rule.")
    out: list[Mistake] = []
    for n in (units + 1, units - 1):
        if n < 0:
            continue
        rest = tuple(l for l in key if l[0] != addon.code)
        at = [c for c, _u in rest].index(billed[0]) + 1
        out.append((rest[:at] + (((addon.code, n),) if n else ()) + rest[at:], why))
    return out


def _no_call(kb: KnowledgeBase, facts: dict) -> list[Mistake]:
    """The lines someone would report if they forgot that the call is required."""
    if facts["interactive"] is not False:
        return []
    lines = lines_of(bill(kb, dataclasses.replace(request_for(kb, facts), interactive=True)))
    return [(lines, "The management codes need a real-time interactive communication in the month; "
                    "without one they cannot be reported.")]


def _fillers(key: Lines) -> list[Mistake]:
    out: list[Mistake] = [(tuple(l for l in key if l[0] != code), f"{code} is earned too and belongs on the claim.")
                          for code, _u in key]
    if key:
        out.append(((), "The scenario meets at least one code's rule."))
    return out


def mistakes(kb: KnowledgeBase, s: Setting, facts: dict, key: Lines, rng: random.Random) -> list[Mistake]:
    """Return distinct wrong line sets, the usual mistakes first (in seeded order), then simple omissions."""
    usual: list[Mistake] = []
    for track in (t for t in (s.device, s.management) if t is not None):
        usual += _ladder(kb, s, key, track)
    usual += _units(kb, s, key) + _no_call(kb, facts)
    rng.shuffle(usual)
    seen, out = {key}, []
    for lines, note in usual + _fillers(key):
        if lines not in seen and all(u > 0 for _c, u in lines):
            seen.add(lines)
            out.append((lines, note))
    return out
