"""load_release: atomic replacement, unchanged re-imports, failed imports that change nothing, date choice."""

from __future__ import annotations

import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest

from bot.codesets.load import ReleaseInfo, list_releases, load_release, release_for
from bot.codesets.schema import CodeSetSpec, TableSpec, register_codeset

DEMO = register_codeset(CodeSetSpec("demo_pairs", "a test code set shaped like NCCI edits", (
    TableSpec("demo_pairs", (("col1", "text not null"), ("col2", "text not null"), ("modifier", "integer")),
              indexes=(("col1", "col2"),)),)))


def _info(version: str = "v1", effective: date = date(2026, 1, 1)) -> ReleaseInfo:
    return ReleaseInfo(name=f"Demo {version}", version=version, effective_date=effective, source="test")


def _rows(n: int, tag: str = "A"):
    return ((f"{tag}{i:06d}", f"B{i:06d}", i % 2) for i in range(n))


def _count(db: Path, version: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("select count(*) from demo_pairs join releases r on r.id = release_id "
                            "where r.version = ?", (version,)).fetchone()[0]
    finally:
        conn.close()


def test_a_release_loads_with_its_stamp(tmp_path):
    db = tmp_path / "codesets.db"
    result = load_release(db, "demo_pairs", _info(), _rows(1000))
    assert result.changed and 1000 == result.release.row_count == _count(db, "v1")
    assert 64 == len(result.release.content_hash) and "Demo v1" == result.release.name


def test_the_same_content_again_changes_nothing(tmp_path):
    db = tmp_path / "codesets.db"
    first = load_release(db, "demo_pairs", _info(), _rows(500))
    again = load_release(db, "demo_pairs", _info(), _rows(500))
    assert not again.changed and first.release.id == again.release.id and first.release.loaded_at == again.release.loaded_at


def test_new_content_of_a_version_replaces_it_whole(tmp_path):
    db = tmp_path / "codesets.db"
    load_release(db, "demo_pairs", _info(), _rows(500))
    result = load_release(db, "demo_pairs", _info(), _rows(300, "C"))
    assert result.changed and 300 == _count(db, "v1")
    conn = sqlite3.connect(db)
    assert 1 == len(list_releases(conn, "demo_pairs"))
    assert 0 == conn.execute("select count(*) from demo_pairs where col1 like 'A%'").fetchone()[0]


def test_a_failed_import_leaves_the_previous_release_answering(tmp_path):
    db = tmp_path / "codesets.db"
    load_release(db, "demo_pairs", _info(), _rows(500))

    def broken():
        yield from _rows(200, "C")
        raise ValueError("line 201 is cut short")

    with pytest.raises(ValueError, match="line 201"):
        load_release(db, "demo_pairs", _info(), broken())
    with pytest.raises(ValueError, match="expected 3"):
        load_release(db, "demo_pairs", _info("v2"), iter([("X", "Y")]))
    assert 500 == _count(db, "v1")
    assert ["v1"] == [r.version for r in list_releases(sqlite3.connect(db), "demo_pairs")]


def test_the_release_in_force_on_a_date_answers(tmp_path):
    db = tmp_path / "codesets.db"
    load_release(db, "demo_pairs", _info("2026", date(2025, 10, 1)), _rows(10))
    load_release(db, "demo_pairs", _info("2027", date(2026, 10, 1)), _rows(10, "C"))
    conn = sqlite3.connect(db)
    assert "2026" == release_for(conn, "demo_pairs", date(2026, 9, 30)).version
    assert "2027" == release_for(conn, "demo_pairs", date(2026, 10, 1)).version
    assert "2026" == release_for(conn, "demo_pairs", date(2020, 1, 1)).version  # before all: the earliest


def test_a_large_release_streams_in_without_being_held(tmp_path):
    started = time.perf_counter()
    result = load_release(tmp_path / "codesets.db", "demo_pairs", _info(), _rows(200_000))
    assert 200_000 == result.release.row_count
    assert time.perf_counter() - started < 60  # generous: bench/ measures 1.5M rows
