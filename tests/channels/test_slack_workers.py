"""Several Slack servers (real gunicorn processes) behind the tests' round-robin client, on shared state: retried,
duplicated and twinned events answered exactly once; a graceful restart loses nothing; /healthz (issue 16)."""

from __future__ import annotations

import collections
import os
import random
import signal
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from bot.channels.slack import blocks as sb
from bot.channels.slack.httpserver import HTTP_THREADS
from bot.kb import open_index
from fakes.slack_cluster import RoundRobin, cluster_env, mention, start_servers

MESSAGES = 40
QUESTIONS = ("what is 98981", "can I bill 99457 with 98980?", "45 minutes of RTM with a call", "what is 9898")
IDLE_SOCKETS = 200
RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


@pytest.fixture
def home(tmp_path, kb):
    """A data directory with the index already built, shared by every server."""
    open_index(home=tmp_path)
    return tmp_path


def _jobs(tag: str, servers: int) -> list[tuple[bytes, int, dict]]:
    """Each message three times, to three different servers: the event, Slack's retry of it, and its DM twin."""
    jobs = []
    for i in range(MESSAGES):
        ts, question = f"{tag}.{i:04d}", QUESTIONS[i % len(QUESTIONS)]
        jobs.append((mention(f"Ev{tag}{i}", ts, question, thread_ts=ts), i, {}))
        jobs.append((mention(f"Ev{tag}{i}", ts, question, thread_ts=ts), i + 1, RETRY))
        jobs.append((mention(f"Ev{tag}{i}T", ts, question, kind="message", channel_type="im", thread_ts=ts),
                     i + 2 if servers > 2 else i + 1, {}))
    random.Random(tag).shuffle(jobs)
    return jobs


def _answers(slack_api, tag: str, expected: int, timeout: float = 60) -> collections.Counter:
    """Answers per question (thread) once `expected` arrived, and a moment more for any double."""
    slack_api.wait_for("chat.postMessage", expected, timeout=timeout)
    time.sleep(1.5)
    posts = [p for p in slack_api.bodies("chat.postMessage") if str(p.get("thread_ts", "")).startswith(tag)]
    assert not [p for p in posts if p["text"] == sb.apology()]
    return collections.Counter(p["thread_ts"] for p in posts)


def _logs(tmp_path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in sorted(tmp_path.glob("slack*.log")))


@pytest.mark.parametrize("servers, store", [(2, "postgresql"), (3, "postgresql"), (2, "sqlite")],
                         ids=["2 servers on PostgreSQL", "3 servers on PostgreSQL", "2 servers on one SQLite file"])
def test_retries_duplicates_and_twins_on_other_servers_are_answered_once(slack_api, home, tmp_path, request,
                                                                         servers, store):
    url = request.getfixturevalue("pg_url") if store == "postgresql" else f"sqlite:///{tmp_path / 'shared.db'}"
    running = start_servers(servers, cluster_env(home, slack_api.url, url), tmp_path)
    try:
        balancer = RoundRobin([s.url for s in running])
        jobs = _jobs(f"9{servers}{store[0]}", servers)
        with ThreadPoolExecutor(12) as pool:
            statuses = list(pool.map(lambda job: balancer.post(job[0], to=job[1], **job[2])[0], jobs))
        answers = _answers(slack_api, f"9{servers}{store[0]}", MESSAGES)
    finally:
        for server in running:
            server.stop()
    assert [200] * len(jobs) == statuses
    assert MESSAGES == len(answers), answers
    assert {1} == set(answers.values()), {ts: n for ts, n in answers.items() if n != 1}
    assert "Traceback" not in _logs(tmp_path), _logs(tmp_path)[-3000:]


def test_a_graceful_restart_under_traffic_loses_and_doubles_nothing(slack_api, home, tmp_path, pg_url):
    [server] = start_servers(1, cluster_env(home, slack_api.url, pg_url), tmp_path, workers=2)
    statuses: list[int] = []
    try:
        balancer = RoundRobin([server.url])

        def traffic() -> None:
            for i in range(MESSAGES):
                statuses.append(balancer.post(mention(f"EvR{i}", f"7.{i:04d}", QUESTIONS[i % 4], thread_ts=f"7.{i:04d}"))[0])
                time.sleep(0.1)

        sender = threading.Thread(target=traffic)
        sender.start()
        time.sleep(1)
        server.proc.send_signal(signal.SIGHUP)  # new workers start, the old ones finish what they hold and stop
        sender.join(timeout=60)
        answers = _answers(slack_api, "7.", MESSAGES)
        assert 200 == server.health()[0]
    finally:
        server.stop()
    assert [200] * MESSAGES == statuses
    assert MESSAGES == len(answers) and {1} == set(answers.values()), answers
    assert "Traceback" not in _logs(tmp_path), _logs(tmp_path)[-3000:]


def test_healthz_says_503_when_the_state_database_is_gone(slack_api, kb, pg_url, postgres):
    from bot.channels.slack.app import build_app
    from bot.channels.slack.transport import health
    from bot.config import Settings
    from bot.state import StateDB

    settings = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-t", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": slack_api.url})
    app = build_app(settings, kb, StateDB(url=pg_url))
    ok, report = health(app)
    assert ok and report["state"] == "ok" and report["index"].startswith("knowledge ")
    with psycopg.connect(postgres.url(), autocommit=True) as admin:
        admin.execute(f'drop database "{pg_url.rsplit("/", 1)[1]}" with (force)')
    ok, report = health(app)
    assert not ok and report["state"].startswith("cannot reach the state database postgresql"), report


def _threads(pid: int) -> int:
    """Threads of a process and all its descendants (gunicorn master, workers, answering processes)."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        children = open(f"/proc/{pid}/task/{task}/children").read().split()
        total += 1 + sum(_threads(int(child)) for child in children)
    return total


def test_200_half_open_connections_hold_no_threads_and_a_real_request_is_answered(slack_api, home, tmp_path):
    [server] = start_servers(1, cluster_env(home, slack_api.url, f"sqlite:///{tmp_path / 's.db'}"), tmp_path)
    sockets = []
    try:
        balancer = RoundRobin([server.url])
        assert 200 == balancer.post(mention("EvWarm", "6.0001", "what is 98981", thread_ts="6.0001"))[0]
        slack_api.wait_for("chat.postMessage", 1, timeout=20)
        before = _threads(server.proc.pid)
        for i in range(IDLE_SOCKETS):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            if i % 2:
                sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n")
            sockets.append(sock)
        time.sleep(1)
        grown = _threads(server.proc.pid) - before
        started = time.monotonic()
        status, _ = RoundRobin([server.url]).post(mention("EvReal", "6.0002", "what is 98980", thread_ts="6.0002"))
        waited = time.monotonic() - started
        assert 2 == len(slack_api.wait_for("chat.postMessage", 2, timeout=20))
    finally:
        for sock in sockets:
            sock.close()
        server.stop()
    assert 200 == status and waited < 2, waited
    assert grown <= HTTP_THREADS, f"{grown} threads for {IDLE_SOCKETS} idle connections"
