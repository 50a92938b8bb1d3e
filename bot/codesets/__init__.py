"""codesets: official code sets (ICD-10-CM; HCPCS, NCCI PTP and MUE edits, PFS RVUs, GPCIs, localities; a practice's
licensed CPT descriptors) in their own SQLite database
(codesets.db in the data directory), with a releases table, one generic atomic loader (load.load_release),
an import registry (registry), parsers of the CMS files as published (formats/) and read-only queries; imports paths and its own answer-free records only,
never the engine, kb, answer, core, a channel, a command, render, state or quiz."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bot import paths
from bot.codesets import cms_tables, icd_tables  # noqa: F401  (registers the code sets' tables)

if TYPE_CHECKING:  # the readers load on first need: a cold ask whose data directory holds no CMS file skips them
    from bot.codesets.cms_read import CmsReader
    from bot.codesets.icd_read import IcdReader

DB_NAME = paths.CODESETS_DB


class CodeSetsUnavailable(Exception):
    """The code-set database cannot be opened or built; the message says where and what to do."""
_DEFAULT: dict[str, IcdReader | CmsReader] = {}
_LOCK = threading.Lock()


def codesets_path(home: Path | None = None) -> Path:
    """Return where the code-set database lives."""
    return (home or paths.data_dir()) / DB_NAME


def _has_bundled(path: Path) -> bool:
    from bot.codesets.bundled import bundled_version, needs_build

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("select source from releases where codeset = ? and version = ?",
                               (icd_tables.ICD10CM, bundled_version())).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return not needs_build(row[0] if row else None)


def _set_aside_if_corrupt(path: Path) -> None:
    """A file that is not a SQLite database is renamed (never deleted) so the bundled release can be rebuilt."""
    if not path.exists():
        return
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            conn.execute("pragma schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        path.rename(path.with_name(f"{path.name}.corrupt-{int(time.time())}"))


def ensure_bundled(home: Path | None = None) -> Path:
    """Compile the bundled ICD-10-CM release into the database unless it is there already; return the path."""
    try:
        path = codesets_path(home)
        if not _has_bundled(path):
            from bot.codesets.bundled import build_bundled

            _set_aside_if_corrupt(path)
            build_bundled(path)
    except (OSError, sqlite3.Error) as exc:
        where = home or "the data directory"
        raise CodeSetsUnavailable(f"The code sets in {where} cannot be opened or built ({exc}); "
                                  "check the data directory, then run `codebot index`.") from exc
    return path


def open_codesets(home: Path | None = None) -> IcdReader:
    """Open the code-set database for reading, compiling the bundled release on first need."""
    from bot.codesets.icd_read import IcdReader

    return IcdReader(ensure_bundled(home))


def default_codesets() -> IcdReader:
    """The process-wide reader for the data directory's code sets, opened on first need only."""
    with _LOCK:
        if "icd" not in _DEFAULT:
            _DEFAULT["icd"] = open_codesets()
        return _DEFAULT["icd"]


def use_codesets(reader: IcdReader | None) -> None:
    """Make `reader` the process-wide one (None forgets it, so the next question reopens the data directory's)."""
    with _LOCK:
        _DEFAULT.pop("icd", None)
        _DEFAULT.pop("cms", None)  # an import just ran, or the data directory changed: the CMS reader reopens too
        if reader is not None:
            _DEFAULT["icd"] = reader


def default_cms() -> CmsReader | None:
    """The process-wide reader of the CMS code sets, or None when no code-set database exists yet.

    Never builds anything: the CMS files are only there when a practice imported them."""
    with _LOCK:
        if "cms" not in _DEFAULT:
            try:
                path = codesets_path()
            except OSError:
                return None
            if not path.exists():
                return None
            from bot.codesets.cms_read import CmsReader

            _DEFAULT["cms"] = CmsReader(path)
        return _DEFAULT["cms"]  # type: ignore[return-value]


_HELD: dict[tuple, bool] = {}  # holds_release answers by code sets and the file's modification stamps


def _mtimes(*files: Path) -> list[int]:
    """The modification times of the files that exist."""
    out = []
    for f in files:
        try:
            out.append(os.stat(f).st_mtime_ns)
        except FileNotFoundError:
            continue
    return out


def holds_release(codesets: tuple[str, ...]) -> bool:
    """Whether the process-wide CMS code sets hold a release of any of `codesets` (a plain query: the reader and
    its records load only when one does)."""
    with _LOCK:
        reader = _DEFAULT.get("cms")
    stamp = None
    if reader is None:  # no reader yet: the answer holds until the file changes (an import writes it)
        try:
            path = codesets_path()
            stamp = (codesets, *_mtimes(path, Path(f"{path}-wal")))
        except OSError:
            return False
        if stamp in _HELD:
            return _HELD[stamp]
    try:
        conn = reader.conn() if reader is not None else sqlite3.connect(f"file:{codesets_path()}?mode=ro", uri=True)
    except (OSError, sqlite3.Error):
        return False
    try:
        marks = ",".join("?" * len(codesets))
        held = conn.execute(f"select 1 from releases where codeset in ({marks}) limit 1", codesets).fetchone() is not None
    except sqlite3.Error:
        return False
    else:
        if stamp is not None:
            _HELD[stamp] = held
        return held
    finally:
        if reader is None:
            conn.close()


def use_cms(reader: CmsReader | None) -> None:
    """Make `reader` the process-wide CMS reader (None forgets it: the data directory's is opened on next need)."""
    with _LOCK:
        _DEFAULT.pop("cms", None)
        if reader is not None:
            _DEFAULT["cms"] = reader
