"""A POS named as what someone bills ("billing still sends POS 11") beside a setting that points elsewhere ("the
hospital's provider-based department across town"): the question checks the named POS, so the setting answers it."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from bot.engine.place_read import read_setting

if TYPE_CHECKING:
    from bot.answer import Answer
    from bot.engine.handlers import Context
    from bot.engine.office_read import ClaimTerms


def described_instead(ctx: Context, terms: ClaimTerms, low: str) -> ClaimTerms | None:
    """The claim terms with the described POS in place of the one named, when the named one has no setting word of its
    own in the story (or one outweighed twice over) and one other POS fits it best; else None (the named POS is the
    subject)."""
    if len(terms.places) == 2:  # "POS 31 or 32?" (a longer list asks how the codes differ)
        return _offered_one(ctx, terms, low)
    if len(terms.places) != 1:
        return None
    named = terms.places[0]
    setting = read_setting(low, ctx.kb)
    best = setting.best
    if best is None or best == named or 2 * setting.scores.get(named, 0) > setting.scores[best]:
        return None  # the named POS's own setting word ("clinic") is outweighed only by a much stronger one
    said = ", ".join(setting.because.get(best, []))
    ctx.notes.append(f"Read as: POS {named} is the code named on the claim; the setting described ({said}) is "
                     f"POS {best}, so that is the place of service to report, not {named}.")
    return dataclasses.replace(terms, places=[best])


def _offered_one(ctx: Context, terms: ClaimTerms, low: str) -> ClaimTerms | None:
    """ "POS 31 or 32?" beside a story whose setting points to one of them: that one comes first, the other beside it."""
    from bot.engine.claim_place_rule import claim_ruled_codes  # noqa: PLC0415

    setting = read_setting(low, ctx.kb)
    best = setting.best
    if best is None or best not in terms.places or claim_ruled_codes(ctx, ctx.q.codes):
        return None  # "POS 13 or 11 on 99490?": the code's family rule picks the place, not the patient's setting
    said = ", ".join(setting.because.get(best, []))
    ctx.notes.append(f"Read as: of POS {' and '.join(terms.places)}, the setting described ({said}) is POS {best}.")
    return dataclasses.replace(terms, places=[best, *(p for p in terms.places if p != best)])


def telehealth_place_clarify(ctx: Context, terms: ClaimTerms) -> Answer | None:
    """"What POS for a Medicare telehealth visit?" with no word of where the patient was: the telehealth POS codes
    differ by that alone (home or elsewhere), so the answer asks it, one choice per telehealth place."""
    from bot.answer import Choice  # noqa: PLC0415
    from bot.engine.handlers import finish  # noqa: PLC0415
    from bot.engine.office_read import raw_lower  # noqa: PLC0415

    setting = read_setting(raw_lower(ctx), ctx.kb)
    tele = [p for p in ctx.kb.places.values() if p.telehealth and p.status == "active"]
    if not terms.asks_place or terms.places or not setting.telehealth or setting.places or len(tele) < 2:
        return None
    original = ctx.q.original.rstrip()
    # each choice tells the place by the POS's own first setting word, so asking it again reads that POS
    choices = [Choice(label=f"POS {p.code}: {p.title}", question=f"{original} The patient was at {p.cues[0]}."
                      if p.cues else f"{original} {p.title}.") for p in tele]
    return finish(ctx, status="clarify", intent="search", choices=choices, families=["POS"],
                  message="Where was the patient during the telehealth visit? The place of service depends on it.")
