"""One function per intent, each turning a parsed Question into an Answer; answer_question routes."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot.engine import cmsroute, condition_family, criteria, dxroute, facts, programs
from bot.answer import Answer, Suggestion
from bot.engine.asked_item import as_search
from bot.engine.asking import as_asked
from bot.engine.billing import bill, example_request
from bot.kb.records import Code
from bot.kb.store import KnowledgeBase
from bot.engine.match import find_matches, near_in_story, one_of_the_pair
from bot.engine.search import SearchHit, search_text
from bot.engine.parse import Question, told_family  # the story's family (parse reads it for "CHI or PIN?")
from bot.engine.answer_notes import deleted_note, misdescribed_codes, not_covered, note_claims, note_placeholders
from bot.engine.understood import mark_used, understood, unplaced
from bot.engine.off_family import named_off_family, off_family_fields
from bot.engine.verdict_lines import ruled_out_lines
from bot.engine.related import named_code_answer
from bot.engine.asked_item import described_search
from bot.engine.disclaimed import disclaimed, offered_answer
from bot.engine.cued_role import cued_role_code
from bot.engine.family_led import fact_led
from bot.engine.telemed_bill import beside_other_service, with_telemed_lines
from bot.engine.wellness_bill import with_wellness_lines

RULE_QUESTION_WORDS = 6  # words beyond stopwords that make a sentence, not a facet phrase


def help_text(kb: KnowledgeBase) -> str:
    """Return how to ask, with the example questions from knowledge/meta.yaml."""
    examples = "; ".join(f'"{e}"' for e in kb.meta.get("examples", []))
    return f"Ask about a billing code (CPT, HCPCS, ICD-10-CM, modifier, place of service), minutes, units or data days, or two codes together. Try: {examples}."


@dataclass(slots=True)
class Context:
    """What every intent handler needs: the knowledge, the question, the year and notes so far."""

    kb: KnowledgeBase
    q: Question
    year: int
    notes: list[str] = field(default_factory=list)
    stopwords: set[str] = field(default_factory=set)
    contested: list[str] = field(default_factory=list)
    source_ids: list[str] = field(default_factory=list)
    raw_text: str = ""  # the clean question before spelling correction (diagnosis words are not ours to correct)


def finish(ctx: Context, **fields) -> Answer:
    """Add caveats, sources, year, version and the reading (understood, unplaced) to an answer."""
    kb = ctx.kb
    note_claims(ctx)
    note_placeholders(ctx)
    fields, dropped = ruled_out_lines(kb, ctx.q.scenario, fields)  # the lines follow the verdict
    fields = misdescribed_codes(ctx, fields)  # "a site calls X a check-in ... so we bill X?": X as it really is
    ctx.notes += [dropped] * bool(dropped)
    defined = {c.code for c in fields.get("codes", [])}
    ctx.notes += [deleted_note(kb.codes[c]) for c in ctx.q.codes if c in kb.codes and c not in defined
                  and kb.codes[c].status == "deleted" and fields.get("status") == "answered"]
    caveats = ctx.notes + [kb.contested[c].caveat for c in dict.fromkeys(ctx.contested) if c in kb.contested]
    ids = ctx.source_ids + [s for f in fields.get("codes", []) for s in f.source_ids]
    sc = ctx.q.scenario
    if sc is not None:
        billing, pair = fields.get("billing"), fields.get("pair")
        named = [c.code for c in fields.get("codes", [])] + ([pair.left, pair.right] if pair else [])
        named += [l.code for l in billing.lines] if billing else []
        named += [s.code for s in fields.get("suggestions", [])] + [c for c in ctx.q.context_codes if c in " ".join(caveats)]
        named += [c for c in sc.codes() if c not in kb.codes and c in " ".join(caveats)]  # a caveat speaks of it
        fams = fields.get("families", []) + [kb.codes[c].family for c in named if c in kb.codes]
        mark_used(sc, fields.get("intent", ""), named, fams + named,
                  billed=(billing is not None and not billing.example) or fields.get("status") == "clarify")
    pair = fields.get("pair")
    asked = f"the rule for {pair.about}" if pair is not None and pair.about else fields.pop("asked_label", "")
    left = unplaced(sc)
    if fields.get("status") == "answered" and (off := named_off_family(kb, sc, fields.get("billing"), left)):
        fields = off_family_fields(kb, ctx.q.original, fields, off)  # a named code the lines left aside: ask
    billing = fields.get("billing")
    if fields.get("intent") == "bill" and billing is not None and not billing.example and fields.get("codes"):
        lined = {l.code for l in billing.lines}  # "denials on A, what instead?": the code on the claim leads
        fields["codes"] = sorted(fields["codes"], key=lambda c: c.code not in lined)
    if left and billing is not None and not billing.example:
        note = "Not used in these lines: " + "; ".join(f"'{w}'" for w in left) + " (tell me if it changes the case)."
        fields["billing"] = replace(billing, assumptions=[*billing.assumptions, note])
    return Answer(caveats=list(dict.fromkeys(caveats)), sources=facts.source_refs(kb, ids), year=ctx.year,
                  knowledge_version=kb.version, understood=understood(sc, fields.get("intent", ""), asked),
                  unplaced=left, **programs.with_programs(kb, fields))


def not_sure(ctx: Context, intent: str, suggestions: list[Suggestion], unknown: list[str]) -> Answer:
    """Did you mean (near codes) or unknown (nothing fits), with the reason a held-out code is left out."""
    if intent == "search" and (fit := condition_family.program_for_conditions(ctx)) is not None:
        return family(ctx, fit)  # "only one chronic condition: which care management program fits?"
    if held_out := [f"{c} is not covered: {ctx.kb.left_out[c]}" for c in unknown if c in ctx.kb.left_out]:
        return finish(ctx, status="unknown", intent=intent, message=" ".join(held_out))
    if suggestions:
        suggestions = _of_the_story(ctx, suggestions)
        names = ", ".join(s.code for s in suggestions)
        what = f"I don't know {', '.join(unknown)}" if unknown else "I'm not sure what you mean"
        return finish(ctx, status="did_you_mean", intent=intent, suggestions=suggestions,
                       message=f"{what}. Did you mean {names}?")
    what = f"I don't know code {', '.join(unknown)}" if unknown else "I couldn't match that to a code or family I know"
    return finish(ctx, status="unknown", intent=intent,
                   message=f"{what}. I cover remote care (RTM, RPM, CCM, PCM, APCM, BHI, TCM, virtual check-ins, "
                           "e-visits, e-consults, PIN/CHI, DMHT), office E/M, therapy units, modifiers, places of "
                           "service, ICD-10-CM, HCPCS and the CMS files a practice imports.")


def _of_the_story(ctx: Context, suggestions: list[Suggestion]) -> list[Suggestion]:
    """Of the near codes, those of the family the question's words name or point to, when any is."""
    sc, kb = ctx.q.scenario, ctx.kb
    named = set(ctx.q.families) | ({f.value for f in sc.of("family")} if sc is not None else set())
    fits = [s for s in suggestions if s.code in kb.codes and kb.codes[s.code].family in named]
    return fits or suggestions


