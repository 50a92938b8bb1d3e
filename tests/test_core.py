"""ask(): the composed Answer for each intent, and the contract's field documentation."""

from __future__ import annotations

import dataclasses
import json

import pytest

from bot import answer as answer_module
from bot.core import ask


def codes(a):
    return [c.code for c in a.codes]


def test_define_has_summary_companions_rules_payment_example_and_sources(kb):
    a = ask("what is 98981", kb=kb)
    assert ("answered", "define", ["98981"]) == (a.status, a.intent, codes(a))
    assert [("98980", "add_on_to"), ("98979", "not_with")] == [(c.code, c.relation) for c in a.companions[:2]]
    assert {"98980": 1, "98981": 1} == {l.code: l.units for l in a.billing.lines}
    assert a.billing.example is True
    assert 41.42 == a.codes[0].payment.amount
    assert ["Add-on to 98980: one unit per additional 20 minutes in the calendar month (full blocks only, no "
            "midpoint rounding).",
            "Needs at least one real-time interactive communication (call or video) with the patient or caregiver in "
            "the calendar month."] == a.codes[0].rules
    assert {"cms-rvu-2026-jul", "prompt-engage-rtm"} <= {s.id for s in a.sources}
    assert a.caveats and "full 20-minute blocks" in a.caveats[0]


def test_answer_is_json_serialisable_with_contract_fields(kb):
    data = json.loads(json.dumps(ask("what is 98981", kb=kb).to_dict()))
    assert {"status", "intent", "codes", "companions", "billing", "pair", "families", "suggestions", "sources",
            "knowledge_version"} <= set(data)
    assert {"code", "system", "family", "title", "summary", "status"} <= set(data["codes"][0])


def test_every_answer_field_has_help():
    for cls in (answer_module.Answer, answer_module.CodeFact, answer_module.Companion, answer_module.Billing,
                answer_module.BillingLine, answer_module.PairVerdict, answer_module.Suggestion,
                answer_module.SourceRef, answer_module.PaymentInfo, answer_module.CompareRow):
        assert cls.__doc__
        for f in dataclasses.fields(cls):
            assert f.metadata.get("help"), f"{cls.__name__}.{f.name}"


def test_bill_answer_lists_what_to_report(kb):
    a = ask("RTM 12 minutes this month, we had one video call", kb=kb)
    assert ("bill", ["98979"], {"98979": 1}) == (a.intent, codes(a), {l.code: l.units for l in a.billing.lines})
    assert a.billing.example is False


def test_pair_answer(kb):
    a = ask("can 98977 and 98985 be billed together", kb=kb)
    assert ("pair", False, "same 30-day period") == (a.intent, a.pair.allowed, a.pair.period)


def test_family_listing_and_compare(kb):
    fam = ask("what codes are used for RTM?", kb=kb)
    assert {"98975", "98977", "98979", "98980", "98981", "98984", "98985", "98986"} <= set(codes(fam))
    cmp = ask("RTM vs RPM", kb=kb)
    assert ("compare", ["RTM", "RPM"]) == (cmp.intent, cmp.families)
    assert "Name" == cmp.compare[0].label and cmp.pair.allowed is False


def test_code_typo_is_suggested_not_answered(kb):
    a = ask("what is 98891", kb=kb)
    assert ("did_you_mean", [], ["98981"]) == (a.status, codes(a), [s.code for s in a.suggestions])


def test_unknown_code_is_never_guessed(kb):
    a = ask("what is 12345", kb=kb)
    assert ("unknown", []) == (a.status, codes(a))
    assert a.message.startswith("I don't know code 12345")


def test_minutes_without_family_offers_choices(kb):
    a = ask("45 minutes with a call this month", kb=kb)
    assert "did_you_mean" == a.status
    assert {"98980", "99457"} <= {s.code for s in a.suggestions}


def test_year_2025_answers_from_2025_rules(kb):
    a = ask("what is 98975", kb=kb, year=2025)
    assert 2025 == a.year
    assert "Data: at least 16 days with readings in the episode of care." == a.codes[0].rules[0]
    short = ask("what is 98979", kb=kb, year=2025)
    assert short.billing is None
    assert "98979 could not be billed in 2025: it took effect in 2026." in short.caveats


def test_what_changed(kb):
    a = ask("what changed for RTM in 2026", kb=kb)
    assert ("family", 2026) == (a.intent, a.year)
    assert any(c.startswith("New 98979") for c in a.changes)


def test_unsupported_year_says_so(kb):
    a = ask("what is 98980 in 2019", kb=kb)
    assert 2026 == a.year
    assert a.caveats[0].startswith("The knowledge holds the rules for 2025, 2026")


def test_help(kb):
    a = ask("help", kb=kb)
    assert ("answered", "help") == (a.status, a.intent)
    assert "\"what is 98981?\"" in a.message


@pytest.mark.parametrize("text", ["what is 98981", "RTM 45 minutes with a call", "98977 and 98985 together?",
                                  "RTM vs RPM", "what codes are used for RTM?", "what is 98891", "what is 12345", ""])
def test_every_answer_renders_on_the_cli(kb, text):
    from bot.render import render_answer

    a = ask(text, kb=kb)
    rendered = render_answer(a, "cli").text
    assert rendered.strip()
    assert "Undefined" not in rendered
