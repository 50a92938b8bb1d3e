"""Where the state lives: a SQLite file in the data directory (the default) or PostgreSQL at CODEBOT_STATE_URL.

Both are reached through SQLAlchemy Core with the same SQL (named parameters, ON CONFLICT, conditional UPDATEs)
and migrated by the same alembic revisions. SQLite: one connection and one lock per process (no thread waits
on SQLite's busy backoff for another thread of its own process), damage found and set aside (statefile).
PostgreSQL: a small connection pool per process; exactly-once between processes and machines comes from the
database itself (unique keys, conditional updates under row locks), never from timing.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool

from bot import paths, statefile, statemigrate
from bot.state import StateUnreachable, StateUrlError
from bot.statefile import StateDamaged, one_line

log = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 10.0  # other processes (e-mail workers, `codebot purge`) may hold the write lock
POOL_SIZE = 4  # PostgreSQL connections kept per process; bursts may open POOL_OVERFLOW more
POOL_OVERFLOW = 8
CONNECT_TIMEOUT_SECONDS = 10
MIGRATION_LOCK = 0x636F6465626F74  # pg_advisory_xact_lock key: one process migrates at a time ("codebot")
POSTGRES_SCHEMES = ("postgresql", "postgres")


def is_postgres(url: str) -> bool:
    """True when the URL names a PostgreSQL database (postgresql://, postgres://, postgresql+psycopg://)."""
    return url.split(":", 1)[0].split("+", 1)[0].lower() in POSTGRES_SCHEMES


def engine_url(url: str) -> str:
    """The URL SQLAlchemy needs: a bare postgresql:// or postgres:// gets the psycopg (version 3) driver."""
    scheme, sep, rest = url.partition("://")
    if scheme.lower() in POSTGRES_SCHEMES:
        return f"postgresql+psycopg://{rest}"
    return url


def safe_url(url: str) -> str:
    """The URL with its password hidden, for messages and logs."""
    try:
        return make_url(engine_url(url)).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy can read: show only its scheme
        return url.split(":", 1)[0] + "://..."


@lru_cache(maxsize=512)
def _sql(statement: str) -> Any:
    return text(statement)


class Tx:
    """One open transaction: statements with named parameters (`:name`), rows as mappings (row["column"])."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: dict | list[dict] | None = None) -> Any:
        """Run one statement (a list of parameter dicts runs it once per dict); return SQLAlchemy's result."""
        return self.conn.execute(_sql(sql), params if params is not None else {})

    def rows(self, sql: str, params: dict | None = None) -> list[Any]:
        """Return every row as a mapping."""
        return list(self.execute(sql, params).mappings())

    def row(self, sql: str, params: dict | None = None) -> Any:
        """Return the first row as a mapping, or None."""
        return self.execute(sql, params).mappings().first()

    def scalar(self, sql: str, params: dict | None = None) -> Any:
        """Return the first column of the first row, or None."""
        return self.execute(sql, params).scalar()


def _is_damage(exc: BaseException) -> bool:
    return statefile.is_damage(getattr(exc, "orig", exc))


class SqliteStore:
    """One SQLite file in WAL mode: one connection and one lock per process, migrated on open, damage set aside."""

    kind = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = str(path)
        self.recovered: float | None = None  # set when this process set a damaged file aside
        self._lock = threading.RLock()
        self._conn: Connection | None = None
        self._watch: statefile.Watch | None = None
        self._tx: Tx | None = None  # the open transaction: a nested call on the same thread joins it
        self._immediate = False
        self._open()

    def _engine(self, raw: sqlite3.Connection) -> Engine:
        engine = create_engine("sqlite://", creator=lambda: raw, poolclass=StaticPool)
        event.listen(engine, "begin", self._begin)
        return engine

    def _begin(self, conn: Connection) -> None:
        # sqlite3 runs in autocommit mode (isolation_level=None): we say BEGIN, and IMMEDIATE for writes, so a
        # writer takes the lock up front instead of failing to upgrade a read lock halfway through.
        conn.exec_driver_sql("begin immediate" if self._immediate else "begin")

    def _raw(self, path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(paths.private_file(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                               check_same_thread=False)
        conn.execute(f"pragma busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        conn.execute("pragma journal_mode=wal")  # not inside a transaction: SQLite refuses it there
        return conn

    def _open(self, damaged_inode: int | None = None, why: str = "") -> None:
        """Check the file, set it aside if damaged, create it whole if missing, connect and migrate."""
        with self._lock:
            with statefile.recovery_lock(self.path):
                damage = why if damaged_inode is not None else statefile.damage_on_open(self.path)
                if damage and (damaged_inode is None or statefile.inode(self.path) == damaged_inode):
                    self._set_aside(damage)
                statefile.create(self.path, self._prepare)
                self._conn = self._engine(self._raw(self.path)).connect()
                self._watch = statefile.Watch(self.path)
            self.migrate()

    def _prepare(self, raw: sqlite3.Connection) -> None:
        """Migrate a new file (still under its temporary name) to the newest revision."""
        with self._engine(raw).connect() as conn:
            self._immediate = True
            with conn.begin():
                statemigrate.upgrade(conn)

    def _set_aside(self, why: str) -> None:
        aside = statefile.set_aside(self.path)
        log.error("state database damaged (%s): kept as %s; continuing with a fresh one (e-mail already "
                  "filed stays filed, mail that arrived before now goes to a person)", why, aside.name)
        self.recovered = time.time()

    def _damaged(self, why: str) -> StateDamaged:
        """Set the damaged file aside (unless another process did), start a fresh one; return the error to raise."""
        inode = self._watch.inode if self._watch else statefile.inode(self.path)
        self.close()
        self._open(inode if inode is not None else -1, why)
        return StateDamaged(f"state database damaged: {why}")

    def _check(self) -> None:
        """Before a transaction: reconnect if closed or replaced by another process; recover if damaged under us."""
        if self._conn is None or self._watch is None or self._watch.replaced():
            self.close()
            self._open()
            return
        why = self._watch.damaged()
        if why:
            raise self._damaged(why)

    @contextlib.contextmanager
    def transaction(self, write: bool) -> Iterator[Tx]:
        """One transaction under the process lock (BEGIN IMMEDIATE for writes); damage becomes StateDamaged."""
        with self._lock:
            if self._tx is not None:
                yield self._tx
                return
            self._check()
            self._immediate = write
            conn = self._conn
            try:
                begun = conn.begin()
                self._tx = Tx(conn)
                yield self._tx
                begun.commit()
            except BaseException as exc:
                self._tx = None  # recovery below opens its own transaction
                with contextlib.suppress(Exception):
                    conn.rollback()
                if isinstance(exc, DBAPIError | sqlite3.DatabaseError) and _is_damage(exc):
                    raise self._damaged(one_line(getattr(exc, "orig", exc))) from exc
                raise
            finally:
                self._tx = None

    def migrate(self) -> list[str]:
        """Apply the revisions not yet applied; record a recovery from damage; return the names applied now."""
        with self.transaction(write=True) as tx:
            applied = statemigrate.upgrade(tx.conn)
            if self.recovered:
                tx.execute("insert into state_meta values ('recovered_at', :v) on conflict (key) do update set "
                           "value = excluded.value", {"v": str(self.recovered)})
                self.recovered = None
        return applied

    def close(self) -> None:
        """Close the connection (the next transaction reopens it)."""
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    self._conn.close()
                    self._conn.engine.dispose()
                self._conn = None
            if self._watch is not None:
                self._watch.close()
                self._watch = None


class PostgresStore:
    """PostgreSQL at a URL: a small pool of connections per process, migrated on open under an advisory lock."""

    kind = "postgresql"
    path = None
    recovered = None

    def __init__(self, url: str) -> None:
        self.url = url
        self.where = safe_url(url)
        self._local = threading.local()
        self.engine = create_engine(engine_url(url), pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW,
                                    pool_pre_ping=True, pool_timeout=CONNECT_TIMEOUT_SECONDS,
                                    connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS,
                                                  "application_name": "codebot"})
        self.migrate()

    @contextlib.contextmanager
    def transaction(self, write: bool) -> Iterator[Tx]:
        """One transaction on a pooled connection (READ COMMITTED); a nested call on the same thread joins it."""
        joined = getattr(self._local, "tx", None)
        if joined is not None:
            yield joined
            return
        try:
            conn = self.engine.connect()
        except DBAPIError as exc:
            raise StateUnreachable(f"cannot reach the state database {self.where} "
                                   f"({one_line(getattr(exc, 'orig', exc))})") from exc
        try:
            with conn.begin():
                self._local.tx = Tx(conn)
                yield self._local.tx
        finally:
            self._local.tx = None
            conn.close()

    def migrate(self) -> list[str]:
        """Apply the revisions not yet applied, one process at a time (a transaction-scoped advisory lock)."""
        with self.transaction(write=True) as tx:
            tx.execute("select pg_advisory_xact_lock(:key)", {"key": MIGRATION_LOCK})
            return statemigrate.upgrade(tx.conn)

    def close(self) -> None:
        """Close every pooled connection (the next transaction opens a new one)."""
        self.engine.dispose()


def open_store(path: Path | None, url: str) -> SqliteStore | PostgresStore:
    """The store a URL names (PostgreSQL), else the SQLite file at `path` or in the data directory."""
    if url and is_postgres(url):
        return PostgresStore(url)
    if url:
        parsed = make_url(url)
        if parsed.get_backend_name() != "sqlite" or not parsed.database:
            raise StateUrlError(f"CODEBOT_STATE_URL must be postgresql://... or sqlite:///path, not {safe_url(url)}")
        path = Path(parsed.database)
    return SqliteStore(path or paths.data_dir() / "state.db")

