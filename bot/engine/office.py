"""Route questions about claim-level details to their answers: modifiers, places of service, timed therapy
units and office visits by time. Called from handlers.answer_question; returns None when the question is
none of these, so the general handlers answer it."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from bot.answer import Answer, CompareRow, PairVerdict, Suggestion
from bot.engine import (asked_program, bill_handler, claimfacts, cue_workers, emtime, handlers, kx_amounts, modifier_focus,
                        modifier_pairs, office_pairs, pair_handler, pair_phrase, place_check, telehealth_mods, therapy, therapy_mods,
                        role_listing, therapy_totals)
from bot.engine.asking import ask_kind
from bot.engine.claim_place_rule import add_family_claim_rules, claim_ruled_codes, claim_ruled_families
from bot.engine.office_read import ClaimTerms, raw_lower, read_claim_terms
from bot.engine.payer_code import payer_led
from bot.engine.phrases import tokens
from bot.engine.place_read import PlaceReading, read_setting
from bot.engine.services import hinted_service
from bot.engine.spent_once import had_before

if TYPE_CHECKING:
    from bot.engine.handlers import Context

MODIFIER, POS = claimfacts.MODIFIER, claimfacts.POS


def route(ctx: Context, codes: list[str]) -> Answer | None:
    """Answer the question if it is about modifiers, places of service, therapy units or E/M time; else None."""
    terms = read_claim_terms(ctx.q.text, ctx.kb, ctx.raw_text)
    if terms.modifiers or terms.places:
        _read(ctx, terms)
    if terms.modifiers or terms.places or terms.asks_modifiers:
        add_family_claim_rules(ctx, codes)  # "POS 10 and 95 on 99457?": RPM is not telehealth
    bill = _bill(ctx, codes, terms)
    if bill is not None and therapy.has_unit_minutes(ctx.kb, terms):  # "PTA did 20 min ..., modifiers?"
        terms.modifiers += therapy_mods.claim_modifiers(ctx.kb, ctx.q.text, ctx.raw_text or ctx.q.text,
                                                        terms.asks_modifiers, terms.modifiers)
        if therapy_mods.together(ctx.kb, ctx.q.text) and any(ctx.kb.modifiers[m].kind == "therapy assistant"
                                                             for m in terms.modifiers):
            bill = dataclasses.replace(bill, caveats=[*bill.caveats, "The therapist and the assistant worked the same "
                                       "minutes together: that time is the therapist's service, so no CQ or CO."])
    elif terms.modifiers and any(therapy.unit_rule_of(ctx.kb, c) for c in codes):  # "PTA did 97110 x2; GP on. Else?"
        terms.modifiers += [m for m in therapy_mods.claim_modifiers(ctx.kb, ctx.q.text, ctx.raw_text or ctx.q.text,
                                                                     terms.asks_modifiers, terms.modifiers) if m not in terms.modifiers]
    if bill is not None:
        bill = office_pairs.pair_beside_units(ctx, codes, bill) or bill  # "97110 25 min after 99213: both billable?"
        terms.modifiers += telehealth_mods.modality(ctx.kb, ctx.q.text, terms.asks_modifiers, terms.modifiers)
        bill = _with_modifiers(ctx, bill, terms) if terms.modifiers else bill
        return _with_places(ctx, bill, terms)
    if ctx.q.intent == "bill" and not ctx.q.repeat and emtime.visit_family(ctx, codes) \
            and not emtime.has_visit_time(ctx):
        return handlers.search_answer(ctx)  # "each 15 minutes" describes a code's unit: a search, not time spent
    if (terms.places or terms.modifiers) and (service := hinted_service(ctx, codes)) is not None:
        # "the OD reviewed her photo: what do we bill, and POS 02 with 95?": the service, then the terms asked
        return _with_places(ctx, _with_modifiers(ctx, service, terms) if terms.modifiers else service, terms)
    if (totals := therapy_totals.total_units(ctx, codes)) is not None:  # "how many units is 38 minutes?"
        return totals
    if (again := office_pairs.family_twice(ctx, codes)) is not None:  # "two E/M visits the same day?"
        return again
    if ctx.q.intent in ("pair", "define") and (unmet := office_pairs.requirement_fails(ctx, codes)) is not None:
        return unmet  # "can an urgent care bill G2211?": the code's own requirement says no
    if not terms.places and (told := office_pairs.told_pair(ctx, codes)) is not None:
        return told  # "the nurse gave a B12 shot; can we also bill 99211?"
    if terms.places and ctx.q.intent == "bill" and (ctx.q.minutes is not None or ctx.q.days is not None) \
            and (ctx.q.families or cue_workers.cue_family(ctx.q.scenario)):  # a family told by its work ("digital CBT")
        return _with_places(ctx, bill_handler.bill_answer(ctx, codes), terms)  # "25 min of DMHT: which code, POS 10?"
    if terms.places:  # "billing still sends POS 11" for a setting that is another POS: the setting answers
        return places_answer(ctx, place_check.described_instead(ctx, terms, raw_lower(ctx)) or terms, codes)
    asks_repeat = ctx.q.intent == "pair" or (ctx.q.intent == "bill" and ctx.q.minutes is None)  # "twice in one day"
    if ctx.q.repeat and len(codes) == 1 and asks_repeat:  # "billed again at next year's AWV": its own rule
        from bot.engine.figures_beside import rule_with_lines, told_days_bill  # noqa: PLC0415

        return told_days_bill(ctx, rule_with_lines(ctx, pair_handler.pair_answer(ctx, codes), codes))
    codes = modifier_focus.asked_code(ctx, codes, terms)  # "PTA did the A time; does B need CQ?": B's rule
    if (ctx.q.intent == "pair" or terms.modifiers or office_pairs.asks_pair(ctx, codes)) \
            and (paired := office_pairs.claim_pair(ctx, codes, terms)) is not None:
        return paired
    if (stand_in := modifier_pairs.family_stands_in(ctx, codes, terms)) is not None:
        return stand_in  # "99213-25 with the 20610 (the knee injection)?": a code not held, its family told
    if office_pairs.unit_pair(ctx, codes, terms):  # "can I bill A with B if done in separate 15-minute blocks?": no minutes spent
        return pair_handler.pair_answer(ctx, codes)
    if modifier_pairs.code_with_family(ctx, codes, terms):  # "an office visit on top of G0439, and which modifier?"
        return modifier_pairs.pair_with_modifiers(ctx, codes)
    if terms.modifiers or (terms.asks_modifiers and (codes or ctx.q.families)):  # "GT for video visits? What POS?"
        return _with_places(ctx, modifiers_answer(ctx, terms, codes), terms) if terms.asks_place else \
            modifiers_answer(ctx, terms, codes)
    if not codes and (where := place_check.telehealth_place_clarify(ctx, terms)) is not None:
        return where  # "what POS for a telehealth visit?": home or elsewhere decides it
    if terms.asks_place and not codes and (setting := read_setting(raw_lower(ctx), ctx.kb)).places:
        return _described_place(ctx, terms, setting)
    return _by_codes(ctx, codes)


def _by_codes(ctx: Context, codes: list[str]) -> Answer | None:
    """Unit-rule families, several codes compared or paired, one code defined with its worked example."""
    if not codes and (rule_family := therapy.unit_family(ctx)) is not None:
        return therapy.family_example(ctx, rule_family)
    if not codes and not ctx.q.families and (listed := role_listing.role_listing(ctx)) is not None:
        return listed
    if len(codes) >= 3 and ctx.q.intent == "compare":  # "had her IPPE (G0402) last year. G0438 or G0439?": those two
        asked = [c for c in codes if not (had_before(ctx, c) or ctx.q.scenario.role_of(c) == "billed")]
        return pair_handler.compare_answer(ctx, asked) if len(asked) == 2 else office_pairs.compare_many(ctx, codes)
    if len(codes) >= 2 and ctx.q.intent == "compare" and ask_kind(ctx.q) != "compare" and office_pairs.asks_pair(ctx, codes):
        return pair_handler.pair_answer(ctx, codes)
    if len(codes) >= 3 and ctx.q.intent == "pair":  # "is A billable with a B?" beside a third code: A and B asked
        joined = pair_phrase.narrowed(ctx.q.text, codes)
        return pair_handler.pair_answer(ctx, joined) if len(joined) == 2 else therapy.linked_pair(ctx, codes)
    if len(codes) == 1 and ctx.q.intent in ("define", "search"):
        answer = therapy.define_with_units(ctx, codes[0]) or emtime.define_with_example(ctx, codes[0])
        answer = therapy_totals.units_needed(ctx, answer, codes[0]) if answer is not None else None
        if not office_pairs.payer_alternatives(ctx, codes, ClaimTerms()):
            return answer
        return payer_led(ctx, codes[0]) or office_pairs.with_payer_notes(ctx, answer or handlers.define(ctx, codes[0]),
                                                                         codes, ClaimTerms())
    return None


# What a units or visit-time answer reads from the question (so the reading does not call it unused).
_READ_BY_BILL = ("minutes", "performer", "level", "flag", "event", "episode_month", "count")


def _read(ctx: Context, terms: ClaimTerms, kinds: tuple[str, ...] = ()) -> None:
    """Mark the question's facts this answer reads, and drop the modifier and POS numbers it placed from the strays."""
    sc = getattr(ctx.q, "scenario", None)
    if sc is None:
        return
    for kind in kinds:
        sc.use_kind(kind)
    placed = set(terms.modifiers) | set(terms.places)
    sc.stray[:] = [w for w in sc.stray if not placed & {t.upper() for t in tokens(w)}]


