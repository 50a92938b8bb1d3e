"""The HTTP transport under half-open connections: bounded threads, idle timeouts, and real requests still served (15.6)."""

from __future__ import annotations

import socket
import threading
import time
import urllib.parse

import pytest

from bot.channels.slack.app import build_app
from bot.channels.slack.httpserver import HTTP_THREADS
from bot.channels.slack.transport import serve_http_in_thread
from test_slack import event_body, post, settings  # noqa: F401 (fixture)

IDLE_SOCKETS = 200


@pytest.fixture
def served(settings, kb, state_db):  # noqa: F811
    """Start the app over HTTP with the given transport options; stop it after the test."""
    running = []

    def start(**options):
        server, thread = serve_http_in_thread(build_app(settings, kb, state_db), **options)
        running.append((server, thread))
        return server, f"http://127.0.0.1:{server.server_address[1]}/slack/events"

    yield start
    for server, thread in running:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _idle_sockets(url: str, n: int, partial: bool) -> list[socket.socket]:
    """Open `n` connections; half of them send a partial request head when `partial`, then all go silent."""
    parts = urllib.parse.urlsplit(url)
    opened = []
    for i in range(n):
        sock = socket.create_connection((parts.hostname, parts.port), timeout=5)
        if partial and i % 2:
            sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n")
        opened.append(sock)
    return opened


def test_200_idle_connections_hold_no_threads_and_a_real_request_is_answered(slack_api, served):
    server, url = served()
    assert 200 == post(url, event_body("EvWarm", "<@UBOT> what is 98981", "700.001"))[0]
    slack_api.wait_for("chat.postMessage", 1)
    time.sleep(0.3)
    before = threading.active_count()
    sockets = _idle_sockets(url, IDLE_SOCKETS, partial=True)
    try:
        time.sleep(0.5)
        grown = threading.active_count() - before
        assert grown <= HTTP_THREADS, f"{grown} threads for {IDLE_SOCKETS} idle connections"
        started = time.monotonic()
        assert 200 == post(url, event_body("EvReal", "<@UBOT> what is 98980", "700.002"))[0]
        assert time.monotonic() - started < 2
        assert 2 == len(slack_api.wait_for("chat.postMessage", 2))
    finally:
        for sock in sockets:
            sock.close()


def test_a_half_open_connection_is_closed_after_the_idle_timeout(served):
    server, url = served(idle_timeout=1)
    [silent, partial] = _idle_sockets(url, 2, partial=True)
    started = time.monotonic()
    try:
        for sock in (silent, partial):
            sock.settimeout(10)
            assert b"" == sock.recv(100)  # the server hung up on it
        assert time.monotonic() - started < 8
    finally:
        silent.close()
        partial.close()


def test_over_the_connection_cap_the_server_keeps_serving(slack_api, served):
    server, url = served(connection_limit=20)
    sockets = _idle_sockets(url, 60, partial=False)
    try:
        time.sleep(0.3)
        assert threading.active_count() < 200
    finally:
        for sock in sockets:
            sock.close()
    time.sleep(0.3)
    assert 200 == post(url, event_body("EvCap", "<@UBOT> what is 98980", "700.003"))[0]
    assert 1 == len(slack_api.wait_for("chat.postMessage", 1))
