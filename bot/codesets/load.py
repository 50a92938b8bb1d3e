"""load_release: replace one release of a code set atomically, rows streamed; list and pick releases."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from bot.codesets.schema import CODESETS, create_schema

BUSY_TIMEOUT_S = 60  # a second import waits for the first instead of failing


class ImportFileError(Exception):
    """A file cannot be imported; the message names the file and, where it applies, the line."""

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        where = f"{file}: line {line}" if line is not None else file
        super().__init__(f"{where}: {message}")
        self.file, self.line, self.reason = file, line, message


@dataclass(frozen=True, slots=True)
class ReleaseInfo:
    """The stamp of one release, as the importer read it from its files."""

    name: str  # "ICD-10-CM FY2027"
    version: str  # unique within the code set: "FY2027", "FY2026-04"
    effective_date: date
    source: str  # file or package names
    fiscal_year: int | None = None
    ends_date: date | None = None
    parts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Release:
    """A release as stored in the releases table."""

    id: int
    codeset: str
    name: str
    version: str
    fiscal_year: int | None
    effective_date: str
    ends_date: str | None
    source: str
    parts: str
    row_count: int
    content_hash: str
    loaded_at: str


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What load_release did: the release id, rows per table, and whether anything changed."""

    release: Release
    changed: bool
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def connect(path: Path) -> sqlite3.Connection:
    """Open the code-set database for writing (WAL: readers keep answering during an import), schema ensured."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute("pragma journal_mode=wal")
    conn.execute("pragma synchronous=normal")
    create_schema(conn)
    return conn


def _streamed(rows: Iterable, release_id: int, width: int, table: str, digest, count: list[int]) -> Iterator[tuple]:
    """Yield rows with the release id in front, hashing and counting them, checking each row's width."""
    digest.update(f"\x1e{table}\x1e".encode())
    for row in rows:
        row = tuple(row)
        count[0] += 1
        if len(row) != width:
            raise ValueError(f"{table} row {count[0]} has {len(row)} values, expected {width}")
        digest.update(repr(row).encode())
        yield (release_id, *row)


def _release(conn: sqlite3.Connection, where: str, args: tuple) -> Release | None:
    row = conn.execute(f"select * from releases where {where}", args).fetchone()
    return Release(*row) if row else None


def load_release(path: Path, codeset: str, info: ReleaseInfo,
                 rows: Iterable[tuple] | Mapping[str, Iterable[tuple]]) -> LoadResult:
    """Load one release of `codeset` in a single transaction, replacing the stored release of the same version.

    `rows` is an iterable of tuples for the code set's main (first) table, or a mapping of table name to
    iterable; rows are streamed, never held. Any exception (a parse error raised by the row generator, a
    wrong row width) rolls everything back: the previous release keeps answering. When the rows hash to
    the stored release's content hash, nothing is written (changed=False)."""
    spec = CODESETS[codeset]
    tables = dict(rows) if isinstance(rows, Mapping) else {spec.tables[0].name: rows}
    started = time.perf_counter()
    conn = connect(path)
    try:
        conn.execute("begin immediate")
        old = _release(conn, "codeset = ? and version = ?", (codeset, info.version))
        new_id = _insert_release(conn, codeset, info)
        digest, counts = hashlib.sha256(), {}
        for name, table_rows in tables.items():
            table = spec.table(name)
            count = [0]
            conn.executemany(table.insert_sql(), _streamed(table_rows, new_id, table.width, name, digest, count))
            counts[name] = count[0]
        content_hash = digest.hexdigest()
        if old is not None and old.content_hash == content_hash:
            conn.execute("rollback")
            return LoadResult(old, False, counts, time.perf_counter() - started)
        if old is not None:
            _delete_release(conn, codeset, old.id)
        conn.execute("update releases set version = ?, row_count = ?, content_hash = ? where id = ?",
                     (info.version, sum(counts.values()), content_hash, new_id))
        conn.execute("commit")
        return LoadResult(_release(conn, "id = ?", (new_id,)), True, counts, time.perf_counter() - started)
    except BaseException:
        if conn.in_transaction:
            conn.execute("rollback")
        raise
    finally:
        conn.close()


def _insert_release(conn: sqlite3.Connection, codeset: str, info: ReleaseInfo) -> int:
    """Insert the new release under a provisional version (the old one keeps its name until commit)."""
    provisional = f"{info.version}\x00loading {time.time_ns()}"
    cur = conn.execute(
        "insert into releases (codeset, name, version, fiscal_year, effective_date, ends_date, source, parts, "
        "row_count, content_hash, loaded_at) values (?, ?, ?, ?, ?, ?, ?, ?, 0, '', ?)",
        (codeset, info.name, provisional, info.fiscal_year, info.effective_date.isoformat(),
         info.ends_date.isoformat() if info.ends_date else None, info.source, ",".join(info.parts),
         datetime.now(timezone.utc).isoformat(timespec="seconds")))
    return int(cur.lastrowid)


def _delete_release(conn: sqlite3.Connection, codeset: str, release_id: int) -> None:
    for table in CODESETS[codeset].tables:
        conn.execute(f"delete from {table.name} where release_id = ?", (release_id,))
    conn.execute("delete from releases where id = ?", (release_id,))


def drop_release(path: Path, codeset: str, version: str) -> bool:
    """Delete one stored release and its rows; return whether it existed."""
    conn = connect(path)
    try:
        conn.execute("begin immediate")
        old = _release(conn, "codeset = ? and version = ?", (codeset, version))
        if old is not None:
            _delete_release(conn, codeset, old.id)
        conn.execute("commit")
        return old is not None
    finally:
        conn.close()


def list_releases(conn: sqlite3.Connection, codeset: str | None = None) -> list[Release]:
    """Return the stored releases (of one code set, or all), oldest effective date first."""
    where, args = ("codeset = ?", (codeset,)) if codeset else ("1", ())
    try:
        rows = conn.execute(f"select * from releases where {where} and instr(version, char(0)) = 0 "
                            "order by codeset, effective_date, id", args).fetchall()
    except sqlite3.OperationalError:  # an empty file: no releases table yet
        return []
    return [Release(*r) for r in rows]


def release_for(conn: sqlite3.Connection, codeset: str, on: date) -> Release | None:
    """Return the release in force on a date (latest effective date on or before it), else the earliest loaded."""
    releases = list_releases(conn, codeset)
    in_force = [r for r in releases if r.effective_date <= on.isoformat()]
    if in_force:
        return max(in_force, key=lambda r: (r.effective_date, r.id))
    return releases[0] if releases else None
