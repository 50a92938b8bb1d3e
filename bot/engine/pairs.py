"""Pair verdicts: may two codes or families be billed for one patient in the same period?"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot.answer import PairVerdict
from bot.engine.phrases import PhraseSet, tokens
from bot.kb.records import PairRule
from bot.kb.store import KnowledgeBase


@dataclass(slots=True)
class PairResult:
    """A verdict and the contested points it relied on."""

    verdict: PairVerdict
    contested: list[str] = field(default_factory=list)
    instead: tuple[str, ...] = ()  # the rule's codes billed in place of the excluded service


def _rule_between(kb: KnowledgeBase, left: str, right: str) -> PairRule | None:
    """Most specific pair rule: code+code, then code+family, then family+family."""
    lf, rf = kb.family_of(left), kb.family_of(right)
    for a, b in ((left, right), (left, rf), (lf, right), (lf, rf)):
        for rule in kb.pairs:
            if {rule.left, rule.right} == {a, b} and (a != b or rule.left == rule.right):
                return rule
    return None


_NOT_SAME = {"not", "no", "never", "different", "other", "separate"}  # "not the same region" is no such word of the case


def _code_link(kb: KnowledgeBase, left: str, right: str) -> PairResult | None:
    """An explicit `not_with` or `with` link between the two codes decides first."""
    for link in kb.links_of(left):
        if link.target == right and link.kind in ("not_with", "with"):
            period = f"same {kb.period_label(link.period)}" if link.period else "same period"
            return PairResult(PairVerdict(left, right, link.kind == "with", period, link.note, [link.source]),
                              [link.contested] if link.contested else [])
    return None


def told_against(kb: KnowledgeBase, result: PairResult, text: str) -> PairResult:
    """A `with` pair whose link names words of the case that rule it out ("on the same region"): not billed."""
    v = result.verdict
    if v.allowed is not True or not text:
        return result
    link = next((l for l in kb.links_of(v.left) if l.target == v.right and l.kind == "with" and l.not_when), None) \
        if v.left in kb.codes else None
    rule = _rule_between(kb, v.left, v.right) if link is None else None
    against = link.not_when if link is not None else rule.not_when if rule is not None else ()
    words = tokens(text)
    said = next((p for i, p in PhraseSet(against).find(words) if not _NOT_SAME & set(words[max(0, i - 2):i])), None)
    if said is None:
        return result
    return PairResult(replace(v, allowed=False, reason=f"Not here: the question tells '{said}'. Rule: {v.reason.rstrip('.')}."),
                      result.contested)


def _role_limit(kb: KnowledgeBase, lc, rc) -> PairResult | None:
    """Two codes of a role the family allows once per period (e.g. two kinds of device supply)."""
    family = kb.families.get(lc.family)
    if family is None or lc.family != rc.family or lc.role != rc.role:
        return None
    for limit in family.one_per_period:
        if limit.role == lc.role:
            return PairResult(PairVerdict(lc.code, rc.code, False, f"same {kb.period_label(limit.period)}",
                                          limit.reason, [limit.source]), [limit.contested] if limit.contested else [])
    return None


def _add_on_elsewhere(kb: KnowledgeBase, add_on, other) -> PairResult | None:
    """An add-on with a base code of its own ladder that is not one of its bases (the collaborative-care add-on on
    the short-month code): it adds only to its own bases."""
    if not add_on.add_on_to or other.add_on_to or other.code in add_on.add_on_to:
        return None
    if not any(add_on.code in t.codes and other.code in t.codes for t in kb.family_tracks(add_on.family)):
        return None
    rule = add_on.rule
    return PairResult(PairVerdict(other.code, add_on.code, False, f"same {kb.period_label(rule.period)}",
                                  f"{add_on.code} adds only to {' or '.join(add_on.add_on_to)}, not to {other.code}.",
                                  [rule.source]))


def explicit_verdict(kb: KnowledgeBase, left: str, right: str) -> PairResult | None:
    """A rule written for this pair itself: a link between the codes, or a concurrency rule naming one of the codes."""
    found = _code_link(kb, left, right) or _code_link(kb, right, left)
    if found is not None:
        return found
    rule = _rule_between(kb, left, right)
    if rule is None or (rule.left not in kb.codes and rule.right not in kb.codes):
        return None
    return PairResult(PairVerdict(left, right, rule.allowed, rule.period, rule.reason, [rule.source, *rule.also]),
                      [rule.contested] if rule.contested else [])


def _same_family(kb: KnowledgeBase, left: str, right: str) -> PairResult | None:
    lc, rc = kb.codes.get(left), kb.codes.get(right)
    if lc and rc:
        if left in rc.add_on_to or right in lc.add_on_to:
            add_on, base = (right, left) if left in rc.add_on_to else (left, right)
            rule = kb.codes[add_on].rule
            return PairResult(PairVerdict(left, right, True, f"same {kb.period_label(rule.period)}",
                                          f"{add_on} is an add-on reported with {base}.", [rule.source]))
        stray = _add_on_elsewhere(kb, lc, rc) or _add_on_elsewhere(kb, rc, lc)
        if stray is not None:
            return stray
        limit = _role_limit(kb, lc, rc)
        if limit is not None:
            return limit
        track = kb.track_by_code.get(left)
        if track is not None and track is kb.track_by_code.get(right) and not lc.add_on_to and not rc.add_on_to:
            rule = lc.rule
            return PairResult(PairVerdict(left, right, False, f"same {kb.period_label(rule.period)}",
                                          f"{left} and {right} are alternatives on one ladder ({track.label}): "
                                          "report the one the minutes or days reach.", [rule.source]))
    family = kb.families.get(kb.family_of(left))
    if family is None or family.id != kb.family_of(right):
        return None
    code = lc or rc
    if code is not None and code.add_on_to and (lc is None or rc is None):
        rule = code.rule
        return PairResult(PairVerdict(left, right, True, f"same {kb.period_label(rule.period)}",
                                      f"{code.code} is an add-on reported with {' or '.join(code.add_on_to)}.",
                                      [rule.source]))
    if family.within_allowed is None:  # no default for the family: a pair without its own rule is not on file
        return None
    return PairResult(PairVerdict(left, right, family.within_allowed, "same period", family.within_reason,
                                  [family.within_source]))


def _same_code(kb: KnowledgeBase, code_id: str) -> PairResult:
    """A code billed again in one period: add-ons take units up to their cap; others once per period."""
    code = kb.codes.get(code_id)
    if code is None and code_id in kb.families:
        return _family_repeat(kb, code_id)
    if code is None:
        return PairResult(PairVerdict(code_id, code_id, None, "", "Both sides name the same family.", []))
    rule = code.rule
    period = kb.period_label(rule.once_per or rule.period)
    if code.add_on_to:
        cap = f" up to {rule.max_units} units" if rule.max_units else " one unit per further block"
        return PairResult(PairVerdict(code_id, code_id, True, f"same {period}",
                                      f"{code_id} is an add-on: report it with{cap} in the {period}.", [rule.source]))
    if rule.once_per:
        return PairResult(PairVerdict(code_id, code_id, False, f"same {period}",
                                      f"{code_id} is reported once per {period}.", [rule.source]))
    return PairResult(PairVerdict(code_id, code_id, None, "", "No limit on repeats is on file for this code.", []))


def _family_repeat(kb: KnowledgeBase, family: str) -> PairResult:
    """A family billed again ("can TCM be billed twice?"): each of its codes' own once-per periods, add-ons aside."""
    held = [c for c in kb.family_codes(family) if kb.exists_in(c, kb.default_year)]
    add_ons = [c.code for c in held if c.add_on_to and c.rule.unit_minutes]  # time add-ons: more units, not repeats
    codes = [c for c in held if c.rule.once_per and c.code not in add_ons]
    if not codes:
        return PairResult(PairVerdict(family, family, None, "", "No limit on repeats is on file for this family.", []))
    by_period: dict[str, list[str]] = {}
    for c in codes:
        by_period.setdefault(kb.period_label(c.rule.once_per), []).append(c.code)
    said = "; ".join(f"{', '.join(ids)} once per {period}" for period, ids in by_period.items())
    more = f"; the time add-on{'s' if len(add_ons) > 1 else ''} {', '.join(add_ons)} " \
        f"{'take' if len(add_ons) > 1 else 'takes'} further units in the period" if add_ons else ""
    one = next(iter(by_period)) if len(by_period) == 1 else ""
    later = f" A later {one} starts afresh." if one and "lifetime" not in one and "episode" not in one else ""
    return PairResult(PairVerdict(family, family, False, f"same {one}" if one else "",
                                  f"Each {family} code is reported once in its period: {said}{more}.{later}",
                                  list(dict.fromkeys(c.rule.source for c in codes)),
                                  about=f"{family} billed more than once in one {one}" if one else ""))


