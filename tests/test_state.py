"""The precious state database: named migrations (alembic) on SQLite and PostgreSQL, files made by every older
codebot migrated forward without losing a row, reopening without loss, WAL, event de-duplication."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from bot import statemigrate
from bot.state import StateDB

# The named migrations exactly as older codebots ran them on SQLite (before alembic), to make their files.
LEGACY = [
    ("m001_initial", [
        "create table slack_events (event_id text primary key, received_at real not null)",
        """create table feedback (id integer primary key, created_at real not null, channel text not null,
           user_id text, question_hash text not null, codes text not null, status text, verdict text not null)"""]),
    ("m002_email", [
        """create table emails (key text primary key, message_id text, stage text not null, reason text,
           folder text, codes text, received_at real not null, updated_at real not null)""",
        "create table email_replies (sender text not null, sent_at real not null)",
        "create index email_replies_sender on email_replies(sender, sent_at)"]),
    ("m003_quiz", [
        """create table quiz_sessions (id text primary key, user_id text not null, channel text not null,
           family text, seed integer not null, n integer not null, created_at real not null,
           finished_at real, score integer)""",
        """create table quiz_answers (session_id text not null, question_index integer not null,
           user_id text not null, kind text not null, family text, code text, correct integer not null,
           answered_at real not null, primary key (session_id, question_index))"""]),
    ("m004_email_leases", ["alter table emails add column lease_owner text",
                           "alter table emails add column lease_until real"]),
    ("m005_state_meta", ["create table state_meta (key text primary key, value text not null)",
                         "insert into state_meta values ('salt', 'legacy-salt')"]),
    ("m006_hashed_reply_addresses", [
        "create table email_reply_log (sender_hash text not null, sent_at real not null)",
        "drop table email_replies",
        "create index email_reply_log_sender on email_reply_log(sender_hash, sent_at)"]),
]
REPLIES = [("jane@clinic.test", -60), ("jane@clinic.test", -30), ("bob@clinic.test", 0)]


def legacy_file(path: Path, upto: str) -> None:
    """A state file made by an older codebot: its named migrations up to `upto`, with rows in every table."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("pragma journal_mode=wal")
    conn.execute("create table _migrations (name text primary key, applied_at real not null)")
    now = time.time()
    for name, statements in LEGACY:
        for sql in statements:
            conn.execute(sql)
        conn.execute("insert into _migrations values (?, ?)", (name, now))
        if name == upto:
            break
    conn.executemany("insert into slack_events values (?, ?)", [(f"Ev{i}", now) for i in range(5)])
    conn.execute("insert into feedback (created_at, channel, question_hash, codes, verdict) values (?, 'slack', 'h', "
                 "'', 'down')", (now,))
    if upto >= "m002":
        conn.execute("insert into emails (key, message_id, stage, received_at, updated_at) values ('<a>', '<a>', "
                     "'filed', ?, ?)", (now, now))
    if "m002" <= upto < "m006":
        conn.executemany("insert into email_replies values (?, ?)", [(a, now + t) for a, t in REPLIES])
    if upto >= "m003":
        conn.execute("insert into quiz_sessions (id, user_id, channel, seed, n, created_at) values ('s1', 'U1', "
                     "'slack:C1', 7, 5, ?)", (now,))
        conn.execute("insert into quiz_answers values ('s1', 0, 'U1', 'code', 'rpm', 'x', 1, ?)", (now,))
    conn.close()


def test_a_new_database_is_at_the_newest_revision_on_sqlite_and_postgresql(open_state):
    state = open_state()
    assert statemigrate.head() == state.revision()
    assert [] == state.migrate()
    assert {"slack_events", "feedback", "emails", "email_reply_log", "quiz_sessions", "quiz_answers",
            "state_meta"} <= set(state.tables())
    assert "email_replies" not in state.tables()
    assert [name for name, _ in LEGACY] == list(statemigrate.revisions()[:len(LEGACY)])  # the same names, in order


