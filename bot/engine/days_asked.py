"""A day-counted code asked for one patient's period with no count of days with readings ("can we bill the device
code for him this period? he has had the monitor since the 3rd"): the code that applies depends on that count, so the
answer asks it, with the code each band of days bills, instead of a worked example that reads as the patient's case."""

from __future__ import annotations

from bot.answer import Answer, Choice
from bot.engine import facts
from bot.engine.handlers import Context, finish
from bot.engine.phrases import PhraseSet, tokens
from bot.kb.records import Code


def _asked_to_bill(ctx: Context, code: Code) -> bool:
    """Whether a billing ask (vocabulary bill_asked_of_code) stands right before the code ("can I bill <code>")."""
    words = [w.lstrip("+") for w in tokens(ctx.q.text.lower())]
    cues = PhraseSet(ctx.kb.vocabulary.get("bill_asked_of_code") or [])
    return any(i + len(tokens(p)) < len(words) and words[i + len(tokens(p))] == code.code.lower()
               for i, p in cues.find(words))


def _patient_story(ctx: Context) -> bool:
    """Whether the question tells one patient's case: an event, minutes or days, or a device held since a day."""
    sc = ctx.q.scenario
    told = sc is not None and bool(sc.of("event") or sc.of("minutes") or sc.of("days"))
    return told or bool(PhraseSet(ctx.kb.vocabulary.get("device_held_since") or []).find(list(tokens(ctx.q.text.lower()))))


def _bands(ctx: Context, code: Code) -> list[tuple[int, int | None, Code]]:
    """The day-counted codes of the code's own track, each with its band of data days, highest first."""
    kb = ctx.kb
    track = kb.track_by_code.get(code.code)
    held = [kb.codes[c] for c in (track.codes if track else ()) if c in kb.codes and kb.exists_in(kb.codes[c], ctx.year)]
    rules = [(kb.rule_for(c, ctx.year), c) for c in held]
    return sorted(((r.min_days, r.max_days, c) for r, c in rules if r.basis == "days" and r.min_days), key=lambda b: -b[0])


def days_clarify(ctx: Context, code: Code) -> Answer | None:
    """Ask how many days had readings when a day-counted code is asked to be billed for a patient's period and no
    count of days with data is told; None otherwise."""
    q = ctx.q
    if ctx.kb.rule_for(code, ctx.year).basis != "days" or q.days is not None or \
            (q.scenario is not None and q.scenario.of("days", "data")):
        return None
    bands = _bands(ctx, code)
    if len(bands) < 2 or not _asked_to_bill(ctx, code) or not _patient_story(ctx):
        return None
    choices = [Choice(label=f"{lo}-{hi} days with readings ({c.code})" if hi else f"{lo} or more days ({c.code})",
                      question=f"{q.original.rstrip()} Readings came in on {lo} days.") for lo, hi, c in bands]
    lowest = bands[-1][0]
    choices.append(Choice(label=f"fewer than {lowest} days (no device code)",
                          question=f"{q.original.rstrip()} Readings came in on {lowest - 1} day."))
    return finish(ctx, status="clarify", intent="bill", families=[code.family], choices=choices,
                  message=f"How many days of the period did the device send readings? Having the device is not enough: "
                          f"{code.code} depends on the days with data.",
                  codes=[facts.code_fact(ctx.kb, code, ctx.year)], family_info=[facts.family_info(ctx.kb, code.family)])
