"""Care-management asks: two offered codes told apart only by who spent the time, two month codes proposed together,
a colleague's code asked by pronoun, an unknown code offered as the case's answer, and a quoted claim misdescribing a
code the asker then offers."""

from __future__ import annotations

from bot.core import ask


def _lines(a) -> dict[str, int]:
    d = a.to_dict()
    return {l["code"]: l["units"] for l in (d.get("billing") or {}).get("lines") or []}


def test_staff_or_practitioner_code_with_no_worker_told_asks_who(kb):
    a = ask("Logged 32 minutes of chronic care management for Mr. Diaz in October. Is that 99490 or 99491?", kb=kb)
    assert (a.status, a.intent) == ("clarify", "bill")
    assert len(a.choices) == 2
    picked = [ask(c.question, kb=kb) for c in a.choices]
    assert sorted(next(iter(_lines(p))) for p in picked) == ["99490", "99491"]


def test_staff_or_practitioner_pcm_with_no_worker_told_asks_who(kb):
    a = ask("40 min of principal care management this month: 99426 or 99424?", kb=kb)
    assert a.status == "clarify"


def test_worker_told_picks_the_code_without_asking(kb):
    a = ask("Our nurse logged 32 minutes of CCM in October. 99490 or 99491?", kb=kb)
    assert a.status == "answered" and _lines(a) == {"99490": 1}


def test_minutes_that_bill_the_same_code_either_way_are_answered(kb):
    a = ask("22 minutes of CCM in October: 99490 or 99491?", kb=kb)
    assert a.status == "answered" and _lines(a) == {"99490": 1}


def test_two_month_alternatives_proposed_with_and_are_a_refused_pair(kb):
    a = ask("Early in June we did 25 minutes of CCM; after her stroke the nurse spent 65 more and we rewrote the care "
            "plan, MDM high. Could we bill 99490 and 99487 for June?", kb=kb)
    assert (a.status, a.intent) == ("answered", "pair")
    assert a.pair is not None and a.pair.allowed is False
    assert _lines(a) == {"99487": 1, "99489": 1}


def test_base_and_its_add_on_proposed_with_and_stay_a_bill(kb):
    a = ask("Our MA did 50 minutes of CCM in June. Can we bill 99490 and 99439?", kb=kb)
    assert (a.status, a.intent) == ("answered", "bill")


def test_colleague_asked_by_pronoun_is_a_pair(kb):
    a = ask("Dr. Osei billed 99491 for July. He also managed her CHF on its own. Can he add 99424 for July?", kb=kb)
    assert (a.status, a.intent) == ("answered", "pair")
    assert a.pair is not None and a.pair.allowed is False


def test_unknown_code_offered_as_the_answer_is_noted_and_the_case_billed(kb):
    a = ask("Our RN spent 33 minutes on principal care management for one patient in May - so 99437?", kb=kb)
    assert a.status == "answered" and "99426" in _lines(a)
    assert any("99437" in c for c in a.caveats) or "99437" not in _lines(a)


def test_unknown_code_offered_after_a_quoted_claim_is_not_billed(kb):
    a = ask("A handout says clinical-staff PCM is 99428 for the first 30 minutes. Our nurse did 31 minutes of PCM "
            "this month, so 99428?", kb=kb)
    assert a.status == "answered" and _lines(a) == {"99426": 1}
    assert any("99426" in c for c in a.caveats)


def test_code_misdescribed_by_a_claim_is_shown_as_it_is(kb):
    a = ask("Our billing vendor says G2214 is the brief phone check-in code, 5 to 10 minutes. Our NP had an 8 minute "
            "phone check-in with an established patient, so we bill G2214?", kb=kb)
    assert a.status == "answered"
    assert {"G2214", "98016"} <= {c.code for c in a.codes}
    assert any(c.startswith("G2214 is not what the quoted claim says") for c in a.caveats)
