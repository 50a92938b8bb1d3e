"""`codebot state migrate --to URL`: a SQLite state file (made by an older codebot) copied to PostgreSQL
without losing a row; the copy refuses a target that already holds state; `codebot state status` (16.3, 16.6)."""

from __future__ import annotations

from bot.channels.email.ledger import Ledger
from bot.state import StateDB
from test_state import legacy_file

TABLES = ("slack_events", "feedback", "emails", "email_reply_log", "quiz_sessions", "quiz_answers", "state_meta")


def _rows(state: StateDB, table: str) -> list[tuple]:
    return sorted(tuple(r.values()) for r in state.rows(f"select * from {table}"))


def _filled(path) -> StateDB:
    """A file from before the hashed reply log, migrated and then used: rows in every table."""
    legacy_file(path, "m004_email_leases")
    state = StateDB(path)
    for i in range(2500):  # more than one copy batch
        state.seen_event(f"EvBulk{i}")
    state.record_feedback("slack", "U9", "abcd", ["98981", "98980"], "answered", "up")
    Ledger(state).answered("<a>", "carol@clinic.test")
    return state


def test_a_sqlite_state_file_is_copied_to_postgresql_without_losing_a_row(cli_run, tmp_path, monkeypatch, pg_url):
    monkeypatch.setenv("CODEBOT_HOME", str(tmp_path))
    monkeypatch.delenv("CODEBOT_STATE_URL", raising=False)
    source = _filled(tmp_path / "state.db")
    before = {t: _rows(source, t) for t in TABLES}
    result = cli_run("state", "migrate", "--to", pg_url)
    assert 0 == result.exit_code, result.output
    assert result.output.startswith(f"Copied {sum(len(r) for r in before.values())} rows from {tmp_path / 'state.db'} "
                                    "to postgresql+psycopg://codebot@")
    target = StateDB(url=pg_url)
    assert before == {t: _rows(target, t) for t in TABLES}  # every row, every column
    assert (2, 1, 1) == tuple(Ledger(target).replies_since(a, 3600)  # the salt came along: old hashes still match
                              for a in ("jane@clinic.test", "bob@clinic.test", "carol@clinic.test"))
    target.record_feedback("slack", "U1", "ef01", [], "answered", "down")  # the id sequence continues after the copy
    assert 3 == len(target.feedback())
    assert target.seen_event("EvBulk7") is True and target.seen_event("Ev3") is True
    assert before == {t: _rows(StateDB(tmp_path / "state.db"), t) for t in TABLES}  # the source is left as it was


def test_a_target_that_already_holds_state_is_refused_and_left_alone(cli_run, tmp_path, monkeypatch, pg_url):
    monkeypatch.setenv("CODEBOT_HOME", str(tmp_path))
    monkeypatch.delenv("CODEBOT_STATE_URL", raising=False)
    _filled(tmp_path / "state.db")
    target = StateDB(url=pg_url)
    target.seen_event("EvAlreadyThere")
    salt = target.meta("salt")
    result = cli_run("state", "migrate", "--to", pg_url)
    assert 1 == result.exit_code
    assert "already holds state (slack_events 1); nothing copied." in result.output
    assert (1, salt) == (target.counts()["slack_events"], target.meta("salt"))


def test_state_status_names_the_store_its_migration_and_rows(cli_run, tmp_path, monkeypatch, pg_url):
    from bot import statemigrate

    monkeypatch.setenv("CODEBOT_STATE_URL", pg_url)
    StateDB().seen_event("Ev1")
    out = cli_run("state", "status").output
    assert out.startswith("store      postgresql postgresql+psycopg://codebot@127.0.0.1:")
    assert f"migration  {statemigrate.head()}\n" in out and "slack_events         1\n" in out
    monkeypatch.setenv("CODEBOT_STATE_URL", "postgresql://codebot:pw@127.0.0.1:1/none")
    result = cli_run("state", "status")
    assert 1 == result.exit_code and result.output.startswith("Error: cannot reach the state database ")
    assert ":pw@" not in result.output
