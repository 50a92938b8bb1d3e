"""One function per intent, each turning a parsed Question into an Answer."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.engine import cmsroute, dxroute, facts
from bot.answer import Answer, CompareRow, Suggestion
from bot.engine.billing import BillRequest, bill, example_request
from bot.kb.records import Code
from bot.kb.store import KnowledgeBase
from bot.engine.match import find_matches
from bot.engine.pairs import pair_verdict
from bot.engine.search import SearchHit, search_text
from bot.engine.parse import Question



def help_text(kb: KnowledgeBase) -> str:
    """Return how to ask, with the example questions from knowledge/meta.yaml."""
    examples = "; ".join(f'"{e}"' for e in kb.meta.get("examples", []))
    return f"Ask about a remote-care billing code, a number of minutes or data days, or two codes together. Try: {examples}."


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


def _finish(ctx: Context, **fields) -> Answer:
    """Add caveats, sources, year and version to an answer."""
    kb = ctx.kb
    caveats = ctx.notes + [kb.contested[c].caveat for c in dict.fromkeys(ctx.contested) if c in kb.contested]
    ids = ctx.source_ids + [s for f in fields.get("codes", []) for s in f.source_ids]
    return Answer(caveats=caveats, sources=facts.source_refs(kb, ids), year=ctx.year,
                  knowledge_version=kb.version, **fields)


def _not_sure(ctx: Context, intent: str, suggestions: list[Suggestion], unknown: list[str]) -> Answer:
    held_out = [f"{c} is not covered: {ctx.kb.left_out[c]}" for c in unknown if c in ctx.kb.left_out]
    if held_out:
        return _finish(ctx, status="unknown", intent=intent, message=" ".join(held_out))
    if suggestions:
        names = ", ".join(s.code for s in suggestions)
        what = f"I don't know {', '.join(unknown)}" if unknown else "I'm not sure what you mean"
        return _finish(ctx, status="did_you_mean", intent=intent, suggestions=suggestions,
                       message=f"{what}. Did you mean {names}?")
    what = f"I don't know code {', '.join(unknown)}" if unknown else "I couldn't match that to a code or family I know"
    return _finish(ctx, status="unknown", intent=intent,
                   message=f"{what}. I cover remote-care codes (RTM, RPM, CCM, PCM, APCM, BHI, TCM, virtual "
                           "check-ins, e-visits, interprofessional consults, PIN/CHI, DMHT).")


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
        ctx.notes.append(f"{code.code} was deleted after {code.ended_year}; report {', '.join(code.replaced_by)} instead.")
    billing = None
    req = example_request(kb, code, ctx.year) if code.status == "active" and kb.exists_in(code, ctx.year) else None
    if req is not None:
        result = bill(kb, req)
        billing, ctx.source_ids = result.billing, ctx.source_ids + result.source_ids
        ctx.contested += result.contested
    return _finish(ctx, status="answered", intent=intent, codes=[facts.code_fact(kb, code, ctx.year)],
                   companions=facts.companions(kb, code, ctx.year), billing=billing, families=[code.family],
                   family_info=[facts.family_info(kb, code.family)] if code.family in kb.families else [])


def family(ctx: Context, family_id: str, intent: str = "family") -> Answer:
    """List a family's codes (and what changed, when asked)."""
    kb, fam = ctx.kb, ctx.kb.families[family_id]
    codes = [c for c in kb.family_codes(family_id) if kb.exists_in(c, ctx.year)]
    codes += [c for c in kb.family_codes(family_id) if c.status == "deleted" and c not in codes]
    changes = [ch.text for ch in fam.changes if ch.year == ctx.year] if ctx.q.changes else []
    if ctx.q.changes:
        ctx.source_ids += [ch.source for ch in fam.changes if ch.year == ctx.year]
        ctx.contested += [ch.contested for ch in fam.changes if ch.year == ctx.year and ch.contested]
        if not changes:
            ctx.notes.append(f"No changes to {family_id} are recorded for {ctx.year}.")
    ctx.source_ids += list(fam.sources)
    return _finish(ctx, status="answered", intent=intent, codes=[facts.code_fact(kb, c, ctx.year) for c in codes],
                   families=[family_id], family_info=[facts.family_info(kb, family_id)], changes=changes)


