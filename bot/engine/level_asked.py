"""A visit level named and asked whether the story supports it ("is (level 5) supportable? 15 diagnoses, routine
follow-up") when neither the time nor two MDM elements can be read: ask which MDM level (or time) is documented
rather than show the named level's worked example as if it were supported."""

from __future__ import annotations

from bot.answer import Answer, Choice
from bot.engine import facts
from bot.engine.handlers import Context, finish


def _unread(ctx: Context) -> bool:
    """MDM asked about with no level named, and neither the time nor two MDM elements readable."""
    from bot.engine.emtime import typed, visit_minutes  # noqa: PLC0415
    from bot.engine.mdm_read import read_mdm_story  # noqa: PLC0415
    from bot.engine.visit_time import mdm_asked  # noqa: PLC0415

    low = typed(ctx)
    return mdm_asked(ctx.kb, low) and visit_minutes(ctx) is None and read_mdm_story(ctx.kb, low) is None


def unread_family_level(ctx: Context, family: str) -> Answer | None:
    """"What E/M level does that support?" after a story neither time nor two MDM elements can be read from: ask
    the documented MDM level rather than list the family's codes; None otherwise."""
    kb = ctx.kb
    if not any(t.basis == "minutes" and t.role == "visit" for t in kb.family_tracks(family)) or not _unread(ctx):
        return None
    levels = [str(x) for x in kb.meta.get("mdm_levels", [])]
    choices = [Choice(label=f"{lv} MDM", question=f"{ctx.q.original.rstrip()} MDM was {lv}.") for lv in levels]
    message = ("The visit level follows the documented medical decision making (two of problems addressed, data, "
               "and risk of the management) or the practitioner's total time on the date, and the story told does "
               "not place two of those elements. Which MDM level does the note support (or how many minutes "
               "were documented)?")
    return finish(ctx, status="clarify", intent="bill", families=[family], choices=choices, message=message,
                  family_info=[facts.family_info(kb, family)])


def unread_level(ctx: Context, code: str) -> Answer | None:
    """A clarify asking the documented MDM level for a visit code asked about by its story; None otherwise."""
    from bot.engine.emtime import typed, visit_minutes  # noqa: PLC0415
    from bot.engine.mdm_read import read_mdm_story  # noqa: PLC0415
    from bot.engine.visit_time import mdm_asked  # noqa: PLC0415

    kb, low = ctx.kb, typed(ctx)
    track = kb.track_by_code.get(code)
    if track is None or track.basis != "minutes" or track.role != "visit" or not mdm_asked(kb, low):
        return None  # not a timed visit code, or MDM not asked about, or a level named beside it
    if visit_minutes(ctx) is not None or read_mdm_story(kb, low) is not None:
        return None
    levels = [str(x) for x in kb.meta.get("mdm_levels", [])]
    choices = [Choice(label=f"{lv} MDM", question=f"{ctx.q.original.rstrip()} MDM was {lv}.") for lv in levels]
    message = (f"Whether {code} is supported depends on the documented medical decision making (two of problems "
               "addressed, data, and risk of the management) or the practitioner's total time on the date; the "
               "number of diagnoses or medications alone does not set the level. Which MDM level does the note "
               "support (or how many minutes were documented)?")
    c = kb.codes[code]
    return finish(ctx, status="clarify", intent="bill", families=[c.family], choices=choices, message=message,
                  codes=[facts.code_fact(kb, c, ctx.year)], family_info=[facts.family_info(kb, c.family)])
