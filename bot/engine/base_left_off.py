"""An add-on asked for a month whose base program the question leaves off ("can we bill the APCM behavioral-health
add-on for a patient NOT enrolled in APCM?"): the add-on sits only on its base codes, so it is not billed
(vocabulary program_left_off); likewise when its base code itself is said not billed ("not billing the base code")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.answer import PairVerdict
from bot.engine import facts
from bot.engine.handlers import finish
from bot.engine.phrases import PhraseSet, tokens
from bot.engine.subject_denied import denied_billing

if TYPE_CHECKING:
    from bot.answer import Answer
    from bot.engine.handlers import Context
    from bot.kb.store import KnowledgeBase

_FILLERS = {"our", "the", "a", "an", "any", "their", "her", "his", "its", "your"}
_BASE_WORDS = {"base", "primary", "code", "codes"}


def left_off_families(kb: KnowledgeBase, text: str, codes: tuple[str, ...] = ()) -> set[str]:
    """Families the text names right after a program_left_off cue ("not enrolled in our APCM program") or a billing
    verb whose subject is negated ("no one here bills CCM"), and of
    `codes`, those named right after one ("we don't bill the base code for him")."""
    cached = kb.cache.get("program_left_off")
    if cached is None:
        names = {a.lower(): t for a, (kind, t) in kb.aliases.items() if kind == "family"}
        cached = kb.cache.setdefault("program_left_off", (PhraseSet(kb.vocabulary.get("program_left_off", [])),
                                                          PhraseSet(names), names))
        cached = kb.cache["program_left_off"]
    cues, family_names, names = cached
    words = list(tokens(text.lower()))
    named = {c.lower(): c for c in codes}
    found = set()
    for i, k in [(i, i + len(tokens(cue))) for i, cue in cues.find(words)] + denied_billing(kb.vocabulary, words):
        while k < len(words) and words[k] in _FILLERS:
            k += 1
        while k < len(words) and words[k] in _BASE_WORDS:  # "not billing the base code for her"
            k += 1
        if k < len(words) and words[k].lstrip("+") in named:
            found.add(named[words[k].lstrip("+")])
            continue
        hit = next(((j, p) for j, p in family_names.find(words[k:k + 6]) if j == 0), None)
        if hit is not None:
            found.add(names[hit[1].lower()])
    return found


def base_left_off_answer(ctx: Context, subjects: list[str]) -> Answer | None:
    """The add-ons asked (by code, or by the family's add-on ladder when the question says add-on) whose base codes
    all belong to a family the question leaves off: not billed, with the add-on rule as the reason."""
    kb, q = ctx.kb, ctx.q
    if q.minutes is not None or q.days is not None:
        return None  # "not on APCM; general BHI, 25 minutes: 99484 or G0570?": the figures bill the other service
    left = left_off_families(kb, q.text, tuple(q.codes))
    if not left:
        return None
    add_ons = [kb.codes[c] for c in q.codes if c in kb.codes and kb.codes[c].add_on_to]
    if not add_ons and "add_on" in q.roles:
        families = dict.fromkeys(kb.codes[s].family if s in kb.codes else s for s in subjects)
        add_ons = [kb.codes[c] for f in families for t in kb.family_tracks(f) if t.role == "add_on" and f in left
                   for c in t.codes if c in kb.codes and kb.codes[c].add_on_to]
    add_ons = [c for c in add_ons if c.code not in left and (set(c.add_on_to) <= left or
               {kb.codes[b].family for b in c.add_on_to if b in kb.codes} <= left)]
    if not add_ons:
        return None
    family = kb.codes[add_ons[0].add_on_to[0]].family
    said = ", ".join(b for c in add_ons for b in c.add_on_to if b in left) if family not in left else ""
    said = said or f"the patient's {family}"
    if q.scenario is not None:  # the base codes said not billed are read: they are why the add-on is not
        q.scenario.use(*(f for f in q.scenario.of("code") if f.value in left))
    names = ", ".join(dict.fromkeys(c.code for c in add_ons))
    bases = ", ".join(dict.fromkeys(b for c in add_ons for b in c.add_on_to))
    reason = (f"{names} {'is an add-on' if len(add_ons) == 1 else 'are add-ons'}: reported only beside {bases} by the "
              f"same practitioner for the same period. The question says {said} is not billed, so "
              f"there is no base code for the add-on to sit on; bill the service the patient does get on its own codes.")
    sources = list(dict.fromkeys(c.rule.source for c in add_ons))
    verdict = PairVerdict(names, family, False, "same calendar month", reason, sources,
                          about=f"{names} without a {family} base code")
    return finish(ctx, status="answered", intent="pair", pair=verdict, families=[family],
                  codes=[facts.code_fact(kb, c, ctx.year) for c in add_ons],
                  family_info=[facts.family_info(kb, family)])