def _bill_family(ctx: Context, codes: list[str]) -> str | None:
    if ctx.q.families:
        return ctx.q.families[0]
    return ctx.kb.codes[codes[0]].family if codes else None


def bill_answer(ctx: Context, codes: list[str]) -> Answer:
    """Turn minutes and data days into billing lines for one family."""
    kb, q = ctx.kb, ctx.q
    fam = _bill_family(ctx, codes)
    if fam is None:
        hit = search_text(kb, q, ctx.year, ctx.stopwords)  # "practitioner data interpretation, 30 minutes"
        if hit.code:
            return define(ctx, hit.code, intent="search")
        if hit.family is None:
            return _which_family(ctx)
        fam = hit.family
    req = BillRequest(family=fam, year=ctx.year, minutes=q.minutes, days=q.days, interactive=q.interactive,
                      setup=q.setup, asynchronous=q.asynchronous, variant=q.variant, text=q.text, codes=codes)
    result = bill(kb, req)
    if len(q.families) > 1:
        ctx.notes.append(f"The question names {', '.join(q.families)}; these lines are for {fam} only.")
    ctx.contested += result.contested
    ctx.source_ids += result.source_ids
    line_codes = [kb.codes[l.code] for l in result.billing.lines]
    first = line_codes[0] if line_codes else None
    return _finish(ctx, status="answered", intent="bill", codes=[facts.code_fact(kb, c, ctx.year) for c in line_codes],
                   companions=facts.companions(kb, first, ctx.year) if first else [], billing=result.billing,
                   families=[fam], family_info=[facts.family_info(kb, fam)])


def _which_family(ctx: Context) -> Answer:
    """Minutes or days without a family: offer what each family would bill."""
    suggestions = []
    for fam in ctx.kb.families:
        req = BillRequest(family=fam, year=ctx.year, minutes=ctx.q.minutes, days=ctx.q.days,
                          interactive=ctx.q.interactive, text=ctx.q.text)
        lines = bill(ctx.kb, req).billing.lines
        if lines:
            what = " + ".join(f"{l.code}" + (f" x{l.units}" if l.units > 1 else "") for l in lines)
            suggestions.append(Suggestion(code=lines[0].code, why=f"if this is {fam}: {what}", title=lines[0].title))
    return _finish(ctx, status="did_you_mean", intent="bill", suggestions=suggestions,
                   message="Which program is the time for? Name it (e.g. \"RTM 45 minutes with a call\").")


def _worst_pair(kb: KnowledgeBase, subjects: list[str], different: bool = False):
    """With three or more codes, the verdict is the first pair that may not go together (or has no rule)."""
    results = [pair_verdict(kb, a, b, different) for i, a in enumerate(subjects) for b in subjects[i + 1:]] or \
        [pair_verdict(kb, subjects[0], subjects[0])]
    return next((r for r in results if r.verdict.allowed is False), None) or \
        next((r for r in results if r.verdict.allowed is None), results[0])


def pair_answer(ctx: Context, subjects: list[str]) -> Answer:
    """Say whether two codes or families may be billed together, with the period and reason."""
    kb = ctx.kb
    result = _worst_pair(kb, subjects, ctx.q.different_practitioner)
    left, right = result.verdict.left, result.verdict.right
    ctx.contested += result.contested
    ctx.source_ids += result.verdict.source_ids
    families = list(dict.fromkeys(kb.codes[s].family if s in kb.codes else s for s in subjects))
    codes = [facts.code_fact(kb, kb.codes[s], ctx.year) for s in dict.fromkeys(subjects) if s in kb.codes]
    status = "answered" if result.verdict.allowed is not None else "unknown"
    return _finish(ctx, status=status, intent="pair", pair=result.verdict, codes=codes, families=families,
                   message="" if status == "answered" else result.verdict.reason)


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
    if a in kb.families and b in kb.families:
        ctx.source_ids += [*kb.families[a].sources, *kb.families[b].sources]
        verdict = pair_verdict(kb, a, b)
        ctx.contested += verdict.contested
        return _finish(ctx, status="answered", intent="compare", families=[a, b], compare=_family_rows(kb, a, b, ctx.year),
                       pair=verdict.verdict, family_info=[facts.family_info(kb, a), facts.family_info(kb, b)])
    if a in kb.codes and b in kb.codes:
        fa, fb = (facts.code_fact(kb, kb.codes[c], ctx.year) for c in (a, b))
        rows = [CompareRow("Title", fa.title, fb.title), CompareRow("Summary", fa.summary, fb.summary),
                CompareRow("Rules", " ".join(fa.rules), " ".join(fb.rules)),
                CompareRow("Family", fa.family, fb.family)]
        verdict = pair_verdict(kb, a, b)
        return _finish(ctx, status="answered", intent="compare", codes=[fa, fb], compare=rows, pair=verdict.verdict,
                       families=list(dict.fromkeys([fa.family, fb.family])))
    return pair_answer(ctx, subjects)  # a code against a family: the useful comparison is whether they go together


