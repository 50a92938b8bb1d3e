"""A family asked about for a patient whose stated facts its codes' criteria rule out ("only one chronic condition:
can we bill CCM?"): the verdict, and the families whose codes those facts do meet."""

from __future__ import annotations

import re

from bot.answer import Answer, PairVerdict
from bot.engine import criteria, facts
from bot.engine.asking import ask_kind
from bot.engine.handlers import Context, finish
from bot.engine.performer_pick import performer_bill
from bot.kb.records import Code

_WHICH = re.compile(r"\b(?:which|what)(?:'s| is)?\s+(?:\w+\s+){0,3}(?:code|codes|level|one)\b")


def _stated(ctx: Context, code: Code) -> list[criteria.Check]:
    """The code's criteria the question's facts decide (not assumed defaults)."""
    rule = ctx.kb.rule_for(code, ctx.year)
    return [c for c in criteria.check_all(ctx.kb.meta, ctx.q.scenario, rule.requires) if c.met is not None and not c.assumed]


def _criteria_codes(ctx: Context, family: str) -> list[Code]:
    kb = ctx.kb
    return [c for c in kb.family_codes(family) if kb.exists_in(c, ctx.year) and kb.rule_for(c, ctx.year).requires]


def fitting_families(ctx: Context, ruled_out: str, names: set[str]) -> list[tuple[str, Code]]:
    """Other families with a code whose criteria on the same facts are all met (PCM for one chronic condition)."""
    out = []
    for fam in ctx.kb.families:
        if fam == ruled_out:
            continue
        for code in _criteria_codes(ctx, fam):
            checks = [c for c in _stated(ctx, code) if c.name in names]
            if checks and all(c.met for c in checks):
                out.append((fam, code))
                break
    return out


def family_requirement_answer(ctx: Context, family: str) -> Answer | None:
    """The family's codes all need what the stated facts rule out: a "no" with the families that fit instead; None
    when the facts rule nothing out (the family's own answer then stands)."""
    from bot.engine.level_asked import unread_family_level  # noqa: PLC0415

    if ctx.q.intent in ("family", "search") and (asked := unread_family_level(ctx, family)) is not None:
        return asked  # "what E/M level does that support?" after a story with no readable MDM: ask it
    sc = ctx.q.scenario
    codes = _criteria_codes(ctx, family)
    if sc is None or not codes or ctx.q.minutes is not None or ctx.q.days is not None:
        return None
    # a code none of whose criteria the facts state (the initiation add-on's own work) decides nothing here
    checks = {code.code: found for code in codes if (found := _stated(ctx, code))}
    failed = {code: [c for c in found if c.met is False] for code, found in checks.items()}
    if not failed or not all(failed.values()):
        return None
    codes = [c for c in codes if c.code in checks]
    # every code the other stated facts would earn is shown, not only the ladder's first ("seen day 6, high MDM, no
    # timely contact": the high-complexity code is one the contact would have given)
    fewest = min(len(failed[c.code]) for c in codes)
    closest = [c for c in codes if len(failed[c.code]) == fewest]
    first = failed[codes[0].code][0]
    names = {c.name for found in failed.values() for c in found}
    sc.use(*(f for found in checks.values() for c in found for f in c.facts))
    rule = ctx.kb.rule_for(codes[0], ctx.year)
    fitting = fitting_families(ctx, family, names)
    instead = "; ".join(f"{fam} ({code.code}: {code.title})" for fam, code in fitting)
    reason = (f"{criteria.criterion_text(ctx.kb.meta, first.name, rule.requires[first.name])} The question says {first.why}."
              + (f" These fit instead: {instead}." if instead else ""))
    sources = [rule.source] + [ctx.kb.rule_for(code, ctx.year).source for _fam, code in fitting]
    ctx.source_ids += sources
    verdict = PairVerdict(family, family, False, "", reason, sources, about=f"{family} for this patient")
    families = [family] + [fam for fam, _code in fitting]
    shown = [code for _fam, code in fitting] + closest
    return finish(ctx, status="answered", intent="pair", pair=verdict, families=families,
                  codes=[facts.code_fact(ctx.kb, c, ctx.year) for c in shown],
                  family_info=[facts.family_info(ctx.kb, f) for f in families])


