"""The state database: feedback, Slack event ids, e-mail stages, quiz scores. Precious: named migrations only."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bot import paths

STATE_NAME = "state.db"
BUSY_TIMEOUT_SECONDS = 10.0  # Bolt listener threads, the IMAP worker and quizzes write concurrently

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    """Register a migration; its function name (m001_..., m002_...) is recorded once applied."""
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
def m001_initial(db: sqlite3.Connection) -> None:
    """Slack event de-duplication and answer feedback."""
    db.execute("create table slack_events (event_id text primary key, received_at real not null)")
    db.execute("""create table feedback (id integer primary key, created_at real not null, channel text not null,
                  user_id text, question_hash text not null, codes text not null, status text, verdict text not null)""")


@migration
def m002_email(db: sqlite3.Connection) -> None:
    """E-mail processing stages (received -> answered -> filed) and per-sender reply log."""
    db.execute("""create table emails (key text primary key, message_id text, stage text not null, reason text,
                  folder text, codes text, received_at real not null, updated_at real not null)""")
    db.execute("create table email_replies (sender text not null, sent_at real not null)")
    db.execute("create index email_replies_sender on email_replies(sender, sent_at)")


@migration
def m003_quiz(db: sqlite3.Connection) -> None:
    """Quiz sessions and per-question answers for scores and weak spots."""
    db.execute("""create table quiz_sessions (id text primary key, user_id text not null, channel text not null,
                  family text, seed integer not null, n integer not null, created_at real not null,
                  finished_at real, score integer)""")
    db.execute("""create table quiz_answers (session_id text not null, question_index integer not null,
                  user_id text not null, kind text not null, family text, code text, correct integer not null,
                  answered_at real not null, primary key (session_id, question_index))""")


@migration
def m004_email_leases(db: sqlite3.Connection) -> None:
    """A lease per message (owner, expiry): with several workers only the holder may answer it."""
    db.execute("alter table emails add column lease_owner text")
    db.execute("alter table emails add column lease_until real")


class StateDB:
    """One SQLite file in WAL mode, one connection per thread, migrated on open."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = paths.private_file(path or paths.data_dir() / STATE_NAME)
        self._local = threading.local()
        self.connect().execute("pragma journal_mode=wal")  # not inside a transaction: SQLite refuses it there
        self.migrate()

    def connect(self) -> sqlite3.Connection:
        """Return this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
            conn.execute(f"pragma busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
        return conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """Run statements in one BEGIN IMMEDIATE transaction (no SQLITE_BUSY on upgrade in WAL)."""
        db = self.connect()
        db.execute("begin immediate")
        try:
            yield db
        except BaseException:
            db.execute("rollback")
            raise
        db.execute("commit")

    def migrate(self) -> list[str]:
        """Apply migrations not yet recorded; return the names applied now."""
        applied_now = []
        with self.write() as db:
            db.execute("create table if not exists _migrations (name text primary key, applied_at real not null)")
            done = {r[0] for r in db.execute("select name from _migrations")}
            for name, fn in MIGRATIONS:
                if name not in done:
                    fn(db)
                    db.execute("insert into _migrations values (?, ?)", (name, time.time()))
                    applied_now.append(name)
        return applied_now

    def counts(self) -> dict[str, int]:
        """Return the row count of every table (for tests and `codebot status`)."""
        db = self.connect()
        names = [r[0] for r in db.execute("select name from sqlite_master where type = 'table' order by name")]
        return {n: db.execute(f'select count(*) from "{n}"').fetchone()[0] for n in names}

    def seen_event(self, event_id: str) -> bool:
        """Record a Slack event id; return True if it was already recorded (a retry or a twin)."""
        with self.write() as db:
            cur = db.execute("insert or ignore into slack_events values (?, ?)", (event_id, time.time()))
        return cur.rowcount == 0

    def record_feedback(self, channel: str, user_id: str | None, question_hash: str, codes: list[str],
                        status: str, verdict: str) -> None:
        """Store a 👍/👎 verdict: a hash of the question and the codes, never the text."""
        with self.write() as db:
            db.execute("insert into feedback (created_at, channel, user_id, question_hash, codes, status, verdict) "
                       "values (?, ?, ?, ?, ?, ?, ?)",
                       (time.time(), channel, user_id, question_hash, ",".join(codes), status, verdict))

    def feedback(self, verdict: str | None = None) -> list[sqlite3.Row]:
        """Return feedback rows, newest first, optionally only one verdict."""
        sql = "select * from feedback" + (" where verdict = ?" if verdict else "") + " order by created_at desc"
        return list(self.connect().execute(sql, (verdict,) if verdict else ()))

    def close(self) -> None:
        """Close this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