def _bill(ctx: Context, codes: list[str], terms: ClaimTerms) -> Answer | None:
    """Therapy units or a visit by time, unless a remote-care program is asked for; with modifiers, any bill question."""
    asked = asked_program.asked_program(ctx, codes) is not None  # "what RPM codes go out? he also came in for a visit"
    if not asked and therapy.has_unit_minutes(ctx.kb, terms) and _counts_minutes(ctx) and not therapy.asks_another_service(ctx.kb, ctx.q.scenario, terms):
        _read(ctx, terms, _READ_BY_BILL)
        return therapy.units_answer(ctx, terms)
    if not asked and emtime.is_em_time(ctx, codes):
        _read(ctx, terms, _READ_BY_BILL)
        return emtime.em_answer(ctx, codes, terms)
    # a modifier asked about beside minutes told ("14 minutes over 4 days ... bill it with a CR modifier?"): the lines
    told = terms.modifiers or (terms.asks_modifiers and ctx.q.minutes is not None)
    if told and not terms.places and ctx.q.intent == "bill" and (codes or ctx.q.families
                                                                           or cue_workers.cue_family(ctx.q.scenario)):
        return bill_handler.bill_answer(ctx, codes)  # "SLP portal replies 6 and 5 minutes: what do I bill, add GN?"
    return None


