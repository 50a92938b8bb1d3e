"""The state database as a file: created whole or not at all, checked for damage, damaged copies kept aside."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bot import paths

HEADER = b"SQLite format 3\x00"
SIDECARS = ("-wal", "-shm")
DAMAGE_CODES = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_CORRUPT_VTAB", "SQLITE_CORRUPT_INDEX"})


def is_damage(exc: BaseException) -> bool:
    """True when an SQLite error means the file is damaged (not busy, locked or a bad statement)."""
    exc = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's error
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    return name in DAMAGE_CODES or "malformed" in text or "not a database" in text


class StateDamaged(sqlite3.DatabaseError):
    """The state file was found damaged and replaced by a fresh one; the statement did not happen."""


def one_line(exc: BaseException) -> str:
    """An error as one short line."""
    return " ".join(str(exc).split())[:200]


def inode(path: Path) -> int | None:
    """The file's inode, or None when it is missing."""
    try:
        return os.stat(path).st_ino
    except FileNotFoundError:
        return None


def damage_on_open(path: Path) -> str | None:
    """Say what is wrong with an existing state file (0 bytes, not SQLite, failed quick_check), or None."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    if size == 0:
        return "the file is empty (0 bytes)"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=10)
        try:
            verdict = [row[0] for row in conn.execute("pragma quick_check")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return one_line(exc) if is_damage(exc) else None
    return None if verdict == ["ok"] else "quick_check: " + " ".join(" ".join(verdict).split())[:200]


@contextlib.contextmanager
def recovery_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on a sidecar file while one process checks, sets aside or creates the state file."""
    try:
        import fcntl
    except ImportError:  # Windows: one worker per data directory
        yield
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # the data directory was removed under us
    with open(path.with_name(path.name + ".lock"), "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def set_aside(path: Path) -> Path:
    """Move the state file and its -wal/-shm to `<name>.damaged-<UTC time>`; return the new main file's path."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    for suffix in SIDECARS:
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + suffix))
    os.replace(path, aside)
    return aside


def create(path: Path, prepare: Callable[[sqlite3.Connection], None]) -> bool:
    """Create a complete state file at `path` unless one exists: built aside, then linked in (never half made)."""
    if path.exists():
        return False
    tmp = path.with_name(f"{path.name}.{os.getpid()}.new")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(paths.private_file(tmp), isolation_level=None)
    try:
        conn.execute("pragma journal_mode=wal")
        prepare(conn)
        conn.execute("pragma wal_checkpoint(truncate)")
    finally:
        conn.close()
    for suffix in SIDECARS:
        tmp.with_name(tmp.name + suffix).unlink(missing_ok=True)
    try:
        os.link(tmp, path)  # atomic: fails if another process created it meanwhile
        return True
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: the recovery lock already keeps processes apart
        if path.exists():
            return False
        os.replace(tmp, path)
        return True
    finally:
        tmp.unlink(missing_ok=True)


class Watch:
    """A cheap, per-write look at the file under an open connection: header intact, still the same file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_RDONLY)
        self.inode = os.fstat(self._fd).st_ino

    def replaced(self) -> bool:
        """True when the path now names another file (another process set the damaged one aside)."""
        try:
            return os.stat(self.path).st_ino != self.inode
        except FileNotFoundError:
            return True

    def damaged(self) -> str | None:
        """Say why the open file is no longer a sound SQLite file (emptied, header overwritten), or None."""
        if hasattr(os, "pread"):
            head = os.pread(self._fd, len(HEADER), 0)
        else:  # Windows has no pread
            os.lseek(self._fd, 0, os.SEEK_SET)
            head = os.read(self._fd, len(HEADER))
        if not head:
            return "the file was emptied (0 bytes)"
        return None if head == HEADER else "the file header was overwritten"

    def close(self) -> None:
        """Release the file descriptor."""
        with contextlib.suppress(OSError):
            os.close(self._fd)
