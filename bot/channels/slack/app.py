"""The Slack channel: build_app() wires a slack-bolt App to ask(); transports live in slack_transport."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.answer import Answer
from bot.channels.slack.answering import AnsweringRunner
from bot.channels.slack.listeners import Listeners
from bot.config import Settings

log = logging.getLogger(__name__)

LISTENER_THREADS = 32  # answers on threads (tests, answer_processes=0): Web API calls may wait up to the timeout
ACK_THREADS = 4  # Bolt's own executor: with process_before_response it runs nothing on the ack path
WEB_API_TIMEOUT_SECONDS = 10
RATE_LIMIT_RETRIES = 2


def configure_client(client: WebClient, settings: Settings) -> WebClient:
    """Give the App's Web API client the configured base URL, a short timeout, and 429 Retry-After retries."""
    client.base_url = settings.slack_api_url
    client.timeout = WEB_API_TIMEOUT_SECONDS
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    return client


def _child_options(state: Any) -> dict[str, Any]:
    """How an answering process opens the same state store as this one."""
    return {"state_path": getattr(state, "path", None), "state_url": getattr(state, "url", None),
            "log_level": logging.getLogger("bot").getEffectiveLevel()}


def preload_authorization(app: App) -> None:
    """Make Bolt's one auth.test call now, at start, instead of inside the first request's ack."""
    from slack_bolt.middleware.authorization.single_team_authorization import SingleTeamAuthorization

    # Bolt offers no public hook: its authorization middleware caches the result it would otherwise fetch lazily.
    for middleware in app._middleware_list:
        if isinstance(middleware, SingleTeamAuthorization) and not middleware.auth_test_result:
            middleware.auth_test_result = app.client.auth_test()


def build_app(settings: Settings, kb: Any = None, state: Any = None, asker: Callable[[str], Answer] | None = None,
              answer_processes: int = 0, answering_child: bool = False) -> App:
    """Build the Bolt App: every listener acks at once and answers in a lazy listener.

    answer_processes=0 answers on threads of this process (tests; `asker` replaces ask() there); N > 0 answers
    in N processes of their own. answering_child builds the app that runs inside such a process.
    """
    from bot.core import ask, default_kb, warm
    from bot.state import StateDB

    kb = kb if kb is not None else default_kb()
    warm(kb)  # once per process: the first question a user sends finds the tables built
    state = state if state is not None else StateDB()
    app = App(
        # Without a secret (Socket Mode) an unguessable one makes any HTTP request fail verification.
        signing_secret=settings.slack_signing_secret or secrets.token_hex(32),
        # The token goes to the App itself, never beside a client of ours: Bolt would also read SLACK_BOT_TOKEN
        # and warn that it is unused. The token is checked by `codebot slack` once the client is configured.
        token=settings.slack_bot_token or None,
        token_verification_enabled=False,
        # The ack function runs on the request's own thread and the response goes out as soon as it returns:
        # no hand-off to a thread and no polling for ack(). The answer is a lazy listener (answering.py).
        process_before_response=True,
        listener_executor=ThreadPoolExecutor(max_workers=ACK_THREADS, thread_name_prefix="codebot-slack"),
        # An answering process only ever sees requests its parent verified.
        request_verification_enabled=not answering_child,
        raise_error_for_unhandled_request=False,
    )
    configure_client(app.client, settings)
    listeners = Listeners(kb, state, settings, asker or (lambda text: ask(text, kb=kb)))
    runner = AnsweringRunner(lambda exc, req: listeners.on_error(exc, req.body, req.context.client,
                                                                 req.context.respond, req.context),
                             threads=LISTENER_THREADS, processes=0 if answering_child else answer_processes,
                             child=_child_options(state))
    runner.install(app.listener_runner)  # the way Bolt's FaaS adapters hand lazy listeners on
    app.codebot_answering = runner  # type: ignore[attr-defined]  (for /healthz and a graceful stop)
    app.codebot_state, app.codebot_kb = state, kb  # type: ignore[attr-defined]
    listeners.register(app)
    from bot.channels.slack import quiz as slack_quiz

    slack_quiz.register(app, kb, state, settings, weekly=not answering_child)
    if not answering_child:
        from bot import retention

        retention.start_timer(state, settings.retention_days)
    return app
