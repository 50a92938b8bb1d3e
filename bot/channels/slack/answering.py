"""Ack first, answer after: Bolt's lazy listeners, run on a pool of threads (tests) or of processes (servers).

Every listener is an ack function plus a lazy one. The HTTP (or Socket Mode) process verifies the request,
runs the ack function, hands the lazy part on and answers Slack at once; the answer is worked out elsewhere.
With a process pool, each answering process holds its own Bolt app (its request verification off: only
requests this process verified reach it), its own knowledge index and state connection, and runs at a lower
CPU priority, so answering never competes with acks for the GIL and loses to them for the CPU.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

from slack_bolt import BoltRequest
from slack_bolt.kwargs_injection import build_required_kwargs
from slack_bolt.lazy_listener import LazyListenerRunner
from slack_bolt.util.utils import get_arg_names_of_callable, get_name_for_callable

log = logging.getLogger(__name__)

ANSWER_NICENESS = 10  # answering processes yield the CPU to the acking process whenever both want it
LAZY_ONLY = "x-slack-bolt-lazy-only"  # the headers Bolt reads to run one lazy listener of a request
LAZY_NAME = "x-slack-bolt-lazy-function-name"

ErrorHandler = Callable[[Exception, BoltRequest], None]


class AnsweringRunner(LazyListenerRunner):
    """Bolt's lazy-listener runner: start() hands the answer to the pool; run() answers, reporting any failure."""

    def __init__(self, on_error: ErrorHandler, threads: int = 0, processes: int = 0,
                 child: dict[str, Any] | None = None) -> None:
        self.logger = log
        self.on_error = on_error
        self.processes, self.child = processes, child or {}
        self._lock = threading.Lock()
        self._threads = ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="codebot-answer") \
            if not processes else None
        self._pool: Executor | None = None
        self.lost = 0  # answers lost with a crashed answering process (logged each time)

    def _process_pool(self) -> Executor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=start_child, initargs=(self.child,))
            return self._pool

    def warm(self) -> None:
        """Start every answering process now and wait until each has opened its index and state."""
        if self.processes:
            pool = self._process_pool()
            for future in [pool.submit(child_ready) for _ in range(self.processes * 2)]:
                future.result(timeout=120)

    def start(self, function: Callable[..., None], request: BoltRequest) -> None:
        """Hand the lazy listener on (called by Bolt after the ack function returned, with a copy of the request)."""
        if self._threads is not None:
            self._threads.submit(self.run, function, request)
            return
        self.hand_on(request.lazy_function_name, request)

    def install(self, listener_runner: Any) -> None:
        """Become the app's lazy-listener runner; with processes, skip Bolt's deep copy of each request.

        The copy (the whole context, Web API client included) is half the ack's own cost, and an answering
        process needs only the body and headers. Should Bolt rename the hook, its copy is made and start()
        hands that on instead: slower, never wrong.
        """
        listener_runner.lazy_listener_runner = self
        if self.processes:
            listener_runner._start_lazy_function = lambda function, request: self.hand_on(
                get_name_for_callable(function), request)

    def hand_on(self, name: str, request: BoltRequest) -> None:
        """Send lazy listener `name` of a verified request to an answering process."""
        job = (request.raw_body if request.mode == "http" else request.body, request.headers, request.mode, name)
        try:
            future = self._process_pool().submit(answer_in_child, *job)
        except BrokenProcessPool:  # an answering process died: start a fresh pool, then hand this one on
            self._replace_pool()
            future = self._process_pool().submit(answer_in_child, *job)
        future.add_done_callback(self._finished)

    def run(self, function: Callable[..., None], request: BoltRequest) -> None:
        """Run the lazy listener now; a failure goes to the app's error handler (logged, one apology)."""
        try:
            function(**build_required_kwargs(logger=log, required_arg_names=get_arg_names_of_callable(function),
                                             request=request, response=None, this_func=function))
        except Exception as exc:  # every failure is reported; the error handler decides what the user sees
            self.on_error(exc, request)

    def _finished(self, future: Future) -> None:
        error = future.exception()
        if isinstance(error, BrokenProcessPool):
            self.lost += 1
            log.error("an answering process died; one answer was lost (a fresh pool takes the next ones)")
        elif error is not None:
            log.error("answering failed in a child process: %s", error)

    def _replace_pool(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def healthy(self) -> str | None:
        """None when answers can be handed on; else why not."""
        pool = self._pool
        if pool is not None and getattr(pool, "_broken", False):
            return "the answering processes are down"
        return None

    def shutdown(self, wait: bool = True) -> None:
        """Finish the answers already handed on (wait=True), then stop the pool."""
        for executor in (self._threads, self._pool):
            if executor is not None:
                executor.shutdown(wait=wait)


_CHILD: dict[str, Any] = {}  # in an answering process: its own Bolt app


def start_child(options: dict[str, Any]) -> None:
    """Initialise an answering process: lower CPU priority, Ctrl-C left to the parent, its own app and state."""
    from bot.channels.slack.app import build_app, preload_authorization
    from bot.config import Settings
    from bot.core import default_kb
    from bot.state import StateDB

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop; queued answers still go out
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        os.nice(ANSWER_NICENESS)
    except OSError:  # not allowed here: the answers still work, only without the priority
        pass
    logging.basicConfig(level=logging.WARNING,  # libraries (alembic, Bolt) stay quiet below a warning
                        format="%(levelname)s %(name)s[answer %(process)d]: %(message)s")
    logging.getLogger("bot").setLevel(options.get("log_level", logging.WARNING))
    settings = Settings.from_env()
    state = StateDB(path=options.get("state_path"), url=options.get("state_url"))
    _CHILD["app"] = build_app(settings, default_kb(), state, answer_processes=0, answering_child=True)
    preload_authorization(_CHILD["app"])


def child_ready() -> int:
    """A no-op job: its result says this answering process is up."""
    return os.getpid()


def answer_in_child(body: Any, headers: dict, mode: str, name: str) -> None:
    """Run one lazy listener of a verified request in this answering process."""
    request = BoltRequest(body=body, headers={**headers, LAZY_ONLY: "1", LAZY_NAME: name}, mode=mode)
    _CHILD["app"].dispatch(request)
