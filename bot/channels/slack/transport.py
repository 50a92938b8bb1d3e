"""Slack transports: Socket Mode (no public URL) and HTTP (Events API, interactivity, /codebot on one path).

Production HTTP runs under gunicorn (server.py), each worker serving with waitress (httpserver.py); the tests
also start that server in a thread of their own process."""

from __future__ import annotations

import json
import logging
import os
import threading
import urllib.parse
from typing import Any

from slack_bolt import App

from bot.channels.slack.startup import SocketModeUnreachable
from bot.channels.slack.verify import SignedOnly

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"  # for the load balancer: 200 when this worker can take events, else 503
SOCKET_CONCURRENCY = 16  # Socket Mode's own worker pool, in front of the listener executor
MAX_BODY_BYTES = 1_000_000  # Slack payloads are a few KB; a block_actions payload with a long message stays far below


def health(app: App) -> tuple[bool, dict[str, str]]:
    """Is this worker ready: knowledge index opened and readable, state reachable, answering processes up?"""
    kb, state, answering = (getattr(app, name, None) for name in ("codebot_kb", "codebot_state", "codebot_answering"))
    report = {"index": f"knowledge {kb.version}" if kb is not None and os.access(kb.path, os.R_OK) else "not opened",
              "state": "ok", "answering": "ok"}
    problems = {"state": state.healthy() if state is not None else "not opened",
                "answering": answering.healthy() if answering is not None else None}
    report.update({k: v for k, v in problems.items() if v})
    return report["index"] != "not opened" and not any(problems.values()), report


class Routes:
    """GET /healthz answers from here; everything else goes to the Slack gate and Bolt."""

    def __init__(self, app: App, gate: SignedOnly) -> None:
        self.app, self.gate = app, gate

    def __call__(self, environ: dict, start_response: Any) -> Any:
        """Route one request."""
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            ok, report = health(self.app)
            body = json.dumps({"ok": ok, **report}).encode()
            start_response("200 OK" if ok else "503 Service Unavailable",
                           [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                            ("Cache-Control", "no-store")])
            return [body]
        return self.gate(environ, start_response)


def wsgi_app(app: App, path: str = EVENTS_PATH) -> Routes:
    """Return the WSGI app: /healthz, and Bolt's handler behind the gate that refuses unsigned, oversized or
    malformed requests."""
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    # The gate must verify with exactly the secret Bolt holds (build_app may have generated one).
    return Routes(app, SignedOnly(SlackRequestHandler(app, path=path), app._signing_secret, MAX_BODY_BYTES))


def make_http_server(app: App, host: str = "127.0.0.1", port: int = 3000, **options: Any) -> Any:
    """Return the in-process HTTP server for the app on host:port (port 0 picks a free one); not started."""
    from bot.channels.slack.httpserver import HttpServer

    return HttpServer(wsgi_app(app), host, port, **options)


def serve_http_in_thread(app: App, host: str = "127.0.0.1", port: int = 0,
                         **options: Any) -> tuple[Any, threading.Thread]:
    """Start the HTTP server in a daemon thread; return it and its thread (stop with server.shutdown())."""
    server = make_http_server(app, host, port, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="codebot-slack-http")
    thread.start()
    return server, thread


def socket_mode_handler(app: App, app_token: str) -> Any:
    """Return a Socket Mode handler for the app (call .connect() or .start())."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    return SocketModeHandler(app, app_token=app_token, concurrency=SOCKET_CONCURRENCY)


def connect_socket_mode(app: App, app_token: str) -> Any:
    """Open the Socket Mode connection; a refused token or no network raises here, before anything is served."""
    handler = socket_mode_handler(app, app_token)
    errors: list[Exception] = []
    handler.client.on_error_listeners.append(errors.append)  # the client logs a failed handshake, never raises it
    try:
        handler.connect()
        if not handler.client.is_connected():
            raise SocketModeUnreachable(urllib.parse.urlsplit(handler.client.wss_uri or "").netloc,
                                        errors[0] if errors else None)
    except BaseException:
        handler.close()
        raise
    finally:
        handler.client.on_error_listeners.remove(errors.append)
    return handler


def serve_socket_mode(handler: Any) -> None:
    """Keep a connected Socket Mode handler running until interrupted."""
    log.warning("codebot connected to Slack over Socket Mode")
    try:
        threading.Event().wait()
    finally:
        handler.close()