def _code_contested(ctx: Context, code: Code) -> None:
    """Note the contested points a code's own rule and (current-year) payment rest on."""
    priced = code.payment is not None and ctx.year == ctx.kb.default_year
    ctx.contested += [c for c in (ctx.kb.rule_for(code, ctx.year).contested, code.payment.contested if priced else None) if c]


def define(ctx: Context, code_id: str, intent: str = "define") -> Answer:
    """Answer what a code is, with companions and a worked example for time- or day-based codes."""
    kb, code = ctx.kb, ctx.kb.codes[code_id]
    _code_contested(ctx, code)
    if not kb.exists_in(code, ctx.year) and code.status == "active":
        ctx.notes.append(f"{code.code} could not be billed in {ctx.year}: it took effect in {code.effective_year}.")
    if code.status == "deleted":
        ctx.notes.append(deleted_note(code))
    from bot.engine.days_asked import days_clarify  # noqa: PLC0415  (it imports the handlers)
    if (days := days_clarify(ctx, code)) is not None:  # "can I bill <device code> for her? she's had it since the 5th"
        return days
    billing = None
    req = example_request(kb, code, ctx.year) if code.status == "active" and kb.exists_in(code, ctx.year) else None
    if req is not None and (blocked := _example_blocked(ctx, code)) is not None:
        req = None  # "...on a patient she saw last week": no worked example the stated visit rules out
        ctx.notes.append(f"{code.code} is not billed here: {blocked.window.note} The question says: '{blocked.visit.words}'"
                         + (f" ({blocked.visit.when})." if blocked.visit.when else "."))
    if req is not None:
        result = bill(kb, req)
        billing, ctx.source_ids = result.billing, ctx.source_ids + result.source_ids
        ctx.contested += result.contested
    return finish(ctx, status="answered", intent=intent, codes=[facts.code_fact(kb, code, ctx.year)],
                   companions=facts.companions(kb, code, ctx.year), billing=billing, families=[code.family],
                   family_info=[facts.family_info(kb, code.family)] if code.family in kb.families else [])