def _counts_minutes(ctx: Context) -> bool:
    """Whether any stated minutes count as time spent (not only minutes counted elsewhere or in a quoted claim:
    "those 12 minutes were billed as therapy; can they also count toward RTM?" asks about the other service)."""
    sc = ctx.q.scenario
    minutes = sc.of("minutes") if sc is not None else []
    return not minutes or any(f.role not in ("elsewhere", "claimed", "again", "threshold") for f in minutes)


def _with_places(ctx: Context, answer: Answer, terms: ClaimTerms) -> Answer:
    """A bill question that also asks for the POS ("which code, and what POS?") gets the place, named or described."""
    places = list(terms.places)
    if not places and terms.asks_place and (best := read_setting(raw_lower(ctx), ctx.kb).best) is not None:
        places = [best]
    if not places:
        return answer
    found = [ctx.kb.places[p] for p in places]
    notes = [claimfacts.telehealth_rule(ctx.kb)] if any(p.telehealth for p in found) else []
    sources = answer.sources + handlers.facts.source_refs(ctx.kb, [s for p in found for s in p.sources])
    return dataclasses.replace(answer, codes=answer.codes + [claimfacts.place_fact(p) for p in found],
                               families=answer.families + [POS], caveats=answer.caveats + notes,
                               sources=list({s.id: s for s in sources}.values()))


def _described_place(ctx: Context, terms: ClaimTerms, setting: PlaceReading) -> Answer:
    """The POS a story describes; when two fit as well, a choice between them."""
    kb = ctx.kb
    best = setting.best
    if best is None:
        suggestions = [Suggestion(code=p, why=f"if the patient is at: {', '.join(setting.because.get(p, []))}",
                                  title=kb.places[p].title) for p in setting.places[:3]]
        return handlers.finish(ctx, status="did_you_mean", intent="search", suggestions=suggestions,
                                message="More than one place of service fits; which one describes where the patient was?")
    how = "telehealth, " if setting.telehealth else ""
    said = setting.because[best]
    ctx.notes.append(f"Read as: {how}patient at {', '.join(said)} -> POS {best}.")
    if not setting.telehealth:  # the same setting by telehealth has its own POS ("home": 12 in person, 10 by video)
        for place in (p for p in kb.places.values() if p.telehealth and set(said) & set(p.cues)):
            ctx.notes.append(f"If the service was telehealth with the patient there, use POS {place.code} "
                             f"({place.title.lower()}) instead.")
    return places_answer(ctx, dataclasses.replace(terms, places=[best]))


