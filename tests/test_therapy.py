"""Timed therapy units: the engine against the CMS worked examples (Medicare Claims Processing Manual, chapter 5,
section 20.2, examples 1-5 and the unit table), against an independent implementation over a generated grid, and
the answers to phrasing variants in every channel."""

from __future__ import annotations

import itertools
import random

import pytest

from bot.core import ask
from bot.engine.units import Service, allocate_each, allocate_total, units_for
from bot.render import render_answer

UNIT, FIRST = 15, 8  # what knowledge/families/therapy.yaml holds; the tests read it below too


def _cms_table_units(minutes: int) -> int:
    """The CMS table written out as rows (8-22 -> 1, 23-37 -> 2, ... 113-127 -> 8), "the pattern remains the same"."""
    rows = {1: (8, 22), 2: (23, 37), 3: (38, 52), 4: (53, 67), 5: (68, 82), 6: (83, 97), 7: (98, 112), 8: (113, 127)}
    for units, (low, high) in rows.items():
        if low <= minutes <= high:
            return units
    return 0 if minutes < 8 else 8 + (minutes - 113) // 15


def _greedy(minutes: list[int]) -> list[int]:
    """Independent reading of 20.2: hand out the day's units one at a time to the service with the most minutes
    still unbilled (each unit uses 15 of them), ties to the service named first."""
    left, units = list(minutes), [0] * len(minutes)
    for _ in range(_cms_table_units(sum(minutes))):
        best = max(range(len(left)), key=lambda i: (left[i], -i))
        units[best] += 1
        left[best] -= 15
    return units


def _lines(alloc) -> dict[str, int]:
    return dict(alloc.lines)


def test_unit_rule_is_the_knowledge_data(kb):
    rule = kb.families["THERAPY"].unit_rule
    assert (UNIT, FIRST) == (rule.unit_minutes, rule.first_unit_minutes)


@pytest.mark.parametrize("minutes,units", [(7, 0), (8, 1), (22, 1), (23, 2), (37, 2), (38, 3), (52, 3), (53, 4),
                                           (67, 4), (68, 5), (82, 5), (83, 6), (97, 6), (98, 7), (112, 7), (113, 8),
                                           (127, 8), (128, 9)])
def test_cms_unit_table_is_computed_not_listed(minutes, units):
    assert units == units_for(minutes, UNIT, FIRST) == _cms_table_units(minutes)


@pytest.mark.parametrize("services,expected", [
    # Example 1: 24 min 97112 + 23 min 97110 = 47 -> 3 units, more to the longer service
    ([("97112", 24), ("97110", 23)], {"97112": 2, "97110": 1}),
    # Example 3: 33 min 97110 + 7 min 97140 = 40 -> 3 units; the 7 minutes beat 97110's 3 left over
    ([("97110", 33), ("97140", 7)], {"97110": 2, "97140": 1}),
    # Example 4: 18 + 13 + 10 + 8 = 49 -> 3 units: 97110, 97140, 97116; ultrasound 97035 gets none
    ([("97110", 18), ("97140", 13), ("97116", 10), ("97035", 8)], {"97110": 1, "97140": 1, "97116": 1}),
])
def test_cms_worked_examples(services, expected):
    alloc = allocate_total([Service(c, m, True) for c, m in services], UNIT, FIRST)
    assert expected == _lines(alloc)


def test_cms_example_2_equal_times_give_either_code_the_extra_unit():
    alloc = allocate_total([Service("97112", 20, True), Service("97110", 20, True)], UNIT, FIRST)
    assert 3 == alloc.timed_units and sorted(_lines(alloc).values()) == [1, 2]
    assert any("tie" in t for t in alloc.trace)


def test_cms_example_5_three_short_services_make_one_unit():
    alloc = allocate_total([Service(c, 7, True) for c in ("97112", "97110", "97140")], UNIT, FIRST)
    assert 1 == alloc.timed_units == sum(_lines(alloc).values())
    assert 14 == alloc.unbilled_minutes


def test_example_4_names_the_minutes_that_earn_nothing():
    alloc = allocate_total([Service("97110", 18, True), Service("97140", 13, True), Service("97116", 10, True),
                            Service("97035", 8, True)], UNIT, FIRST)
    assert {"97035": 8} == alloc.unbilled


def test_untimed_codes_are_one_unit_and_add_no_minutes():
    alloc = allocate_total([Service("97161", None, False), Service("97110", 20, True)], UNIT, FIRST)
    assert {"97161": 1, "97110": 1} == _lines(alloc) and 20 == alloc.timed_minutes


def _grid():
    rng = random.Random(12)
    yield from ([m] for m in range(1, 121))
    yield from ([a, b] for a, b in itertools.product(range(1, 121, 3), repeat=2))
    yield from ([a, b, c] for a, b, c in itertools.product(range(1, 121, 13), repeat=3))
    yield from ([rng.randint(1, 120) for _ in range(4)] for _ in range(3000))


