"""A damaged index is found when it is opened (content hash) or read (SQLITE_CORRUPT) and rebuilt (issue 15.8)."""

from __future__ import annotations

import logging
import random
import sqlite3
from pathlib import Path

import pytest

from bot.core import ask
from bot.kb import index_path, open_index

QUESTIONS = ["what is 98981", "what is 99457", "remote therapeutic monitoring treatment management",
             "code for chronic care management", "can I bill 99457 with 99091?", "45 minutes of RTM with a call",
             "what is 9898", "principal illness navigation", "RTM vs RPM", "device supply 16 days"]
PAGE = 4096


def fingerprint(kb) -> list:
    """What the answers say: status, codes, billing lines and payments."""
    out = []
    for q in QUESTIONS:
        a = ask(q, kb=kb).to_dict()
        out.append((q, a["status"], [c["code"] for c in a["codes"]], [(c["code"], (c["payment"] or {}).get("amount"))
                                                                   for c in a["codes"]],
                    [(l["code"], l["units"]) for l in (a["billing"] or {}).get("lines", [])]))
    return out


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The answers from an undamaged index."""
    return fingerprint(open_index(home=tmp_path_factory.mktemp("clean")))


def built(tmp_path: Path) -> Path:
    open_index(home=tmp_path)
    return index_path(tmp_path)


def test_one_changed_byte_in_a_payment_is_found_and_the_index_rebuilt(tmp_path, reference, caplog):
    path = built(tmp_path)
    raw = bytearray(path.read_bytes())
    at = raw.find(b'"amount": ')
    assert at > 0
    digit = at + len(b'"amount": ')
    raw[digit] = ord("9") if raw[digit] != ord("9") else ord("1")
    path.write_bytes(bytes(raw))
    conn = sqlite3.connect(path)
    assert "ok" == conn.execute("pragma integrity_check").fetchone()[0]  # SQLite alone sees nothing wrong
    conn.close()
    caplog.set_level(logging.WARNING, logger="bot")
    kb = open_index(home=tmp_path)
    assert reference == fingerprint(kb)
    assert [r for r in caplog.records if "rebuilding" in r.getMessage()]


@pytest.mark.parametrize("page", [2, 10, 25, 40, 56, 70, 85, 100, -1], ids=lambda p: f"page {p}")
def test_a_garbled_page_never_gives_a_wrong_or_failed_answer(tmp_path, reference, page):
    path = built(tmp_path)
    raw = bytearray(path.read_bytes())
    pages = len(raw) // PAGE
    number = pages // 2 if page == -1 else min(page, pages - 1)
    junk = random.Random(number).randbytes(PAGE)
    raw[number * PAGE:(number + 1) * PAGE] = junk
    path.write_bytes(bytes(raw))
    kb = open_index(home=tmp_path)
    assert reference == fingerprint(kb)


def test_damage_found_while_running_is_repaired_in_place(tmp_path, reference):
    path = built(tmp_path)
    kb = open_index(home=tmp_path)
    conn = sqlite3.connect(path)
    first, last = conn.execute("select min(pageno), max(pageno) from dbstat where name = 'search_fts_data'").fetchone()
    conn.close()
    raw = bytearray(path.read_bytes())
    for number in range(first - 1, last):
        raw[number * PAGE:(number + 1) * PAGE] = b"\xff" * PAGE
    path.write_bytes(bytes(raw))
    assert reference == fingerprint(kb)
    assert "ok" == sqlite3.connect(path).execute("pragma integrity_check").fetchone()[0]
