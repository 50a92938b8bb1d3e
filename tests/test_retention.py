"""Retention: old event ids, ledger rows and reply-log entries are purged by the workers and by `codebot purge` (15.10)."""

from __future__ import annotations

import time

import pytest

from bot import retention
from bot.config import Settings
from bot.state import StateDB

DAY = 86_400


def aged(state: StateDB, now: float, batch: str = "") -> None:
    """Rows 100 days old and rows 1 day old in every table that retention covers (and in some it must not)."""
    with state.write() as db:
        for age, tag in ((100, "old" + batch), (1, "new" + batch)):
            t = now - age * DAY
            db.execute("insert into slack_events values (:id, :t)", {"id": f"Ev-{tag}", "t": t})
            db.execute("insert into emails (key, message_id, stage, received_at, updated_at) values (:k, :k, 'filed', "
                       ":t, :t)", {"k": f"<{tag}>", "t": t})
            db.execute("insert into email_reply_log values (:h, :t)", {"h": f"hash-{tag}", "t": t})
            db.execute("insert into feedback (created_at, channel, question_hash, codes, verdict) values (:t, 'cli', 'h', "
                       "'', 'up')", {"t": t})
        stuck = now - 100 * DAY
        db.execute("insert into emails (key, message_id, stage, received_at, updated_at) values (:k, :k, 'sending', "
                   ":t, :t)", {"k": f"<stuck{batch}>", "t": stuck})


def test_purge_removes_what_is_older_than_the_setting_and_nothing_else(open_state):
    state = open_state()
    now = time.time()
    aged(state, now)
    removed = retention.purge(state, days=90, now=now)
    assert {"slack_events": 1, "emails": 1, "email_reply_log": 1} == removed
    keys = [r["key"] for r in state.rows("select key from emails order by key")]
    assert ["<new>", "<stuck>"] == keys  # a message never filed stays for a person to see
    assert 2 == state.counts()["feedback"]
    assert {"slack_events": 0, "emails": 0, "email_reply_log": 0} == retention.purge(state, days=90, now=now)


def test_zero_days_keeps_everything(tmp_path):
    state = StateDB(tmp_path / "state.db")
    aged(state, time.time())
    assert {} == retention.purge(state, days=0)
    assert 2 == state.counts()["slack_events"]


def test_the_setting_defaults_to_90_days():
    assert 90 == Settings.from_env({}).retention_days
    assert 30 == Settings.from_env({"CODEBOT_RETENTION_DAYS": "30"}).retention_days


def test_running_workers_purge_at_most_once_an_interval(open_state):
    state = open_state()
    now = time.time()
    aged(state, now)
    assert retention.purge_if_due(state, 90, now=now) is not None
    aged(state, now, "2")  # more old rows right after: not due again yet
    assert retention.purge_if_due(state, 90, now=now + 60) is None
    assert retention.purge_if_due(state, 90, now=now + retention.PURGE_EVERY_SECONDS + 1) is not None
    assert 2 == state.counts()["slack_events"]


def test_the_slack_app_purges_when_it_starts(tmp_path, kb, slack_api):
    from bot.channels.slack.app import build_app

    state = StateDB(tmp_path / "state.db")
    aged(state, time.time())
    build_app(Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-t", "SLACK_SIGNING_SECRET": "s",
                                 "SLACK_API_URL": slack_api.url}), kb, state)
    assert 1 == state.counts()["slack_events"]


@pytest.fixture
def slack_api():
    """The fake Slack Web API (build_app checks its token against auth.test)."""
    from fakes.slack_api import FakeSlackAPI

    fake = FakeSlackAPI().start()
    yield fake
    fake.stop()


def test_codebot_purge_runs_it_on_demand(cli_run, codebot_home, monkeypatch):
    state = StateDB()
    aged(state, time.time())
    result = cli_run("purge")
    assert 0 == result.exit_code
    assert "Removed 3 rows older than 90 days: slack_events 1, emails 1, email_reply_log 1.\n" == result.output
    monkeypatch.setenv("CODEBOT_RETENTION_DAYS", "0")
    assert "Retention is off (CODEBOT_RETENTION_DAYS=0): nothing removed.\n" == cli_run("purge").output
    assert "rows older than 1 day: slack_events " in cli_run("purge", "--days", "1").output
