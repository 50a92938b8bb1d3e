"""A damaged state database under the channels: the Slack app starts, the e-mail watcher keeps going (15.9)."""

from __future__ import annotations

import logging
import os
import random
import threading
import time

from bot.channels.email.loop import serve
from bot.channels.email.worker import Worker
from bot.channels.slack import blocks as sb
from bot.channels.slack.app import build_app
from bot.channels.slack.transport import serve_http_in_thread
from bot.config import Settings
from bot.state import StateDB
from test_email import deliver, dovecot, env, folders, mail, mailbox, smtp  # noqa: F401 (fixtures)
from test_slack import event_body, post, settings  # noqa: F401 (fixture)

SETTLE = 0.5


def overwrite(path) -> None:
    """Overwrite a file in place with junk of the same size (the way a bad copy or a disk fault would)."""
    with open(path, "r+b") as handle:
        handle.write(random.Random(7).randbytes(max(4096, os.path.getsize(path))))


def damage_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("state database damaged")]


def test_slack_app_starts_on_a_damaged_state_file(slack_api, settings, kb, tmp_path, monkeypatch, caplog):  # noqa: F811
    monkeypatch.setenv("CODEBOT_HOME", str(tmp_path))
    (tmp_path / "state.db").write_bytes(b"")
    caplog.set_level(logging.ERROR, logger="bot")
    server, thread = serve_http_in_thread(build_app(settings, kb))
    url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    try:
        assert 200 == post(url, event_body("EvD1", "<@UBOT> what is 98981", "800.001"))[0]
        assert 1 == len(slack_api.wait_for("chat.postMessage", 1))
    finally:
        server.shutdown()
        thread.join(timeout=5)
    assert 1 == len(damage_lines(caplog))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("state.db.damaged-")]


def test_damage_under_a_running_slack_app_doubles_nothing_and_apologises_at_most_once(
        slack_api, settings, kb, tmp_path, caplog):  # noqa: F811
    state = StateDB(tmp_path / "state.db")
    server, thread = serve_http_in_thread(build_app(settings, kb, state))
    url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    try:
        before = [event_body(f"EvB{i}", "<@UBOT> what is 98981", f"810.{i:03d}") for i in range(5)]
        for body in before:
            post(url, body)
        slack_api.wait_for("chat.postMessage", 5)
        caplog.set_level(logging.ERROR, logger="bot")
        overwrite(tmp_path / "state.db")
        after = [event_body(f"EvA{i}", "<@UBOT> what is 98980", f"820.{i:03d}") for i in range(5)]
        twins = [event_body(f"EvT{i}", "<@UBOT> what is 98980", f"820.{i:03d}", kind="message", channel="C1",
                            channel_type="im") for i in range(5)]
        retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
        for body in after + before + after + twins:
            post(url, body, headers=retry if body in before or body in after[:0] else None)
        slack_api.wait_for("chat.postMessage", 10, timeout=10)
        time.sleep(SETTLE)
    finally:
        server.shutdown()
        thread.join(timeout=5)
    posts = slack_api.bodies("chat.postMessage")
    # A mention and its DM twin race for the one answer: the mention's goes in its thread, the twin's (when the
    # twin is read first) in the DM without a thread. Either way each message is answered exactly once.
    answers = [p.get("thread_ts") for p in posts if p["text"] != sb.apology()]
    assert 10 == len(answers)
    threaded = [t for t in answers if t is not None]
    assert len(threaded) == len(set(threaded))
    assert set(threaded) <= {f"810.{i:03d}" for i in range(5)} | {f"820.{i:03d}" for i in range(5)}
    assert {f"810.{i:03d}" for i in range(5)} <= set(threaded)
    assert len([p for p in posts if p["text"] == sb.apology()]) <= 1
    assert 1 == len(damage_lines(caplog))


def test_email_watch_mode_keeps_going_through_damage_and_doubles_nothing(
        mailbox, smtp, env, kb, tmp_path, caplog):  # noqa: F811
    path = tmp_path / "state.db"
    path.write_bytes(b"\0" * 8192)  # damaged before the start: kept aside, the worker starts anyway
    caplog.set_level(logging.INFO, logger="bot")
    worker = Worker(Settings.from_env({**env, "CODEBOT_EMAIL_POLL_SECONDS": "1"}), StateDB(path), kb=kb)
    time.sleep(1.1)  # INTERNALDATE has whole seconds: mail from now on arrived after the recovery
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(worker, stop), kwargs={"backoff_first": 0.2}, daemon=True)
    thread.start()
    try:
        deliver(mailbox, mail(msgid="<d1@clinic.test>"))
        wait_for(lambda: len(smtp.received) == 1)
        overwrite(path)  # damaged while the worker runs
        deliver(mailbox, mail(msgid="<d2@clinic.test>"))
        wait_for(lambda: folders(mailbox)["INBOX"] == 0)
        time.sleep(1.2)
        deliver(mailbox, mail(msgid="<d3@clinic.test>"))
        wait_for(lambda: folders(mailbox)["INBOX"] == 0 and len(smtp.received) >= 2)
        assert thread.is_alive()  # watch mode never exits on a state error
    finally:
        stop.set()
        thread.join(timeout=10)
    replies = [r.msg["In-Reply-To"] for r in smtp.received]
    assert replies.count("<d1@clinic.test>") == 1 and replies.count("<d3@clinic.test>") == 1
    assert replies.count("<d2@clinic.test>") <= 1  # in flight during the damage: answered once, or left to a person
    counts = folders(mailbox)
    assert counts["INBOX"] == 0 and counts["Processed"] + counts["Needs human"] == 3
    assert 2 == len(damage_lines(caplog))  # once at the start, once under the running worker
    assert not [r for r in caplog.records if r.exc_info and r.levelno >= logging.ERROR]


def wait_for(condition, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert condition()
