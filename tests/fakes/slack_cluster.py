"""Several real `codebot slack --http` servers (each gunicorn with its workers and answering processes) on
127.0.0.1, sharing one state store, behind the tests' own round-robin client: what a load balancer does."""

from __future__ import annotations

import http.client
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from slack_sdk.signature import SignatureVerifier

SECRET = "cluster-secret"
START_SECONDS = 90


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mention(event_id: str, ts: str, text: str, kind: str = "app_mention", **extra) -> bytes:  # noqa: ANN003
    """An Events API callback body: an @codebot mention (or, with kind="message", its DM twin)."""
    event = {"type": kind, "user": "U1", "text": f"<@UBOT> {text}", "ts": ts, "channel": "C1", "event_ts": ts, **extra}
    return json.dumps({"token": "t", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
                       "event_id": event_id, "event_time": int(time.time()), "event": event}).encode()


def signed(body: bytes, secret: str = SECRET, **headers: str) -> dict[str, str]:
    """Request headers with a fresh Slack signature for `body`."""
    stamp = str(int(time.time()))
    return {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body), **headers}


class Server:
    """One `codebot slack --http` process (a gunicorn master) on its own port."""

    def __init__(self, env: dict[str, str], log: Path, workers: int = 1, answer_processes: int = 1) -> None:
        self.port = free_port()
        self.log = log
        args = [sys.executable, "-m", "bot", "slack", "--http", "--port", str(self.port), "--workers", str(workers),
                "--answer-processes", str(answer_processes)]
        with open(log, "ab") as out:
            self.proc = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    @property
    def url(self) -> str:
        """The events URL."""
        return f"http://127.0.0.1:{self.port}/slack/events"

    def health(self) -> tuple[int, dict]:
        """GET /healthz: (status, report); (0, {}) while nothing listens."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            return response.status, json.loads(response.read() or b"{}")
        except OSError:
            return 0, {}
        finally:
            conn.close()

    def wait_ready(self, seconds: float = START_SECONDS) -> None:
        """Wait until /healthz says 200; raise with the log if the process exits or the time runs out."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            if self.health()[0] == 200:
                return
            time.sleep(0.2)
        raise RuntimeError(f"codebot slack did not start: {self.log.read_text(errors='replace')[-3000:]}")

    def stop(self) -> None:
        """SIGTERM (a graceful stop) and wait."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


def start_servers(n: int, env: dict[str, str], logs: Path, **options: int) -> list[Server]:
    """Start `n` servers at once and wait until every one is ready."""
    servers = [Server(env, logs / f"slack{i}.log", **options) for i in range(n)]
    try:
        for server in servers:
            server.wait_ready()
    except BaseException:
        for server in servers:
            server.stop()
        raise
    return servers


class RoundRobin:
    """The tests' load balancer: each request goes to the next server; one keep-alive connection per server and
    thread."""

    def __init__(self, urls: list[str]) -> None:
        self.targets = [urllib.parse.urlsplit(u) for u in urls]
        self._next = itertools.count()
        self._local = threading.local()

    def _conn(self, i: int) -> http.client.HTTPConnection:
        conns = self._local.__dict__.setdefault("conns", {})
        if i not in conns:
            target = self.targets[i]
            conns[i] = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        return conns[i]

    def post(self, body: bytes, to: int | None = None, **headers: str) -> tuple[int, float]:
        """POST a signed body to the next server (or server `to`); return (status, seconds until the ack)."""
        i = next(self._next) % len(self.targets) if to is None else to % len(self.targets)
        for attempt in (1, 2):
            conn = self._conn(i)
            started = time.perf_counter()
            try:
                conn.request("POST", self.targets[i].path, body=body, headers=signed(body, **headers))
                response = conn.getresponse()
                response.read()
                return response.status, time.perf_counter() - started
            except (http.client.HTTPException, OSError):  # the server closed a kept-alive connection: once more
                conn.close()
                self._local.conns.pop(i, None)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def cluster_env(home: Path, api_url: str, state_url: str = "", **extra: str) -> dict[str, str]:
    """The environment of every server: one data directory (index), one state store, the fake Web API."""
    env = {**os.environ, "CODEBOT_HOME": str(home), "SLACK_BOT_TOKEN": "xoxb-cluster", "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_URL": api_url, "CODEBOT_STATE_URL": state_url, **extra}
    env.pop("SLACK_APP_TOKEN", None)
    return env
