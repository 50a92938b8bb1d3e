"""Slack HTTP endpoint benchmark: events a second and p99 time to ack, real HTTP on 127.0.0.1 with a fake Web API."""

from __future__ import annotations

import json
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from slack_sdk.signature import SignatureVerifier

SECRET = "bench-secret"
EVENTS = 400
CLIENTS = 8
QUESTIONS = ("what is 98981", "45 minutes of RTM with a call", "can I bill 99457 with 98980?", "what is 9898")


def _fake_api():
    """Import the test suite's fake Slack Web API (tests/fakes/slack_api.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from fakes.slack_api import FakeSlackAPI

    return FakeSlackAPI().start()


def _body(i: int) -> bytes:
    event = {"type": "app_mention", "user": "U1", "text": f"<@UBOT> {QUESTIONS[i % len(QUESTIONS)]}",
             "ts": f"500.{i:06d}", "channel": "C1", "event_ts": f"500.{i:06d}"}
    return json.dumps({"token": "t", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
                       "event_id": f"EvBench{i}", "event_time": int(time.time()), "event": event}).encode()


def _send(url: str, body: bytes) -> float:
    """POST one signed event; return seconds until the ack (HTTP 200) came back."""
    stamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
               "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)}
    started = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, body, headers), timeout=10) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"ack status {response.status}")
    return time.perf_counter() - started


def _state(tmp: str):
    """A fresh state database, made exactly as `codebot slack` makes it."""
    from bot.state import StateDB

    return StateDB(Path(tmp) / "state.db")


def _measure() -> dict:
    """Send EVENTS mentions from CLIENTS threads at one server; return its figures."""
    from bot.channels.slack.app import build_app
    from bot.channels.slack.transport import serve_http_in_thread
    from bot.config import Settings
    from bot.core import default_kb

    fake = _fake_api()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET,
                                      "SLACK_API_URL": fake.url})
        server, thread = serve_http_in_thread(build_app(settings, default_kb(), _state(tmp)))
        url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
        try:
            _send(url, _body(EVENTS))  # warm-up: imports, vocabulary, first connection
            fake.wait_for("chat.postMessage", 1, timeout=10)
            started = time.perf_counter()
            with ThreadPoolExecutor(CLIENTS) as pool:
                acks = sorted(pool.map(lambda i: _send(url, _body(i)), range(EVENTS)))
            acked = time.perf_counter() - started
            answered = len(fake.wait_for("chat.postMessage", EVENTS + 1, timeout=15)) - 1
            done = time.perf_counter() - started
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)
            fake.stop()
    return {"acks_per_second": round(EVENTS / acked, 1), "answers_per_second": round(answered / done, 1),
            "answered": answered, "ack_ms_p50": _pct(acks, 0.50), "ack_ms_p99": _pct(acks, 0.99),
            "ack_ms_max": round(acks[-1] * 1000, 2)}


def _pct(sorted_seconds: list[float], p: float) -> float:
    return round(sorted_seconds[min(len(sorted_seconds) - 1, int(p * len(sorted_seconds)))] * 1000, 2)


def run() -> dict:
    """Return events/s answered and the ack latency percentiles (ms) of the HTTP endpoint."""
    return {"events": EVENTS, "clients": CLIENTS, **_measure()}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
