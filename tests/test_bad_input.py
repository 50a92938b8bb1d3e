"""Adversarial input: a clear rejected/unknown answer, never a traceback, and nothing stored changes."""

from __future__ import annotations

import hashlib

import pytest

from bot.core import ask
from bot.render import render_answer

ADVERSARIAL = [
    ("", "rejected"),
    ("   \n\t  ", "rejected"),
    ("x" * 1_000_000, "rejected"),
    ("\x00\x01\x02 what is 98981", "rejected"),
    ("\x1b[31m\x07\x08\x0b\x0c\x0e\x0f" * 10, "rejected"),
    ("NOT", "unknown"),
    ("*", "unknown"),
    ('what is "98981', "answered"),
    ('"unbalanced quote', "unknown"),
    ("'; DROP TABLE codes; --", "unknown"),
    ("1; SELECT * FROM sqlite_master", "unknown"),
    ("Robert'); DELETE FROM feedback;--", "unknown"),
    ("🤖🤖🤖", "unknown"),
    ("<script>alert(1)</script>", "unknown"),
    ("<!channel> <@U123>", "rejected"),
    ("what is 12345", "unknown"),
    ("what is 99999999999999999999", "unknown"),
    ("\ufffd\ufffd\ufffd", "unknown"),
]


def _file_hash(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("text,status", ADVERSARIAL, ids=[repr(t[:20]) for t, _ in ADVERSARIAL])
def test_bad_input_gets_a_clear_status_and_changes_nothing(kb, state_db, text, status):
    index_before, state_before = _file_hash(kb.path), state_db.counts()
    a = ask(text, kb=kb)
    assert status == a.status
    if status != "answered":
        assert [] == a.codes
        assert a.message
    assert render_answer(a, "cli").text.strip()
    assert index_before == _file_hash(kb.path)
    assert state_before == state_db.counts()


def test_bytes_input_is_decoded_not_crashed(kb):
    assert "answered" == ask(b"what is 98981", kb=kb).status
    assert "rejected" == ask(b"\x00\xff\xfe", kb=kb).status
