"""When the imported CMS files answer: called by handlers.answer_question before the curated stages (route)
and after them (after). The code-set database is opened only for a question naming a CPT/HCPCS-shaped code or
a modifier, so other questions never touch it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.answer import Answer
from bot.engine.asking import ask_kind
from bot.engine.patterns import lazy

if TYPE_CHECKING:  # the answer modules load only when the imported files answer (a cold ask stays light)
    from bot.engine.cmsask import Asked
    from bot.engine.cmsfacts import CmsContext

_MODIFIER_HINT = lazy(r"\bmod(?:ifier)?s?\b|[0-9A-Za-z]{5}-[0-9A-Za-z]{2}\b", re.I)


def _nothing_imported() -> bool:
    """No code-set database yet (and none handed in): the cold ask about a code never loads the code-set package."""
    import sys

    from bot import paths

    if "bot.codesets" in sys.modules:
        return False
    try:
        return not (paths.data_dir() / paths.CODESETS_DB).exists()
    except (OSError, paths.DataDirError):
        return False  # the code-set package reports an unusable data directory in its own words


def _reader():
    if _nothing_imported():
        return None
    from bot.codesets import cms_tables as t
    from bot.codesets import default_cms, holds_release

    if not holds_release((t.HCPCS, t.PTP, t.MUE, t.PFS, t.GPCI, t.LOCALITY, t.CPT_DESCRIPTORS)):
        return None
    return default_cms()


def cms_reader():
    """The imported CMS files' reader, or None when none is loaded (the code-set package is not opened then)."""
    return _reader()


def _context(ctx) -> tuple[CmsContext, Asked] | None:
    raw = ctx.raw_text or ctx.q.text
    codes = list(dict.fromkeys(c.upper() for c in ctx.q.codes))
    if not codes and not (("-" in raw or "mod" in raw.lower()) and _MODIFIER_HINT().search(raw)):  # its cue words
        return None
    reader = _reader()
    if reader is None:
        return None
    from bot.engine import cmsfacts
    from bot.engine.cmsask import read

    return cmsfacts.context(ctx, reader), read(raw, codes, ctx.q.intent, ctx.q.minutes, ctx.q.days)


def _curated_fact(ctx, code: str):
    from bot.engine import facts

    return facts.code_fact(ctx.kb, ctx.kb.codes[code], ctx.year) if code in ctx.kb.codes else None


