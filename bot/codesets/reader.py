"""CodeSetReader: one read-only connection per thread on the code-set database, and the release in force."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from pathlib import Path

from bot.codesets.load import Release, list_releases, release_for


class CodeSetReader:
    """Read-only access for the ask path (every code set's reader builds on it)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def conn(self) -> sqlite3.Connection:
        """Return this thread's read-only connection."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.conn = conn
        return conn

    def releases_of(self, codeset: str) -> list[Release]:
        """Return a code set's stored releases, oldest effective date first."""
        return list_releases(self.conn(), codeset)

    def release_of(self, codeset: str, on: date) -> Release | None:
        """Return the code set's release in force on a date (else its earliest), or None when none is loaded."""
        return release_for(self.conn(), codeset, on)
