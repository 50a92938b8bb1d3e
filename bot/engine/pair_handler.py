"""Pair, compare and own-rule answers: may these be billed together, by a second practice, or after this visit?"""

from __future__ import annotations

import dataclasses

from bot.answer import Answer, CompareRow, PairVerdict
from bot.engine.spent_once import note as spent_note, spent_first
from bot.engine import described_item, facts, mdm_compare
from bot.engine.asking import ask_kind
from bot.engine.handlers import Context, finish
from bot.engine.kept_line import kept_billing
from bot.engine.kept_program import bill_without_ruled_out, billed_beside_answer, kept_program_answer
from bot.engine.retired import retired_rule
from bot.engine.pair_requires import stated_unmet
from bot.engine.pair_subjects import subject_codes
from bot.engine.pairs import PairResult, own_rule, pair_verdict, told_against
from bot.engine.performer_rule import performer_verdict
from bot.engine.phrases import PhraseSet
from bot.engine.shared_minutes import counts_time_twice, for_shared_minutes, pair_asked_first
from bot.kb.store import KnowledgeBase


def _pairs(ctx: Context, subjects: list[str]) -> list[tuple[str, str]]:
    """Which pairs the question asks: a billed-already code against each asked one (never two billed ones), else all."""
    sc = ctx.q.scenario
    billed = [s for s in subjects if sc is not None and sc.role_of(s) == "billed"]
    asked = [s for s in subjects if s not in billed]
    if billed and asked:
        return [(b, a) for b in billed for a in asked] + [(a, b) for i, a in enumerate(asked) for b in asked[i + 1:]]
    return [(a, b) for i, a in enumerate(subjects) for b in subjects[i + 1:]]


def _worst_pair(kb: KnowledgeBase, pairs: list[tuple[str, str]], different: bool = False,
                separate: bool = False, text: str = "") -> PairResult:
    """With several pairs, the verdict is the first pair that may not go together (or has no rule); `text`: the
    question, when it counts the same minutes toward both ("those same 20 minutes for RPM and CCM?")."""
    results = [told_against(kb, pair_verdict(kb, a, b, different, separate), text) for a, b in pairs]
    if text and counts_time_twice(kb, text):
        results = [for_shared_minutes(kb, r, pair_asked_first(kb, text)) for r in results]
    return next((r for r in results if r.verdict.allowed is False), None) or next((r for r in results if r.verdict.allowed is None), results[0])


def _billed_and_asked(ctx: Context) -> str:
    """A code the question names as billed already and asks about again (another practice billing it too)."""
    sc = ctx.q.scenario
    if sc is None:
        return ""
    asked = set(sc.codes("asked"))
    return next((c for c in sc.codes("billed") if c in asked and c in ctx.kb.codes), "")


def _add_on_without_base(ctx: Context, subjects: list[str]) -> PairResult | None:
    """"Can the CCM add-on be billed without its base code?": an add-on asked about without its base is never billed alone."""
    kb, sc = ctx.kb, ctx.q.scenario
    absent = [s for s in subjects if sc is not None and sc.role_of(s) in ("absent", "short")]
    for add_on in (kb.codes[s] for s in subjects if s in kb.codes and s not in absent):
        present = set(add_on.add_on_to) & (set(subjects) - set(absent))
        if set(add_on.add_on_to) & set(absent) and not present:
            bases = " or ".join(add_on.add_on_to)
            return PairResult(PairVerdict(add_on.code, absent[0], False, "",
                                          f"{add_on.code} is an add-on: it is reported only beside {bases} for the same "
                                          f"period, never on its own.", [add_on.rule.source],
                                          about=f"{add_on.code} without {absent[0]}"))
    return None


