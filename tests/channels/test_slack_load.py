"""Under load: the ack never waits for the state database, and database handles stay flat (issue 17.2, 17.3)."""

from __future__ import annotations

import http.client
import os
import sqlite3
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

from slack_sdk.signature import SignatureVerifier

from bot.channels.slack.app import build_app
from bot.channels.slack.transport import serve_http_in_thread
from test_slack import SECRET, event_body, settings  # noqa: F401 (fixture)

REQUESTS = 10_000
CLIENTS = 8


def state_handles(path) -> int:
    """Open file descriptors of this process that point at the state database file."""
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            count += os.readlink(f"/proc/self/fd/{fd}") == str(path)
        except OSError:
            pass
    return count


class Client:
    """One keep-alive HTTP connection that posts signed bodies."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self.path = parts.path
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)

    def post(self, body: bytes) -> tuple[int, float]:
        stamp = str(int(time.time()))
        headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
                   "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)}
        started = time.perf_counter()
        self.conn.request("POST", self.path, body=body, headers=headers)
        response = self.conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started


def served(settings, kb, state):  # noqa: F811
    server, thread = serve_http_in_thread(build_app(settings, kb, state))
    return server, thread, f"http://127.0.0.1:{server.server_address[1]}/slack/events"


def test_the_ack_never_waits_for_a_locked_state_database(slack_api, settings, kb, state_db):  # noqa: F811
    server, thread, url = served(settings, kb, state_db)
    blocker = sqlite3.connect(state_db.path, isolation_level=None)
    try:
        Client(url).post(event_body("EvWarm", "<@UBOT> what is 98981", "900.000"))
        slack_api.wait_for("chat.postMessage", 1)
        blocker.execute("begin immediate")  # another process holds the write lock for a while
        acks = [Client(url).post(event_body(f"EvL{i}", "<@UBOT> what is 98980", f"900.{i + 1:03d}")) for i in range(5)]
        time.sleep(1.5)
        blocker.execute("commit")
        assert [200] * 5 == [status for status, _ in acks]
        assert max(seconds for _, seconds in acks) < 0.5, acks
        posts = slack_api.wait_for("chat.postMessage", 6, timeout=15)
        assert sorted(p["thread_ts"] for p in posts) == ["900.000"] + [f"900.{i + 1:03d}" for i in range(5)]
    finally:
        blocker.close()
        server.shutdown()
        thread.join(timeout=5)


def test_state_handles_stay_flat_over_10000_requests(slack_api, settings, kb, state_db):  # noqa: F811
    server, thread, url = served(settings, kb, state_db)
    try:
        def send(worker: int) -> list[int]:
            client = Client(url)
            bodies = (event_body(f"EvH{worker}-{i}", "edited", f"950.{worker}{i:05d}", subtype="message_changed")
                      for i in range(REQUESTS // CLIENTS))
            return [client.post(body)[0] for body in bodies]

        with ThreadPoolExecutor(CLIENTS) as pool:
            first = list(pool.map(lambda w: Client(url).post(event_body(f"EvS{w}", "x", "940.0", subtype="x"))[0],
                                  range(CLIENTS)))
            time.sleep(0.5)
            early = state_handles(state_db.path)
            statuses = [s for batch in pool.map(send, range(CLIENTS)) for s in batch]
        deadline = time.monotonic() + 30
        while state_db.counts()["slack_events"] < REQUESTS + CLIENTS and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [200] * CLIENTS == first and [200] * REQUESTS == statuses
        assert REQUESTS + CLIENTS == state_db.counts()["slack_events"]  # every request reached the database
        late = state_handles(state_db.path)
        assert late <= early <= 3, (early, late)
    finally:
        server.shutdown()
        thread.join(timeout=5)
    assert [] == [b for b in slack_api.bodies("chat.postMessage")]
