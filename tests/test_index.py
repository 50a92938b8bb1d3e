"""The disposable index: built with sqlite-utils, rebuilt atomically when the knowledge changes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from bot import paths
from bot.kb import index_path, open_index


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("select name from sqlite_master where type in ('table')")}
    finally:
        conn.close()


def test_index_has_the_documented_tables(kb):
    assert {"codes", "aliases", "links", "rules", "sources", "meta", "families", "tracks", "pairs", "contested",
            "descriptors", "search", "search_fts"} <= _tables(kb.path)


def test_rebuilds_when_knowledge_changes_and_only_then(tmp_path: Path):
    root = tmp_path / "knowledge"
    shutil.copytree(paths.knowledge_dir(), root)
    home = tmp_path / "home"
    home.mkdir()
    first = open_index(home=home, knowledge=root)
    built = first.meta_row["built_at"], first.meta_row["hash"]
    again = open_index(home=home, knowledge=root)
    assert built == (again.meta_row["built_at"], again.meta_row["hash"])
    rtm = root / "families" / "rtm.yaml"
    rtm.write_text(rtm.read_text().replace("title: RTM setup and patient education", "title: RTM setup (edited)"))
    changed = open_index(home=home, knowledge=root)
    assert built[1] != changed.meta_row["hash"]
    assert "RTM setup (edited)" == changed.codes["98975"].title
    assert [] == [p.name for p in home.iterdir() if p.name.endswith(".tmp")]


def test_corrupt_index_is_rebuilt(tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    index_path(home).write_bytes(b"not a database")
    assert "98981" in open_index(home=home).codes
