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
from bot.channels.slack.listeners import Listeners
from bot.config import Settings

log = logging.getLogger(__name__)

LISTENER_THREADS = 32  # answers take tens of ms, Web API calls up to the timeout; acks must never queue behind them
WEB_API_TIMEOUT_SECONDS = 10
RATE_LIMIT_RETRIES = 2


def configure_client(client: WebClient, settings: Settings) -> WebClient:
    """Give the App's Web API client the configured base URL, a short timeout, and 429 Retry-After retries."""
    client.base_url = settings.slack_api_url
    client.timeout = WEB_API_TIMEOUT_SECONDS
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    return client


def build_app(settings: Settings, kb: Any = None, state: Any = None,
              asker: Callable[[str], Answer] | None = None) -> App:
    """Build the Bolt App with every listener; `asker` replaces ask() in tests."""
    from bot.core import ask, default_kb
    from bot.state import StateDB

    kb = kb if kb is not None else default_kb()
    state = state if state is not None else StateDB()
    app = App(
        # Without a secret (Socket Mode) an unguessable one makes any HTTP request fail verification.
        signing_secret=settings.slack_signing_secret or secrets.token_hex(32),
        # The token goes to the App itself, never beside a client of ours: Bolt would also read SLACK_BOT_TOKEN
        # and warn that it is unused. The token is checked by `codebot slack` once the client is configured.
        token=settings.slack_bot_token or None,
        token_verification_enabled=False,
        listener_executor=ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="codebot-slack"),
        raise_error_for_unhandled_request=False,
    )
    configure_client(app.client, settings)
    Listeners(kb, state, settings, asker or (lambda text: ask(text, kb=kb))).register(app)
    from bot.channels.slack import quiz as slack_quiz

    slack_quiz.register(app, kb, state, settings)
    from bot import retention

    retention.start_timer(state, settings.retention_days)
    return app
