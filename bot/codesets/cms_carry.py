"""Read back what a stored release holds, so a release made of several files keeps the parts not re-imported."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from bot.codesets.cms_tables import PTP


def read_only(db_path: Path) -> sqlite3.Connection | None:
    """A read-only connection to the code-set database, or None when it does not exist yet."""
    if not Path(db_path).exists():
        return None
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)


def stored_parts(db_path: Path, codeset: str, version: str) -> list[str]:
    """The parts (f1, f2 ...) of the stored release of that version; [] when there is none."""
    conn = read_only(db_path)
    if conn is None:
        return []
    try:
        row = conn.execute("select parts from releases where codeset = ? and version = ?", (codeset, version)).fetchone()
    except sqlite3.OperationalError:  # no releases table yet
        row = None
    finally:
        conn.close()
    return [p for p in (row[0].split(",") if row else []) if p]


def stored_ptp_rows(db_path: Path, version: str, part: str) -> Iterator[tuple]:
    """The stored edits of one PTP part in the order they were loaded, rationale as text (read when iterated)."""
    conn = read_only(db_path)
    if conn is None:
        return
    try:
        rel = conn.execute("select id from releases where codeset = ? and version = ?", (PTP, version)).fetchone()
        if rel is None:
            return
        yield from conn.execute(
            "select e.column1, e.column2, e.effective, e.deleted, e.modifier, e.prior_1996, r.text, e.part "
            "from ncci_ptp_edits e join ncci_ptp_rationales r on r.release_id = e.release_id and r.id = e.rationale "
            "where e.release_id = ? and e.part = ? order by e.rowid", (rel[0], part))
    finally:
        conn.close()
