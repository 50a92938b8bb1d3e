"""Migrations of the state database: alembic revisions (bot/migrations/versions), the same on SQLite and PostgreSQL.

Each revision keeps the name of the named migration it replaces (m001_initial ...). A SQLite file made by an
older codebot records its migrations in `_migrations`: it is stamped at the last one it has, then upgraded.
Everything runs on the caller's connection, inside the caller's transaction (which holds the lock that keeps
two processes from migrating at once), so a migration is applied whole or not at all.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

SCRIPTS = Path(__file__).resolve().parent / "migrations"
LEGACY_TABLE = "_migrations"  # where codebot recorded its named migrations before alembic


def _config(conn: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.attributes["connection"] = conn
    return cfg


@lru_cache(maxsize=1)
def revisions() -> tuple[str, ...]:
    """Every revision, oldest first (the history is one straight line)."""
    script = ScriptDirectory(str(SCRIPTS))
    return tuple(reversed([rev.revision for rev in script.walk_revisions()]))


def head() -> str:
    """The newest revision."""
    return revisions()[-1]


def current(conn: Connection) -> str | None:
    """The revision this database is at (None: empty, or made before alembic and not stamped yet)."""
    return MigrationContext.configure(conn).get_current_revision()


def _stamp_legacy(conn: Connection, tables: list[str]) -> None:
    """A file from before alembic: record the last named migration it has as its alembic revision."""
    if LEGACY_TABLE not in tables or "alembic_version" in tables:
        return
    done = {row[0] for row in conn.execute(text(f"select name from {LEGACY_TABLE}"))}
    applied = [name for name in revisions() if name in done]
    if applied:
        command.stamp(_config(conn), applied[-1])


def upgrade(conn: Connection) -> list[str]:
    """Bring the database to the newest revision on `conn` (in its transaction); return the revisions applied now."""
    _stamp_legacy(conn, inspect(conn).get_table_names())
    before = current(conn)
    if before == head():
        return []
    command.upgrade(_config(conn), "head")
    names = revisions()
    return list(names[names.index(before) + 1:] if before in names else names)