def _example_blocked(ctx: Context, code: Code):
    """The family window a visit the question states puts this code in (then no worked example is shown)."""
    fam, sc = ctx.kb.families.get(code.family), ctx.q.scenario
    if fam is None or sc is None or not fam.windows or not sc.of("event", "visit"):
        return None
    blocked = criteria.window_block(fam.windows, code, sc, ctx.kb.meta.get("performer_counts_as") or {})
    if blocked is not None:
        sc.use(blocked.visit)
    return blocked


def family(ctx: Context, family_id: str, intent: str = "family") -> Answer:
    """List a family's codes (and what changed, when asked)."""
    kb, fam = ctx.kb, ctx.kb.families[family_id]
    codes = [c for c in kb.family_codes(family_id) if kb.exists_in(c, ctx.year)]
    codes = fact_led(ctx, family_id, codes + [c for c in kb.family_codes(family_id) if c.status == "deleted" and c not in codes])
    changes = [ch.text for ch in fam.changes if ch.year == ctx.year] if ctx.q.changes else []
    if ctx.q.changes:
        ctx.source_ids += [ch.source for ch in fam.changes if ch.year == ctx.year]
        ctx.contested += [ch.contested for ch in fam.changes if ch.year == ctx.year and ch.contested]
        if not changes:
            ctx.notes.append(f"No changes to {family_id} are recorded for {ctx.year}.")
    ctx.source_ids += list(fam.sources)
    blocked = next((b for c in codes if c.status == "active" and (b := _example_blocked(ctx, c)) is not None), None)
    if blocked is not None:  # "a check-in when we book a visit for the next day - billable?": the window says no
        ctx.notes.append(f"Not separately billable here: {blocked.window.note} The question says: '{blocked.visit.words}'.")
    return finish(ctx, status="answered", intent=intent, codes=[facts.code_fact(kb, c, ctx.year) for c in codes],
                   families=[family_id], family_info=[facts.family_info(kb, family_id)], changes=changes)


def search_answer(ctx: Context) -> Answer:
    """Free text: a code, a family, or did-you-mean choices."""
    hit: SearchHit = search_text(ctx.kb, ctx.q, ctx.year, ctx.stopwords)
    if hit.code:
        return define(ctx, hit.code, intent="search")
    if hit.family:
        return family(ctx, hit.family)
    cued = ctx.q.scenario.of("family", "cue") if ctx.q.scenario is not None else []  # the family told by its work
    named = [f for f in ctx.q.families if f in ctx.kb.families and f not in ctx.q.weak_families] or list(dict.fromkeys(f.value for f in cued if f.value in ctx.kb.families))
    unheld = [c for c in ctx.q.codes if c not in ctx.kb.codes]  # a family's list answers no code we do not hold
    if unheld:
        return not_sure(ctx, "search", hit.suggestions, unheld)
    if len(named) == 1 and (len(ctx.q.words) >= RULE_QUESTION_WORDS or ctx.q.variant) and all(ctx.kb.codes[s.code].family == named[0] for s in hit.suggestions if s.code in ctx.kb.codes):
        return family(ctx, named[0])  # a sentence about a named family's rules (who may bill) no code answers (not a short phrase)
    if (cued := cued_role_code(ctx, hit.suggestions)) is not None:
        if ctx.q.scenario is not None and ctx.q.scenario.asked == "bill":  # "what do we bill for supplying it?": its line
            from bot.engine.bill_handler import bill_answer  # noqa: PLC0415  (it imports the handlers)
            return bill_answer(ctx, [cued])
        return define(ctx, cued, intent="search")
    if (told := told_family(ctx.q.scenario, ctx.q.codes, ctx.q.families, "search")) in ctx.kb.families:
        return family(ctx, told)  # nothing named, a story of one family's cue words ("a prescription CBT app")
    return not_sure(ctx, "search", hit.suggestions, [])


