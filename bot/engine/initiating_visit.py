"""Whether a told visit may start a family's services (its initiating-visit rule): a visit code the rule excludes,
a visit in a setting none may start them in ("the hospitalist's inpatient visit"), or an allowed visit asked about."""

from __future__ import annotations

from bot.answer import Answer, PairVerdict
from bot.engine import facts
from bot.engine.family_listed import family_codes
from bot.engine.handlers import Context, finish
from bot.engine.initiating_places import excluded_setting, only_visit


def initiating_visit_answer(ctx: Context, subjects: list[str]) -> Answer | None:
    """A visit code the family's initiating-visit rule excludes ("CHI after a level-1 staff visit as the initiating visit")."""
    kb, q, sc = ctx.kb, ctx.q, ctx.q.scenario
    if sc is None:
        return None
    named = [c for c in q.context_codes + [c for c in q.codes if c not in kb.codes or sc.flag("initiating_visit")]]
    fams = list(dict.fromkeys([kb.codes[s].family if s in kb.codes else s for s in subjects] + q.families))
    cued = [f.value for f in sc.of("family", "cue") if f.value not in fams]  # "our CHW ...": the story's program
    for fam_id in fams + list(dict.fromkeys(cued)):
        fam = kb.families.get(fam_id)
        rule = fam.initiating_visit if fam else None
        allowed = next((f for f in fams + named if rule and f != fam_id  # "can my 90791 start the peer support?"
                        and f in rule.allowed_for(p.value for p in sc.of("performer"))), None)
        hit = next((c for c in named if rule and c in rule.excludes), None)  # a named excluded visit decides first
        place = excluded_setting(sc, rule) if rule is not None and hit is None else None  # "his inpatient visit?": no
        # "the CHW's 130 minutes after Dr. Patel's initiating visit: how many units?": an allowed visit is the story's start
        told_bill = sc.asked == "bill" and (q.minutes is not None or q.days is not None)
        if allowed is not None and hit is None and place is None and sc.flag("initiating_visit") and not told_bill:
            return _initiating_verdict(ctx, fam_id, rule, allowed, True)
        others = [c for c in q.codes if c not in rule.excludes and (c not in kb.codes or kb.codes[c].family != fam_id)] if rule else []
        if hit is None and rule is not None and not others and place is not None:
            label = " ".join(w for w in place.words.split() if w not in ("as", "the", "her", "his", "their", "stay"))
            return _initiating_verdict(ctx, fam_id, rule, label if label.endswith("visit") else f"{label} visit", False,
                                       *sc.of("setting", "at"))
        if hit is None or not (only_visit(kb, sc, hit, others + q.context_codes, rule) or fam_id not in cued and (
                sc.flag("initiating_visit") or sc.role_of(hit) == "context")):
            continue
        ctx.notes = [n for n in ctx.notes if not n.startswith(hit)]
        return _initiating_verdict(ctx, fam_id, rule, hit, False, *sc.of("setting", "at"))
    return None


def _initiating_verdict(ctx: Context, fam_id: str, rule, visit: str, allowed: bool, *used) -> Answer:
    """Whether a visit (a code, or a family's visit such as TCM's) may be the family's initiating visit."""
    from bot.engine.figures_beside import visit_ruled_out
    kb, sc = ctx.kb, ctx.q.scenario
    ctx.source_ids.append(rule.source)
    sc.use(*(f for f in sc.of("flag") if f.role == "initiating_visit"), *sc.of("event", "visit"), *used)
    verdict = PairVerdict(visit, fam_id, allowed, "initiating visit", rule.note, [rule.source],
                          about=f"{visit} as the initiating visit for {fam_id}")
    families = list(dict.fromkeys([fam_id] + ([visit] if visit in kb.families else [])))
    billing = visit_ruled_out(ctx, verdict)  # "... 65 CHW minutes: can we bill it?": a bill of nothing, and why
    return finish(ctx, status="answered", intent="bill" if billing else "pair", pair=verdict, families=families, billing=billing,
                  codes=family_codes(ctx, fam_id), family_info=[facts.family_info(kb, f) for f in families])