def route(ctx) -> Answer | None:
    """Answer from the imported files where the question calls for them; None to let the curated stages answer."""
    if ctx.q.intent == "family" and ctx.q.families and ctx.q.codes:
        return None  # "the rate table has X, Y and Z: aren't there more RTM codes?": the family's list, not X's fee
    found = _context(ctx)
    if found is None:
        return _mue_without_file(ctx)
    from bot.engine import fees, hcpcs, imported, mue, ncci

    cc, asked = found
    kb, codes = ctx.kb, asked.codes
    from bot.engine.cms_concepts import codeless_answer, concept_answer  # noqa: PLC0415
    from bot.engine.place_read import asks_place  # noqa: PLC0415

    if not codes:  # an unknown modifier's official meaning, else "can a modifier get past an MAI 2 MUE?": the rule
        return codeless_answer(ctx, cc, asked)
    first = codes[0]
    if asked.kind == "pay" and not (first in kb.codes and asks_place(ctx)):
        return fees.fee_answer(cc, asked, first, _curated_fact(ctx, first))
    from bot.engine.counted import counted_answer  # noqa: PLC0415  ("22 AKs frozen: which lesion codes?")
    from bot.engine.imported_units import imported_units_answer  # noqa: PLC0415

    if (by_count := counted_answer(ctx, codes)) is not None:
        return by_count
    if (dosed := imported_units_answer(cc, first)) is not None:  # "(a drug code only the file holds) 40 mg: units?"
        return dosed
    if asked.kind == "units":
        from bot.engine.quantity import quantity_answer  # noqa: PLC0415  ("100 strips: units?" before the MUE)

        if (counted := quantity_answer(ctx, codes)) is not None:
            return counted
        fact = _curated_fact(ctx, first) or imported.brief_fact(cc, first)
        if fact is None and len(codes) == 1:  # "(a code no file holds): MUE 4, MAI 1, any way to get the rest paid?"
            return concept_answer(ctx, first)
        return mue.units_answer(cc, first, fact) if fact else None
    if ctx.q.intent == "pair" and (told := _family_told(ctx, codes)) is not None:
        return told
    if asked.kind == "pair":
        from bot.engine.quantity import quantity_answer  # noqa: PLC0415  ("X with 40 mg of Y: how many Y units?")

        if (counted := quantity_answer(ctx, codes)) is not None:
            return counted
        if all(c in kb.codes for c in codes):
            return _curated_pair(ctx, cc, asked)
        claim = _claim_pair(ctx, asked)
        if claim is not None:
            return claim
        facts_of = {c: _curated_fact(ctx, c) or imported.brief_fact(cc, c) for c in codes}
        if any(f is None for f in facts_of.values()):
            return None  # a code no file holds: the curated stages say so (and after() says what to import)
        return ncci.pair_answer(cc, codes, facts_of)
    if not asked.says_hcpcs and not _says_diagnosis(cc) and not _named_beside(ctx, first):
        both = hcpcs.two_systems(cc, first, _icd_code(first))  # a curated code too: a bare code may be a dotless diagnosis
        if both is not None:
            return both
    if first in kb.codes:
        return None
    if _says_diagnosis(cc) and _icd_code(first) is not None:
        return None
    return imported.code_answer(cc, asked, first)


def _mue_without_file(ctx) -> Answer | None:
    """ "What is the MUE for X?" with no MUE file imported: the curated code answers, and after() says which file
    holds the figure (not the code's own repeat rule, which says nothing of the edit)."""
    from bot.engine.cmsask import asks_mue  # noqa: PLC0415
    from bot.engine.handlers import define  # noqa: PLC0415  (handlers imports this module)

    codes = [c.upper() for c in ctx.q.codes]
    if not codes and ask_kind(ctx.q) == "bill":
        return None  # "G0022 has an MUE of 2 ... how should the 120 minutes be billed?": the bill asked, the MUE beside
    if not codes:  # "can a modifier get past an MAI 2 MUE?", "the 2026 conversion factor?": the rule itself
        from bot.engine.cms_concepts import concept_answer  # noqa: PLC0415

        return concept_answer(ctx)
    told = ctx.q.intent == "bill" and (ctx.q.minutes is not None or ctx.q.days is not None)  # "an MUE of 2: bill 120 min?"
    if len(codes) != 1 or codes[0] not in ctx.kb.codes or not asks_mue(ctx.raw_text or ctx.q.text) or told:
        return None
    return define(ctx, codes[0])


def _curated_pair(ctx, cc: CmsContext, asked: Asked) -> Answer | None:
    """Curated codes asked as a pair: the curated rule answers (after() adds NCCI beside it). A pair question that
    names modifiers goes to the claim-level stages first (an add-on with modifier 25); one they answer with no
    verdict ("even with modifier 59, are they allowed?"), or a comparison asked as "can both be billed
    together?", gets the pair rule with the NCCI verdict beside it."""
    from bot.engine import ncci, office  # noqa: PLC0415  (office imports handlers, which imports this module)
    from bot.engine.pair_handler import pair_answer

    if ctx.q.intent == "pair" and not asked.modifiers:
        return None
    if ctx.q.intent == "pair":
        claim = office.route(ctx, asked.codes)
        if claim is not None and (claim.pair is not None or _asks_back(claim)):
            return claim
    elif not (ctx.q.intent == "compare" and asked.strong_pair) or ask_kind(ctx.q) == "compare":
        return None  # "what's the difference between A and B? ... both ...": the difference is asked, not the pair
    else:  # "which one gets the 59, A or B?": the claim-level answer (with the modifier) gets NCCI beside it
        claim = office.route(ctx, asked.codes)
        if claim is not None and claim.pair is not None:
            return ncci.beside(cc, claim)
    return ncci.beside(cc, pair_answer(ctx, asked.codes))


