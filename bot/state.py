"""The state database: feedback, Slack event ids, e-mail stages, quiz scores. Precious: named migrations only.

CODEBOT_STATE_URL selects the store: a SQLite file in the data directory by default, PostgreSQL when a
postgresql:// URL is given (several workers on several machines). The same tables and the same migrations
(alembic, bot/migrations) on both; see bot.statestore. Slack event ids are also remembered in memory, so a
damaged SQLite file (set aside and replaced) never lets one event be answered twice.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.statefile import StateDamaged

STATE_NAME = "state.db"
URL_VARIABLE = "CODEBOT_STATE_URL"
MEMORY_EVENTS = 100_000  # Slack event ids remembered in memory too: the dedupe that survives a damaged file

__all__ = ["StateDB", "StateDamaged", "StateUnreachable", "StateUrlError", "address_hash", "state_url"]


class StateUnreachable(OSError):
    """The state database server cannot be reached; the message names it (password hidden)."""


class StateUrlError(ValueError):
    """CODEBOT_STATE_URL names neither PostgreSQL nor a SQLite file."""


def address_hash(salt: str, address: str) -> str:
    """A keyed hash of an e-mail address: equal for equal addresses, useless to read them back."""
    return hmac.new(salt.encode(), address.strip().lower().encode(), hashlib.sha256).hexdigest()


def state_url(environ: dict[str, str] | None = None) -> str:
    """CODEBOT_STATE_URL, or "" for the SQLite file in the data directory."""
    return (os.environ if environ is None else environ).get(URL_VARIABLE, "").strip()


class StateDB:
    """The state store for this process: SQLite in the data directory, or PostgreSQL at CODEBOT_STATE_URL."""

    def __init__(self, path: Path | None = None, url: str | None = None) -> None:
        from bot.statestore import open_store

        self._store = open_store(path, state_url() if url is None and path is None else (url or ""))
        self.path: Path | None = self._store.path
        self.url: str | None = getattr(self._store, "url", None)  # PostgreSQL only (password included: never log it)
        self.kind: str = self._store.kind
        self.where: str = self._store.where
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._seen_lock = threading.Lock()

    @contextmanager
    def write(self) -> Iterator[Any]:
        """One write transaction (committed at the end, rolled back on error); yields a Tx (bot.statestore)."""
        with self._store.transaction(write=True) as tx:
            yield tx

    @contextmanager
    def read(self) -> Iterator[Any]:
        """One read-only transaction; yields a Tx."""
        with self._store.transaction(write=False) as tx:
            yield tx

    def rows(self, sql: str, params: dict | None = None) -> list[Any]:
        """Run one query and return its rows as mappings (row["column"])."""
        with self.read() as tx:
            return tx.rows(sql, params)

    def row(self, sql: str, params: dict | None = None) -> Any:
        """Run one query and return its first row as a mapping, or None."""
        with self.read() as tx:
            return tx.row(sql, params)

    def scalar(self, sql: str, params: dict | None = None) -> Any:
        """Run one query and return the first column of its first row, or None."""
        with self.read() as tx:
            return tx.scalar(sql, params)

    def migrate(self) -> list[str]:
        """Apply migrations not yet applied; return the names applied now."""
        return self._store.migrate()

    def revision(self) -> str | None:
        """The migration the database is at."""
        from bot import statemigrate

        with self.read() as tx:
            return statemigrate.current(tx.conn)

    def meta(self, key: str) -> str | None:
        """Return a state_meta value, or None."""
        return self.scalar("select value from state_meta where key = :key", {"key": key})

    def set_meta(self, key: str, value: str) -> None:
        """Set a state_meta value."""
        self.write_once_more(lambda tx: tx.execute(
            "insert into state_meta values (:key, :value) on conflict (key) do update set value = excluded.value",
            {"key": key, "value": value}))

    def write_once_more(self, fn: Callable[[Any], Any]) -> Any:
        """Run `fn(tx)` in one write transaction; if the file turned out damaged, run it again on the fresh one."""
        try:
            with self.write() as tx:
                return fn(tx)
        except StateDamaged:
            with self.write() as tx:
                return fn(tx)

    @property
    def recovered_at(self) -> float | None:
        """When this state file replaced a damaged one (mail that arrived before then goes to a person), or None."""
        value = self.meta("recovered_at")
        return float(value) if value else None

    def tables(self) -> list[str]:
        """The names of the tables in the database, sorted."""
        from sqlalchemy import inspect

        with self.read() as tx:
            return sorted(inspect(tx.conn).get_table_names())

    def counts(self) -> dict[str, int]:
        """Return the row count of every table (for tests, `codebot state` and the copy to PostgreSQL)."""
        names = self.tables()
        with self.read() as tx:
            return {n: int(tx.scalar(f'select count(*) from "{n}"')) for n in names}

    def healthy(self) -> str | None:
        """None when the state answers a query now; else why not, in one line (for /healthz)."""
        try:
            self.scalar("select 1")
        except Exception as exc:  # any failure means "not ready": the load balancer sends traffic elsewhere
            return " ".join(str(exc).split())[:200] or type(exc).__name__
        return None

    def seen_event(self, event_id: str) -> bool:
        """Record a Slack event id; return True if it was already recorded (a retry or a twin), by any worker."""
        return self.seen_events([event_id])[0]

    def seen_events(self, event_ids: list[str]) -> list[bool]:
        """Record several ids in one write; for each, True if it was already recorded.

        Memory first: it answers without the database for recent ids, and still does when the file is damaged.
        Between workers the unique key decides: of two inserts of one id, exactly one adds a row.
        """
        known: list[bool | None] = []
        with self._seen_lock:
            for event_id in event_ids:
                if event_id in self._seen:
                    self._seen.move_to_end(event_id)
                    known.append(True)
                else:
                    self._seen[event_id] = None
                    known.append(None)
            while len(self._seen) > MEMORY_EVENTS:
                self._seen.popitem(last=False)
        fresh = [e for e, k in zip(event_ids, known) if k is None]
        if not fresh:
            return [True] * len(event_ids)
        now = time.time()
        inserted = iter(self.write_once_more(lambda tx: [tx.execute(
            "insert into slack_events values (:id, :at) on conflict (event_id) do nothing",
            {"id": event_id, "at": now}).rowcount == 0 for event_id in fresh]))
        return [k if k is not None else next(inserted) for k in known]

    def record_feedback(self, channel: str, user_id: str | None, question_hash: str, codes: list[str],
                        status: str, verdict: str) -> None:
        """Store a 👍/👎 verdict: a hash of the question and the codes, never the text."""
        self.write_once_more(lambda tx: tx.execute(
            "insert into feedback (created_at, channel, user_id, question_hash, codes, status, verdict) "
            "values (:at, :channel, :user, :qhash, :codes, :status, :verdict)",
            {"at": time.time(), "channel": channel, "user": user_id, "qhash": question_hash, "codes": ",".join(codes),
             "status": status, "verdict": verdict}))

    def feedback(self, verdict: str | None = None) -> list[Any]:
        """Return feedback rows, newest first, optionally only one verdict."""
        where = " where verdict = :verdict" if verdict else ""
        return self.rows(f"select * from feedback{where} order by created_at desc", {"verdict": verdict})

    def close(self) -> None:
        """Close the connections (the next statement reopens them)."""
        self._store.close()