def answer_question(ctx: Context) -> Answer:
    """Route the question: the imported CMS files where they answer it, ICD-10-CM where it names one, else the
    remote-care intents, else a diagnosis search; the CMS files then add what they say beside the answer."""
    text = ctx.raw_text or ctx.q.text
    from bot.engine import patient_status  # noqa: PLC0415  ("new or established?": the three-year rule)
    from bot.engine.early_routes import early_answer  # noqa: PLC0415

    if (answered := early_answer(ctx)) is not None:
        return answered
    patient_status.mark(ctx)
    routed = cmsroute.route(ctx)
    if routed is None:
        routed = dxroute.route(ctx.q, text, ctx.kb)
    routed = cmsroute.after(ctx, routed if routed is not None else dxroute.fallback(text, ctx.kb, _remote_care(ctx)))
    routed = with_telemed_lines(ctx, with_wellness_lines(ctx, routed))  # "her AWV, and also knee pain": both lines
    return as_asked(ctx.q, as_search(text, routed))  # "code for X when ...": the code asked by its description


def _remote_care(ctx: Context) -> Answer:
    """Route the question to its intent's handler."""
    from bot.engine.bill_handler import bill_answer
    from bot.engine.quantity import quantity_answer
    from bot.engine.code_requirement import requirement_answer
    from bot.engine.initiating_visit import initiating_visit_answer
    from bot.engine.pair_handler import compare_answer, pair_answer, together_answer

    q, kb = ctx.q, ctx.kb
    m = find_matches(kb, q)
    m.codes = beside_other_service(ctx, m.codes)  # "a phone check-in; the page lists the audio visit codes"
    if (counted := quantity_answer(ctx, m.codes)) is not None:  # "100 strips: how many units?"
        return counted
    from bot.engine.counted import counted_answer
    from bot.engine.method_lines import method_answer  # "a punch biopsy and two shave biopsies": one first code

    if (by_count := counted_answer(ctx, m.codes) or method_answer(ctx)) is not None:  # "debrided 10 toenails: one unit a nail?"
        return by_count
    from bot.engine.short_of import short_of_answer

    if (lower := short_of_answer(ctx)) is not None:  # "a code for a month that doesn't reach (a code)'s minimum?"
        return lower
    known_subjects = m.codes + q.families
    # A code billed already ("we billed G0136") that we do not hold is context when the question has time to bill
    # for a family its words point to: it is noted, never a stop.
    sc = q.scenario
    figures = sc is not None and (q.minutes is not None or q.days is not None or any(f.day is not None for f in sc.of("event")))
    story = figures and bool(sc.of("family", "cue") or q.families)
    # one named in someone else's claim ("our EMR page says PTs bill ...") or one we leave out is noted, never a stop;
    # one the asker checks ("is X right?") also beside a held code that names the family ("X on top of Y for 30 min"),
    # or beside a held code when X is no near miss of the story's codes ("bills Medi-Cal X and G0019; X OK for Medicare?")
    checked = [c for c in m.unknown if (story or m.codes and (figures or not near_in_story(kb, q, c, m.codes)))
               and c not in kb.left_out and disclaimed(q.text, c, kb.vocabulary)]  # no typo asked with nothing to bill
    if set(checked) & set(q.codes):
        return offered_answer(ctx, checked, _remote_care)
    billed = {c for c in m.unknown if story and (sc.role_of(c) == "billed" or sc.in_claim(c) or c in kb.left_out)}
    unknown = [c for c in m.unknown if c not in billed]
    blocking = [c for c in unknown if c in q.codes and (near_in_story(kb, q, c, m.codes) or not known_subjects)]
    # A well-formed code we do not hold is never answered around when it is the subject (or may be a typo of a code we
    # hold), nor when a pair question asks about it; near-code typos only when nothing else matched. A code beside
    # known subjects is noted, not a stop.
    if (stop := blocking or (unknown and not m.codes and not (q.families and set(unknown) <= set(q.codes)))) \
            or any(one_of_the_pair(kb, q, c) for c in unknown):
        return not_sure(ctx, q.intent if q.intent != "help" else "define", m.suggestions if stop else [], m.unknown)
    not_covered(ctx, [c for c in m.unknown if c in q.codes] + [c for c in q.context_codes if c not in kb.codes])
    subjects = list(dict.fromkeys(m.codes + [f for f in q.families if f not in {kb.codes[c].family for c in m.codes}]))
    from bot.engine import office  # modifiers, places of service, therapy units, visits by time (issue 12)
    from bot.engine.addon_biller import add_on_answers
    from bot.engine.figures_beside import pair_with_story, rule_with_lines
    from bot.engine.told_visit import told_visit

    if m.codes and q.intent == "search" and (found := described_search(ctx, _remote_care)) is not None:
        return found  # "what code do we use for X? ours keeps rejecting A": the code the words describe
    if (add_on := add_on_answers(ctx, subjects)) is not None:  # "which add-on on top of G0557?": before claim pairs
        return add_on
    # "can a nurse visit (the level-1 code) start CHI?": the family's initiating-visit rule, before the visit's own answer
    if (visit := initiating_visit_answer(ctx, subjects)) is not None:
        return rule_with_lines(ctx, visit, m.codes) if visit.pair and visit.pair.allowed else visit
    if q.intent != "help" and (routed := office.route(ctx, m.codes)) is not None:
        return routed
    if q.intent == "help":
        return finish(ctx, status="answered", intent="help", message=help_text(kb))
    from bot.engine.membership import membership_answer
    from bot.engine.services import hinted_service

    if (member := membership_answer(ctx, m.codes)) is not None:
        return member

    from bot.engine.requirements import codes_ruled_out, topic_requirement_answer, window_answer
    from bot.engine.track_pairs import track_pair_subjects
    if (required := topic_requirement_answer(ctx) or window_answer(ctx, m.codes)) is not None:  # a rule asked, before a service its words hint
        return required
    if (service := hinted_service(ctx, m.codes)) is not None:
        return service

    # a deleted code beside its replacement ("98016 now that G2012 is gone") is context, not a second subject
    together = [s for s in subjects if s not in q.weak_families and not (s in kb.codes and kb.codes[s].status == "deleted")]
    if q.intent in ("pair", "bill") and len(together) >= 2 and (q.minutes is not None or q.days is not None) \
            and not q.alternatives:
        return together_answer(ctx, together, m.codes)
    if q.intent in ("pair", "compare") and len(subjects) >= 2 and not together and m.codes:
        return define(ctx, m.codes[0])  # "are G2064 and G2065 still good?": deleted codes, and what replaced them
    if q.intent in ("pair", "compare") and len(subjects) >= 2:
        return codes_ruled_out(ctx, subjects) or (pair_with_story if q.intent == "pair" else compare_answer)(ctx, subjects)
    if q.intent in ("family", "search", "pair") and (tracks := track_pair_subjects(ctx, m.codes)):
        return pair_answer(ctx, tracks)
    if q.intent == "pair" and len(subjects) == 1:
        return rule_with_lines(ctx, pair_answer(ctx, subjects), m.codes)
    if (told := told_visit(ctx, m.codes)) is not None:
        return told  # "the nurse did a BP check: what do we bill?"
    if q.intent == "bill":
        named = kb.aliases.get(" ".join(q.words))
        if named and named[0] == "code" and not m.codes:  # "cocm 70 minutes" is a code's own name
            return define(ctx, named[1], intent="search")
        return bill_answer(ctx, m.codes)
    if m.codes and not (q.intent == "family" and q.families):  # "aren't there more RTM codes than these three?"
        return requirement_answer(ctx, subjects) or named_code_answer(ctx, m.codes)
    if q.changes and not q.families:
        from bot.engine.all_changes import all_changes
        return all_changes(ctx)
    from bot.engine.requirements import family_requirement_answer
    strong = [f for f in q.families if f not in q.weak_families]
    if len(strong) == 1 and (ruled_out := family_requirement_answer(ctx, strong[0])) is not None:
        return ruled_out
    if q.intent == "family" and q.families:
        return family(ctx, q.families[0])
    return search_answer(ctx)