def together_answer(ctx: Context, subjects: list[str], codes: list[str]) -> Answer:
    """Codes or families asked about together with the numbers that decide them: a pair never allowed gets the pair
    verdict; else the numbers are billed (each family's minutes on its own lines), with the verdict beside them."""
    from bot.engine.bill_handler import bill_answer, billable_families
    from bot.engine.figures_beside import asks_both, claim_names_all, ladder_asked, lines_beside

    sc = ctx.q.scenario
    # "22 of those min are the same call she also logged as CCM; what's left?": the shared time is taken out already
    shared = "" if sc is not None and sc.of("minutes", "elsewhere") else ctx.q.text
    result = _worst_pair(ctx.kb, _pairs(ctx, subjects), ctx.q.different_practitioner, ctx.q.separate_service, shared)
    result.verdict = stated_unmet(ctx, result.verdict)
    # one program of one family ("99492 for the first part and 99493 for the rest?"), not two programs within it
    # ("general BHI, then collaborative care from the 16th: 99484 and 99493?": the verdict decides)
    one_family = len({ctx.kb.codes[s].family if s in ctx.kb.codes else s for s in subjects}) == 1 \
        and all(s in ctx.kb.codes for s in subjects) and len({ctx.kb.codes[s].program for s in subjects}) == 1
    billed = sc is not None and any(sc.role_of(s) == "billed" for s in subjects)  # "we bill APCM; add CCM?": no lines
    if not billed and (kept := kept_program_answer(ctx, subjects, result.verdict, chosen=True)) is not None:
        return kept  # "which APCM code, and can we add (a CCM code)?": no, and the asked program's own lines
    if result.verdict.allowed is False and (one_family or not billed) and billable_families(ctx, codes):
        # "99492 for the first part and 99493 for the rest, 95 minutes?", "CHI or PIN? 75 min": no, and the lines
        if (lines := lines_beside(ctx, result.verdict, codes, keep_empty=one_family)) is not None:
            # "so 99490 + 99437 x2?", "35 min. 99470 + 99458?": a bill, the add-on's fault beside
            # "are we billing A for the cuff and B for the scale, or something else?": the figures pick, a bill
            asks_lines = ladder_asked(ctx) or (ctx.q.intent == "bill" and sc is not None and sc.asked == "bill") \
                or (ctx.q.intent == "bill" and ctx.q.open_choice)
            # a story billed beside a code the verdict rules out (no line of it): a bill; a line the verdict names: a pair
            billed_codes = {line.code for line in (lines.billing.lines if lines.billing else [])}
            named_line = {result.verdict.left, result.verdict.right} & billed_codes
            return dataclasses.replace(lines, intent="bill") if asks_lines and (one_family or not named_line) else lines
    if billed and (kept := kept_program_answer(ctx, subjects, result.verdict)) is not None:
        return kept  # "we bill APCM for him; can we add (a CCM code)?": no, and the kept program's own lines
    if (rest := bill_without_ruled_out(ctx, subjects, codes, result.verdict)) is not None:
        return rest  # "we bill G0557; the vendor wants 99490 on top. What should November look like?": the rest, no 99490
    if result.verdict.allowed is False or not billable_families(ctx, codes) or pair_asked_first(ctx.kb, shared):
        return pair_answer(ctx, subjects)  # "... same month? and can the call count toward both": the pair answers
    ctx.contested += result.contested
    ctx.source_ids += result.verdict.source_ids
    answer = bill_answer(ctx, codes, pair=result.verdict if result.verdict.allowed is not None else None)
    if billed:  # "we are billing TCM; can March have 99490 too?": yes, and the billed program's own lines beside
        answer = billed_beside_answer(ctx, subjects, result.verdict, answer)
    # "can 99484 go out with 99426?" beside minutes, "pt is G0557; RPM too?": the pair is the question, the lines come
    # with the verdict (programs asked about with minutes, "can both be billed?", stay a billing question)
    named = len(subjects) >= 2 and (all(s in ctx.kb.codes for s in subjects) or ctx.q.two_named)
    # "G0553 + G0554?" beside the minutes: a base code and its add-on are one bill, not two services asked together
    named = named and not (len({ctx.kb.codes[s].family if s in ctx.kb.codes else s for s in subjects}) == 1 and any(
        o in ctx.kb.codes[s].add_on_to for s in subjects if s in ctx.kb.codes for o in subjects)) or claim_names_all(sc, subjects, ctx.kb)
    # "99457 + 99437?" with the minutes: an add-on named without any of its bases is a claim's line to fix, not a pair
    named = named and not (ctx.q.minutes is not None and any(s in ctx.kb.codes and ctx.kb.codes[s].add_on_to and not set(
        ctx.kb.codes[s].add_on_to) & set(subjects) for s in subjects))
    named = (named or billed or asks_both(ctx)) and (ctx.q.two_named or not (sc is not None and sc.asked == "bill"))  # "..., and which ones?"
    return dataclasses.replace(answer, intent="pair") if ctx.q.intent == "pair" and named and answer.pair else answer


