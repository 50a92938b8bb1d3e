"""Questions the stated facts already settle get a confident answer, not a question back or a did-you-mean: a code
family held as data (self-measured blood pressure), a count told below a code's range, ... (fixclar classes)."""

from __future__ import annotations

from bot.core import ask


def _lines(a) -> dict[str, int]:
    return {l.code: l.units for l in a.billing.lines} if a.billing else {}


def test_self_measured_bp_codes_are_held_and_not_billed_with_rpm(kb):
    a = ask("home bp log reviewed (SMBP) this month for a patient also on RPM management 99458 - allowed with 99474?", kb=kb)
    assert (a.status, a.intent, a.pair.allowed) == ("answered", "pair", False)
    a = ask("what does 99473 cover and how often?", kb=kb)
    assert a.status == "answered" and a.codes[0].code == "99473" and a.codes[0].family == "SMBP"


def test_a_count_told_below_the_asked_codes_range_bills_nothing_and_says_why(kb):
    a = ask("our patient phoned in eight blood pressure readings over the month, is 99474 billable?", kb=kb)
    assert a.status == "answered" and _lines(a) == {} and any("not billed" in t for t in a.billing.trace)
    a = ask("she sent 20 home bp readings in April; 99474 ok?", kb=kb)
    assert _lines(a) == {"99474": 1}
