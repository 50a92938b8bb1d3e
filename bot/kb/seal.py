"""The content seal: a hash of the rows the knowledge base reads, written at build time and checked on open.

SQLite's own checks miss a changed byte inside a record (a payment of 52.11 read as 92.11 passes
integrity_check), so the index carries a hash of its own rows and a mismatch means: rebuild. The hash is
taken over exactly the rows KnowledgeBase loads anyway, as it reads them, so checking it costs one pass
of sha256 over data already in memory (plus the small search-row map the FTS results are joined to).
"""

from __future__ import annotations

import hashlib
import sqlite3

SEAL_KEY = "content"
SEALED = {
    "meta": "select key, value from meta where key != 'content' order by key",
    "codes": "select code, record from codes order by rowid",
    "families": "select id, record from families order by rowid",
    "tracks": "select record from tracks order by rowid",
    "pairs": "select record from pairs order by rowid",
    "contested": "select id, record from contested order by rowid",
    "sources": "select * from sources order by rowid",
    "aliases": "select alias, target, kind from aliases order by rowid",
    "descriptors": "select code, descriptor from descriptors order by rowid",
    "modifiers": "select code, record from modifiers order by rowid",
    "places": "select code, record from places order by rowid",
    "search": "select rowid, code, family from search order by rowid",
}


class SealedReader:
    """Read the sealed queries, hashing each one's rows on the way."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._digests: dict[str, str] = {}
        self.columns: dict[str, list[str]] = {}

    def rows(self, name: str) -> list[tuple]:
        """Return the rows of sealed query `name` (and remember their hash)."""
        cursor = self.db.execute(SEALED[name])
        self.columns[name] = [d[0] for d in cursor.description]
        rows = [tuple(r) for r in cursor]
        digest = hashlib.sha256(name.encode())
        for row in rows:
            digest.update(repr(row).encode())
        self._digests[name] = digest.hexdigest()
        return rows

    def content_hash(self) -> str:
        """The hash over every sealed query (reading those not read yet)."""
        for name in SEALED:
            if name not in self._digests:
                self.rows(name)
        return hashlib.sha256("".join(f"{n}:{self._digests[n]}" for n in SEALED).encode()).hexdigest()

    def stored(self) -> str | None:
        """The seal written at build time, or None."""
        row = self.db.execute("select value from meta where key = ?", (SEAL_KEY,)).fetchone()
        return row[0] if row else None


def seal(db: sqlite3.Connection) -> str:
    """Store the content hash in meta (the caller commits) and return it."""
    value = SealedReader(db).content_hash()
    db.execute("insert or replace into meta (key, value) values (?, ?)", (SEAL_KEY, value))
    return value