def test_reopening_keeps_every_row(open_state):
    first = open_state()
    first.record_feedback("cli", "U1", "abc", ["98981"], "answered", "down")
    assert first.seen_event("Ev1") is False
    first.close()
    again = open_state()
    assert 1 == again.counts()["feedback"]
    assert again.seen_event("Ev1") is True
    assert ["98981"] == [r["codes"] for r in again.feedback("down")]


def test_the_sqlite_file_uses_wal(tmp_path: Path):
    StateDB(tmp_path / "state.db").close()
    assert "wal" == sqlite3.connect(tmp_path / "state.db").execute("pragma journal_mode").fetchone()[0]


def test_a_database_from_before_the_hashed_reply_log_migrates_without_losing_a_row(tmp_path: Path):
    from bot.channels.email.ledger import Ledger

    path = tmp_path / "state.db"
    legacy_file(path, "m004_email_leases")
    state = StateDB(path)
    counts = state.counts()
    assert (5, 1, 1, 3, 1, 1) == (counts["slack_events"], counts["feedback"], counts["emails"],
                                  counts["email_reply_log"], counts["quiz_sessions"], counts["quiz_answers"])
    assert "email_replies" not in counts
    dump = "\n".join(sqlite3.connect(path).iterdump())
    assert "jane@clinic.test" not in dump and "bob@clinic.test" not in dump  # only keyed hashes remain
    ledger = Ledger(state)
    assert (2, 1, 0) == tuple(ledger.replies_since(a, 3600) for a in ("jane@clinic.test", "Bob@Clinic.test", "x@y.z"))
    assert statemigrate.head() == state.revision()


@pytest.mark.parametrize("upto", [name for name, _ in LEGACY])
def test_a_file_made_by_each_older_schema_migrates_forward(tmp_path: Path, upto: str):
    path = tmp_path / "state.db"
    legacy_file(path, upto)
    state = StateDB(path)
    counts = state.counts()
    assert (5, 1) == (counts["slack_events"], counts["feedback"])
    if upto >= "m002":
        assert 1 == counts["emails"]
        assert (3 if upto < "m006" else 0) == counts["email_reply_log"]
    if upto >= "m003":
        assert (1, 1) == (counts["quiz_sessions"], counts["quiz_answers"])
    assert statemigrate.head() == state.revision()
    assert state.meta("salt")  # made by m005 now, or kept from the older file
    assert state.seen_event("Ev3") is True and state.seen_event("EvNew") is False
    state.close()
    assert [] == StateDB(path).migrate()  # and nothing is applied twice


def test_the_legacy_salt_is_kept_so_old_reply_hashes_still_match(tmp_path: Path):
    path = tmp_path / "state.db"
    legacy_file(path, "m006_hashed_reply_addresses")
    assert "legacy-salt" == StateDB(path).meta("salt")


def test_processes_starting_together_on_an_empty_database_migrate_it_once(open_state):
    opened, errors = [], []

    def start() -> None:
        try:
            opened.append(open_state())
        except Exception as exc:  # noqa: BLE001 (the assertion below shows it)
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [] == errors
    assert {statemigrate.head()} == {s.revision() for s in opened}
    assert 1 == opened[0].counts()["alembic_version"]


def test_a_url_that_is_neither_sqlite_nor_postgresql_is_refused_in_one_line(tmp_path: Path):
    with pytest.raises(ValueError, match="CODEBOT_STATE_URL must be"):
        StateDB(url="mysql://user:secret@db/state")


def test_a_sqlite_url_names_the_file(tmp_path: Path):
    state = StateDB(url=f"sqlite:///{tmp_path / 'elsewhere.db'}")
    assert state.path == tmp_path / "elsewhere.db" and state.kind == "sqlite"


def test_an_unreachable_postgresql_is_one_line_naming_it_without_the_password():
    from bot.state import StateUnreachable

    with pytest.raises(StateUnreachable) as caught:
        StateDB(url="postgresql://codebot:s3cret-pw@127.0.0.1:1/state")
    message = str(caught.value)
    assert message.startswith("cannot reach the state database postgresql+psycopg://codebot:***@127.0.0.1:1/state (")
    assert "s3cret-pw" not in message and "\n" not in message
