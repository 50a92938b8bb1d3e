"""Starting `codebot slack`: check the tokens and the connection first, and say what is wrong in one line."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from bot.config import Settings

FIXES = {
    "SLACK_BOT_TOKEN": "copy the Bot User OAuth Token (xoxb-...) from the app's OAuth & Permissions page",
    "SLACK_APP_TOKEN": "create an app-level token (xapp-...) with the connections:write scope under Basic Information",
}


class StartError(Exception):
    """Slack refused a token or cannot be reached; the message is one line that names the setting."""


class SocketModeUnreachable(OSError):
    """The Socket Mode WebSocket could not be opened (the Web API answered, the WebSocket host did not)."""

    def __init__(self, host: str, cause: BaseException | None) -> None:
        super().__init__(f"cannot open the Socket Mode connection to {host or 'Slack'} "
                         f"({_reason(cause) if cause else 'no answer'}); check the network or a proxy")


def _which_token(exc: Any) -> str:
    api_url = str(getattr(exc.response, "api_url", ""))
    return "SLACK_APP_TOKEN" if api_url.endswith("apps.connections.open") else "SLACK_BOT_TOKEN"


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", exc)
    return getattr(reason, "strerror", None) or str(reason) or type(exc).__name__


@contextlib.contextmanager
def start_errors(settings: Settings) -> Iterator[None]:
    """Turn a refused token or an unreachable Slack into StartError; the libraries' own logs stay quiet meanwhile."""
    from slack_sdk.errors import SlackApiError

    logging.disable(logging.ERROR)  # the client logs each failed try; the one line below says it all
    try:
        yield
    except SlackApiError as exc:
        var = _which_token(exc)
        raise StartError(f"Slack refused {var} ({exc.response.get('error', 'error')}); {FIXES[var]}.") from exc
    except SocketModeUnreachable as exc:
        raise StartError(f"{exc}.") from exc
    except OSError as exc:  # urllib's URLError, a refused, reset or timed-out socket
        raise StartError(f"cannot reach the Slack Web API at {settings.slack_api_url} ({_reason(exc)}); "
                         "check the network (or SLACK_API_URL).") from exc
    finally:
        logging.disable(logging.NOTSET)
