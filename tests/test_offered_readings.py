"""What the asker offers is weighed against what the question tells: a code or program offered as a guess ("do we
bill X, or is there a Y version?", "is that RPM?"), a code asked with its meaning ("what is X and what base code?"),
and time told as "for over an hour"."""

from __future__ import annotations

from bot.core import ask, vocabulary
from bot.engine.clean import clean_text
from bot.engine.parse import parse_question


def _lines(answer) -> dict[str, int]:
    return {line.code: line.units for line in answer.billing.lines} if answer.billing else {}


def test_a_standalone_code_offered_beside_another_version_asked_is_a_bill_of_the_case(kb):
    a = ask("Dr. Vance bills G0557 for Ms. Ortiz each month. October is her first month in our collaborative care "
            "program (care manager, psychiatric consultant, registry), 45 minutes of care manager time. Should we "
            "report 99492, or is there an APCM code we should use instead?", kb=kb)
    assert ("answered", "bill", {"G0557": 1, "G0568": 1}) == (a.status, a.intent, _lines(a))


def test_a_code_asked_with_its_meaning_and_its_base_is_defined_itself(kb):
    a = ask("What is 99439 and what base code does it go on top of?", kb=kb)
    assert ("answered", "define", "99439") == (a.status, a.intent, a.codes[0].code)
    assert "99490" in [c.code for c in a.companions if c.relation == "add_on_to"]


def test_the_base_code_asked_alone_is_still_the_base(kb):
    a = ask("Which is the base code for 99439?", kb=kb)
    assert ("answered", "99490") == (a.status, a.codes[0].code)


def test_a_code_asked_with_its_meaning_beside_a_pair_keeps_its_companions(kb):
    a = ask("What is 99458, and can it be stacked on 99470 once the month runs past 20 minutes?", kb=kb)
    assert ("answered", "pair", "99458") == (a.status, a.intent, a.codes[0].code)
    assert "99457" in [c.code for c in a.companions if c.relation == "add_on_to"]


def test_a_wellness_line_beside_a_pair_leaves_the_asked_code_first(kb):
    a = ask("We put G0506 on his AWV last year when CCM started. He is due for his AWV again next month. Can we bill "
            "G0506 again?", kb=kb)
    assert ("answered", "pair", "G0506") == (a.status, a.intent, a.codes[0].code)
    assert {"G0439": 1} == _lines(a)


def test_a_program_offered_in_the_asking_sentence_yields_to_the_device_told(kb):
    a = ask("Her CPAP usage data uploads every night, 22 days this 30-day period, no vitals. Does that count as RPM?", kb=kb)
    assert ("answered", "bill", {"98976": 1}) == (a.status, a.intent, _lines(a))


def test_a_program_stated_in_the_story_is_not_doubted_by_a_generic_cue(kb):
    a = ask("Asthma pt, smart inhaler (RTM, respiratory), readings on 9 days of the 30-day period. Which device code?", kb=kb)
    assert ("answered", {"98984": 1}) == (a.status, _lines(a))


def test_time_told_as_for_over_an_hour_is_time_spent(kb):
    q = parse_question(clean_text("The navigator worked with her for over an hour this month. What do we bill?"),
                       vocabulary(kb))
    assert [(60, "spent")] == [(f.value, f.role) for f in q.scenario.of("minutes")]


def test_a_mistyped_code_offered_as_the_answer_keeps_its_own_near_miss_among_the_choices(kb):
    a = ask("Our billing wiki says therapists report 97970-97972 for patient portal threads. The PT answered one "
            "patient's messages for 13 minutes this week - so 97971?", kb=kb)
    assert a.status == "did_you_mean"
    assert {"98970", "98971"} <= {s.code for s in a.suggestions}