def pair_verdict(kb: KnowledgeBase, left: str, right: str, different_practitioner: bool = False,
                 separate: bool = False) -> PairResult:
    """Return the verdict for billing `left` with `right` (codes or family ids); allowed is None if unknown;
    `separate`: the question says the other service is for a new or unrelated problem."""
    if left == right:
        return _same_code(kb, left)
    found = _code_link(kb, left, right) or _code_link(kb, right, left) or _same_family(kb, left, right)
    if found:
        return found
    rule = _rule_between(kb, left, right)
    if rule is None:
        return PairResult(PairVerdict(left, right, None, "",
                                      "No concurrency rule on file for this pair; check the NCCI edits and payer policy.", []))
    contested = [rule.contested] if rule.contested else []
    if different_practitioner and rule.same_practitioner_only and not rule.allowed:
        return PairResult(PairVerdict(left, right, True, rule.period.replace("same practitioner", "different practitioners"),
                                      "The restriction binds one practitioner; with different practitioners each may bill "
                                      f"their own service. {rule.reason}", [rule.source, *rule.also]), contested)
    if separate and rule.separate_allowed and not rule.allowed:
        return PairResult(PairVerdict(left, right, True, "a separate service for another problem",
                                      "Allowed because the question says the other service is separate (a new or "
                                      f"unrelated problem): {rule.reason}", [rule.source, *rule.also]), contested)
    return PairResult(PairVerdict(left, right, rule.allowed, rule.period, rule.reason, [rule.source, *rule.also]),
                      contested, rule.instead if not rule.allowed else ())


