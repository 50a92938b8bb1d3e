"""The precious state database: named migrations, reopen without loss, WAL, event de-duplication."""

from __future__ import annotations

from pathlib import Path

from bot.state import MIGRATIONS, StateDB


def test_migrations_are_recorded_once(tmp_path: Path):
    db = StateDB(tmp_path / "state.db")
    assert [] == db.migrate()
    assert [name for name, _ in MIGRATIONS] == [r[0] for r in db.connect().execute(
        "select name from _migrations order by rowid")]


def test_reopening_keeps_every_row_and_uses_wal(tmp_path: Path):
    path = tmp_path / "state.db"
    first = StateDB(path)
    first.record_feedback("cli", "U1", "abc", ["98981"], "answered", "down")
    assert first.seen_event("Ev1") is False
    first.close()
    again = StateDB(path)
    assert "wal" == again.connect().execute("pragma journal_mode").fetchone()[0]
    assert 1 == again.counts()["feedback"]
    assert again.seen_event("Ev1") is True
    assert ["98981"] == [r["codes"] for r in again.feedback("down")]


def _previous_schema(path: Path, upto: str) -> None:
    """A state file made by an older codebot: the migrations up to and including `upto`, with rows in it."""
    import sqlite3
    import time

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("pragma journal_mode=wal")
    conn.execute("create table _migrations (name text primary key, applied_at real not null)")
    for name, fn in MIGRATIONS:
        fn(conn)
        conn.execute("insert into _migrations values (?, ?)", (name, time.time()))
        if name == upto:
            break
    now = time.time()
    conn.executemany("insert into slack_events values (?, ?)", [(f"Ev{i}", now) for i in range(5)])
    conn.execute("insert into emails (key, message_id, stage, received_at, updated_at) values ('<a>', '<a>', 'filed', ?, ?)",
                 (now, now))
    conn.executemany("insert into email_replies values (?, ?)",
                     [("jane@clinic.test", now - 60), ("jane@clinic.test", now - 30), ("bob@clinic.test", now)])
    conn.close()


def test_a_database_from_the_previous_schema_migrates_without_losing_a_row(tmp_path: Path):
    from bot.channels.email.ledger import Ledger

    path = tmp_path / "state.db"
    _previous_schema(path, "m004_email_leases")
    state = StateDB(path)
    counts = state.counts()
    assert (5, 1, 3) == (counts["slack_events"], counts["emails"], counts["email_reply_log"])
    assert "email_replies" not in counts
    dump = "\n".join(state.connect().iterdump())
    assert "jane@clinic.test" not in dump and "bob@clinic.test" not in dump  # only keyed hashes remain
    ledger = Ledger(state)
    assert (2, 1, 0) == tuple(ledger.replies_since(a, 3600) for a in ("jane@clinic.test", "Bob@Clinic.test", "x@y.z"))
    assert [name for name, _ in MIGRATIONS] == [r[0] for r in state.connect().execute(
        "select name from _migrations order by rowid")]


def test_every_older_schema_migrates(tmp_path: Path):
    names = [name for name, _ in MIGRATIONS]
    for name in names[names.index("m002_email"):names.index("m006_hashed_reply_addresses")]:
        path = tmp_path / f"{name}.db"
        _previous_schema(path, name)
        counts = StateDB(path).counts()
        assert (5, 1, 3) == (counts["slack_events"], counts["emails"], counts["email_reply_log"]), name