def topic_requirement_answer(ctx: Context) -> Answer | None:
    """"How long must the condition last for PCM?", "does CCM need 2 conditions?": the named family's requirement on
    that topic (family `requirements`, vocabulary requirement_topics), beside the same topic of another named family;
    stated facts that rule the family out still get the verdict (family_requirement_answer)."""
    q, kb, sc = ctx.q, ctx.kb, ctx.q.scenario
    if sc is None or q.minutes is not None or q.days is not None or sc.of("minutes") or (
            sc.of("level") and any(f.day is not None for f in sc.of("event"))):
        return None  # a whole dated story ("seen 2/7, high MDM") is a case to bill, whatever else it asks
    if sc.asked == "bill" and _WHICH.search(q.text) or len({c for c in q.codes if c in kb.codes}) >= 2:
        return None  # "which APCM level?", "can we bill 99426 and 99457?": a case or a pair, not one rule
    voc = kb.vocabulary
    if not any(sc.says(str(p), claims=True) for p in voc.get("requirement_asks") or []):
        return None
    said = {t for t, phrases in (voc.get("requirement_topics") or {}).items()
            if any(sc.says(str(p), claims=True) for p in phrases or [])}  # a claim's topic is the topic asked
    named = [kb.codes[c].family for c in q.codes if c in kb.codes] + [f for f in q.families if f not in q.weak_families]
    if ask_kind(q) == "compare" and len(set(named)) >= 2:
        return None  # "CCM vs PCM: is it just 1 condition vs 2?": the programs side by side, the figures are the contrast
    # a family named to compare ("does it need 2 like CCM") stands beside the one asked, never first
    compared = [kb.codes[f.value].family if f.value in kb.codes else f.value for f in sc.facts if f.role == "compared"]
    asked = [(f, r) for f in dict.fromkeys(named + compared) if f in kb.families for r in kb.families[f].requirements
             if r.topic in said]
    if not asked or asked[0][0] not in named:
        return None
    first = asked[0][0]
    # one dated event ("the visit date or day 30?") is part of the question, not a case that rules the family out
    story = sc.of("count") or len([f for f in sc.of("event") if f.day is not None]) > 1
    if story and (ruled := family_requirement_answer(ctx, first)) is not None:
        return ruled
    own = [r for f, r in asked if f == first]
    beside = [r for f, r in asked if f != first]
    message = " ".join(r.text for r in own) + (" For comparison, " + " ".join(r.text for r in beside) if beside else "")
    ctx.source_ids += [r.source for _f, r in asked]
    families = list(dict.fromkeys(f for f, _r in asked))
    sc.use(*(f for f in sc.of("count") if f.role in ("chronic_conditions", "named_conditions")))
    sc.use(*(sc.of("performer") if any(r.topic == "who_bills" for _f, r in asked) else ()))  # the biller asked about
    topics = " and ".join(sorted({r.topic.replace("_", " ") for _f, r in asked}))
    told = dict.fromkeys(q.codes + q.context_codes)  # "the initiating visit for CHI G0019": the code the rule is about
    codes = [facts.code_fact(kb, kb.codes[c], ctx.year) for c in told if c in kb.codes and kb.codes[c].family in families] \
        or [facts.code_fact(kb, c, ctx.year) for c in kb.family_codes(first) if kb.exists_in(c, ctx.year)][:4]
    return finish(ctx, status="answered", intent="family", message=message, families=families, codes=codes,
                  family_info=[facts.family_info(kb, first)], asked_label=f"{first}'s requirement ({topics})")


def codes_ruled_out(ctx: Context, subjects: list[str]) -> Answer | None:
    """Several codes of one family asked together ("bill the setup code now and the device code later?") when the stated facts rule out
    the whole family (a patient no one has seen yet), or the one who asks to bill them is a worker their ladders do not
    count: that "no", not a pair verdict between the codes."""
    from bot.engine.pair_handler import performer_verdict
    from bot.engine.performer_rule import performer_counted

    kb = ctx.kb
    codes = [s for s in subjects if s in kb.codes]  # a family named beside them ("then the first home visit") is the plan
    fams = {kb.codes[s].family for s in codes}
    if len(codes) < 2 or len(fams) != 1:
        return None
    sc = ctx.q.scenario
    if ctx.q.intent == "compare" and (picked := performer_bill(ctx, codes)) is not None:  # "our OT reviewed it: A or B?"
        return picked
    if sc is not None and any(f.role in ("biller", "bills") for f in sc.of("performer")):
        # "can our PT bill 99454 and 99457?": who may bill them, asked of codes whose ladders do not count that worker
        # ("the difference between A and B; which one does the PCP bill?": one of the compared codes is the PCP's own)
        if ctx.q.intent == "compare" and any(performer_counted(ctx, kb.codes[c]) for c in codes):
            return family_requirement_answer(ctx, fams.pop())
        for code in codes:
            if (verdict := performer_verdict(ctx, kb.codes[code], tuple(c for c in codes if c != code))) is not None:
                return verdict
    return family_requirement_answer(ctx, fams.pop())


def window_answer(ctx: Context, codes: list[str]) -> Answer | None:
    """"Can I bill the e-visit code for messages 3 days after her visit, same problem?": one code asked (not "which
    code"), no minutes or days told, that a stated, related visit puts in its family's window: the no. (With minutes
    the bill answer says it in its trace, and stays a bill: blind23 expects that.)"""
    kb, q, sc = ctx.kb, ctx.q, ctx.q.scenario
    asked = sorted(set(sc.codes("asked"))) if sc is not None else []
    if sc is None or sc.asked == "bill" or q.intent not in ("define", "pair") or asked != codes[:1] \
            or len(set(codes)) != 1 or codes[0] not in kb.codes or q.minutes is not None or q.days is not None:
        return None
    code = kb.codes[codes[0]]
    fam = kb.families.get(code.family)
    if fam is None or not fam.windows or not sc.of("event", "visit"):
        return None
    blocked = criteria.window_block(fam.windows, code, sc, kb.meta.get("performer_counts_as") or {})
    if blocked is None:
        return None
    sc.use(blocked.visit)
    side = "before" if blocked.window.side == "before" else "after"
    verdict = PairVerdict(code.code, "E/M visit", False, f"a related E/M visit {blocked.window.days or 0} days {side}",
                          f"Not separately billable: {blocked.window.note} The question says: '{blocked.visit.words}'.",
                          [blocked.window.source], about=f"{code.code} beside a related visit")
    ctx.source_ids.append(blocked.window.source)
    return finish(ctx, status="answered", intent="pair", pair=verdict, codes=[facts.code_fact(kb, code, ctx.year)],
                  families=[code.family], family_info=[facts.family_info(kb, code.family)])