def test_allocation_matches_an_independent_implementation_on_a_grid():
    mismatches = []
    for minutes in _grid():
        codes = [f"C{i}" for i in range(len(minutes))]
        alloc = allocate_total([Service(c, m, True) for c, m in zip(codes, minutes)], UNIT, FIRST)
        got = [_lines(alloc).get(c, 0) for c in codes]
        if got != _greedy(minutes) or sum(got) != _cms_table_units(sum(minutes)):
            mismatches.append((minutes, got, _greedy(minutes)))
    assert [] == mismatches[:5]


def test_per_code_reading_counts_each_code_alone():
    for minutes in ([33, 7], [7, 7, 7], [24, 23], [50, 10, 7, 1]):
        alloc = allocate_each([Service(f"C{i}", m, True) for i, m in enumerate(minutes)], UNIT, FIRST)
        assert [_lines(alloc).get(f"C{i}", 0) for i in range(len(minutes))] == [_cms_table_units(m) for m in minutes]


@pytest.mark.parametrize("question", [
    "33 minutes 97110 and 7 minutes 97140, how many units",
    "Medicare patient: 33 minutes of therapeutic exercise 97110 and 7 minutes of manual therapy 97140. How many units of each?",
    "97110 x 33 min, 97140 x 7 min",
    "97110 33 min + 97140 7 min units?",
    "33 min ther ex and 7 min manual therapy - units?",
    "how do I bill 97110 for 33 minutes and 97140 for 7",
    "<@U0BOT> pt had 33 mins of therapeutic exercise + 7 mins manual therapy today, units??",
    "Hi team,\n\nQuick one: 33 minutes of 97110 and 7 minutes of 97140 for a Medicare patient. How many units?\n\nThanks,\nMaria\n--\nBilling",
])
def test_units_question_variants(kb, question):
    a = ask(question, kb=kb)
    assert ("answered", "bill") == (a.status, a.intent)
    assert {"97110": 2, "97140": 1} == {l.code: l.units for l in a.billing.lines}
    assert a.billing.trace and any(s.official for s in a.sources)
    assert any("per code" in c for c in a.caveats)  # the other reading is shown


def test_four_services_answer_names_the_unbilled_minutes(kb):
    a = ask("18 min 97110, 13 min 97140, 10 min gait training and 8 min ultrasound: how many units?", kb=kb)
    assert {"97110": 1, "97140": 1, "97116": 1} == {l.code: l.units for l in a.billing.lines}
    assert 8 == a.billing.unbilled_minutes


def test_evaluation_plus_timed_treatment(kb):
    a = ask("PT eval 97161 and 20 minutes of 97110, what do we bill?", kb=kb)
    assert {"97161": 1, "97110": 1} == {l.code: l.units for l in a.billing.lines}


def test_timed_code_define_answer_has_a_units_example(kb):
    a = ask("what is 97530", kb=kb)
    assert a.status == "answered" and a.codes[0].code == "97530"
    assert a.billing is not None and a.billing.example and a.billing.lines[0].units == 2
    assert any("Timed" in r for r in a.codes[0].rules)


def test_untimed_code_says_one_unit(kb):
    a = ask("what is 97150", kb=kb)
    assert any("Untimed" in r for r in a.codes[0].rules)


def test_re_evaluation_denied_co_236_answers_the_ncci_pair(kb):
    a = ask("Medicare denial received, paid all CPT except the re-eval. We billed 97164, 97112, 97530, 97535 and "
            "they denied 97164 with CO 236. How do we correct it?", kb=kb)
    assert a.status == "answered" and a.pair is not None and {a.pair.left, a.pair.right} == {"97164", "97530"}
    assert "59" in a.pair.reason and a.caveats


def test_manual_therapy_with_therapeutic_activities(kb):
    a = ask("can I bill 97140 with 97530?", kb=kb)
    assert a.pair.allowed is True and "separate" in a.pair.reason and "59" in a.pair.reason


@pytest.mark.parametrize("channel", ["cli", "slack", "email"])
def test_units_answer_renders_in_every_channel(kb, channel):
    out = render_answer(ask("33 min 97110 and 7 min 97140, how many units", kb=kb), channel)
    assert "97110" in out.text and "x2" in out.text and "97140" in out.text
    assert "clm104c05" in out.text or (out.html and "clm104c05" in out.html)


def test_units_quiz_questions_are_keyed_by_the_engine_and_answered_alike(kb):
    from bot.quiz import make_quiz

    seen = 0
    for seed in range(6):
        for q in make_quiz(kb, "THERAPY", n=12, seed=seed).questions:
            if q.kind != "units":
                continue
            seen += 1
            services = [Service(c, m, True) for c, m in q.facts["minutes"].items()]
            key = tuple(allocate_total(services, UNIT, FIRST).lines)
            assert key == q.values[q.key]
            a = ask(q.prompt, kb=kb)
            assert key == tuple((l.code, l.units) for l in a.billing.lines), q.prompt
    assert seen >= 3