def _family_told(ctx, codes: list[str]) -> Answer | None:
    """A code only the imports hold, its curated family told in words ("injected her knee"): the family rule answers
    when the case rules the pair out ("nothing new") or no second code is named for the NCCI edits to pair."""
    from bot.engine import modifier_pairs  # noqa: PLC0415  (it imports handlers, which imports this module)
    from bot.engine.office_read import read_claim_terms  # noqa: PLC0415

    curated = [c for c in codes if c in ctx.kb.codes]
    answer = modifier_pairs.family_stands_in(ctx, curated, read_claim_terms(ctx.q.text, ctx.kb, ctx.raw_text))
    if answer is None or answer.pair is None or (answer.pair.allowed is not False and len(codes) >= 2):
        return None
    return answer


def _claim_pair(ctx, asked: Asked) -> Answer | None:
    """A curated add-on asked about with modifiers beside a code only the imports hold (the visit-complexity add-on
    on a modifier-25 visit with a joint injection): the claim-level rules answer for the curated codes and the
    services named in words."""
    from bot.engine import office  # noqa: PLC0415  (office imports handlers, which imports this module)

    curated = [c for c in asked.codes if c in ctx.kb.codes]
    if not asked.modifiers or not any(ctx.kb.codes[c].add_on_to for c in curated):
        return None
    claim = office.route(ctx, curated)
    return claim if claim is not None and (claim.pair is not None or _asks_back(claim)) else None


def _asks_back(claim: Answer) -> bool:
    """A pair question the claim's rule turns on a fact the case does not tell: its question back stands."""
    return claim.status == "clarify" and claim.intent == "pair"


def _named_beside(ctx, code: str) -> bool:
    """Whether the question also names the curated code by one of its own words (a drug code beside its drug name)."""
    held = ctx.kb.codes.get(code)
    text = (ctx.raw_text or ctx.q.text).lower()
    return held is not None and any(re.search(rf"\b{re.escape(a.lower())}\b", text) for a in held.aliases)


def _says_diagnosis(cc: CmsContext) -> bool:
    from bot.engine.dxroute import is_about_diagnosis

    return is_about_diagnosis(getattr(cc.ctx, "raw_text", "") or cc.ctx.q.text)


def _icd_code(token: str):
    """The ICD-10-CM code a bare token spells without its dot, if the loaded tabular has it."""
    if not token[:1].isalpha():
        return None
    from bot.codesets import CodeSetsUnavailable, default_codesets
    from bot.engine.dxfacts import today

    try:
        reader = default_codesets()
        rel = reader.release(today())
        return reader.code(rel.id, token) if rel else None
    except CodeSetsUnavailable:
        return None


def after(ctx, answer: Answer) -> Answer:
    """The curated answer, with the NCCI verdict beside a pair rule and what to import beside an unknown code."""
    from bot.engine.story_claim import with_story_claim  # noqa: PLC0415  (a told visit day's claim beside the verdict)

    answer = with_story_claim(ctx, answer)
    if answer.diagnosis is not None:
        return _hcpcs_twin(ctx, answer)
    if answer.cms is not None:
        return answer
    pair = answer.pair
    if answer.intent == "pair" and pair and all(s in ctx.kb.codes for s in (pair.left, pair.right)):
        found = _context(ctx)
        if found is None:
            return answer
        from bot.engine import ncci

        return ncci.beside(found[0], answer)
    if answer.status in ("unknown", "did_you_mean"):
        return _with_import_advice(ctx, answer)
    if answer.status == "answered" and answer.intent in ("define", "bill") and ctx.q.codes:
        return _missing_file_caveat(ctx, answer)
    return answer


