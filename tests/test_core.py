"""ask(): the composed Answer for each intent, and the contract's field documentation."""

from __future__ import annotations

import dataclasses
import json

import pytest

from bot import answer as answer_module
from bot import answer_dx
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
                answer_module.SourceRef, answer_module.PaymentInfo, answer_module.CompareRow, answer_module.Choice,
                answer_dx.Diagnosis, answer_dx.DiagnosisRef, answer_dx.DiagnosisNote, answer_dx.SeventhCharacter):
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


@pytest.mark.parametrize("text,top", [("what is the add-on code for 99457", "99458"),
                                      ("what is the primary code for 98981", "98980"),
                                      ("Is 99458 an add-on code?", "99458")])
def test_add_on_and_primary_questions(kb, text, top):
    assert top == ask(text, kb=kb).codes[0].code


def test_number_words_are_minutes(kb):
    a = ask("RTM forty-five minutes with a call", kb=kb)
    assert {"98980": 1, "98981": 1} == {l.code: l.units for l in a.billing.lines}


@pytest.mark.parametrize("text,want", [
    ("RPM this month: one hundred minutes of MA time with a call, what to bill?", {"99457": 1, "99458": 4}),
    ("RTM, a hundred ten minutes of treatment management with a video call", {"98980": 1, "98981": 4}),
])
def test_hundreds_said_in_words_are_minutes(kb, text, want):
    a = ask(text, kb=kb)
    assert want == {l.code: l.units for l in a.billing.lines}


def test_no_live_interaction_means_no_management_code(kb):
    a = ask("RPM 22 min, no live interaction", kb=kb)
    assert ({}, False) == ({l.code: l.units for l in a.billing.lines}, a.billing.inputs["interactive"])


def test_portal_message_is_not_interactive_and_says_why(kb):
    a = ask("RPM 20 min, patient portal message only", kb=kb)
    assert [] == a.billing.lines
    assert any("secure message" in c for c in a.caveats)


def test_three_codes_report_the_pair_that_fails(kb):
    a = ask("can I bill 98980 and 98981 and 98979", kb=kb)
    assert (False, {"98979", "98980"}) == (a.pair.allowed, {a.pair.left, a.pair.right})


def test_two_kinds_of_rtm_device_is_a_contested_no(kb):
    a = ask("can we bill 98976 and 98977 together", kb=kb)
    assert a.pair.allowed is False and a.caveats


def test_a_code_twice_in_its_period(kb):
    assert ask("can I bill 98980 twice in a month?", kb=kb).pair.allowed is False
    assert ask("can I bill 99439 twice", kb=kb).pair.allowed is True


def test_new_codes_for_the_year_across_families(kb):
    a = ask("which codes are new for 2026?", kb=kb)
    assert {"98979", "98984", "98985", "98986", "99445", "99470"} <= {c.code for c in a.codes}
    assert a.changes


def test_left_out_code_says_why(kb):
    a = ask("what is 99358", kb=kb)  # (98000-98015 are held since fix55a: defined, with Medicare's office code)
    assert "unknown" == a.status and "not covered" in a.message


def test_warm_builds_the_patterns_once_and_changes_no_answer():
    """warm() (a server's start) compiles every lazy pattern and leaves answers as they were."""
    from bot.core import ask, warm
    from bot.engine import patterns

    before = ask("RTM 45 minutes with a call").to_dict()
    warm()
    assert all(p.cache_info().currsize == 1 for p in patterns._ALL)
    assert ask("RTM 45 minutes with a call").to_dict() == before


def test_both_to_be_billed_asks_the_pair(kb):
    """"is it fine for both to be billed?" beside minutes asks whether the two codes go together."""
    a = ask("The requesting doctor plans 99452 and the specialist 99446 after 8 minutes of talk. Is it fine for "
            "both to be billed on the one e-consult?", kb=kb)
    assert (a.intent, a.pair and a.pair.allowed) == ("pair", True)


def test_a_story_billed_beside_a_code_ruled_out_stays_a_bill(kb):
    """A told story whose own code is billed, a code of another program ruled out beside it: the bill is asked."""
    a = ask("Patient is not on APCM. Second month of collaborative care, the care manager spent 65 minutes; "
            "an article says G0569 now replaces 99493. Must we use G0569?", kb=kb)
    assert a.intent == "bill" and "99493" in {l.code for l in a.billing.lines}
    assert "G0569" not in {l.code for l in a.billing.lines}


@pytest.mark.parametrize("channel", ["cli", "slack", "email"])
def test_a_claim_billing_without_minutes_renders_in_every_channel(kb, channel):
    # a story claim's lines (a wellness visit beside the CCM initiation add-on) carry no minutes or days in their
    # inputs: every channel's billing partial renders them instead of failing under StrictUndefined
    from bot.answer import Billing, BillingLine
    from bot.render import render_answer

    a = ask("can I bill CCM and TCM together", kb=kb)
    claim = Billing(inputs={"family": "PREVENTIVE", "year": 2026}, lines=[BillingLine(code="G0439", units=1, title="AWV")])
    text = " ".join(v for v in dataclasses.asdict(render_answer(dataclasses.replace(a, billing=claim), channel)).values() if v)
    assert "G0439" in text and "PREVENTIVE, 2026" in text
