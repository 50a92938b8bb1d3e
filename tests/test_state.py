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
