"""parse_question: intent, codes, minutes, days, interaction, families and hints."""

from __future__ import annotations

import pytest

from bot.core import vocabulary
from bot.engine.parse import parse_question


@pytest.fixture
def parse(kb):
    voc = vocabulary(kb)
    return lambda text: parse_question(text, voc)


def test_bill_question_fields(parse):
    q = parse("MSK RTM patient: 10 data days, 12 minutes of management, one live call")
    assert ("bill", ["RTM"], 12, 10, True, "musculoskeletal") == (q.intent, q.families, q.minutes, q.days,
                                                                   q.interactive, q.variant)


@pytest.mark.parametrize("text,interactive", [
    ("RTM 25 min, patient call done", True),
    ("RTM 25 min, we had one video call", True),
    ("19 minutes of RTM management but no interactive communication this month", False),
    ("RTM 25 minutes without a phone call", False),
    ("RTM 25 minutes, patient didn't call", False),
    ("RTM 25 minutes", None),
])
def test_interaction(parse, text, interactive):
    assert interactive is parse(text).interactive


@pytest.mark.parametrize("text,minutes", [("RPM 1 hour with a call", 60), ("RPM 1.5 hrs", 90),
                                          ("RPM half an hour", 30), ("RPM 45min call", 45)])
def test_minutes_units(parse, text, minutes):
    assert minutes == parse(text).minutes


def test_period_phrases_are_not_data_days(parse):
    q = parse("is 99454 with 99445 ok in the same 30 days")
    assert (None, "pair", ["99454", "99445"]) == (q.days, q.intent, q.codes)


@pytest.mark.parametrize("text,intent", [
    ("what is 98981", "define"),
    ("98975?", "define"),
    ("RTM vs RPM", "compare"),
    ("Can I bill 98979 and 98980 in the same month?", "pair"),
    ("what codes are used for RTM?", "family"),
    ("RTM", "family"),
    ("remote patient monitoring setup code", "search"),
    ("the new 10 minute RTM management code", "search"),
    ("RPM: 45 minutes with a phone call", "bill"),
    ("help", "help"),
    ("what changed for RTM in 2026", "family"),
])
def test_intents(parse, text, intent):
    assert intent == parse(text).intent


def test_years_are_not_codes(parse):
    q = parse("what changed for RTM in 2026")
    assert ([], [], 2026, True) == (q.codes, q.near_codes, q.year, q.changes)


def test_codes_in_ranges_and_lists(parse):
    assert ["99457", "99458", "G2012"] == parse("99457/99458 or g2012?").codes


@pytest.mark.parametrize("text,minutes", [("RPM 1 hr 5 min with call", 65), ("rpm 1 hour and 10 minutes", 70),
                                          ("rpm an hour and a half", 90), ("rpm 1h15m", 75),
                                          ("rpm 2 hours, 20 days", 120)])
def test_hours_and_minutes_together(parse, text, minutes):
    assert minutes == parse(text).minutes


@pytest.mark.parametrize("text", ["RPM 25 minutes, called but no answer", "RPM 25 min, left a voicemail",
                                  "RPM 25 min, texted the patient"])
def test_unanswered_or_asynchronous_contact_is_not_interactive(parse, text):
    assert parse(text).interactive is False


@pytest.mark.parametrize("text,intent", [("Which is better, RPM or RTM?", "compare"),
                                         ("should I use 99457 or 99470", "compare"),
                                         ("can I bill 98977 or 98985 for 12 days", "bill"),
                                         ("is 99458 billable without 99457", "pair"),
                                         ("RTM 20 minutes with a call, patient also on CCM", "bill"),
                                         # "or no" closes a yes-or-no question: no choice offered
                                         ("allergy shot by the nurse, can we bill 99211 + 96372 + J1885 or no", "pair")])
def test_weak_cues(parse, text, intent):
    assert intent == parse(text).intent
