"""Claim-level pair answers: the add-on a question asks about among several same-day codes (the visit-complexity add-on beside a wellness
visit or a procedure), a modifier's rule about a code, a code the payer does not accept (with the payer's own code),
several alternatives compared, and the codes of one role listed ("the OT evaluation codes")."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from bot.answer import Answer, CompareRow, Companion, PairVerdict
from bot.engine import claimfacts, facts, handlers, modifier_unless, pair_handler, pair_phrase, therapy
from bot.engine.kept_line import kept_billing
from bot.engine.office_read import ClaimTerms
from bot.engine.pairs import PairResult, explicit_verdict
from bot.engine.patterns import lazy
from bot.engine.phrases import PhraseSet, tokens
from bot.engine.understood import understood
from bot.engine.verdict_lines import told_procedure_lines
from bot.kb.store import KnowledgeBase

if TYPE_CHECKING:
    from bot.engine.handlers import Context

_AND = lazy(r"\b(?:and|with|plus)\b|[&+]")
_OR = lazy(r"\b(?:or|vs\.?|versus)\b|/")


def _cue_set(kb: KnowledgeBase, name: str) -> PhraseSet:
    cache = kb.cache.setdefault("office_cues", {})
    if name not in cache:
        cache[name] = PhraseSet(kb.vocabulary.get("intents", {}).get(name, []))
    return cache[name]


def asks_pair(ctx: Context, codes: list[str]) -> bool:
    """ "Can I bill A and B the same day, or do they bundle?": the codes are joined by "and", a pair cue is present."""
    low = ctx.q.text
    spots = sorted(low.find(c.lower()) for c in codes[:2])
    if len(codes) < 2 or min(spots) < 0:
        return False
    between = low[spots[0]:spots[1]]
    return bool(_AND().search(between)) and not _OR().search(between) and _cue_set(ctx.kb, "pair").any(tokens(low))


def pair_beside_units(ctx: Context, codes: list[str], units: Answer) -> Answer | None:
    """Timed units of a question that asks whether its codes go together ("can both be billed?", or a quoted rule
    about them: "a note says therapeutic activities can never go with the eval"): the pair's verdict beside the lines, each code shown."""
    from bot.engine.figures_beside import claim_names_all  # noqa: PLC0415

    named = list(dict.fromkeys(codes + [c for c in ctx.q.context_codes if c in ctx.kb.codes]))
    sc = ctx.q.scenario
    pair_claim = sc is not None and any(_cue_set(ctx.kb, "pair").any(tokens(c)) for c in sc.claims) \
        and claim_names_all(sc, named, ctx.kb)  # the quoted rule is about the two together, not about units
    plain = [c for c in named if not getattr(ctx.kb.codes.get(c), "add_on_to", None)]  # "99205 plus G2212?": units
    asks = _cue_set(ctx.kb, "pair_strong").any(tokens(ctx.q.text)) or pair_phrase.names_pair(ctx.q.text, plain)
    if len(named) < 2 or units.billing is None or not (asks or pair_claim):
        return None
    billed = {line.code for line in units.billing.lines}
    if any(c.code in named and c.code not in billed for c in units.codes):
        return None  # "10 min 97110 and 8 min 97140: do we still bill both?": the minutes decide, not a pair rule
    paired = pair_handler.pair_answer(ctx, named)
    if paired.pair is None or paired.pair.allowed is None:
        return None
    shown = {c.code for c in units.codes}
    if sc is not None:  # the reading shows every code of the pair and what was asked
        sc.use(*(f for f in sc.of("code") if f.value in named))
    billing = told_procedure_lines(ctx.kb, units.billing, paired.pair, named)  # the verdict decides the lines
    return dataclasses.replace(units, intent="pair", pair=paired.pair, billing=billing,
                               understood=understood(sc, "pair") or units.understood,
                               unplaced=[w for w in units.unplaced if w.upper() not in named],
                               codes=[*units.codes, *(c for c in paired.codes if c.code not in shown)])


def _asked_payer(ctx: Context, terms: ClaimTerms) -> str:
    return terms.payer or str(ctx.kb.meta.get("default_payer", "medicare"))


