"""The data directory is 0700 and the databases 0600 whatever the umask (issue 15.3)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from bot import paths
from bot.kb import open_index
from bot.state import StateDB


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o000, 0o002])
def umask(request):
    """Run the test under a permissive umask, then restore the old one."""
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def test_new_data_dir_and_databases_are_private(tmp_path, monkeypatch, umask):
    home = tmp_path / "new" / "codebot"
    monkeypatch.setenv("CODEBOT_HOME", str(home))
    assert paths.data_dir() == home
    assert 0o700 == mode(home)
    state = StateDB()
    state.seen_event("Ev1")
    for name in ("state.db", "state.db-wal", "state.db-shm"):
        assert 0o600 == mode(home / name), name
    state.close()
    open_index(home=home)
    assert 0o600 == mode(home / "index.db")
    assert [] == [p.name for p in home.iterdir() if p.is_file() and mode(p) & 0o077 and p.suffix == ".db"]


def test_an_old_loose_data_dir_is_tightened(tmp_path, monkeypatch, umask):
    home = tmp_path / "old"
    home.mkdir()
    os.chmod(home, 0o755)
    (home / "state.db").touch()
    os.chmod(home / "state.db", 0o644)
    monkeypatch.setenv("CODEBOT_HOME", str(home))
    StateDB().close()
    assert (0o700, 0o600) == (mode(home), mode(home / "state.db"))


def test_a_shared_directory_named_as_home_is_left_alone_but_the_files_are_private(tmp_path, monkeypatch, umask):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    (shared / "someone-elses-file").write_text("x")
    monkeypatch.setenv("CODEBOT_HOME", str(shared))
    StateDB().close()
    assert 0o1777 == mode(shared)
    assert 0o600 == mode(shared / "state.db")


def test_a_rebuilt_index_stays_private(tmp_path, umask):
    open_index(home=tmp_path)
    os.chmod(tmp_path / "index.db", 0o644)
    (tmp_path / "index.db").write_bytes(b"")  # stale: rebuilt on open
    open_index(home=tmp_path)
    assert 0o600 == mode(tmp_path / "index.db")
