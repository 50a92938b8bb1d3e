"""Cross-checks of the knowledge: links resolve, every fact has a source, rules are consistent."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from bot.kb.checks_claim import claim_problems
from bot.kb.checks_scenario import scenario_problems
from bot.kb.load_dx import dx_word_problems
from bot.kb.load import Knowledge
from bot.kb.records import Code, Problem, Rule, Track

VALID_SYSTEMS = {"CPT", "HCPCS"}
VALID_STATUS = {"active", "deleted"}
VALID_LINK_KINDS = {"not_with", "with", "see_also", "replaced_by", "replaces"}
VALID_BASES = {"minutes", "days", "units", "none"}
VALID_WHEN = {"always", "setup", "explicit"}
MAX_DAYS_IN_PERIOD = 30  # device codes count distinct days inside a 30-day period


def check_knowledge(kn: Knowledge) -> list[Problem]:
    """Return every problem in the knowledge: load problems first, then cross-checks."""
    return list(kn.problems) + list(_code_problems(kn)) + list(_track_problems(kn)) + list(_alias_problems(kn)) \
        + list(_family_problems(kn)) + list(_pair_problems(kn)) + list(_contested_problems(kn)) \
        + list(claim_problems(kn)) + list(scenario_problems(kn)) + list(dx_word_problems(kn.dx_words, kn.sources))


def _source_problems(kn: Knowledge, file: str, key: str, ids: tuple[str, ...] | list[str]) -> Iterator[Problem]:
    if not ids:
        yield Problem(file, key, "no source")
    for sid in ids:
        if sid not in kn.sources:
            yield Problem(file, key, f"unknown source '{sid}'")


def _contest_problem(kn: Knowledge, file: str, key: str, cid: str | None) -> Iterator[Problem]:
    if cid and cid not in kn.contested:
        yield Problem(file, key, f"unknown contested point '{cid}'")


def _code_problems(kn: Knowledge) -> Iterator[Problem]:
    for code in kn.codes.values():
        file, key = kn.code_files[code.code], f"codes[{code.code}]"
        if code.system not in VALID_SYSTEMS:
            yield Problem(file, f"{key}.system", f"must be one of {sorted(VALID_SYSTEMS)}")
        if code.status not in VALID_STATUS:
            yield Problem(file, f"{key}.status", f"must be one of {sorted(VALID_STATUS)}")
        if code.status == "deleted" and not code.replaced_by and not code.ended_year:
            yield Problem(file, key, "a deleted code needs replaced_by or ended_year")
        if code.role not in kn.meta.get("roles", {}):
            yield Problem(file, f"{key}.role", f"unknown role '{code.role}' (see meta.yaml roles)")
        yield from _source_problems(kn, file, f"{key}.sources", code.sources)
        if code.rule.basis != "none" or code.rule.source:
            yield from _source_problems(kn, file, f"{key}.rule.source", [code.rule.source])
        yield from _contest_problem(kn, file, f"{key}.rule.contested", code.rule.contested)
        yield from _rule_problems(kn, file, f"{key}.rule", code)
        yield from _reference_problems(kn, file, key, code)
        if code.payment:
            yield from _source_problems(kn, file, f"{key}.payment.source", [code.payment.source])
            yield from _contest_problem(kn, file, f"{key}.payment.contested", code.payment.contested)
        for h in code.history:
            yield from _source_problems(kn, file, f"{key}.history[{h.start}]", [h.source])
            if h.start > h.end:
                yield Problem(file, f"{key}.history[{h.start}]", "from is after to")


def _rule_problems(kn: Knowledge, file: str, key: str, code: Code) -> Iterator[Problem]:
    rule: Rule = code.rule
    periods = kn.meta.get("periods", {})
    if rule.basis not in VALID_BASES:
        yield Problem(file, f"{key}.basis", f"must be one of {sorted(VALID_BASES)}")
    for name in ("period", "once_per"):
        value = getattr(rule, name)
        if value and value not in periods:
            yield Problem(file, f"{key}.{name}", f"unknown period '{value}' (see meta.yaml periods)")
    if rule.min_minutes is not None and rule.max_minutes is not None and rule.min_minutes > rule.max_minutes:
        yield Problem(file, key, "min_minutes is above max_minutes")
    if rule.min_days is not None and rule.max_days is not None and rule.min_days > rule.max_days:
        yield Problem(file, key, "min_days is above max_days")
    if (rule.max_days or 0) > MAX_DAYS_IN_PERIOD:
        yield Problem(file, f"{key}.max_days", f"a period has at most {MAX_DAYS_IN_PERIOD} days")
    if rule.midpoint and rule.unit_minutes and code.add_on_to == () and rule.min_minutes != rule.unit_minutes // 2 + 1:
        yield Problem(file, key, f"midpoint rule: min_minutes should be {rule.unit_minutes // 2 + 1} for a {rule.unit_minutes}-minute unit")
    if code.add_on_to and rule.basis == "minutes" and not rule.unit_minutes:
        yield Problem(file, key, "a time-based add-on needs unit_minutes")
    if rule.basis == "minutes" and not code.add_on_to and rule.min_minutes is None:
        yield Problem(file, key, "a time-based code needs min_minutes")
    if rule.basis == "days" and rule.min_days is None:
        yield Problem(file, key, "a day-based code needs min_days")


def _reference_problems(kn: Knowledge, file: str, key: str, code: Code) -> Iterator[Problem]:
    for target in code.add_on_to:
        if target not in kn.codes:
            yield Problem(file, f"{key}.add_on_to", f"unknown code {target}")
    for target in code.replaced_by:
        if target not in kn.codes:
            yield Problem(file, f"{key}.replaced_by", f"unknown code {target}")
    for held in code.placeholders:
        if not held.id or held.id in kn.codes or held.source not in kn.sources or not held.year:
            yield Problem(file, f"{key}.placeholders", f"'{held.id}' needs an id no code has, a year and a known source")
    for link in code.links:
        lkey = f"{key}.links[{link.target}]"
        if link.target not in kn.codes:
            yield Problem(file, lkey, f"unknown code {link.target}")
        if link.kind not in VALID_LINK_KINDS:
            yield Problem(file, lkey, f"unknown link kind '{link.kind}'")
        if link.period and link.period not in kn.meta.get("periods", {}):
            yield Problem(file, lkey, f"unknown period '{link.period}'")
        yield from _source_problems(kn, file, lkey, [link.source])
        yield from _contest_problem(kn, file, lkey, link.contested)


def _track_problems(kn: Knowledge) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for track in kn.tracks:
        file, key = f"knowledge/families/{track.family.lower()}.yaml", f"tracks[{track.id}]"
        if track.id in seen:
            yield Problem(file, key, "duplicate track id")
        seen[track.id] = track.family
        if track.when not in VALID_WHEN or track.basis not in VALID_BASES:
            yield Problem(file, key, f"when must be one of {sorted(VALID_WHEN)}, basis one of {sorted(VALID_BASES)}")
        for c in track.codes:
            code = kn.codes.get(c)
            if code is None:
                yield Problem(file, key, f"unknown code {c}")
            elif code.family != track.family:
                yield Problem(file, key, f"{c} belongs to family {code.family}")
            elif code.rule.basis not in (track.basis, "none"):
                yield Problem(file, key, f"{c} is billed by {code.rule.basis}, the track by {track.basis}")
        yield from _overlap_problems(kn, file, key, track)


def _overlap_problems(kn: Knowledge, file: str, key: str, track: Track) -> Iterator[Problem]:
    """Base codes of one track need distinct thresholds: the ladder picks the highest one reached."""
    lo_name = "min_minutes" if track.basis == "minutes" else "min_days"
    seen: dict[tuple, str] = {}
    for c in track.codes:
        code = kn.codes.get(c)
        if code is None or code.add_on_to or getattr(code.rule, lo_name) is None:
            continue
        threshold = (getattr(code.rule, lo_name), code.rule.interactive)
        if threshold in seen:
            yield Problem(file, key, f"{seen[threshold]} and {c} have the same threshold {threshold[0]}")
        seen[threshold] = c


def _alias_problems(kn: Knowledge) -> Iterator[Problem]:
    owner: dict[str, str] = {}
    entries = [(a, f.id, f"knowledge/families/{f.id.lower()}.yaml", "family.aliases") for f in kn.families.values() for a in f.aliases]
    entries += [(a, c.code, kn.code_files[c.code], f"codes[{c.code}].aliases") for c in kn.codes.values() for a in c.aliases]
    for alias, target, file, key in entries:
        norm = " ".join(alias.lower().split())
        if norm in owner and owner[norm] != target:
            yield Problem(file, key, f"alias '{alias}' also names {owner[norm]}")
        owner.setdefault(norm, target)
    for fam in kn.families.values():
        aliases = {" ".join(a.lower().split()) for a in fam.aliases}
        for alias in fam.context_aliases:
            if alias not in aliases:
                yield Problem(f"knowledge/families/{fam.id.lower()}.yaml", "family.context_aliases",
                              f"'{alias}' is not one of the family's aliases")


def _family_problems(kn: Knowledge) -> Iterator[Problem]:
    by_family: dict[str, int] = defaultdict(int)
    for code in kn.codes.values():
        by_family[code.family] += 1
    for fam in kn.families.values():
        file = f"knowledge/families/{fam.id.lower()}.yaml"
        yield from _source_problems(kn, file, "family.sources", fam.sources)
        if fam.within_source:
            yield from _source_problems(kn, file, "family.within_family.source", [fam.within_source])
        for limit in fam.one_per_period:
            yield from _source_problems(kn, file, f"family.one_per_period[{limit.role}]", [limit.source])
            yield from _contest_problem(kn, file, f"family.one_per_period[{limit.role}]", limit.contested)
            if limit.period not in kn.meta.get("periods", {}):
                yield Problem(file, f"family.one_per_period[{limit.role}]", f"unknown period '{limit.period}'")
        for change in fam.changes:
            yield from _source_problems(kn, file, f"family.changes[{change.year}]", [change.source])
            yield from _contest_problem(kn, file, f"family.changes[{change.year}]", change.contested)
        if not by_family[fam.id]:
            yield Problem(file, "codes", "family has no codes")


def _pair_problems(kn: Knowledge) -> Iterator[Problem]:
    file = "knowledge/concurrency.yaml"
    for rule in kn.pairs:
        key = f"[{rule.id}]"
        for side in (rule.left, rule.right):
            if side not in kn.families and side not in kn.codes:
                yield Problem(file, key, f"'{side}' is neither a family nor a code")
        for code in (c for c in rule.instead if c not in kn.codes):
            yield Problem(file, key, f"instead: '{code}' is not a code we hold")
        yield from _source_problems(kn, file, key, [rule.source, *rule.also])
        yield from _contest_problem(kn, file, key, rule.contested)


def _contested_problems(kn: Knowledge) -> Iterator[Problem]:
    file = "knowledge/contested.yaml"
    for point in kn.contested.values():
        key = f"[{point.id}]"
        if sum(r.chosen for r in point.readings) != 1:
            yield Problem(file, key, "exactly one reading must be chosen")
        if len(point.readings) < 2 or not point.caveat:
            yield Problem(file, key, "needs at least two readings and a caveat")
        for r in point.readings:
            yield from _source_problems(kn, file, key, r.sources)