def payer_alternatives(ctx: Context, codes: list[str], terms: ClaimTerms) -> list[tuple[str, list[str]]]:
    """(code, the payer's own codes) for each named code the asked payer does not accept."""
    kb, payer = ctx.kb, _asked_payer(ctx, terms)
    out = []
    for code in codes:
        c = kb.codes[code]
        if c.payer is None or c.payer == payer:
            continue
        alts = [l.target for l in kb.links_of(code) if l.target in kb.codes and kb.codes[l.target].payer in (None, payer)]
        out.append((code, list(dict.fromkeys(alts))))
    return out


def _payer_label(ctx: Context, terms: ClaimTerms) -> str:
    payer = _asked_payer(ctx, terms)
    return str(ctx.kb.meta.get("payers", {}).get(payer, {}).get("label", payer))


def with_payer_notes(ctx: Context, answer: Answer, codes: list[str], terms: ClaimTerms) -> Answer:
    """Add, for each code the payer does not accept, a caveat and the payer's own code as a companion."""
    kb, label = ctx.kb, _payer_label(ctx, terms)
    notes, extra = [], []
    for code, alts in payer_alternatives(ctx, codes, terms):
        use = f"; it uses {', '.join(alts)} instead" if alts else ""
        notes.append(f"{label} does not accept {code}{use}.")
        extra += [Companion(a, "see_also", f"{label}'s code in place of {code}", kb.codes[a].title) for a in alts]
    if not notes:
        return answer
    have = {c.code for c in answer.companions}
    return dataclasses.replace(answer, caveats=answer.caveats + notes,
                               companions=answer.companions + [c for c in extra if c.code not in have])


def _focus(kb: KnowledgeBase, codes: list[str], terms: ClaimTerms) -> str | None:
    """The add-on a several-code (or modifier) question asks about: its payability is the question."""
    add_ons = [c for c in codes if kb.codes[c].add_on_to]
    if len(add_ons) != 1 or not (len(codes) >= 3 or terms.modifiers):
        return None
    family = kb.codes[add_ons[0]].family  # a claim with another family's service (a wellness visit, a procedure)
    return add_ons[0] if terms.modifiers or any(kb.codes[c].family != family for c in codes) else None


def said_in_words(ctx: Context) -> list[str]:
    """Same-day services named in words ("we also gave a flu shot"): codes by their aliases, and families."""
    kb = ctx.kb
    cached = kb.cache.get("code_alias_phrases")
    if cached is None:
        owner = {a: t for a, (kind, t) in kb.aliases.items() if kind == "code"}
        cached = kb.cache.setdefault("code_alias_phrases", (PhraseSet(owner), owner))
    phrases, owner = cached
    said = [owner[p.lower()] for _i, p in phrases.find(tokens((ctx.raw_text or ctx.q.text).lower()))]
    return list(dict.fromkeys(said + list(ctx.q.families)))


def service_verdict(ctx: Context, focus: str, others: list[str]) -> PairResult | None:
    """A rule written for the code and another same-day service the question names (by code, alias or family)."""
    kb = ctx.kb
    others = list(dict.fromkeys(others + [s for s in said_in_words(ctx) if s != focus]))
    found = [r for r in (explicit_verdict(kb, focus, o) for o in others) if r is not None]
    return next((r for r in found if r.verdict.allowed is False), found[0] if found else None)


def _verdict_for(ctx: Context, focus: str, others: list[str], terms: ClaimTerms) -> PairResult | None:
    """A rule written for the add-on and another same-day service decides; else a named modifier's rule about it."""
    kb = ctx.kb
    if (named := service_verdict(ctx, focus, others)) is not None:
        return named
    for mod in (kb.modifiers[m] for m in terms.modifiers):
        rel = claimfacts.relation_between(mod, focus, "code")
        if rel is not None and rel.kind == "not_with" and (ok := modifier_unless.lifted(ctx, mod.code, rel, focus)):
            return ok  # "the add-on on a visit with 25 beside the AWV": the other service lifts it
        if rel is not None and rel.kind in ("not_with", "with"):
            return PairResult(PairVerdict(f"modifier {mod.code}", focus, rel.kind == "with", "same visit", rel.note,
                                          [rel.source]), [rel.contested] if rel.contested else [])
    return None


