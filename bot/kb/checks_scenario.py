"""Checks of the schema the scenario reading uses: criteria, performers, windows, initiating visits, cues."""

from __future__ import annotations

from collections.abc import Iterator

from bot.kb.load import Knowledge
from bot.kb.records import Problem

VALID_SIDES = {"before", "after"}
VALID_SERVICES = {"visit"}
CRITERION_KINDS = {"days", "level", "count", "bool", "choice", "named"}  # named: a bool read from yes_words/no_words


def scenario_problems(kn: Knowledge) -> Iterator[Problem]:
    """Every problem in criteria, performers, windows, initiating visits, one-practitioner periods and cues."""
    yield from _meta_problems(kn)
    yield from _kind_problems(kn)
    for code in kn.codes.values():
        file, key = kn.code_files[code.code], f"codes[{code.code}].rule"
        yield from _requires_problems(kn, file, f"{key}.requires", code.rule.requires)
        if code.rule.one_practitioner and code.rule.one_practitioner not in kn.meta.get("periods", {}):
            yield Problem(file, f"{key}.one_practitioner", f"unknown period '{code.rule.one_practitioner}'")
    for track in kn.tracks:
        file, key = f"knowledge/families/{track.family.lower()}.yaml", f"tracks[{track.id}]"
        for field, who in [("performed_by", w) for w in track.performed_by] + [("counts_beside", w) for w in track.beside]:
            if who not in kn.meta.get("performers", {}):
                yield Problem(file, f"{key}.{field}", f"unknown performer '{who}' (see meta.yaml performers)")
        if track.beside and (track.beside_source not in kn.sources or not track.beside_note):
            yield Problem(file, f"{key}.counts_beside", "needs a note and a known source")
        yield from _requires_problems(kn, file, f"{key}.requires", track.requires)
        yield from _requires_problems(kn, file, f"{key}.not_when", track.not_when)
        yield from _requires_problems(kn, file, f"{key}.stated_requires", track.stated_requires)
        yield from _fallback_problems(kn, file, key, track)
    for fam in kn.families.values():
        yield from _family_problems(kn, fam)
    yield from _vocabulary_problems(kn)


def _fallback_problems(kn: Knowledge, file: str, key: str, track) -> Iterator[Problem]:
    """A fallback names ladders of the same family and basis, with a known source."""
    ladders = {t.id: t for t in kn.tracks}
    for target in track.fallback:
        other = ladders.get(target)
        if other is None or other.family != track.family or other.basis != track.basis or other is track:
            yield Problem(file, f"{key}.fallback", f"'{target}' is not another {track.basis} ladder of {track.family}")
    if track.fallback and track.fallback_source not in kn.sources:
        yield Problem(file, f"{key}.fallback.source", f"unknown source '{track.fallback_source}'")


def _meta_problems(kn: Knowledge) -> Iterator[Problem]:
    periods = kn.meta.get("periods", {})
    for period, days in (kn.meta.get("period_days") or {}).items():
        if period not in periods or not isinstance(days, int) or days < 1:
            yield Problem("knowledge/meta.yaml", f"period_days.{period}", "needs a known period and a whole number of days")
    for name, spec in (kn.meta.get("criteria") or {}).items():
        if not isinstance(spec, dict) or spec.get("kind") not in CRITERION_KINDS or not spec.get("text"):
            yield Problem("knowledge/meta.yaml", f"criteria.{name}", f"needs kind (one of {sorted(CRITERION_KINDS)}) and text")
        elif spec["kind"] == "level" and not spec.get("levels"):
            yield Problem("knowledge/meta.yaml", f"criteria.{name}", "a level criterion needs levels, lowest first")


def _kind_problems(kn: Knowledge) -> Iterator[Problem]:
    meta = "knowledge/meta.yaml"
    days = kn.meta.get("business_days") or {}
    for key in ("source", "holidays_source"):
        if days:
            yield from _source(kn, meta, f"business_days.{key}", str(days.get(key, "")))
    for day in days.get("holidays") or []:
        if not (isinstance(day, str) and len(day) == 10 and day[4] == day[7] == "-"):
            yield Problem(meta, "business_days.holidays", f"'{day}' is not a quoted ISO date (YYYY-MM-DD)")
    for who in kn.meta.get("time_not_counted") or []:
        if who not in kn.meta.get("performers", {}):
            yield Problem(meta, "time_not_counted", f"unknown performer '{who}'")
    for key in ("uncounted_time", "separately_billed_time", "excluded_time", "other_month_time"):
        if kn.meta.get(key):
            yield from _source(kn, meta, f"{key}.source", str(kn.meta[key].get("source", "")))
    for name, spec in (kn.meta.get("criteria") or {}).items():
        if isinstance(spec, dict) and spec.get("source"):
            yield from _source(kn, meta, f"criteria.{name}.source", str(spec["source"]))
    performers = kn.meta.get("performers", {})
    for who, parent in (kn.meta.get("performer_counts_as") or {}).items():
        if who not in performers or parent not in performers:
            yield Problem("knowledge/meta.yaml", f"performer_counts_as.{who}", "needs two known performers")


