"""clean_text: Slack markup, e-mail greetings, quotes and signatures go; non-questions are rejected."""

from __future__ import annotations

import pytest

from bot.engine.clean import MAX_QUESTION_CHARS, Rejected, clean_text


@pytest.mark.parametrize("raw,expected", [
    ("<@U123ABC> what is 98981?", "what is 98981?"),
    ("<!channel> <!here> 98981?", "98981?"),
    ("see <https://example.com/x|this page> for 98981", "see this page for 98981"),
    ("99457 &amp; 99458", "99457 & 99458"),
    ("Hi team,\n\nwhat is 98981?\n\nThanks,\nDana\n--\nDana Smith | Billing", "what is 98981?"),
    ("what is 99457?\n\nOn Mon, Jan 5, 2026 at 9:00 AM Bob <bob@x.org> wrote:\n> old question\n> more", "what is 99457?"),
    ("> quoted only line\nwhat is 98980", "what is 98980"),
    ("what\u200b is 98981", "what is 98981"),
    ("Dear Sir,\nwhat is 98975?\nSent from my iPhone", "what is 98975?"),
    # quoted history above the reply (the reply follows it), and a forwarded message's header block
    ("On Tue, Feb 3, 2026 at 9:00 AM Bob <bob@x.org> wrote:\n> old question\n\nwhat is 99457?\n--\nAnn", "what is 99457?"),
    ("---------- Forwarded message ---------\nFrom: Dr. Ng <ng@x.org>\nDate: Wed, Feb 4, 2026\nSubject: RTM\n"
     "To: billing@x.org\n\nwhat is 98980?", "Subject: RTM. what is 98980?"),
    # a Subject's figure the body states again is one fact (it goes from the subject); its only figure stays; a greeting
    # line under the Subject goes as a leading one does
    ("Subject: CoCM first month - 48 minutes\n\nHi,\nour care manager logged 48 min. What do we bill?",
     "Subject: CoCM first month. our care manager logged 48 min. What do we bill?"),
    ("Subject: CCM 45 minutes\n\nHi,\nwhat do we bill for her month?", "Subject: CCM 45 minutes. what do we bill for her month?"),
    ("Subject: RPM 20 min, 1 call\n\nThe MA did 20 minutes and 2 calls?", "Subject: RPM, 1 call. The MA did 20 minutes and 2 calls?"),
    # the one code the body names, repeated by the Subject, is one code, not billed twice; a code only the Subject holds
    # stays, and so does one the body names beside others (it says which code the question is about)
    ("Subject: 99214 rejected\n\nHi,\nwe sent 99214 for her visit and it came back. Why?",
     "Subject: rejected. we sent 99214 for her visit and it came back. Why?"),
    ("Subject: G2211 question\n\nHi,\ncan we add it to every visit?", "Subject: G2211 question. can we add it to every visit?"),
    ("Subject: G2211 denied\n\nwe sent 99213 and G2211, G2211 came back", "Subject: G2211 denied. we sent 99213 and G2211, G2211 came back"),
])
def test_clean_keeps_only_the_question(raw, expected):
    assert expected == clean_text(raw)


@pytest.mark.parametrize("raw,starts", [
    ("", "The question is empty. Ask about a billing code"),
    ("   \n\t ", "The question is empty"),
    ("a\x00b", "That looks like binary data"),
    ("\x01\x02\x03\x04 what", "That looks like binary data"),
    ("x" * 300_000, "The message is too long"),
    ("what is 98981 " * 200, "The question is too long"),
    ("> only quoted history\n> more of it", "I found no question"),
])
def test_non_questions_are_rejected_with_a_reason(raw, starts):
    with pytest.raises(Rejected) as err:
        clean_text(raw)
    assert str(err.value).startswith(starts)


def test_a_one_line_greeting_with_a_question_is_kept():
    assert "hi what is 98981" == clean_text("hi what is 98981")


def test_limit_is_documented_in_the_message():
    with pytest.raises(Rejected) as err:
        clean_text("y" * (MAX_QUESTION_CHARS + 1))
    assert f"{MAX_QUESTION_CHARS:,}" in str(err.value)


@pytest.mark.parametrize("raw,expected", [
    # a figure labelled as replaced beside the one labelled as its correction: only the correction is read
    ("Fixed below.\n> Initial count: 14 min (MA)\n> Updated count: 21 min (MA, RN)\nWhich code?",
     "Fixed below. Which code? Updated count: 21 min (MA, RN)"),
    ("Old time: 12 min, new time: 19 min. Code?", "new time: 19 min. Code?"),
    # no correction labelled: an "original" figure is the case's own
    ("Original total: 34 min with one call. Code?", "Original total: 34 min with one call. Code?"),
    # workers with bare figures, one a line, under "totals" and over their sum: minutes
    ("PCM totals, Sept:\nLPN 18\nMA 14\nso 32. Code?", "PCM totals, Sept. LPN 18 min. MA 14 min. so 32 min. Code?"),
    # ... but dates with figures, or figures that do not add up to the line after, stay as written
    ("Time by date:\nJan 12\nFeb 9\nthat's 21. Code?", "Time by date: Jan 12 Feb 9 that's 21. Code?"),
    ("CCM totals:\nRN 12\nMA 7\nthat's 30. Code?", "CCM totals: RN 12 MA 7 that's 30. Code?"),
    # a reply adding details to the quoted question reads after it
    ("Some background: she is in another group.\n\n> Can Dr. B bill the add-on for March?",
     "Can Dr. B bill the add-on for March? Some background: she is in another group."),
    # a reply telling the planned next visit of the quoted one reads with it (the quoted visit names the joint)
    ("> 3/2 visit: left knee pain, aspiration done.\n\nHe came back 3/9 as planned for the injection. Bill a visit?",
     "He came back 3/9 as planned for the injection. Bill a visit? 3/2 visit: left knee pain, aspiration done."),
])
def test_clean_reads_corrections_lists_and_added_details(raw, expected):
    assert expected == clean_text(raw)
