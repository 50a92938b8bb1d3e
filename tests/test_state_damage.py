"""A damaged state database is found, kept aside with a timestamp, reported in one line, and replaced (issue 15.9)."""

from __future__ import annotations

import logging
import os
import random
import sqlite3
from pathlib import Path

import pytest

from bot.state import StateDB


def asides(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.iterdir() if p.name.startswith(path.name + ".damaged-") and
                  not p.name.endswith(("-wal", "-shm")))


def filled(path: Path, events: int = 3000) -> StateDB:
    """A state file with enough rows to span many pages."""
    state = StateDB(path)
    with state.write() as db:
        db.execute("insert into slack_events values (:id, 1.0)", [{"id": f"Ev{i:06d}" + "x" * 80} for i in range(events)])
    state.close()
    sqlite3.connect(path).execute("pragma wal_checkpoint(truncate)").close()
    return state


def damage_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if "state database damaged" in r.getMessage()]


@pytest.mark.parametrize("damage", ["empty", "junk", "middle page", "header"])
def test_damage_found_on_open_is_kept_aside_and_a_fresh_file_works(tmp_path, caplog, damage):
    path = tmp_path / "state.db"
    filled(path)
    raw = bytearray(path.read_bytes())
    if damage == "empty":
        raw = bytearray()
    elif damage == "junk":
        raw = bytearray(random.Random(1).randbytes(len(raw)))
    elif damage == "middle page":
        middle = (len(raw) // 4096 // 2) * 4096
        raw[middle:middle + 4096] = random.Random(2).randbytes(4096)
    else:
        raw[:16] = b"not sqlite at all"[:16]
    path.write_bytes(bytes(raw))
    caplog.set_level(logging.ERROR, logger="bot")
    state = StateDB(path)
    [aside] = asides(path)
    assert aside.read_bytes() == bytes(raw)  # the damaged file itself, untouched, for whoever investigates
    assert 1 == len(damage_lines(caplog)) and "\n" not in damage_lines(caplog)[0]
    assert state.recovered_at is not None
    assert state.seen_event("EvNew") is False and state.seen_event("EvNew") is True
    assert 0o600 == os.stat(path).st_mode & 0o777


def test_a_missing_file_is_simply_created(tmp_path, caplog):
    caplog.set_level(logging.ERROR, logger="bot")
    state = StateDB(tmp_path / "state.db")
    assert (state.recovered_at, damage_lines(caplog), asides(tmp_path / "state.db")) == (None, [], [])


def test_damage_under_a_running_process_is_set_aside_once_and_dedupe_holds(tmp_path, caplog):
    path = tmp_path / "state.db"
    state = StateDB(path)
    assert state.seen_event("Ev1") is False
    caplog.set_level(logging.ERROR, logger="bot")
    with open(path, "r+b") as handle:  # someone (a disk, a careless copy) overwrites the open file
        handle.write(random.Random(3).randbytes(os.path.getsize(path)))
    assert state.seen_event("Ev1") is True  # remembered in memory: a retry is still a retry
    assert state.seen_event("Ev2") is False
    assert state.seen_event("Ev2") is True
    assert 1 == len(asides(path)) and 1 == len(damage_lines(caplog))
    assert 1 == state.counts()["slack_events"]  # Ev2 went into the fresh file
    assert state.recovered_at is not None


def test_an_emptied_file_under_a_running_process_is_damage_too(tmp_path, caplog):
    path = tmp_path / "state.db"
    state = StateDB(path)
    state.record_feedback("cli", None, "abc", [], "answered", "up")
    caplog.set_level(logging.ERROR, logger="bot")
    os.truncate(path, 0)
    for name in ("state.db-wal", "state.db-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    state.record_feedback("cli", None, "def", [], "answered", "up")  # StateDamaged is raised only inside write()
    assert 1 == len(damage_lines(caplog)) and 1 == len(asides(path))
    assert ["def"] == [r["question_hash"] for r in state.feedback()]  # the fresh file took the write


def test_two_processes_set_aside_one_damaged_file_once(tmp_path, caplog):
    path = tmp_path / "state.db"
    first, second = StateDB(path), StateDB(path)
    first.seen_event("Ev1")
    caplog.set_level(logging.ERROR, logger="bot")
    with open(path, "r+b") as handle:
        handle.write(b"\0" * 100)
    assert first.seen_event("Ev2") is False
    assert second.seen_event("Ev3") is False  # finds the fresh file in place: reconnects, sets nothing aside
    assert second.seen_event("Ev2") is True  # the other process's write is in the fresh shared file
    assert 1 == len(asides(path)) and 1 == len(damage_lines(caplog))


def test_the_connection_count_stays_at_one_across_threads(tmp_path):
    import threading

    state = StateDB(tmp_path / "state.db")
    threads = [threading.Thread(target=lambda i=i: state.seen_event(f"Ev{i}")) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    handles = [os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")
               if os.path.exists(f"/proc/self/fd/{fd}")]
    assert 2 >= sum(1 for h in handles if h == str(tmp_path / "state.db"))  # the connection and its watch
    assert 50 == state.counts()["slack_events"]