def _setup_subject(kb: KnowledgeBase, subject: str, words: list[str]) -> list[str]:
    """A family asked about with its setup role's words (vocabulary role_words): its setup code, whose own rule
    (once per episode) is the one asked."""
    if subject not in kb.families or not PhraseSet(kb.vocabulary.get("role_words", {}).get("setup", [])).any(words):
        return [subject]
    setup = [c for t in kb.family_tracks(subject) if t.when == "setup" for c in t.codes]
    return setup[:1] or [subject]


def pair_answer(ctx: Context, subjects: list[str]) -> Answer:
    """Say whether two codes or families may be billed together (or one code's own rule), with period and reason."""
    kb = ctx.kb
    if len(subjects) == 2 and mdm_compare.story_first(ctx, *subjects) is not None:
        return compare_answer(ctx, subjects)  # "he billed 4, I'd drop it to 3: who's right?": the story's MDM decides
    outside = [c for c in ctx.q.codes if c not in kb.codes and c not in subjects]
    if len(subjects) == 1 and outside and not ctx.q.repeat and outside[0] in kb.left_out_unpaid:
        result = PairResult(PairVerdict(subjects[0], outside[0], False, "same day", (  # not held: Medicare pays none
            f"Medicare does not pay {outside[0]}, beside {subjects[0]} or on its own: {kb.left_out[outside[0]]}"),
            [s for s in [kb.left_out_unpaid[outside[0]]] if s in kb.sources]))
    elif len(subjects) == 1 and outside and not ctx.q.repeat:  # "99214 with 20610": the pair, not 99214's own rule
        result = PairResult(PairVerdict(subjects[0], outside[0], None, "same day", (
            f"No curated rule pairs {subjects[0]} with {outside[0]}, a code outside the ones I hold; the NCCI "
            "procedure-to-procedure edits decide it."), []))
    elif len(subjects) == 1 and subjects[0] in kb.codes and not ctx.q.practices and ctx.q.scenario is not None and (
            other := performer_verdict(ctx, kb.codes[subjects[0]])) is not None:
        return other  # "I'm a PT ... can a physical therapist bill 99457?": who may bill it, before how often
    elif len(subjects) == 1:
        told = ctx.q.scenario.of("count", "times") if ctx.q.scenario else []
        times = told[-1].value if told else None
        subjects = _setup_subject(kb, subjects[0], ctx.q.words)  # "the cuff's setup fee twice?"
        result = retired_rule(kb, subjects[0], ctx.year) or own_rule(kb, subjects[0], ctx.q.practices, times, ctx.q.text)
    elif ctx.q.practices and (again := _billed_and_asked(ctx)):
        result = own_rule(kb, again, True)  # "the PCP bills 99454; can nephrology bill 99454 too?"
    elif (alone := _add_on_without_base(ctx, subjects)) is not None:
        result = alone
    else:
        result = _worst_pair(kb, _pairs(ctx, subjects), ctx.q.different_practitioner, ctx.q.separate_service,
                             ctx.q.text)
        result.verdict = stated_unmet(ctx, result.verdict)  # "G0506 for the nurse's assessment?": not for these facts
    ctx.contested += result.contested
    ctx.source_ids += result.verdict.source_ids
    families = list(dict.fromkeys([*(kb.codes[s].family if s in kb.codes else s for s in subjects),
                                   *(kb.codes[c].family for c in result.instead if c in kb.codes)]))
    codes = subject_codes(ctx, subjects)  # "G0136 with CHI": beside the code, the family's first code
    if not codes and len(subjects) == 1 and subjects[0] in kb.families and result.verdict.left == result.verdict.right:
        codes = [facts.code_fact(kb, c, ctx.year) for c in kb.family_codes(subjects[0]) if kb.exists_in(c, ctx.year)
                 and c.code in result.verdict.reason]  # "a second TCM?": the codes the family's own rule names
    codes += [facts.code_fact(kb, kb.codes[c], ctx.year) for c in result.instead if kb.exists_in(kb.codes[c], ctx.year)]
    status = "answered" if result.verdict.allowed is not None else "unknown"
    return finish(ctx, status=status, intent="pair", pair=result.verdict, codes=codes, families=families,
                   companions=_defined_companions(ctx, subjects), message="" if status == "answered" else result.verdict.reason,
                   billing=kept_billing(ctx, result.verdict))  # "A plus B, or just B?": the line that stays


