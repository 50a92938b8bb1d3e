"""One code asked about with a stated fact its own criteria decide ("the CCM staff code for a patient with one
chronic condition?"): the verdict from the code's rule, the code of its ladder those facts earn, or the families whose
codes they fit instead."""

from __future__ import annotations

import dataclasses

from bot.answer import Answer, PairVerdict
from bot.engine import facts
from bot.engine.handlers import Context, finish
from bot.engine.performer_rule import performer_verdict
from bot.engine.requirements import fitting_families


def requirement_answer(ctx: Context, subjects: list[str]) -> Answer | None:
    """One code asked about with a stated fact its own criteria decide (a CCM code "for a patient with one chronic
    condition"): the verdict from the code's rule, not its description."""
    from bot.engine import criteria

    kb, q = ctx.kb, ctx.q
    sc = q.scenario
    if sc is None or len(subjects) != 1 or subjects[0] not in kb.codes or q.minutes is not None or q.days is not None:
        return None
    code = kb.codes[subjects[0]]
    rule = kb.rule_for(code, ctx.year)
    other = performer_verdict(ctx, code)
    if other is not None:
        return other
    stated = [c for c in criteria.check_all(kb.meta, sc, rule.requires) if c.met is not None and not c.assumed]
    if rule.interactive and q.interactive is False:  # "the only interactive communication was an e-mail exchange"
        stated.append(criteria.Check("interactive", False, "there was no real-time call or video (only messages, or none)",
                                     contested=str(kb.vocabulary.get("interactive", {}).get("contested", "")) if q.asynchronous else ""))
    if not stated:
        return None
    for c in stated:
        sc.use(*c.facts)
    ctx.contested += [c.contested for c in stated if c.contested]
    failed = [c for c in stated if c.met is False]
    shown = failed or stated
    needs = {"interactive": f"{code.code} needs at least one real-time interactive communication (call or video) in "
                            f"the {kb.period_label(rule.period)}."}
    reason = " ".join(f"{needs.get(c.name) or criteria.criterion_text(kb.meta, c.name, rule.requires[c.name])} "
                      f"The question says {c.why}." for c in shown)
    ctx.source_ids.append(rule.source)
    instead = _fitting_code(ctx, code) if failed else None
    if instead is not None:  # "G0558 since she's a QMB?" with one condition: say which level the facts earn
        reason += f" The stated facts fit {instead.code} ({instead.title}) instead."
    # "only one chronic condition: the CCM code, or something else?": the other families whose codes those facts meet
    fitting = fitting_families(ctx, code.family, {c.name for c in failed}) if failed and instead is None else []
    if fitting:
        reason += " These fit instead: " + "; ".join(f"{fam} ({c.code}: {c.title})" for fam, c in fitting) + "."
        ctx.source_ids += [kb.rule_for(c, ctx.year).source for _fam, c in fitting]
    verdict = PairVerdict(code.code, code.code, not failed, "", reason, [rule.source],
                          about=f"{code.code} for this patient")
    if (laddered := _ladder_line(ctx, code, verdict)) is not None:
        return laddered
    # "do we still bill G0558 since she's QMB?" with one condition: the code the facts earn first
    shown = ([instead] if instead is not None else [c for _fam, c in fitting]) + [code]
    families = list(dict.fromkeys([code.family] + [fam for fam, _c in fitting]))
    return finish(ctx, status="answered", intent="pair", pair=verdict, codes=[facts.code_fact(kb, c, ctx.year) for c in shown],
                  families=families, family_info=[facts.family_info(kb, f) for f in families])


def _ladder_line(ctx: Context, code, verdict: PairVerdict) -> Answer | None:
    """A code of a criteria ladder (TCM, APCM levels) checked against the told case ("is it (the high TCM code)?",
    "(level 3) since she's QMB. right?"): the line the facts earn, with the verdict, when that line is the asked code
    (met) or another of its ladder (not met)."""
    from bot.engine.bill_handler import criteria_answer

    track = next((t for t in ctx.kb.family_tracks(code.family) if code.code in t.codes and t.basis == "none"
                  and t.when not in ("explicit", "setup")), None)
    if track is None:
        return None
    told = criteria_answer(ctx, code.family, track, [code.code])
    lines = {l.code for l in told.billing.lines} if told.status == "answered" and told.billing is not None else set()
    if not lines or (code.code in lines) != verdict.allowed:
        return None
    return dataclasses.replace(told, pair=verdict)


def _fitting_code(ctx: Context, code):
    """The most demanding code of the asked code's criteria ladder whose every requirement the facts meet (stated or
    assumed by default), or None."""
    from bot.engine import criteria

    kb, sc = ctx.kb, ctx.q.scenario
    for track in kb.family_tracks(code.family):
        if code.code not in track.codes or track.basis != "none":
            continue
        ladder = [kb.codes[c] for c in track.codes if c in kb.codes and c != code.code and kb.exists_in(kb.codes[c], ctx.year)]
        met = [c for c in ladder if kb.rule_for(c, ctx.year).requires and all(
            x.met for x in criteria.check_all(kb.meta, sc, kb.rule_for(c, ctx.year).requires))]
        return met[-1] if met else None
    return None
