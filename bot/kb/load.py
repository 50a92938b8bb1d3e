"""Read knowledge/*.yaml into typed records; every defect is reported with its file and key."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from bot.kb.load_claim import read_modifiers, read_places
from bot.kb.load_dx import read_dx_words
from bot.kb.records import (
    Change, Code, Contested, Family, HistoryEntry, InitiatingVisit, Link, Modifier, PairRule, Payment, Place, Placeholder,
    Problem, Reading, Requirement, RoleLimit, Rule, Source, Track, UnitRule, Window,
)

_RULE_KEYS = {f.name for f in fields(Rule)}


@dataclass(slots=True)
class Knowledge:
    """Everything knowledge/ holds, as records, plus the problems met while reading it."""

    meta: dict
    vocabulary: dict
    sources: dict[str, Source] = field(default_factory=dict)
    families: dict[str, Family] = field(default_factory=dict)
    tracks: list[Track] = field(default_factory=list)
    codes: dict[str, Code] = field(default_factory=dict)
    pairs: list[PairRule] = field(default_factory=list)
    contested: dict[str, Contested] = field(default_factory=dict)
    code_files: dict[str, str] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)
    left_out_unpaid: dict[str, str] = field(default_factory=dict)  # left-out codes Medicare does not pay: their source
    modifiers: dict[str, Modifier] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    dx_words: dict = field(default_factory=dict)  # knowledge/dx_synonyms.yaml, as plain data
    problems: list[Problem] = field(default_factory=list)


class Reader:
    """Collects problems while turning YAML mappings into records."""


    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []

    def load(self, path: Path) -> Any:
        import yaml  # only when reading YAML: the ask path reads the compiled index instead

        twice: list[tuple[object, int]] = []
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_strict_loader(yaml, twice))
        except (OSError, yaml.YAMLError) as exc:
            self.problem(path, "(file)", f"cannot read YAML: {exc}")
            return None
        for key, line in twice:  # YAML keeps the last of two equal keys and says nothing: a silent loss
            self.problem(path, str(key), f"key given twice (again on line {line}); the later value would replace the earlier")
        return data

    def problem(self, path: Path, key: str, message: str) -> None:
        self.problems.append(Problem(self.rel(path), key, message))

    def rel(self, path: Path) -> str:
        try:
            return f"knowledge/{path.relative_to(self.root)}"
        except ValueError:
            return str(path)

    def need(self, path: Path, key: str, data: dict, name: str) -> Any:
        if data.get(name) in (None, "", []):
            self.problem(path, f"{key}.{name}", "missing")
        return data.get(name)


def _cue_sets(value: Any) -> tuple:
    """`performer_cues`: one set of performers ([treating, consultant]) or several alternative sets."""
    items = list(value or [])
    return tuple(_tup(v) for v in items) if any(isinstance(v, list) for v in items) else ((_tup(items),) if items else ())


def _tup(value: Any) -> tuple:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    return (str(value),)


def rule_from(reader: Reader, path: Path, key: str, data: dict | None) -> Rule:
    """Turn a `rule:` mapping into a Rule."""
    data = dict(data or {})
    unknown = set(data) - _RULE_KEYS
    if unknown:
        reader.problem(path, key, f"unknown rule keys {sorted(unknown)}")
    return Rule(**{k: v for k, v in data.items() if k in _RULE_KEYS})


def code_from(reader: Reader, path: Path, family: str, data: dict) -> Code:
    """Turn one `codes:` mapping into a Code."""
    code = str(data.get("code", "")).upper()
    key = f"codes[{code or '?'}]"
    for name in ("system", "role", "title", "summary", "status", "effective_year", "sources"):
        reader.need(path, key, data, name)
    pay = data.get("payment")
    return Code(
        code=code, system=str(data.get("system", "")), family=family, role=str(data.get("role", "")),
        title=str(data.get("title", "")), summary=" ".join(str(data.get("summary", "")).split()),
        status=str(data.get("status", "")), effective_year=int(data.get("effective_year") or 0),
        sources=_tup(data.get("sources")), rule=rule_from(reader, path, f"{key}.rule", data.get("rule")),
        ended_year=data.get("ended_year"), replaced_by=_tup(data.get("replaced_by")),
        add_on_to=_tup(data.get("add_on_to")), aliases=_tup(data.get("aliases")),
        document=_tup(data.get("document")), program=str(data.get("program", "")),
        who_may_bill=" ".join(str(data.get("who_may_bill", "")).split()),
        payment=Payment(amount=pay.get("amount"), rvu=pay.get("rvu"), source=str(pay.get("source", "")),
                        contractor_priced=bool(pay.get("contractor_priced")), contested=pay.get("contested"))
        if isinstance(pay, dict) else None,
        history=tuple(HistoryEntry(start=int(h.get("from", 0)), end=int(h.get("to", 0)), rule=dict(h.get("rule") or {}),
                                   note=str(h.get("note", "")), source=str(h.get("source", "")))
                      for h in data.get("history") or []),
        links=tuple(Link(code=code, target=str(l.get("target", "")).upper(), kind=str(l.get("kind", "")),
                         period=l.get("period"), note=str(l.get("note", "")), source=str(l.get("source", "")),
                         contested=l.get("contested"), not_when=tuple(str(w) for w in l.get("not_when") or []))
                    for l in data.get("links") or []),
        payer=data.get("payer"), notes=tuple(" ".join(str(n).split()) for n in data.get("notes") or []),
        placeholders=tuple(Placeholder(id=str(p.get("id", "")).upper(), year=int(p.get("year") or 0),
                                       source=str(p.get("source", "")),
                                       when=tuple(str(w).lower() for w in p.get("when") or ()))
                           for p in data.get("placeholders") or []),
    )


def family_from(reader: Reader, path: Path, data: dict) -> Family:
    """Turn a `family:` mapping into a Family."""
    key = "family"
    for name in ("id", "name", "purpose", "who_may_bill", "effective_year", "sources"):
        reader.need(path, key, data, name)
    within = data.get("within_family") or {}
    not_billed = data.get("not_billed_by") if isinstance(data.get("not_billed_by"), dict) else {}
    shared = data.get("shares_cues") if isinstance(data.get("shares_cues"), dict) else {}
    instead = data.get("billed_instead") if isinstance(data.get("billed_instead"), dict) else {}
    episode_break = data.get("episode_break") if isinstance(data.get("episode_break"), dict) else {}
    absorbs = data.get("absorbs") if isinstance(data.get("absorbs"), dict) else {}
    return Family(
        id=str(data.get("id", "")).upper(), name=str(data.get("name", "")), aliases=_tup(data.get("aliases")),
        purpose=" ".join(str(data.get("purpose", "")).split()),
        who_may_bill=" ".join(str(data.get("who_may_bill", "")).split()),
        effective_year=int(data.get("effective_year") or 0), sources=_tup(data.get("sources")),
        within_allowed=None if "allowed" in within and within["allowed"] is None else bool(within.get("allowed", True)), within_reason=" ".join(str(within.get("reason", "")).split()),
        within_source=str(within.get("source", "")),
        changes=tuple(Change(year=int(c.get("year", 0)), text=str(c.get("text", "")), source=str(c.get("source", "")),
                             contested=c.get("contested")) for c in data.get("changes") or []),
        one_per_period=tuple(RoleLimit(role=str(r.get("role", "")), period=str(r.get("period", "")),
                                       reason=" ".join(str(r.get("reason", "")).split()), source=str(r.get("source", "")),
                                       contested=r.get("contested")) for r in data.get("one_per_period") or []),
        unit_rule=_unit_rule(data.get("unit_rule")), payments_held=bool(data.get("payments_held", True)),
        cue_words=_tup(data.get("cue_words")), weak_cue_words=_tup(data.get("weak_cue_words")),
        context_aliases=tuple(a.lower() for a in _tup(data.get("context_aliases"))),
        performer_cues=_cue_sets(data.get("performer_cues")),
        windows=tuple(_window(w) for w in data.get("windows") or []),
        initiating_visit=_initiating(data.get("initiating_visit")),
        not_billed_by=_tup(not_billed.get("performers")), not_billed_note=" ".join(str(not_billed.get("note", "")).split()),
        not_billed_source=str(not_billed.get("source", "")),
        shares_cues=_tup(shared.get("families")), shares_cues_note=" ".join(str(shared.get("note", "")).split()),
        shares_cues_source=str(shared.get("source", "")), shares_cues_when=dict(shared.get("when") or {}),
        billed_instead_by=_tup(instead.get("performers")), billed_instead_family=str(instead.get("family", "")),
        billed_instead_note=" ".join(str(instead.get("note", "")).split()), billed_instead_source=str(instead.get("source", "")),
        requirements=tuple(Requirement(topic=str(r.get("topic", "")), text=" ".join(str(r.get("text", "")).split()),
                                       source=str(r.get("source", ""))) for r in data.get("requirements") or []),
        episode_break_months=int(episode_break.get("months") or 0), episode_break_source=str(episode_break.get("source", "")),
        absorbs=_tup(absorbs.get("families")), absorbs_days=int(absorbs.get("days") or 0),
        absorbs_note=" ".join(str(absorbs.get("note", "")).split()), absorbs_source=str(absorbs.get("source", "")),
    )


def _unit_rule(data: dict | None) -> UnitRule | None:
    if not isinstance(data, dict):
        return None
    return UnitRule(unit_minutes=int(data.get("unit_minutes") or 0), first_unit_minutes=int(data.get("first_unit_minutes") or 0),
                    label=str(data.get("label", "")), source=str(data.get("source", "")), contested=data.get("contested"))


def _window(data: dict) -> Window:
    return Window(service=str(data.get("service", "")), side=str(data.get("side", "")),
                  note=" ".join(str(data.get("note", "")).split()), source=str(data.get("source", "")),
                  days=data.get("days"), hours=data.get("hours"), soonest=bool(data.get("soonest")),
                  roles=_tup(data.get("roles")), contested=data.get("contested"), visit_by=_tup(data.get("visit_by")))


def _initiating(data: dict | None) -> InitiatingVisit | None:
    if not isinstance(data, dict):
        return None
    return InitiatingVisit(note=" ".join(str(data.get("note", "")).split()), source=str(data.get("source", "")),
                           excludes=tuple(str(c).upper() for c in data.get("excludes") or []),
                           allows=tuple(str(c) for c in data.get("allows") or []),
                           excludes_settings=tuple(str(c) for c in data.get("excludes_settings") or []),
                           allows_with=tuple((str(k), tuple(str(c) for c in v or [])) for k, v in
                                             (data.get("allows_with") or {}).items()))


def track_from(family: str, data: dict) -> Track:
    """Turn one `tracks:` mapping into a Track."""
    fallback = data.get("fallback") if isinstance(data.get("fallback"), dict) else {}
    beside = data.get("counts_beside") if isinstance(data.get("counts_beside"), dict) else {}
    return Track(
        id=str(data.get("id", "")), family=family, label=str(data.get("label", "")), role=str(data.get("role", "")),
        basis=str(data.get("basis", "none")), codes=tuple(str(c).upper() for c in data.get("codes") or []),
        variant=data.get("variant"), default=bool(data.get("default")), when=str(data.get("when", "always")),
        hints=_tup(data.get("hints")), performed_by=_tup(data.get("performed_by")), requires=dict(data.get("requires") or {}),
        not_when=dict(data.get("not_when") or {}),
        stated_requires=dict(data.get("stated_requires") or {}), told_needs=dict(data.get("told_needs") or {}),
        fallback=_tup(fallback.get("tracks")), fallback_note=" ".join(str(fallback.get("note", "")).split()),
        fallback_source=str(fallback.get("source", "")), beside=_tup(beside.get("performers")),
        beside_note=" ".join(str(beside.get("note", "")).split()), beside_source=str(beside.get("source", "")),
    )


def _read_family_file(reader: Reader, path: Path, kn: Knowledge) -> None:
    data = reader.load(path)
    if not isinstance(data, dict) or not isinstance(data.get("family"), dict):
        reader.problem(path, "family", "file must hold a `family` mapping")
        return
    fam = family_from(reader, path, data["family"])
    if fam.id in kn.families:
        reader.problem(path, "family.id", f"duplicate family {fam.id}")
    kn.families[fam.id] = fam
    kn.tracks.extend(track_from(fam.id, t) for t in data.get("tracks") or [])
    for raw in data.get("codes") or []:
        code = code_from(reader, path, fam.id, raw)
        if code.code in kn.codes:
            reader.problem(path, f"codes[{code.code}]", f"duplicate code (also in {kn.code_files[code.code]})")
        kn.codes[code.code] = code
        kn.code_files[code.code] = reader.rel(path)


def _read_pairs(reader: Reader, path: Path) -> list[PairRule]:
    rules = []
    for i, p in enumerate(reader.load(path) or []):
        key = f"[{p.get('id', i)}]"
        for name in ("id", "left", "right", "period", "reason", "source"):
            reader.need(path, key, p, name)
        if not isinstance(p.get("allowed"), bool):
            reader.problem(path, f"{key}.allowed", "must be true or false")
        rules.append(PairRule(
            id=str(p.get("id", "")), left=str(p.get("left", "")).upper(), right=str(p.get("right", "")).upper(),
            allowed=bool(p.get("allowed")), period=str(p.get("period", "")), reason=" ".join(str(p.get("reason", "")).split()),
            source=str(p.get("source", "")), also=_tup(p.get("also")), contested=p.get("contested"),
            effective_year=p.get("effective_year"), same_practitioner_only=bool(p.get("same_practitioner_only")),
            separate_allowed=bool(p.get("separate_allowed")), instead=_tup(p.get("instead")),
            not_when=_tup(p.get("not_when"))))
    return rules


def _read_contested(reader: Reader, path: Path) -> dict[str, Contested]:
    out = {}
    for c in reader.load(path) or []:
        readings = tuple(Reading(text=str(r.get("text", "")), sources=_tup(r.get("sources")), chosen=bool(r.get("chosen")))
                         for r in c.get("readings") or [])
        out[str(c.get("id"))] = Contested(id=str(c.get("id")), topic=str(c.get("topic", "")), readings=readings,
                                          why=str(c.get("why", "")), caveat=str(c.get("caveat", "")))
    return out


def _read_left_out(reader: Reader, path: Path, unpaid: dict[str, str]) -> dict[str, str]:
    """Codes deliberately not held, each with the reason, expanded from from/to ranges (those Medicare does not pay,
    with their source, into `unpaid`)."""
    out: dict[str, str] = {}
    if not path.exists():
        return out
    for entry in (reader.load(path) or {}).get("left_out", []):
        first, last = str(entry.get("from", "")), str(entry.get("to", entry.get("from", "")))
        prefix, start, end = first.rstrip("0123456789"), first.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), last.lstrip(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        if not start.isdigit() or not end.isdigit() or int(end) < int(start):
            reader.problem(path, f"left_out[{first}]", "from/to must be a code range")
            continue
        for n in range(int(start), int(end) + 1):
            out[f"{prefix}{str(n).zfill(len(start))}"] = " ".join(str(entry.get("reason", "")).split())
            if entry.get("medicare_pays") is False:
                unpaid[f"{prefix}{str(n).zfill(len(start))}"] = str(entry.get("source", ""))
    return out


def load_knowledge(root: Path) -> Knowledge:
    """Read every YAML file under `root` into a Knowledge; problems are collected, not raised."""
    reader = Reader(root)
    kn = Knowledge(meta=reader.load(root / "meta.yaml") or {}, vocabulary=reader.load(root / "vocabulary.yaml") or {})
    for s in reader.load(root / "sources.yaml") or []:
        if s.get("id") in kn.sources:
            reader.problem(root / "sources.yaml", f"[{s.get('id')}]", "duplicate source id")
        kn.sources[str(s.get("id"))] = Source(id=str(s.get("id")), publisher=str(s.get("publisher", "")),
                                             title=str(s.get("title", "")), url=str(s.get("url", "")),
                                             year=int(s.get("year") or 0), official=bool(s.get("official")))
    for path in sorted((root / "families").glob("*.yaml")):
        _read_family_file(reader, path, kn)
    kn.pairs = _read_pairs(reader, root / "concurrency.yaml")
    kn.contested = _read_contested(reader, root / "contested.yaml")
    kn.left_out = _read_left_out(reader, root / "coverage.yaml", kn.left_out_unpaid)
    kn.modifiers = read_modifiers(reader, root / "modifiers.yaml")
    kn.places = read_places(reader, root / "places.yaml")
    kn.dx_words = read_dx_words(reader, root)
    kn.problems = reader.problems
    return kn


def _strict_loader(yaml: Any, twice: list) -> type:
    """A safe loader that notes every mapping key given twice, with the line of its second use."""

    # libyaml's C scanner and parser when PyYAML was built with it: the pure-Python one is most of a build
    class StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        def construct_mapping(self, node: Any, deep: bool = False) -> dict:
            seen = set()
            for key_node, _value in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    twice.append((key, key_node.start_mark.line + 1))
                seen.add(key)
            return super().construct_mapping(node, deep)

    return StrictLoader
