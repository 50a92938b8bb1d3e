"""The state database: feedback, Slack event ids, e-mail stages, quiz scores. Precious: named migrations only.

One connection and one lock per process: every write goes through that one writer (no thread ever waits on
SQLite's busy backoff for another thread of the same process) and the handles stay bounded. Damage (an
emptied, overwritten or corrupt file) is never fatal: the file is kept aside with a timestamp, a fresh one
takes its place, and Slack event ids are also remembered in memory so no event is answered twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import secrets
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot import paths, statefile
from bot.statefile import Reader, StateDamaged

log = logging.getLogger(__name__)

STATE_NAME = "state.db"
BUSY_TIMEOUT_SECONDS = 10.0  # other processes (e-mail workers, `codebot purge`) may hold the write lock
MEMORY_EVENTS = 100_000  # Slack event ids remembered in memory too: the dedupe that survives a damaged file

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


@migration
def m005_state_meta(db: sqlite3.Connection) -> None:
    """Small facts about the state itself: when it was recovered from damage, when it was last purged, a salt."""
    db.execute("create table state_meta (key text primary key, value text not null)")
    db.execute("insert into state_meta values ('salt', ?)", (secrets.token_hex(16),))


@migration
def m006_hashed_reply_addresses(db: sqlite3.Connection) -> None:
    """The per-sender reply log keeps a keyed hash of the address (the rate limit only compares them); every row kept."""
    salt = db.execute("select value from state_meta where key = 'salt'").fetchone()[0]
    db.execute("create table email_reply_log (sender_hash text not null, sent_at real not null)")
    rows = db.execute("select sender, sent_at from email_replies order by rowid").fetchall()
    db.executemany("insert into email_reply_log values (?, ?)", [(address_hash(salt, a), t) for a, t in rows])
    db.execute("drop table email_replies")
    db.execute("create index email_reply_log_sender on email_reply_log(sender_hash, sent_at)")


def address_hash(salt: str, address: str) -> str:
    """A keyed hash of an e-mail address: equal for equal addresses, useless to read them back."""
    return hmac.new(salt.encode(), address.strip().lower().encode(), hashlib.sha256).hexdigest()


class StateDB:
    """One SQLite file in WAL mode, one connection and one lock per process, migrated on open, damage set aside."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.data_dir() / STATE_NAME
        self._lock = threading.RLock()
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._conn: sqlite3.Connection | None = None
        self._watch: statefile.Watch | None = None
        self._recovered: float | None = None  # set when this process set a damaged file aside
        self._open()

    def _open(self) -> None:
        """Check the file, set it aside if damaged, create it whole if missing, connect and migrate."""
        with statefile.recovery_lock(self.path):
            damage = statefile.damage_on_open(self.path)
            if damage:
                self._set_aside(damage)
            statefile.create(self.path, self._prepare)
            self._connect()
        self.migrate()

    def _prepare(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.migrate()
        self._conn = None

    def _connect(self) -> None:
        conn = sqlite3.connect(paths.private_file(self.path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                               check_same_thread=False)
        conn.execute(f"pragma busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        conn.execute("pragma journal_mode=wal")  # not inside a transaction: SQLite refuses it there
        conn.row_factory = sqlite3.Row
        self._conn, self._watch = conn, statefile.Watch(self.path)

    def _set_aside(self, why: str) -> None:
        aside = statefile.set_aside(self.path)
        log.error("state database damaged (%s): kept as %s; continuing with a fresh one (e-mail already filed stays "
                  "filed, mail that arrived before now goes to a person)", why, aside.name)
        self._recovered = time.time()

    def _reopen(self, damaged_inode: int | None = None, why: str = "") -> None:
        """Connect again; first set the file aside if it is still the damaged one (no other process did)."""
        self.close()
        with statefile.recovery_lock(self.path):
            if damaged_inode is not None and statefile.inode(self.path) == damaged_inode:
                self._set_aside(why)
            statefile.create(self.path, self._prepare)
            self._connect()
        self.migrate()

    def _damaged(self, why: str) -> StateDamaged:
        """Set the damaged file aside, start a fresh one, and return the error to raise."""
        self._reopen(self._watch.inode if self._watch else statefile.inode(self.path), why)
        return StateDamaged(f"state database damaged: {why}")

    def _check(self) -> None:
        """Before a statement: reconnect if closed or replaced by another process; recover if damaged under us."""
        if self._conn is None or self._watch is None or self._watch.replaced():
            self._reopen()
            return
        why = self._watch.damaged()
        if why:
            raise self._damaged(why)

    def run(self, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run `fn(connection)` under the lock; damage is set aside and reported as StateDamaged."""
        with self._lock:
            self._check()
            try:
                return fn(self._conn)
            except sqlite3.DatabaseError as exc:
                if not statefile.is_damage(exc):
                    raise
                raise self._damaged(statefile.one_line(exc)) from exc

    def connect(self) -> Reader:
        """Return the shared connection for reads (each statement runs under the lock)."""
        return Reader(self.run, lambda: self._conn)

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """Run statements in one BEGIN IMMEDIATE transaction, holding the lock throughout."""
        with self._lock:
            self.run(lambda db: db.execute("begin immediate"))
            db = self._conn
            try:
                yield db
                db.execute("commit")
            except BaseException as exc:
                if db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        db.execute("rollback")
                if isinstance(exc, sqlite3.DatabaseError) and statefile.is_damage(exc):
                    raise self._damaged(statefile.one_line(exc)) from exc
                raise

    def migrate(self) -> list[str]:
        """Apply migrations not yet recorded; return the names applied now."""
        with self._lock:
            db = self._conn
            db.execute("begin immediate")
            try:
                applied_now = self._apply(db)
            except BaseException:
                db.execute("rollback")
                raise
            db.execute("commit")
        return applied_now

    def _apply(self, db: sqlite3.Connection) -> list[str]:
        applied_now = []
        db.execute("create table if not exists _migrations (name text primary key, applied_at real not null)")
        done = {r[0] for r in db.execute("select name from _migrations")}
        for name, fn in MIGRATIONS:
            if name not in done:
                fn(db)
                db.execute("insert into _migrations values (?, ?)", (name, time.time()))
                applied_now.append(name)
        if self._recovered:
            db.execute("insert into state_meta values ('recovered_at', ?) on conflict (key) do update set "
                       "value = excluded.value", (str(self._recovered),))
            self._recovered = None
        return applied_now

    def meta(self, key: str) -> str | None:
        """Return a state_meta value, or None."""
        row = self.connect().execute("select value from state_meta where key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Set a state_meta value."""
        self.write_once_more(lambda db: db.execute(
            "insert into state_meta values (?, ?) on conflict (key) do update set value = excluded.value", (key, value)))

    def write_once_more(self, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run `fn` in one write transaction; if the file turned out damaged, run it again on the fresh one."""
        try:
            with self.write() as db:
                return fn(db)
        except StateDamaged:
            with self.write() as db:
                return fn(db)

    @property
    def recovered_at(self) -> float | None:
        """When this state file replaced a damaged one (mail that arrived before then goes to a person), or None."""
        value = self.meta("recovered_at")
        return float(value) if value else None

    def counts(self) -> dict[str, int]:
        """Return the row count of every table (for tests and `codebot status`)."""
        db = self.connect()
        names = [r[0] for r in db.execute("select name from sqlite_master where type = 'table' order by name")]
        return {n: db.execute(f'select count(*) from "{n}"').fetchone()[0] for n in names}

    def seen_event(self, event_id: str) -> bool:
        """Record a Slack event id; return True if it was already recorded (a retry or a twin).

        Memory first: it answers without the database for recent ids, and still does when the file is damaged.
        """
        with self._lock:
            if event_id in self._seen:
                self._seen.move_to_end(event_id)
                return True
            self._seen[event_id] = None
            while len(self._seen) > MEMORY_EVENTS:
                self._seen.popitem(last=False)
        cur = self.write_once_more(lambda db: db.execute(
            "insert into slack_events values (?, ?) on conflict (event_id) do nothing", (event_id, time.time())))
        return cur.rowcount == 0

    def record_feedback(self, channel: str, user_id: str | None, question_hash: str, codes: list[str],
                        status: str, verdict: str) -> None:
        """Store a 👍/👎 verdict: a hash of the question and the codes, never the text."""
        self.write_once_more(lambda db: db.execute(
            "insert into feedback (created_at, channel, user_id, question_hash, codes, status, verdict) "
            "values (?, ?, ?, ?, ?, ?, ?)", (time.time(), channel, user_id, question_hash, ",".join(codes), status,
                                             verdict)))

    def feedback(self, verdict: str | None = None) -> list[sqlite3.Row]:
        """Return feedback rows, newest first, optionally only one verdict."""
        sql = "select * from feedback" + (" where verdict = ?" if verdict else "") + " order by created_at desc"
        return list(self.connect().execute(sql, (verdict,) if verdict else ()))

    def close(self) -> None:
        """Close the connection (the next statement reopens it)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            if self._watch is not None:
                self._watch.close()
                self._watch = None