def _with_modifiers(ctx: Context, answer: Answer, terms: ClaimTerms) -> Answer:
    """The modifiers a bill question names, after its codes, each with when it applies to the billed family."""
    kb = ctx.kb
    family = answer.families[0] if answer.families else ""
    added = []
    for code in terms.modifiers:
        mod = kb.modifiers[code]
        when = next((u.when for u in mod.uses if u.target in (family, *(c.code for c in answer.codes))), None)
        added.append(claimfacts.modifier_fact(mod, ctx.year, [f"For {family}: {when}"] if when else None))
    sources = answer.sources + handlers.facts.source_refs(kb, [s for c in terms.modifiers for s in kb.modifiers[c].sources])
    return dataclasses.replace(answer, codes=answer.codes + added, families=answer.families + [MODIFIER],
                               sources=list({s.id: s for s in sources}.values()))


def _cite(ctx: Context, subject) -> None:
    ctx.source_ids += list(subject.sources)
    if subject.contested:
        ctx.contested.append(subject.contested)


def places_answer(ctx: Context, terms: ClaimTerms, codes: list[str] = ()) -> Answer:
    """One place defined, two compared, more listed; modifiers and codes named beside them are explained too."""
    kb = ctx.kb
    places = [kb.places[p] for p in terms.places]
    mods = [kb.modifiers[m] for m in terms.modifiers]
    for subject in (*places, *mods):
        _cite(ctx, subject)
    if any(p.telehealth for p in places) or any(m.kind == "telehealth" for m in mods):
        ctx.notes.append(claimfacts.telehealth_rule(kb))
    facts = [claimfacts.place_fact(p) for p in places] + [claimfacts.modifier_fact(m, ctx.year) for m in mods]
    companions = claimfacts.relation_companions(kb, places[0].links)
    named = [kb.codes[c] for c in codes if c in kb.codes]  # "G0553 with POS 10": the code's own rules answer it too
    # "POS 13 or 11 on 99490?": the code's family rule picks the place, so the code is the subject, not the two places
    if len(places) == 2 and not mods and not claim_ruled_codes(ctx, codes):
        a, b = places
        rows = [CompareRow("Title", a.title, b.title), CompareRow("Where the patient is", a.summary, b.summary),
                *(CompareRow(f"Rule {i + 1}", x, y) for i, (x, y) in
                  enumerate(zip(claimfacts.place_rules(a), claimfacts.place_rules(b))))]
        return handlers.finish(ctx, status="answered", intent="compare", compare=rows, families=[POS],
                                companions=companions,  # "99214 at home: POS 02 or 10?": the visit shown after them
                                codes=facts + [handlers.facts.code_fact(kb, c, ctx.year) for c in named])
    # the billing code is the subject ("what is G0552 and can it go out with POS 10?"), the place a detail of its claim
    return handlers.finish(ctx, status="answered", intent="define", companions=companions,
                            codes=[handlers.facts.code_fact(kb, c, ctx.year) for c in named] + facts,
                            families=[POS] + ([MODIFIER] if mods else []) + list(dict.fromkeys(
                                [c.family for c in named] + claim_ruled_families(ctx))))


def modifiers_answer(ctx: Context, terms: ClaimTerms, codes: list[str]) -> Answer:
    """Define, compare or pair the modifiers named; list the modifiers a code or family takes; KX at an amount."""
    kb = ctx.kb
    mods = [kb.modifiers[m] for m in terms.modifiers]
    target = codes[0] if codes else (ctx.q.families[0] if ctx.q.families else None)
    if mods and codes and len(mods) == 1 and (pair := _modifier_pair(ctx, mods[0], codes)) is not None:
        return pair
    if target is not None and (terms.asks_modifiers or len(mods) > 1):
        return _modifiers_for(ctx, target, mods)
    for mod in mods:
        _cite(ctx, mod)
    amount = kx_amounts.year_to_date(kb, ctx.q.text.lower(), terms.amount)  # "$1,900 of PT and $650 of speech"
    lead = _amount_lead(ctx, mods[0], amount) if amount is not None else []
    family = target if target in kb.families and not codes else None
    uses = [u for u in mods[0].uses if u.target == family] if family else []
    if uses:  # "which RTM codes take CQ": the modifier's use for the family the question names
        lead += [f"For {family}: {u.when}" for u in uses]
    facts = [claimfacts.modifier_fact(m, ctx.year, lead if i == 0 else None) for i, m in enumerate(mods)] + [
        handlers.facts.code_fact(kb, kb.codes[c], ctx.year) for c in codes if c in kb.codes]  # the code the claims are for
    companions = claimfacts.relation_companions(kb, mods[0].links)
    if len(mods) == 2 and (ctx.q.intent in ("compare", "pair") or modifier_focus.compares(ctx)):
        a, b = mods
        rows = [CompareRow("Title", a.title, b.title), CompareRow("Meaning", a.summary, b.summary),
                CompareRow("When", a.when, b.when)]
        rel = claimfacts.relation_between(a, b.code, MODIFIER) or claimfacts.relation_between(b, a.code, MODIFIER)
        pair = PairVerdict(a.code, b.code, rel.kind == "with", "same claim line", rel.note, [rel.source]) if rel else None
        return handlers.finish(ctx, status="answered", intent="compare", codes=facts, compare=rows, pair=pair,
                                families=[MODIFIER])
    return handlers.finish(ctx, status="answered", intent="define", codes=facts, companions=companions,
                            families=[MODIFIER] + ([family] if uses else []))


