"""Shared fixtures: the real index built once, an isolated CODEBOT_HOME, a migrated state database."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot import paths
from bot.kb import open_index
from bot.kb.store import KnowledgeBase
from bot.state import StateDB


def pytest_report_header(config: pytest.Config) -> str:
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("create virtual table t using fts5(x)")
        fts5 = "yes"
    except sqlite3.OperationalError:
        fts5 = "NO"
    return f"sqlite {sqlite3.sqlite_version}, fts5 {fts5}, knowledge {paths.knowledge_dir()}"


@pytest.fixture(scope="session", autouse=True)
def codebot_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Point CODEBOT_HOME at a session temp dir so no test touches the real user's data."""
    home = tmp_path_factory.mktemp("codebot-home")
    old = os.environ.get("CODEBOT_HOME")
    os.environ["CODEBOT_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("CODEBOT_HOME", None)
    else:
        os.environ["CODEBOT_HOME"] = old


@pytest.fixture(scope="session")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """The real index, built once from the bundled knowledge into its own directory."""
    return open_index(home=tmp_path_factory.mktemp("kb"))


@pytest.fixture
def state_db(tmp_path: Path) -> StateDB:
    """A real, migrated state database file."""
    return StateDB(tmp_path / "state.db")


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server of its own on 127.0.0.1 for the session (skipped locally when not installed,
    never in CI: there a missing server fails the run)."""
    from fakes.postgres import Postgres, PostgresMissing

    try:
        server = Postgres().start()
    except PostgresMissing as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{exc} (CI must test on PostgreSQL)")
        pytest.skip(str(exc))
    yield server
    server.stop()


@pytest.fixture
def pg_url(postgres) -> str:
    """The URL of a new, empty PostgreSQL database."""
    return postgres.new_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def open_state(request, tmp_path: Path):
    """Open the state store of this test (a SQLite file, or a fresh PostgreSQL database): each call is another
    connection to the same store, as another worker process would have."""
    if request.param == "sqlite":
        return lambda: StateDB(tmp_path / "state.db")
    url = request.getfixturevalue("pg_url")
    return lambda: StateDB(url=url)


@pytest.fixture
def cli_run():
    """Invoke the codebot CLI in-process and return the click Result."""
    from bot.commands.cli import cli

    def run(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return run


@pytest.fixture(scope="session")
def codesets(codebot_home: Path):
    """The bundled ICD-10-CM release compiled once per test session into the session's data directory."""
    from bot.codesets import open_codesets, use_codesets

    reader = open_codesets(codebot_home)
    use_codesets(reader)
    return reader


@pytest.fixture
def dx_today(monkeypatch: pytest.MonkeyPatch):
    """Pin "today" for release choice (CODEBOT_TODAY); returns a setter."""
    def pin(iso: str) -> None:
        monkeypatch.setenv("CODEBOT_TODAY", iso)
    pin("2026-12-01")
    return pin


CMS_REAL = Path(__file__).resolve().parent / "fixtures" / "cms" / "real"
CMS_DATA_SUFFIXES = (".txt", ".csv")


@pytest.fixture(scope="session")
def cms_codesets(tmp_path_factory: pytest.TempPathFactory):
    """The real-facts CMS fixtures (tests/fixtures/cms/real: HCPCS, PTP, MUE, PFS, GPCI, localities, a stand-in
    descriptor file) imported once, by `codebot import`'s own code, into their own code-set database."""
    from bot.codesets.cms_read import CmsReader
    from bot.codesets.registry import import_files

    path = tmp_path_factory.mktemp("cms-codesets") / "codesets.db"
    import_files(path, sorted(p for p in CMS_REAL.iterdir() if p.suffix.lower() in CMS_DATA_SUFFIXES))
    return CmsReader(path)


@pytest.fixture(autouse=True)
def cms_imports(cms_codesets):
    """Every test, and the corpus runner's plain ask(), answers with the CMS fixtures imported (an import command
    run by a test resets the process-wide reader; this puts it back). A test wanting none calls use_cms itself."""
    from bot.codesets import use_cms

    use_cms(cms_codesets)
    return cms_codesets