def _defined_companions(ctx: Context, subjects: list[str]) -> list:
    """The companions of the first subject when the question also asks its meaning ("what is X and can I stack it on
    Y?"): the codes it really goes with, beside the verdict; none otherwise."""
    from bot.engine.related import defined_first  # noqa: PLC0415

    lead = subjects[0] if subjects else ""
    if lead not in ctx.kb.codes or not defined_first(ctx.kb, ctx.q.text, lead):
        return []
    return facts.companions(ctx.kb, ctx.kb.codes[lead], ctx.year)


def _family_rows(kb: KnowledgeBase, a: str, b: str, year: int) -> list[CompareRow]:
    fa, fb = kb.families[a], kb.families[b]

    def codes_by(fam: str, role: str) -> str:
        return ", ".join(c.code for c in kb.family_codes(fam) if c.role == role and kb.exists_in(c, year)) or "-"

    rows = [CompareRow("Name", fa.name, fb.name), CompareRow("What it is for", fa.purpose, fb.purpose),
            CompareRow("Who may bill", fa.who_may_bill, fb.who_may_bill)]
    roles = dict.fromkeys(c.role for f in (a, b) for c in kb.family_codes(f) if kb.exists_in(c, year))
    rows += [CompareRow(f"{kb.meta.get('roles', {}).get(r, r).capitalize()} codes", codes_by(a, r), codes_by(b, r))
             for r in roles]
    return rows


def compare_answer(ctx: Context, subjects: list[str]) -> Answer:
    """Compare two families or two codes side by side."""
    kb, (a, b) = ctx.kb, subjects[:2]
    programs = [kb.codes[s].family if s in kb.codes else s for s in (a, b)]
    if ask_kind(ctx.q) == "compare" and {a, b} & set(kb.families) and len(set(programs)) == 2:
        a, b = programs  # "APCM (G0556) vs regular CCM": the two programs compared
    if a in kb.families and b in kb.families:
        ctx.source_ids += [*kb.families[a].sources, *kb.families[b].sources]
        verdict = pair_verdict(kb, a, b)
        ctx.contested += verdict.contested
        return finish(ctx, status="answered", intent="compare", families=[a, b], compare=_family_rows(kb, a, b, ctx.year),
                       pair=verdict.verdict, family_info=[facts.family_info(kb, a), facts.family_info(kb, b)],
                       codes=[facts.code_fact(kb, c, ctx.year) for c in _lead_codes(kb, (a, b), ctx.year)])
    if a in kb.codes and b in kb.codes:
        fa, fb = (facts.code_fact(kb, kb.codes[c], ctx.year) for c in (a, b))
        verdict = pair_verdict(kb, a, b)
        billing = kept_billing(ctx, verdict.verdict)  # "A plus B, or just B?": the line that stays
        if (spent := spent_first(ctx, a, b)) is not None:  # "she already had her first AWV elsewhere: G0438 or G0439?"
            ctx.notes.append(spent_note(ctx, *spent))
            fa, fb = (fb, fa) if spent[0] == a else (fa, fb)
        elif (led := mdm_compare.story_first(ctx, a, b)) is not None:  # "acute problem, three tests, Rx: 3 or 4?"
            ctx.notes += [*led[1], f"By that MDM the visit is {led[0]}; time on the day could support another level."]
            fa, fb = (fb, fa) if led[0] == b else (fa, fb)
            billing = mdm_compare.story_billing(ctx, led[0], led[1])
        elif (told := described_item.first(ctx, a, b)) is not None:  # "a walker with 2 front wheels: A or B?"
            fa, fb = (fb, fa) if told == b else (fa, fb)
        rows = [CompareRow("Title", fa.title, fb.title), CompareRow("Summary", fa.summary, fb.summary),
                CompareRow("Rules", " ".join(fa.rules), " ".join(fb.rules)), CompareRow("Family", fa.family, fb.family)]
        return finish(ctx, status="answered", intent="compare", codes=[fa, fb], compare=rows, pair=verdict.verdict,
                       families=list(dict.fromkeys([fa.family, fb.family])), billing=billing)
    return pair_answer(ctx, subjects)  # a code against a family: the useful comparison is whether they go together


def _lead_codes(kb: KnowledgeBase, families: tuple[str, ...], year: int) -> list:
    """Each compared program's first base code billable in the year ("CHI vs PIN": the first code of each)."""
    out = []
    for fam in families:
        lead = next((c for c in kb.family_codes(fam) if not c.add_on_to and c.status != "deleted" and kb.exists_in(c, year)), None)
        out += [lead] if lead is not None else []
    return out