def own_rule(kb: KnowledgeBase, subject: str, practices: bool, times: int | None = None, text: str = "") -> PairResult:
    """One code's (or family's) own rule: billed by a second practice in the period, or billed again in it
    (`times`: how many times the question asks about; `text`: the question, which may tell a new episode)."""
    if not practices:
        code = kb.codes.get(subject)
        if code is not None and (renewed := new_episode(kb, code, text) or each_period(kb, code, text)) is not None:
            return renewed
        result = _capped(kb, subject, times) or _same_code(kb, subject)
        period = kb.period_label(code.rule.once_per or code.rule.period) if code else ""
        about = f"{subject} billed more than once in one {period}" if period else f"{subject} billed more than once"
        return PairResult(_about(result.verdict, result.verdict.about or about), result.contested)
    codes = [kb.codes[subject]] if subject in kb.codes else [c for c in kb.family_codes(subject) if c.rule.one_practitioner]
    limited = [c for c in codes if c.rule.one_practitioner]
    if not limited:
        return PairResult(PairVerdict(subject, subject, None, "", f"No rule on file limits {subject} to one practitioner "
                                      "per period; check the NCCI edits and payer policy.", [],
                                      about=f"{subject} billed by two practices"))
    period = kb.period_label(limited[0].rule.one_practitioner)
    names = ", ".join(c.code for c in limited)
    if (per := limited[0].rule.one_practitioner_per):
        return _per_condition(kb, subject, limited, per, period, text)
    return PairResult(PairVerdict(subject, subject, False, f"same {period}",
                                  f"Only one practitioner may bill {names} for a patient in a {period}: a second "
                                  f"practice cannot bill {'it' if len(limited) == 1 else 'them'} for the same period.",
                                  list(dict.fromkeys(c.rule.one_practitioner_source or c.rule.source for c in limited)),
                                  about=f"{subject} billed by two practices in one {period}"))


