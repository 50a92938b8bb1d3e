"""The billing lines follow the verdict: a line for a code the answer's own pair verdict rules out beside a
billed-already program is dropped, with a note (bot.engine.verdict_lines)."""

from __future__ import annotations

from bot.answer import Billing, BillingLine, PairVerdict
from bot.core import vocabulary
from bot.engine.parse import parse_question
from bot.engine.verdict_lines import ruled_out_lines


def _fields(kb, text: str, allowed: bool | None) -> tuple[dict, str]:
    sc = parse_question(text, vocabulary(kb)).scenario
    ccm = next(c for c in kb.family_codes("CCM") if not c.add_on_to).code
    pcm = next(c for c in kb.family_codes("PCM") if not c.add_on_to).code
    billing = Billing(inputs={}, lines=[BillingLine(ccm, 1, amount=10.0), BillingLine(pcm, 1, amount=5.0)])
    pair = PairVerdict("PCM", ccm, allowed, "same calendar month", "no")
    return ruled_out_lines(kb, sc, {"billing": billing, "pair": pair}), ccm


def test_a_line_the_verdict_rules_out_beside_a_billed_program_is_dropped(kb):
    (fields, note), ccm = _fields(kb, "she is enrolled in PCM with us; 30 min of care management; bill the CCM code too?", False)
    assert ccm not in [l.code for l in fields["billing"].lines] and ccm in note and "PCM" in note


def test_lines_stay_when_the_verdict_allows_or_nothing_is_billed_already(kb):
    (fields, note), ccm = _fields(kb, "she is enrolled in PCM with us; 30 min of care management; bill the CCM code too?", True)
    assert ccm in [l.code for l in fields["billing"].lines] and note == ""
    (fields, note), ccm = _fields(kb, "PCM or CCM for 30 min of care management?", False)
    assert ccm in [l.code for l in fields["billing"].lines] and note == ""