def search_answer(ctx: Context) -> Answer:
    """Free text: a code, a family, or did-you-mean choices."""
    hit: SearchHit = search_text(ctx.kb, ctx.q, ctx.year, ctx.stopwords)
    if hit.code:
        return define(ctx, hit.code, intent="search")
    if hit.family:
        return family(ctx, hit.family)
    return _not_sure(ctx, "search", hit.suggestions, [])


def _related_code(kb: KnowledgeBase, q: Question, code_id: str) -> str:
    """Return the add-on when the question asks for a code's add-on, or the base when it asks for a primary."""
    code = kb.codes[code_id]
    if q.add_on_of and not code.add_on_to and kb.add_ons.get(code_id):
        return kb.add_ons[code_id][0]
    if q.primary_of and code.add_on_to:
        return code.add_on_to[0]
    return code_id


def all_changes(ctx: Context) -> Answer:
    """What changed in the year across every family, and the codes that took effect that year."""
    kb = ctx.kb
    fams = [f for f in kb.families.values() if any(ch.year == ctx.year for ch in f.changes)]
    changes = [f"{f.id}: {ch.text}" for f in fams for ch in f.changes if ch.year == ctx.year]
    ctx.source_ids += [ch.source for f in fams for ch in f.changes if ch.year == ctx.year]
    new = [c for c in kb.codes.values() if c.effective_year == ctx.year]
    return _finish(ctx, status="answered", intent="family", changes=changes, families=[f.id for f in fams],
                   codes=[facts.code_fact(kb, c, ctx.year) for c in new])


def answer_question(ctx: Context) -> Answer:
    """Route the question: the imported CMS files where they answer it, ICD-10-CM where it names one, else the
    remote-care intents, else a diagnosis search; the CMS files then add what they say beside the answer."""
    text = ctx.raw_text or ctx.q.text
    routed = cmsroute.route(ctx)
    if routed is None:
        routed = dxroute.route(ctx.q, text, ctx.kb)
    return cmsroute.after(ctx, routed if routed is not None else dxroute.fallback(text, ctx.kb, _remote_care(ctx)))


def _remote_care(ctx: Context) -> Answer:
    """Route the question to its intent's handler."""
    q, kb = ctx.q, ctx.kb
    m = find_matches(kb, q)
    # A well-formed code we do not hold is never answered around; near-code typos only when nothing else matched.
    if set(m.unknown) & set(q.codes) or (m.unknown and not m.codes):
        return _not_sure(ctx, q.intent if q.intent != "help" else "define", m.suggestions, m.unknown)
    from bot.engine import office  # modifiers, places of service, therapy units, visits by time (issue 12)

    if q.intent != "help" and (routed := office.route(ctx, m.codes)) is not None:
        return routed
    subjects = list(dict.fromkeys(m.codes + q.families))
    if q.intent == "help":
        return _finish(ctx, status="answered", intent="help", message=help_text(kb))
    if q.intent in ("pair", "compare") and len(subjects) >= 2:
        return (pair_answer if q.intent == "pair" else compare_answer)(ctx, subjects)
    if q.intent == "pair" and len(m.codes) == 1:
        return pair_answer(ctx, [m.codes[0], m.codes[0]])
    if q.intent == "bill":
        return bill_answer(ctx, m.codes)
    if m.codes:
        return define(ctx, _related_code(kb, q, m.codes[0]))
    if q.changes and not q.families:
        return all_changes(ctx)
    if q.intent == "family" and q.families:
        return family(ctx, q.families[0])
    return search_answer(ctx)
