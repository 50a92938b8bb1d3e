"""The hostile-input corpus: cleaning is linear, so no input up to the size limit stalls a channel (issue 15.2)."""

from __future__ import annotations

import time

import pytest

from bot.engine.clean import Rejected, clean_text
from hostile.corpus import cases

CASES = list(cases())
LOOSE_SECONDS = 1.0  # a CI machine may be slow and busy; bench/ reports the precise worst case (target 50 ms)


def _timed_clean(text: str) -> float:
    started = time.perf_counter()
    try:
        clean_text(text)
    except Rejected:
        pass
    return time.perf_counter() - started


@pytest.mark.parametrize("name, text", CASES, ids=[name for name, _ in CASES])
def test_cleaning_a_hostile_input_is_fast(name, text):
    assert _timed_clean(text) < LOOSE_SECONDS


def test_cleaning_time_grows_linearly_with_the_link_openers():
    # best of five: a busy machine stalls single runs; a quadratic cleaner is a hundred times slower in every run
    # (below ~10,000 openers the text still fits the CPU caches and runs faster per character, so start there)
    small = min(_timed_clean("<http:" * 10_000) for _ in range(5))
    large = min(_timed_clean("<http:" * 30_000) for _ in range(5))
    assert large < 6 * max(small, 1e-4)  # three times the input: quadratic would be nine times the time


@pytest.mark.parametrize("raw, expected", [
    ("what is 98981?\rThanks,\rDana", "what is 98981?"),  # CR-only line ends are line ends
    ("<http:what is 98981", "<http:what is 98981"),
    ("see <https://a.b/c|the page> and <mailto:x@y.z|mail>", "see the page and mail"),
    ("<@U1|dana> what is 98980", "what is 98980"),
    ("Hi,\n\n\n\nwhat is 98981?\n\n\n-- \nsig", "what is 98981?"),
    ("\uff37\uff48\uff41\uff54 is \uff19\uff18\uff19\uff18\uff11", "What is 98981"),
])
def test_linear_cleaning_keeps_the_readings(raw, expected):
    assert expected == clean_text(raw)


def test_a_short_question_after_a_long_blank_run_is_kept():
    assert "what is 98981?" == clean_text(" " * 150_000 + "\n" * 40_000 + "what is 98981?")


@pytest.mark.parametrize("name, text", CASES, ids=[name for name, _ in CASES])
def test_ask_on_a_hostile_input_is_fast_and_never_raises(kb, name, text):
    from bot.answer import STATUSES
    from bot.core import ask

    started = time.perf_counter()
    assert ask(text, kb=kb).status in STATUSES
    assert time.perf_counter() - started < LOOSE_SECONDS
