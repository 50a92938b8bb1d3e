"""waitress as the HTTP server: in a thread of the tests' own process, or inside each gunicorn worker.

gunicorn manages the processes (N workers on one shared listening socket, replaced when one dies or goes
silent, SIGHUP for a graceful restart, SIGTERM for a graceful stop); waitress, as each worker's server, reads
every request whole without holding a thread (a half-open or slow connection costs a socket, not a thread),
closes idle connections and caps how many are open. gunicorn's own gthread worker parks a thread on a client
that stops halfway through its headers, which is why it is not used here.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from gunicorn.workers.base import Worker

HTTP_THREADS = 8  # request threads; an ack is a few ms, and idle connections hold none
MAX_HEADER_BYTES = 16 * 1024
IDLE_TIMEOUT_SECONDS = 15  # a connection with no complete request and no bytes for this long is closed
CONNECTION_LIMIT = 500  # open connections per process; beyond it the server stops accepting until some close
LOOP_SECONDS = 0.05  # how often the serving loop looks at its stop flag
DRAIN_SECONDS = 5.0  # on a graceful stop, how long requests already read may take to finish
LINGER_SECONDS = 1.0  # and how long open connections may still bring a request (one sent as we stopped)
HEARTBEAT_SECONDS = 1.0  # how often a gunicorn worker tells the master it is alive


class HttpServer:
    """waitress in front of a WSGI app: requests are read without a thread, then run on HTTP_THREADS threads."""

    def __init__(self, wsgi: Callable, host: str = "127.0.0.1", port: int = 0, sockets: list | None = None,
                 idle_timeout: int = IDLE_TIMEOUT_SECONDS, connection_limit: int = CONNECTION_LIMIT) -> None:
        from bot.channels.slack.transport import MAX_BODY_BYTES
        from waitress.server import create_server

        # waitress warns on every queued request ("Task queue depth is 1"); bench/ measures ack times instead.
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
        self._map: dict = {}  # waitress's socket map: the listener(s) and every open connection
        where: dict[str, Any] = {"sockets": sockets} if sockets else {"host": host, "port": port}
        self._server = create_server(
            wsgi, map=self._map, threads=HTTP_THREADS, connection_limit=connection_limit,
            channel_timeout=idle_timeout, cleanup_interval=max(1, idle_timeout // 3),
            max_request_body_size=MAX_BODY_BYTES, max_request_header_size=MAX_HEADER_BYTES,
            asyncore_use_poll=True, ident="codebot", expose_tracebacks=False, **where)
        self._listeners = [d for d in self._map.values() if hasattr(d, "accept_connections")]
        self._stop = threading.Event()
        self._running = threading.Event()
        self._done = threading.Event()

    @property
    def server_address(self) -> tuple[str, int]:
        """The bound (host, port); port 0 at construction gets the real one here."""
        return self._server.effective_host, self._server.effective_port

    def serve_forever(self, poll_interval: float = LOOP_SECONDS, keep_going: Callable[[], bool] | None = None,
                      linger: float = 0.0) -> None:
        """Serve until shutdown() or until keep_going() says False; then finish what was read, and close.

        `linger`: seconds open connections may still bring a request after the stop (a kept-alive one whose
        request crossed the stop in flight); a gunicorn worker lingers, the tests' in-process server does not.
        """
        from waitress import wasyncore

        self._running.set()
        try:
            while not self._stop.is_set() and (keep_going is None or keep_going()):
                wasyncore.loop(timeout=poll_interval, map=self._map, use_poll=True, count=1)
            self._drain(poll_interval, linger)
        finally:
            for channel in list(self._map.values()):
                channel.close()
            self._server.task_dispatcher.shutdown()
            self._done.set()

    def _drain(self, poll_interval: float, linger: float) -> None:
        """Stop accepting; serve open connections for `linger` seconds, then until every request read is answered."""
        from waitress import wasyncore

        for listener in self._listeners:
            listener.accepting = False  # new connections wait in the shared socket for another worker
        started = time.monotonic()
        while time.monotonic() - started < DRAIN_SECONDS and (
                time.monotonic() - started < linger or self._busy()):
            wasyncore.loop(timeout=poll_interval, map=self._map, use_poll=True, count=1)

    def _busy(self) -> bool:
        dispatcher = self._server.task_dispatcher
        return bool(dispatcher.queue) or dispatcher.active_count > 0 or any(
            getattr(c, "requests", None) or getattr(c, "total_outbufs_len", 0) for c in self._map.values())

    def shutdown(self) -> None:
        """Stop serve_forever() (from another thread) and wait for it to close every connection."""
        self._stop.set()
        if self._running.is_set():
            self._done.wait(DRAIN_SECONDS + 10)

    def server_close(self) -> None:
        """Close the listening socket if serve_forever() never ran."""
        if not self._running.is_set():
            self._server.close()


class WaitressWorker(Worker):
    """A gunicorn worker whose HTTP server is waitress, on the listening socket the master shares with it."""

    def run(self) -> None:
        """Serve until the master says stop (SIGTERM, a SIGHUP restart) or goes away; heartbeat meanwhile."""
        server = HttpServer(self.wsgi, sockets=[listener.sock for listener in self.sockets])
        parent, beat = self.ppid, [0.0]

        def keep_going() -> bool:
            now = time.monotonic()
            if now - beat[0] >= HEARTBEAT_SECONDS:
                self.notify()
                beat[0] = now
            return self.alive and os.getppid() == parent

        server.serve_forever(keep_going=keep_going, linger=LINGER_SECONDS)
