"""Slack HTTP endpoint benchmark: ack p50/p99 at 20 and 100 requests in flight, and state-file handles after
10,000 requests; real HTTP on 127.0.0.1 with the local fake Web API, in a temporary state directory."""

from __future__ import annotations

import http.client
import json
import os
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from slack_sdk.signature import SignatureVerifier

SECRET = "bench-secret"
QUICK = bool(os.environ.get("BENCH_QUICK"))  # bench/run.py --quick: a smoke run
EVENTS = 100 if QUICK else 1_000  # answered events per concurrency level
IN_FLIGHT = tuple(int(n) for n in os.environ.get("BENCH_SLACK_IN_FLIGHT", "20" if QUICK else "20,100").split(","))
HANDLE_REQUESTS = 200 if QUICK else 10_000
QUESTIONS = ("what is 98981", "45 minutes of RTM with a call", "can I bill 99457 with 98980?", "what is 9898")


def _fake_api():
    """Import the test suite's fake Slack Web API (tests/fakes/slack_api.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from fakes.slack_api import FakeSlackAPI

    return FakeSlackAPI().start()


def _body(event_id: str, ts: str, text: str, **extra) -> bytes:  # noqa: ANN003
    event = {"type": "app_mention", "user": "U1", "text": f"<@UBOT> {text}", "ts": ts, "channel": "C1",
             "event_ts": ts, **extra}
    return json.dumps({"token": "t", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
                       "event_id": event_id, "event_time": int(time.time()), "event": event}).encode()


class _Client:
    """One keep-alive connection posting signed events; returns seconds until each ack."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self.path, self.conn = parts.path, http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

    def send(self, body: bytes) -> float:
        stamp = str(int(time.time()))
        headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
                   "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)}
        started = time.perf_counter()
        self.conn.request("POST", self.path, body=body, headers=headers)
        response = self.conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"ack status {response.status}")
        return time.perf_counter() - started


def _burst(url: str, fake, level: int, tag: str) -> dict:  # noqa: ANN001
    """EVENTS mentions from `level` concurrent clients; ack percentiles and how many got exactly one answer."""
    before = len(fake.bodies("chat.postMessage"))

    def client(n: int) -> list[float]:
        c = _Client(url)
        try:
            return [c.send(_body(f"Ev{tag}{n}-{i}", f"{tag}.{n:03d}{i:04d}", QUESTIONS[i % len(QUESTIONS)]))
                    for i in range(EVENTS // level)]
        finally:
            c.conn.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(level) as pool:
        acks = sorted(a for batch in pool.map(client, range(level)) for a in batch)
    answered = len(fake.wait_for("chat.postMessage", before + len(acks), timeout=120)) - before
    done = time.perf_counter() - started
    return {"in_flight": level, "events": len(acks), "ack_ms_p50": _pct(acks, 0.50), "ack_ms_p99": _pct(acks, 0.99),
            "ack_ms_max": round(acks[-1] * 1000, 2), "answered": answered, "answers_per_second": round(answered / done, 1)}


def _handles(url: str, state) -> dict:  # noqa: ANN001
    """Send HANDLE_REQUESTS cheap events (each one a state write) and count the state-file descriptors."""
    def client(n: int) -> None:
        c = _Client(url)
        for i in range(HANDLE_REQUESTS // 8):
            c.send(_body(f"EvFd{n}-{i}", f"7.{n}{i:05d}", "edited", subtype="message_changed"))

    before = state.counts()["slack_events"]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(client, range(8)))
    deadline = time.monotonic() + 60  # the listeners record the ids after the acks: let them finish
    while state.counts()["slack_events"] < before + HANDLE_REQUESTS and time.monotonic() < deadline:
        time.sleep(0.2)
    open_handles = sum(1 for fd in os.listdir("/proc/self/fd") if _points_at(fd, state.path))
    return {"requests": HANDLE_REQUESTS, "state_db_handles": open_handles}


def _points_at(fd: str, path: Path) -> bool:
    try:
        return os.readlink(f"/proc/self/fd/{fd}") == str(path)
    except OSError:
        return False


def _pct(sorted_seconds: list[float], p: float) -> float:
    return round(sorted_seconds[min(len(sorted_seconds) - 1, int(p * len(sorted_seconds)))] * 1000, 2)


def run() -> dict:
    """Ack latency at each level in IN_FLIGHT, answers delivered, and state handles after HANDLE_REQUESTS."""
    from bot.channels.slack.app import build_app
    from bot.channels.slack.transport import serve_http_in_thread
    from bot.config import Settings
    from bot.kb import open_index
    from bot.state import StateDB

    fake = _fake_api()
    with tempfile.TemporaryDirectory(prefix="codebot-bench-slack-") as tmp:
        settings = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET,
                                      "SLACK_API_URL": fake.url})
        state = StateDB(Path(tmp) / "state.db")
        server, thread = serve_http_in_thread(build_app(settings, open_index(home=Path(tmp)), state))
        url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
        try:
            _Client(url).send(_body("EvWarm", "1.0", "what is 98981"))  # warm-up: imports, vocabulary
            fake.wait_for("chat.postMessage", 1, timeout=10)
            levels = [_burst(url, fake, level, f"L{level}") for level in IN_FLIGHT]
            handles = _handles(url, state)
        finally:
            server.shutdown()
            thread.join(timeout=5)
            fake.stop()
    return {"levels": levels, **handles}


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