def _per_condition(kb: KnowledgeBase, subject: str, limited: list, per: str, period: str, text: str) -> PairResult:
    """A limit that binds one condition (PCM): a second practitioner may bill for a different condition the
    question tells (vocabulary different_conditions), not for the same one."""
    names = ", ".join(c.code for c in limited)
    sources = list(dict.fromkeys(c.rule.one_practitioner_source or c.rule.source for c in limited))
    about = f"{subject} billed by two practices in one {period}"
    if PhraseSet(kb.vocabulary.get("different_conditions") or []).any(tokens(text)):
        return PairResult(PairVerdict(subject, subject, True, f"same {period}, different {per}s",
                                      f"The one-practitioner limit on {names} binds one {per}: a practitioner managing a "
                                      f"different serious {per} may bill it for that one in the same {period}.", sources, about=about))
    return PairResult(PairVerdict(subject, subject, False, f"same {period}, same {per}",
                                  f"Only one practitioner may bill {names} for the same {per} in a {period}: the one who "
                                  f"manages it under the disease-specific care plan. A practitioner managing a different "
                                  f"serious {per} may bill it for that one.", sources, about=about))


def new_episode(kb: KnowledgeBase, code, text: str) -> PairResult | None:
    """A once-per-episode code asked about again when the question tells a new episode of care ("a new plan of care",
    "re-enrolled for a new condition", vocabulary new_episode): allowed in the new episode; None otherwise."""
    words = PhraseSet(kb.vocabulary.get("new_episode") or [])
    told = tokens(text)
    hit = [h for h in (words.find(told) if code.rule.once_per == "episode" and text else [])
           if not {"not", "no", "without", "isn't"} & set(told[max(0, h[0] - 2):h[0]])]  # "not a new plan of care"
    if not hit:
        return None
    said = hit[0][1]
    return PairResult(PairVerdict(code.code, code.code, True, "a new episode of care",
                                  f"{code.code} is reported once per episode of care; the question tells a new episode "
                                  f"('{said}'), so it may be reported once in that episode.", [code.rule.source],
                                  about=f"{code.code} billed again in a new episode of care"))


def each_period(kb: KnowledgeBase, code, text: str) -> PairResult | None:
    """"Can the setup code be billed each month?": a code once per calendar month or 30-day period may go out in each
    one (once); a code once per episode, year or lifetime not each month; None when the question does not ask it
    (vocabulary intents each_period) or the code has no once-per rule."""
    intents = kb.vocabulary.get("intents") or {}
    words, skip = PhraseSet(intents.get("each_period") or []), PhraseSet(intents.get("each_period_not") or [])
    once, told = code.rule.once_per, tokens(text or "")
    spans = {i + k for i, phrase in skip.find(told) for k in range(len(tokens(phrase)))}
    if not once or not text or not words.any([w for i, w in enumerate(told) if i not in spans]):
        return None
    period = kb.period_label(once)
    each = once == "calendar_month" or 0 < int((kb.meta.get("period_days") or {}).get(once, 0)) <= 31  # monthly
    reason = (f"{code.code} may be reported once in each {period} in which its own requirements are met, not more." if each else
              f"{code.code} is reported once per {period}, not each month.")
    return PairResult(PairVerdict(code.code, code.code, each, f"each {period}" if each else f"same {period}", reason,
                                  [code.rule.source], about=f"{code.code} billed in every {period if each else 'month'}"))


def _about(verdict: PairVerdict, about: str) -> PairVerdict:
    from dataclasses import replace

    return replace(verdict, about=about)


def _capped(kb: KnowledgeBase, code_id: str, times: int | None) -> PairResult | None:
    """An add-on asked about more times than its cap allows (a two-unit add-on "three times in a month")."""
    code = kb.codes.get(code_id)
    if code is None or not code.add_on_to or not code.rule.max_units or not times or times <= code.rule.max_units:
        return None
    period = kb.period_label(code.rule.period)
    return PairResult(PairVerdict(code_id, code_id, False, f"same {period}",
                                  f"{code_id} is capped at {code.rule.max_units} units a {period}; {times} is more.",
                                  [code.rule.source]))