def _payer_verdict(ctx: Context, codes: list[str], terms: ClaimTerms) -> PairResult | None:
    """A code the payer does not accept makes the pair unpayable, unless the pair fails on its own rule first."""
    alts = payer_alternatives(ctx, codes, terms)
    if not alts or pair_handler._worst_pair(ctx.kb, [(a, b) for i, a in enumerate(codes) for b in codes[i + 1:]], ctx.q.different_practitioner).verdict.allowed is False:
        return None
    code, instead = alts[0]
    other = next((c for c in codes if c != code), code)
    use = f"; report {' or '.join(instead)} instead" if instead else ""
    source = ctx.kb.codes[code].rule.source
    return PairResult(PairVerdict(code, other, False, "same claim",
                                  f"{_payer_label(ctx, terms)} does not pay {code}{use}.", [source]))


def claim_pair(ctx: Context, codes: list[str], terms: ClaimTerms) -> Answer | None:
    """A pair question the claim's details decide (the add-on asked about, a modifier, the payer); else None."""
    kb = ctx.kb
    if len(codes) < 2:
        return None
    focus = _focus(kb, codes, terms)
    result = _payer_verdict(ctx, codes, terms)
    if result is None and focus is not None:
        if (asked := modifier_unless.clarify(ctx, focus, codes, terms)) is not None:
            return asked  # "the add-on on today's visit with 25?": the other service decides
        result = _verdict_for(ctx, focus, [c for c in codes if c != focus], terms)
    if result is None and not terms.modifiers and not payer_alternatives(ctx, codes, terms):
        return None
    if result is None:
        answer = pair_handler.pair_answer(ctx, codes)
    else:
        ctx.contested += result.contested
        ctx.source_ids += result.verdict.source_ids
        answer = handlers.finish(ctx, status="answered", intent="pair", pair=result.verdict,
                                  codes=[facts.code_fact(kb, kb.codes[c], ctx.year) for c in codes],
                                  families=list(dict.fromkeys(kb.codes[c].family for c in codes)))
    mods = [claimfacts.modifier_fact(kb.modifiers[m], ctx.year) for m in terms.modifiers]
    sources = answer.sources + facts.source_refs(kb, [s for m in terms.modifiers for s in kb.modifiers[m].sources])
    answer = dataclasses.replace(answer, codes=answer.codes + mods, sources=list({s.id: s for s in sources}.values()),
                                 families=answer.families + ([claimfacts.MODIFIER] if mods else []))
    return with_payer_notes(ctx, answer, codes, terms)


def compare_many(ctx: Context, codes: list[str]) -> Answer:
    """Three or more codes side by side: one row per code with its title and rules."""
    kb = ctx.kb
    fact_list = [facts.code_fact(kb, kb.codes[c], ctx.year) for c in codes]
    rows = [CompareRow(f.code, f.title, " ".join(f.rules)) for f in fact_list]
    return handlers.finish(ctx, status="answered", intent="compare", codes=fact_list, compare=rows,
                            families=list(dict.fromkeys(f.family for f in fact_list)))


# "two"/"2" that measures time ("the 2-business-day contact", "two weeks") is no second service
_TWO = lazy(r"\b(?:(?:two|2)(?![\s-]*(?:business[\s-]+|calendar[\s-]+)?(?:days?|weeks?|months?|hours?|minutes?|mins?|"
            r"years?)\b)|second|both|another|twice|again)\b")
_NOT_SERVICES = ("chronic_conditions", "named_conditions", "call", "attempts", "message", "conversation")  # counts of other things
_OTHER_SPECIALTY = lazy(r"\bdifferent specialt(?:y|ies)\b|\bother specialt(?:y|ies)\b")


def _periodic(ctx: Context, family: str) -> bool:
    """Whether the family's codes are billed once per a period longer than a day (TCM's 30 days): twice is that rule's."""
    return any((ctx.kb.rule_for(c, ctx.year).once_per or "encounter_day") != "encounter_day" for c in ctx.kb.codes.values()
               if c.family == family)