def _requires_problems(kn: Knowledge, file: str, key: str, requires: dict) -> Iterator[Problem]:
    criteria = kn.meta.get("criteria") or {}
    for name, value in (requires or {}).items():
        spec = criteria.get(name)
        if not isinstance(spec, dict):
            yield Problem(file, f"{key}.{name}", "unknown criterion (see meta.yaml criteria)")
            continue
        kind = spec.get("kind")
        ok = {"days": isinstance(value, int) and not isinstance(value, bool) and value >= 0,
              "level": value in (spec.get("levels") or []),
              "count": isinstance(value, dict) and set(value) <= {"min", "max"} and all(isinstance(v, int) for v in value.values()),
              "bool": isinstance(value, bool), "named": isinstance(value, bool),
              "choice": isinstance(value, str) and bool(value)}.get(kind, False)
        if not ok:
            yield Problem(file, f"{key}.{name}", f"value {value!r} does not fit a {kind} criterion")


def _family_problems(kn: Knowledge, fam) -> Iterator[Problem]:
    file = f"knowledge/families/{fam.id.lower()}.yaml"
    roles = kn.meta.get("roles", {})
    for k, w in enumerate(fam.windows):
        key = f"family.windows[{k}]"
        if w.side not in VALID_SIDES or w.service not in VALID_SERVICES:
            yield Problem(file, key, f"side must be one of {sorted(VALID_SIDES)}, service one of {sorted(VALID_SERVICES)}")
        if w.days is None and w.hours is None and not w.soonest:
            yield Problem(file, key, "needs days, hours or soonest")
        if not w.note:
            yield Problem(file, key, "needs a note (what the answer says)")
        for role in w.roles:
            if role not in roles:
                yield Problem(file, key, f"unknown role '{role}' (see meta.yaml roles)")
        yield from _source(kn, file, key, w.source)
        if w.contested and w.contested not in kn.contested:
            yield Problem(file, key, f"unknown contested point '{w.contested}'")
    if fam.absorbs:
        yield from _source(kn, file, "family.absorbs", fam.absorbs_source)
        for target in fam.absorbs:
            if target not in kn.families:
                yield Problem(file, "family.absorbs.families", f"'{target}' is not a family")
    if fam.episode_break_months:
        yield from _source(kn, file, "family.episode_break", fam.episode_break_source)
    if fam.initiating_visit is not None:
        if not fam.initiating_visit.note:
            yield Problem(file, "family.initiating_visit", "needs a note")
        yield from _source(kn, file, "family.initiating_visit", fam.initiating_visit.source)
        for target in fam.initiating_visit.allows:
            if target not in kn.families and target not in kn.codes:
                yield Problem(file, "family.initiating_visit.allows", f"'{target}' is not a family or code")
        settings = (kn.vocabulary or {}).get("settings") or {}
        for place in fam.initiating_visit.excludes_settings:
            if place not in settings:
                yield Problem(file, "family.initiating_visit.excludes_settings", f"'{place}' is not a vocabulary setting")
    if fam.billed_instead_by:
        if fam.billed_instead_family not in kn.families or not fam.billed_instead_note:
            yield Problem(file, "family.billed_instead", "needs a known family and a note")
        yield from _source(kn, file, "family.billed_instead", fam.billed_instead_source)
    for who in fam.not_billed_by + fam.billed_instead_by:
        if who not in kn.meta.get("performers", {}):
            yield Problem(file, "family.not_billed_by", f"unknown performer '{who}'")
    if fam.not_billed_by:
        yield from _source(kn, file, "family.not_billed_by", fam.not_billed_source)
    topics = kn.vocabulary.get("requirement_topics") or {}
    for k, req in enumerate(fam.requirements):
        if req.topic not in topics or not req.text:
            yield Problem(file, f"family.requirements[{k}]", f"unknown topic '{req.topic}' or no text (vocabulary requirement_topics)")
        yield from _source(kn, file, f"family.requirements[{k}].source", req.source)
    for other in fam.shares_cues:
        if other not in kn.families:
            yield Problem(file, "family.shares_cues", f"unknown family '{other}'")
    if fam.shares_cues:
        yield from _source(kn, file, "family.shares_cues", fam.shares_cues_source)
        yield from _requires_problems(kn, file, "family.shares_cues.when", fam.shares_cues_when)
    for who in (w for cues in fam.performer_cues for w in cues):
        if who not in kn.meta.get("performers", {}):
            yield Problem(file, "family.performer_cues", f"unknown performer '{who}'")
    for k, w in enumerate(fam.windows):
        for who in w.visit_by:
            if who not in kn.meta.get("performers", {}):
                yield Problem(file, f"family.windows[{k}].visit_by", f"unknown performer '{who}'")


def _source(kn: Knowledge, file: str, key: str, source: str) -> Iterator[Problem]:
    if not source:
        yield Problem(file, key, "no source")
    elif source not in kn.sources:
        yield Problem(file, key, f"unknown source '{source}'")


def _vocabulary_problems(kn: Knowledge) -> Iterator[Problem]:
    file = "knowledge/vocabulary.yaml"
    for who in (kn.vocabulary.get("performers") or {}):
        if who not in kn.meta.get("performers", {}):
            yield Problem(file, f"performers.{who}", "not a performer in meta.yaml performers")
    for group in ("family_cues", "weak_family_cues"):
        for fam in (kn.vocabulary.get(group) or {}):
            if fam not in kn.families:
                yield Problem(file, f"{group}.{fam}", "unknown family")
    levels = ((kn.meta.get("criteria") or {}).get("mdm") or {}).get("levels") or []
    for level in (kn.vocabulary.get("mdm_levels") or {}):
        if level not in levels:
            yield Problem(file, f"mdm_levels.{level}", "not a level of meta.yaml criteria.mdm")