def _amount_lead(ctx: Context, mod, amount: float) -> list[str]:
    verdict = claimfacts.kx_verdict(mod, amount, ctx.year)
    if verdict is None:
        return [f"{mod.code} does not depend on a dollar amount; ${amount:,.2f} does not change when it applies."]
    return [verdict]


def _modifier_pair(ctx: Context, mod, codes: list[str]) -> Answer | None:
    """A modifier with a code it has a rule about (an add-on not paid on a visit with that modifier)."""
    for code in codes:
        rel = claimfacts.relation_between(mod, code, "code")
        others = [c for c in dict.fromkeys([*codes, *ctx.q.codes]) if c != code]  # the other services the case names
        named = office_pairs.service_verdict(ctx, code, others) if rel is not None else None
        if named is not None:  # "G2211 with a modifier-25 visit and an AWV": the rule for that service decides
            ctx.contested += named.contested
            ctx.source_ids += named.verdict.source_ids
            return handlers.finish(ctx, status="answered", intent="pair", pair=named.verdict,
                                    codes=[claimfacts.modifier_fact(mod, ctx.year),
                                           handlers.facts.code_fact(ctx.kb, ctx.kb.codes[code], ctx.year)],
                                    families=[MODIFIER, ctx.kb.codes[code].family])
        if rel is not None:
            ctx.source_ids.append(rel.source)
            verdict = PairVerdict(f"modifier {mod.code}", code, rel.kind == "with", "same visit", rel.note, [rel.source])
            facts = [claimfacts.modifier_fact(mod, ctx.year), handlers.facts.code_fact(ctx.kb, ctx.kb.codes[code], ctx.year)]
            return handlers.finish(ctx, status="answered", intent="pair", pair=verdict, codes=facts,
                                    families=[MODIFIER, ctx.kb.codes[code].family])
    return None


def _modifiers_for(ctx: Context, target: str, asked: list) -> Answer:
    """The modifiers a code or family takes, those asked about first, each with when it applies to the target."""
    kb = ctx.kb
    uses = kb.modifiers_for(target)
    order = {m.code: i for i, m in enumerate(asked)}
    uses.sort(key=lambda u: (u[0].code not in order, order.get(u[0].code, 0), not _required(u[0], target)))
    for mod, _when in uses:
        _cite(ctx, mod)
    listed = {m.code for m, _w in uses}
    extra = [m for m in asked if m.code not in listed]
    for mod in extra:
        _cite(ctx, mod)
        ctx.notes.append(modifier_focus.not_on(kb, mod, target))
    facts = [claimfacts.modifier_fact(m, ctx.year) for m in extra]  # the modifiers asked about first
    facts += [claimfacts.modifier_fact(m, ctx.year, [f"For {target}: {when}"]) for m, when in uses]
    head = []
    if target in kb.codes:
        head = [handlers.facts.code_fact(kb, kb.codes[target], ctx.year)]
        ctx.source_ids += list(kb.codes[target].sources)
    if not facts:
        ctx.notes.append(f"No modifier rule is on file for {target}.")
    families = [kb.codes[target].family if target in kb.codes else target, MODIFIER]
    answer = handlers.finish(ctx, status="answered", intent="define", codes=head + facts, families=families)
    return telehealth_mods.with_visit_line(ctx, answer, target)  # "99213 by phone only: any modifier?": the line


def _required(mod, target: str) -> bool:
    return any(u.required and u.target == target for u in mod.uses)
