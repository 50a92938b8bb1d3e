"""A local fake Slack Web API on 127.0.0.1:0 that records every call's method and parsed body."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T1"


@dataclass
class Call:
    """One request the fake received: the Web API method (or "response" for a response_url), body, status."""

    method: str
    body: dict
    status: int
    path: str


def _parse(raw: bytes, content_type: str) -> dict:
    """Parse a JSON or form body; JSON-in-form fields (blocks, view) are decoded too."""
    if not raw:
        return {}
    if "json" in content_type:
        return json.loads(raw)
    body: dict[str, Any] = {k: v[0] for k, v in urllib.parse.parse_qs(raw.decode("utf-8")).items()}
    for key in ("blocks", "view"):
        if isinstance(body.get(key), str):
            body[key] = json.loads(body[key])
    return body


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default listen backlog of 5 drops connections under a burst (a 1 s SYN retry)


class FakeSlackAPI:
    """The fake: start(), .url for WebClient(base_url=...), .response_url(name), calls(method), stop()."""

    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._ok: dict[str, int] = {}  # successful calls per method, so wait_for never rescans every call
        self._lock = threading.Condition()
        self._scripted: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self._errors: dict[str, list[str]] = {}
        self._ts = 0
        self.ws_url = ""
        self.server = _Server(("127.0.0.1", 0), self._handler_class())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        """Base URL for WebClient (trailing slash)."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/"

    def response_url(self, name: str = "r1") -> str:
        """A response_url that the fake records as method "response"."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/response/{name}"

    def start(self) -> FakeSlackAPI:
        """Start serving in a daemon thread."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def script(self, method: str, status: int, times: int = 1, headers: dict[str, str] | None = None) -> None:
        """Answer the next `times` calls of `method` with `status` (e.g. 429 with Retry-After)."""
        self._scripted.setdefault(method, []).extend([(status, headers or {})] * times)

    def fail(self, method: str, error: str, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with HTTP 200 and {"ok": false, "error": error}."""
        self._errors.setdefault(method, []).extend([error] * times)

    def calls(self, method: str | None = None, ok_only: bool = True) -> list[Call]:
        """Return recorded calls, optionally one method, by default only those answered 200."""
        with self._lock:
            return [c for c in self._calls if (method is None or c.method == method) and (c.status == 200 or not ok_only)]

    def bodies(self, method: str) -> list[dict]:
        """Return the parsed bodies of the successful calls of `method`."""
        return [c.body for c in self.calls(method)]

    def wait_for(self, method: str, count: int, timeout: float = 10.0) -> list[dict]:
        """Wait until `count` successful calls of `method` arrived (or time out); return their bodies."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._ok.get(method, 0) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._lock.wait(left)
        return self.bodies(method)

    def _record(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)
            if call.status == 200:
                self._ok[call.method] = self._ok.get(call.method, 0) + 1
            self._lock.notify_all()

    def _next_status(self, method: str) -> tuple[int, dict[str, str]]:
        with self._lock:
            queue = self._scripted.get(method)
            return queue.pop(0) if queue else (200, {})

    def _reply(self, method: str, body: dict) -> dict:
        with self._lock:
            if self._errors.get(method):
                return {"ok": False, "error": self._errors[method].pop(0)}
            self._ts += 1
            ts = f"1700000000.{self._ts:06d}"
        replies = {
            "auth.test": {"ok": True, "url": "https://fake.slack.test/", "team": "Fake", "user": "codebot",
                          "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID},
            "chat.postMessage": {"ok": True, "channel": body.get("channel"), "ts": ts,
                                 "message": {"text": body.get("text"), "ts": ts}},
            "chat.postEphemeral": {"ok": True, "message_ts": ts},
            "chat.update": {"ok": True, "channel": body.get("channel"), "ts": body.get("ts")},
            "views.publish": {"ok": True, "view": {"id": "V1"}},
            "apps.connections.open": {"ok": True, "url": self.ws_url},
        }
        return replies.get(method, {"ok": True})

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = _parse(raw, self.headers.get("Content-Type", ""))
                if self.path.startswith("/response/"):
                    method, payload, ctype = "response", b"ok", "text/plain"
                    status, headers = fake._next_status("response")
                else:
                    method = self.path.rsplit("/", 1)[-1]
                    status, headers = fake._next_status(method)
                    reply = fake._reply(method, body) if status == 200 else {"ok": False, "error": "ratelimited"}
                    payload, ctype = json.dumps(reply).encode(), "application/json"
                fake._record(Call(method, body, status, self.path))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST

        return Handler


def serve_over_pipe(pipe) -> None:  # noqa: ANN001 (a multiprocessing Connection)
    """In a process of its own (the bench): serve the fake; answer "url" and "threads" requests on the pipe."""
    fake = FakeSlackAPI().start()
    while True:
        what = pipe.recv()
        if what == "url":
            pipe.send(fake.url)
        elif what == "threads":
            pipe.send([body.get("thread_ts") for body in fake.bodies("chat.postMessage")])
        else:
            fake.stop()
            return