def _missing_file_caveat(ctx, answer: Answer) -> Answer:
    """ "MUE for X" or "what does X pay" answered from the curated knowledge while the CMS file that holds the
    figure is not imported: say which file gives it (the curated answer stays)."""
    import dataclasses

    from bot.engine.cmsask import asked_kind

    kind = asked_kind(ctx.raw_text or ctx.q.text, [c.upper() for c in ctx.q.codes], ctx.q.intent, ctx.q.minutes,
                      ctx.q.days)
    if kind not in ("units", "pay"):
        return answer  # the code-set package loads only for a figure one of its files holds
    from bot.codesets import cms_tables as t
    from bot.engine import cmsfacts

    wanted = {"units": [t.MUE], "pay": [t.PFS]}[kind]  # the RVU zip holds the GPCI and locality files too
    reader = _reader()
    loaded = reader.loaded_codesets() if reader else set()
    missing = [c for c in wanted if c not in loaded]
    if not missing:
        return answer
    what = "the units a day allows (the MUE)" if kind == "units" else "what the code pays by locality"
    advice = cmsfacts.import_advice(ctx.kb, missing)
    caveat = f"For {what}, {advice[:1].lower()}{advice[1:]}"
    return dataclasses.replace(answer, caveats=[*answer.caveats, caveat])


def _hcpcs_twin(ctx, answer: Answer) -> Answer:
    """A diagnosis read from a bare token that is also a HCPCS code the imported file holds: say so (the
    diagnosis answer's caveat can only say that the curated knowledge has no such HCPCS code)."""
    import dataclasses

    twins = [c for c in answer.caveats if "also has the shape of a HCPCS Level II code" in c]
    found = _context(ctx) if twins else None
    if found is None:
        return answer
    from bot.engine import hcpcs

    cc, caveats = found[0], []
    for caveat in answer.caveats:
        token = caveat.split(" ", 1)[0]
        fact = hcpcs.hcpcs_fact(cc, token) if caveat in twins else None
        caveats.append(caveat if fact is None else f"{token} is also HCPCS Level II {token} ({fact.short}, "
                                                   f"{fact.release}); this answer reads it as ICD-10-CM "
                                                   f"{answer.diagnosis.code}. Ask \"HCPCS {token}\" for the other.")
    return dataclasses.replace(answer, caveats=caveats)


def _with_import_advice(ctx, answer: Answer) -> Answer:
    """An unknown well-formed code: say which CMS files would answer it (the ones not imported yet)."""
    import dataclasses

    unknown = [c.upper() for c in ctx.q.codes if c.upper() not in ctx.kb.codes]
    if not unknown:
        return answer
    from bot.codesets import cms_tables as t
    from bot.engine import cmsfacts

    reader = _reader()
    loaded = reader.loaded_codesets() if reader else set()
    own = t.HCPCS if unknown[0][:1].isalpha() else t.CPT_DESCRIPTORS  # the file that holds the code itself
    missing = [c for c in [own, t.PFS, t.PTP, t.MUE] if c not in loaded]
    if not missing:
        return answer
    if own == t.HCPCS and own in missing and answer.intent == "define":  # "what is it?": that file first, others after
        rest = [c for c in missing if c != own]
        lower = lambda text: text[:1].lower() + text[1:]  # noqa: E731
        advice = f"To answer what {unknown[0]} is, {lower(cmsfacts.import_advice(ctx.kb, [own]))}"
        advice += f" For its payment, NCCI pairs and units, also {lower(cmsfacts.import_advice(ctx.kb, rest))}" \
            if rest else ""
    else:
        advice = cmsfacts.import_advice(ctx.kb, missing)
    return dataclasses.replace(answer, message=f"{answer.message} {advice}".strip())
