"""Slack transports: Socket Mode (no public URL) and HTTP (Events API, interactivity, /codebot on one path)."""

from __future__ import annotations

import logging
import socketserver
import threading
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App

from bot.channels.slack.verify import SignedOnly

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
SOCKET_CONCURRENCY = 16  # Socket Mode's own worker pool, in front of the listener executor
MAX_BODY_BYTES = 1_000_000  # Slack payloads are a few KB; a block_actions payload with a long message stays far below


class _QuietHandler(WSGIRequestHandler):
    """wsgiref's handler without its stderr access log (the path and status go to logging at debug)."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        log.debug("http %s", format % args)


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    """wsgiref's server, one thread per request, so a slow request never holds up an ack."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # socketserver's default of 5 resets connections when Slack sends a burst


def wsgi_app(app: App, path: str = EVENTS_PATH) -> SignedOnly:
    """Return the WSGI app: Bolt's handler behind the gate that refuses unsigned, oversized or malformed requests."""
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    # The gate must verify with exactly the secret Bolt holds (build_app may have generated one).
    return SignedOnly(SlackRequestHandler(app, path=path), app._signing_secret, MAX_BODY_BYTES)


def make_http_server(app: App, host: str = "127.0.0.1", port: int = 3000, path: str = EVENTS_PATH) -> WSGIServer:
    """Return a threaded WSGI server for the app on host:port (port 0 picks a free one); not started."""
    return make_server(host, port, wsgi_app(app, path), server_class=ThreadingWSGIServer, handler_class=_QuietHandler)


def serve_http_in_thread(app: App, host: str = "127.0.0.1", port: int = 0) -> tuple[WSGIServer, threading.Thread]:
    """Start the HTTP server in a daemon thread; return it and its thread (stop with server.shutdown())."""
    server = make_http_server(app, host, port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True,
                              name="codebot-slack-http")
    thread.start()
    return server, thread


def serve_http(app: App, host: str, port: int) -> None:
    """Serve the app over HTTP until interrupted."""
    server = make_http_server(app, host, port)
    log.warning("codebot Slack HTTP endpoint on http://%s:%d%s", host, server.server_address[1], EVENTS_PATH)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def socket_mode_handler(app: App, app_token: str) -> Any:
    """Return a Socket Mode handler for the app (call .connect() or .start())."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    return SocketModeHandler(app, app_token=app_token, concurrency=SOCKET_CONCURRENCY)


def serve_socket_mode(app: App, app_token: str) -> None:
    """Connect to Slack over Socket Mode and block until interrupted."""
    handler = socket_mode_handler(app, app_token)
    log.warning("codebot connected to Slack over Socket Mode")
    try:
        handler.start()
    finally:
        handler.close()
