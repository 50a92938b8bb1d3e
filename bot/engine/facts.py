"""Build the answer's pieces from knowledge records: code facts, rules in words, companions, sources."""

from __future__ import annotations

from bot.answer import CodeFact, Companion, PaymentInfo, SourceRef
from bot.engine.criteria import criterion_text
from bot.kb.records import Code, Rule
from bot.kb.store import KnowledgeBase


def _time_rule(kb: KnowledgeBase, code: Code, rule: Rule) -> str:
    period = kb.period_label(rule.period)
    if code.add_on_to:
        base = " or ".join(code.add_on_to)
        how = "using the CPT midpoint rule (a unit from " + str((rule.unit_minutes or 0) // 2 + 1) + " minutes)" \
            if rule.midpoint else "full blocks only, no midpoint rounding"
        cap = f"; at most {rule.max_units} units a {period}" if rule.max_units else ""
        starts = "; ".join(f"with {b} the first unit comes at {int(m) + (rule.unit_minutes or 0)} minutes in all"
                           for b, m in (rule.add_on_start or {}).items())
        starts = f"; {starts}" if starts else ""
        return f"Add-on to {base}: one unit per additional {rule.unit_minutes} minutes in the {period} ({how}){cap}{starts}."
    if rule.midpoint and rule.unit_minutes:
        return (f"Time: a {rule.unit_minutes}-minute unit per {period}, reportable from {rule.min_minutes} minutes "
                "(CPT midpoint rule).")
    if rule.max_minutes is not None:
        return f"Time: {rule.min_minutes}-{rule.max_minutes} minutes in a {period}."
    return f"Time: at least {rule.min_minutes} full minutes in a {period} (no midpoint rounding)."


def describe_rule(kb: KnowledgeBase, code: Code, year: int) -> list[str]:
    """Return the code's rule for `year` as short plain sentences."""
    rule = kb.rule_for(code, year)
    lines = []
    if rule.basis == "minutes":
        lines.append(_time_rule(kb, code, rule))
    elif rule.basis == "days":
        span = f"{rule.min_days}-{rule.max_days}" if rule.max_days is not None else f"at least {rule.min_days}"
        lines.append(f"Data: {span} days with readings in the {kb.period_label(rule.period or '30_day')}.")
    elif rule.basis == "units":
        lines.append(_unit_text(kb, code, rule))
    elif rule.per_count:  # chosen by a count told (nails, lesions, readings)
        per = rule.per_count
        low, high = int(per.get("from") or 1), per.get("to")
        lines.append(f"Count: {f'{low}-{high}' if high is not None else f'at least {low}'} {per.get('measure')}.")
    else:
        lines.append("Not time-based.")
    if rule.interactive:
        lines.append(f"Needs at least one real-time interactive communication (call or video) with the patient or "
                     f"caregiver in the {kb.period_label(rule.period)}.")
    lines += [criterion_text(kb.meta, name, value) for name, value in rule.requires.items()]
    if rule.once_per:
        lines.append(f"Once per {kb.period_label(rule.once_per)}.")
    if rule.one_practitioner and rule.one_practitioner_per:  # PCM: one practitioner per condition
        lines.append(f"Only one practitioner may bill it for one {rule.one_practitioner_per} of a patient per "
                     f"{kb.period_label(rule.one_practitioner)} (practitioners managing different ones may each bill it).")
    elif rule.one_practitioner:
        lines.append(f"Only one practitioner may bill it for a patient per {kb.period_label(rule.one_practitioner)}.")
    return lines + list(code.notes)


def _unit_text(kb: KnowledgeBase, code: Code, rule: Rule) -> str:
    """A unit-based code's rule: timed codes follow the family's unit rule, untimed ones are one unit."""
    unit_rule = kb.families[code.family].unit_rule if code.family in kb.families else None
    if not rule.timed or unit_rule is None:
        return "Untimed: one unit per session whatever its length; its minutes do not count toward the timed total."
    return (f"Timed, {unit_rule.unit_minutes}-minute units: the day's timed minutes of all such codes are added and "
            f"earn units from {unit_rule.first_unit_minutes} minutes ({unit_rule.label}); each code gets its full "
            f"{unit_rule.unit_minutes}-minute units, the rest go to the codes with the most minutes left over.")


def _payment(kb: KnowledgeBase, code: Code, year: int) -> PaymentInfo | None:
    pay = code.payment
    if pay is None or year != kb.default_year:
        return None
    source = kb.sources.get(pay.source)
    return PaymentInfo(amount=pay.amount, rvu=pay.rvu, release=source.title if source else pay.source,
                       contractor_priced=pay.contractor_priced)


def code_fact(kb: KnowledgeBase, code: Code, year: int) -> CodeFact:
    """Return the CodeFact for a code as it stands in `year`."""
    return CodeFact(
        code=code.code, system=code.system, family=code.family, title=code.title, summary=code.summary,
        status=code.status, role=code.role, effective_year=code.effective_year, ended_year=code.ended_year,
        replaced_by=list(code.replaced_by), rules=describe_rule(kb, code, year) if code.status == "active" else [],
        who_may_bill=code.who_may_bill or (kb.families[code.family].who_may_bill if code.family in kb.families else ""),
        document=list(code.document), payment=_payment(kb, code, year), descriptor=kb.descriptors.get(code.code),
        source_ids=list(dict.fromkeys([*code.sources, code.rule.source] + ([code.payment.source] if code.payment else []))),
    )


def _track_companions(kb: KnowledgeBase, code: Code, year: int) -> list[Companion]:
    """Setup, device and management codes of the same family, from the family's tracks."""
    own = kb.track_by_code.get(code.code)
    out = []
    for track in kb.family_tracks(code.family):
        if track is own or track.role not in ("setup", "device", "management") or track.when == "explicit":
            continue
        if track.role == "device" and track.variant and own is not None and own.role == "device":
            continue
        if track.role == "device" and track.variant and not track.default and (own is None or own.variant != track.variant):
            continue
        for c in track.codes:
            other = kb.codes.get(c)
            if other and not other.add_on_to and kb.exists_in(other, year):
                out.append(Companion(code=c, relation=track.role, note=track.label, title=other.title))
    return out


def companions(kb: KnowledgeBase, code: Code, year: int) -> list[Companion]:
    """Return the codes that go with `code`: add-on links, replacements, exclusions, then family companions."""
    if kb.codes.get(code.code) is not code:  # a code built for one answer (an imported record): found each time
        return _companions(kb, code, year)
    cache = kb.cache.setdefault("companions", {})  # knowledge only (Companion is frozen): found once per code and year
    if (code.code, year) not in cache:
        cache[code.code, year] = _companions(kb, code, year)
    return list(cache[code.code, year])


def _companions(kb: KnowledgeBase, code: Code, year: int) -> list[Companion]:
    out = [Companion(c, "add_on_to", f"{code.code} is an add-on to {c}", kb.codes[c].title) for c in code.add_on_to]
    out += [Companion(c, "has_add_on", f"{c} adds units to {code.code}", kb.codes[c].title) for c in kb.add_ons.get(code.code, [])]
    out += [Companion(c, "replaced_by", f"{code.code} was replaced by {c}", kb.codes[c].title) for c in code.replaced_by]
    out += [Companion(c, "replaces", f"{code.code} replaced {c}", kb.codes[c].title) for c in kb.replaces.get(code.code, [])]
    for link in kb.links_of(code.code):
        if link.target in kb.codes:
            period = f" (same {kb.period_label(link.period)})" if link.period else ""
            relation = "see_also" if link.kind == "with" else link.kind  # the contract's relation names
            out.append(Companion(link.target, relation, link.note + period, kb.codes[link.target].title))
    out += _track_companions(kb, code, year)
    if not out:  # nothing more specific: the rest of the family is what a coder compares it with
        out = [Companion(c.code, "see_also", f"also in {code.family}", c.title) for c in kb.family_codes(code.family)
               if c.code != code.code and c.status == "active" and kb.exists_in(c, year)]
    seen, unique = set(), []
    for comp in out:
        if comp.code not in seen and comp.code != code.code:
            seen.add(comp.code)
            unique.append(comp)
    return unique


def source_refs(kb: KnowledgeBase, ids: list[str]) -> list[SourceRef]:
    """Return SourceRefs for source ids, deduplicated, official sources first."""
    found = kb.source_list([i for i in ids if i])
    found.sort(key=lambda s: not s.official)
    return [SourceRef(id=s.id, title=s.title, url=s.url, publisher=s.publisher, year=s.year, official=s.official)
            for s in found]


def family_info(kb: KnowledgeBase, family: str) -> dict:
    """Return a family's name, purpose and who may bill it."""
    fam = kb.families[family]
    return {"id": fam.id, "name": fam.name, "purpose": fam.purpose, "who_may_bill": fam.who_may_bill}
