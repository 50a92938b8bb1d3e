"""`codebot slack --http`: the Bolt app under gunicorn (N worker processes, graceful restarts, timeouts).

The master prepares once (index built, state migrated, token checked) and forks the workers; each worker
builds its own app, state connection and answering processes (nothing shared across fork) and serves with
waitress (httpserver.WaitressWorker). SIGHUP starts fresh workers and retires the old ones gracefully;
SIGTERM stops, each worker finishing its requests and then the answers already handed on.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from gunicorn.app.base import BaseApplication

from bot.channels.slack.transport import wsgi_app

log = logging.getLogger(__name__)

WORKER_TIMEOUT_SECONDS = 30  # a worker silent this long is killed and replaced (an ack takes milliseconds)
GRACEFUL_SECONDS = 30  # on stop or restart, time to finish requests and hand-on answers before a hard kill
WORKER_CLASS = "bot.channels.slack.httpserver.WaitressWorker"
ANSWER_PROCESSES = 2  # answering processes per worker (CODEBOT_SLACK_ANSWER_PROCESSES)

_WORKER: dict[str, Any] = {}  # in a worker process: its Bolt app


def worker_app(answer_processes: int) -> Any:
    """Build one worker's WSGI app: its own settings, index, state connection and answering processes."""
    from bot.channels.slack.app import build_app, preload_authorization
    from bot.config import Settings
    from bot.core import default_kb
    from bot.state import StateDB

    app = build_app(Settings.from_env(), default_kb(), StateDB(), answer_processes=answer_processes)
    preload_authorization(app)
    app.codebot_answering.warm()
    _WORKER["app"] = app
    return wsgi_app(app)


def _worker_exit(server: Any, worker: Any) -> None:
    """gunicorn hook, in the worker as it stops: send the answers already handed on, then stop the pool."""
    app = _WORKER.pop("app", None)
    if app is not None:
        app.codebot_answering.shutdown(wait=True)


def options(host: str, port: int, workers: int, timeout: int = WORKER_TIMEOUT_SECONDS) -> dict[str, Any]:
    """gunicorn settings for `workers` worker processes on host:port."""
    return {
        "bind": f"{host}:{port}", "workers": workers, "worker_class": WORKER_CLASS, "timeout": timeout,
        "graceful_timeout": GRACEFUL_SECONDS, "accesslog": None, "errorlog": "-", "loglevel": "warning",
        "proc_name": "codebot-slack", "worker_exit": _worker_exit, "preload_app": False,
        "worker_tmp_dir": "/dev/shm" if os.path.isdir("/dev/shm") else None,
        # gunicorn 25+ opens a control socket in ~/.gunicorn by default, one path for every server on the
        # machine; codebot is run by signals (HUP, TERM) and needs none.
        "control_socket_disable": True,
    }


class SlackServer(BaseApplication):
    """gunicorn's custom-application entry: our settings, and an app built in each worker."""

    def __init__(self, settings: dict[str, Any], answer_processes: int) -> None:
        self.settings, self.answer_processes = settings, answer_processes
        super().__init__()

    def load_config(self) -> None:
        """Apply our settings (gunicorn reads no config file and no command line of its own here)."""
        for key, value in self.settings.items():
            if value is not None and key in self.cfg.settings:  # a setting this gunicorn does not have is skipped
                self.cfg.set(key, value)

    def load(self) -> Any:
        """Build the WSGI app (called in each worker after the fork)."""
        return worker_app(self.answer_processes)


def prepare(settings: Any) -> None:
    """In the master, before any worker: build the index and code sets if needed, migrate the state, check the
    bot token (the workers then only open what is there)."""
    from slack_sdk import WebClient

    from bot.channels.slack.app import configure_client
    from bot.codesets import open_codesets
    from bot.core import default_kb
    from bot.state import StateDB

    default_kb()
    open_codesets()
    StateDB().close()
    configure_client(WebClient(token=settings.slack_bot_token), settings).auth_test()


def serve(host: str, port: int, workers: int, answer_processes: int, timeout: int = WORKER_TIMEOUT_SECONDS) -> None:
    """Run gunicorn in the foreground until stopped (SIGTERM, Ctrl-C)."""
    log.warning("codebot Slack HTTP endpoint on http://%s:%d/slack/events (health: /healthz), %d worker(s), "
                "%d answering process(es) each", host, port, workers, answer_processes)
    SlackServer(options(host, port, workers, timeout), answer_processes).run()