def family_twice(ctx: Context, codes: list[str]) -> Answer | None:
    """Two services of one family the same day asked in words ("two office visits today?"): the family's own
    restriction on two of its services (none when the question names practitioners of different specialties)."""
    fams = ctx.q.families
    sc = ctx.q.scenario
    # "...or does it need 2 like CCM": a family named to compare is a second family named, not a second service
    compared = sc is not None and any(f.role == "compared" for f in sc.facts)
    if codes or len(fams) != 1 or compared or ctx.q.intent not in ("pair", "family", "search"):
        return None
    fam = ctx.kb.families[fams[0]]
    low = sc.text if sc is not None else ctx.q.text
    # "does CCM need 2 conditions?": a number that counts something else (conditions, calls) is no second service
    counted = [(f.at, f.at + len(f.words)) for f in sc.of("count") if f.role in _NOT_SERVICES] if sc is not None else []
    two = [m for m in _TWO().finditer(low) if not any(a <= m.start() < b for a, b in counted)]
    if fam.within_allowed is not False or not fam.within_reason or not two or _OTHER_SPECIALTY().search(low) or _periodic(ctx, fam.id):
        return None
    verdict = PairVerdict(fam.id, fam.id, False, "same day", fam.within_reason, [fam.within_source],
                          about=f"two {fam.name.lower()} services for one patient on one day")
    ctx.source_ids.append(fam.within_source)
    return handlers.finish(ctx, status="answered", intent="pair", pair=verdict, families=[fam.id],
                           family_info=[facts.family_info(ctx.kb, fam.id)])


def requirement_fails(ctx: Context, codes: list[str]) -> Answer | None:
    """A named code whose own requirement the story contradicts (the visit-complexity add-on at an urgent care
    visit): not billable here, said with the requirement. Only what the question says counts, never a default."""
    from bot.engine import criteria  # noqa: PLC0415  (criteria loads the scenario helpers only when needed)

    sc = getattr(ctx.q, "scenario", None)
    kb = ctx.kb
    for code in codes:
        if not kb.families[kb.codes[code].family].cue_words:
            continue  # a care-management level ("G0558 with one condition?") gets its own rule and the fitting level
        requires = kb.rule_for(kb.codes[code], ctx.year).requires
        failed = [c for c in criteria.check_all(kb.meta, sc, requires) if c.met is False and not c.assumed] \
            if sc is not None and requires else []
        if failed:
            other = next((c for c in codes if c != code), code)
            reason = (f"Not billable here: {code} requires {criteria.criterion_text(kb.meta, failed[0].name, requires[failed[0].name])} "
                      f"The question says otherwise ({failed[0].why}).")
            source = kb.codes[code].rule.source
            ctx.source_ids.append(source)
            verdict = PairVerdict(code, other, False, "same visit", reason, [source])
            return handlers.finish(ctx, status="answered", intent="pair", pair=verdict,
                                   codes=[facts.code_fact(kb, kb.codes[c], ctx.year) for c in codes],
                                   families=list(dict.fromkeys(kb.codes[c].family for c in codes)))
    return None


def told_pair(ctx: Context, codes: list[str]) -> Answer | None:
    """One code named beside a same-day service told in words that a rule on file forbids with it ("the nurse gave
    a B12 shot: can we also bill the nurse visit?"): that rule answers, as a pair."""
    if len(codes) != 1 or ctx.q.intent not in ("pair", "define", "bill") or ctx.q.minutes is not None:
        return None
    found = service_verdict(ctx, codes[0], [])
    if found is None or found.verdict.allowed is not False:
        return None
    kb = ctx.kb
    ctx.contested += found.contested
    ctx.source_ids += found.verdict.source_ids
    named = [c for c in (found.verdict.left, found.verdict.right) if c in kb.codes]
    return handlers.finish(ctx, status="answered", intent="pair", pair=found.verdict,
                           codes=[facts.code_fact(kb, kb.codes[c], ctx.year) for c in dict.fromkeys([codes[0], *named])],
                           families=list(dict.fromkeys(kb.codes[c].family for c in [codes[0], *named])),
                           billing=kept_billing(ctx, found.verdict))  # "...or just the injection?": the line kept




def unit_pair(ctx: Context, codes: list[str], terms: ClaimTerms) -> bool:
    """Two unit-rule codes asked together ("bill A with B") with no minutes tied to either: a pair question, whatever
    minutes describe the rule (a 15-minute block) or a bill cue say."""
    return len(codes) == 2 and all(therapy.unit_rule_of(ctx.kb, c) is not None for c in codes) \
        and not any(m is not None for _c, m in terms.services) and asks_pair(ctx, codes)
