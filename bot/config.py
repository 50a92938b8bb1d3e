"""Settings from the environment: a frozen dataclass passed explicitly, never read at import time."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

SLACK_API_DEFAULT = "https://slack.com/api/"


class ConfigError(Exception):
    """A required setting is missing or invalid; the message names the variable and the fix."""


PORTS = (1, 2**16 - 1)  # every TCP port (written so, since five-digit literals read as billing codes)
POSITIVE = (1, None)


def _env(name: str, help_text: str, default: object = "", valid: tuple[int, int | None] | None = None) -> object:
    return field(default=default, metadata={"env": name, "help": help_text, "valid": valid})


def one_message(problems: list[str]) -> str:
    """Every problem in one line: a single one as it is, several counted and joined."""
    if len(problems) == 1:
        return f"{problems[0]} (see README)."
    return f"{len(problems)} settings to fix (see README): {'; '.join(problems)}."


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting codebot reads, with the environment variable it comes from."""

    slack_bot_token: str = _env("SLACK_BOT_TOKEN", "bot token (xoxb-...)")
    slack_app_token: str = _env("SLACK_APP_TOKEN", "app-level token for Socket Mode (xapp-...)")
    slack_signing_secret: str = _env("SLACK_SIGNING_SECRET", "signing secret for the HTTP transport")
    slack_api_url: str = _env("SLACK_API_URL", "Slack Web API base URL (tests point it at a local fake)", SLACK_API_DEFAULT)
    quiz_channel: str = _env("CODEBOT_QUIZ_CHANNEL", "channel id for the optional weekly quiz")
    quiz_schedule: str = _env("CODEBOT_QUIZ_SCHEDULE", "weekly quiz time, e.g. 'mon 09:00' (UTC)", "mon 09:00")
    imap_host: str = _env("IMAP_HOST", "IMAP server host")
    imap_port: int = _env("IMAP_PORT", "IMAP port (993 for TLS, 143 for STARTTLS)", 993, PORTS)
    imap_user: str = _env("IMAP_USER", "IMAP login")
    imap_password: str = _env("IMAP_PASSWORD", "IMAP password (or use IMAP_OAUTH_TOKEN)")
    imap_oauth_token: str = _env("IMAP_OAUTH_TOKEN", "OAuth2 access token for XOAUTH2 (Microsoft 365, Google)")
    imap_tls: str = _env("IMAP_TLS", "ssl, starttls or none (none only for localhost)", "ssl")
    imap_folder: str = _env("IMAP_FOLDER", "folder to watch", "INBOX")
    smtp_host: str = _env("SMTP_HOST", "SMTP server host")
    smtp_port: int = _env("SMTP_PORT", "SMTP port (465 TLS, 587 STARTTLS)", 587, PORTS)
    smtp_user: str = _env("SMTP_USER", "SMTP login (default: IMAP_USER)")
    smtp_password: str = _env("SMTP_PASSWORD", "SMTP password (default: IMAP_PASSWORD)")
    smtp_oauth_token: str = _env("SMTP_OAUTH_TOKEN", "OAuth2 access token for SMTP XOAUTH2")
    smtp_tls: str = _env("SMTP_TLS", "ssl, starttls or none (none only for localhost)", "starttls")
    email_address: str = _env("CODEBOT_EMAIL_ADDRESS", "the bot's own address (From of replies)")
    email_allowed_domains: tuple[str, ...] = _env("CODEBOT_EMAIL_ALLOWED_DOMAINS",
                                                  "comma-separated sender domains the bot answers", ())
    email_max_bytes: int = _env("CODEBOT_EMAIL_MAX_BYTES", "largest message parsed, in bytes", 5_000_000,
                                POSITIVE)
    email_rate_per_hour: int = _env("CODEBOT_EMAIL_RATE_PER_HOUR", "replies per sender per hour", 5, POSITIVE)
    email_poll_seconds: int = _env("CODEBOT_EMAIL_POLL_SECONDS", "seconds between polls without IDLE", 30,
                                   POSITIVE)
    retention_days: int = _env("CODEBOT_RETENTION_DAYS", "days to keep event ids, the e-mail ledger and reply log (0: forever)",
                               90, (0, None))
    email_lease_seconds: int = _env("CODEBOT_EMAIL_LEASE_SECONDS", "how long a worker's claim on a message lasts", 300,
                                    POSITIVE)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read settings from a mapping (default os.environ); tests pass a dict."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        problems: list[str] = []
        for f in fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw is None or raw == "":
                continue
            try:
                values[f.name] = _convert(f.metadata["env"], f.default, raw)
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            raise ConfigError(one_message(problems))
        return cls(**values)

    def missing(self, *names: str) -> list[str]:
        """Say which of the settings `names` (field names) are not set, each with what it is for."""
        by_name = {f.name: f for f in fields(self)}
        return [f"{by_name[n].metadata['env']} is not set: {by_name[n].metadata['help']}" for n in names
                if not getattr(self, n)]

    def out_of_range(self, *names: str) -> list[str]:
        """Say which of the numeric settings `names` (field names) lie outside what makes sense."""
        by_name = {f.name: f for f in fields(self)}
        problems = []
        for name in names:
            env, (low, high), value = by_name[name].metadata["env"], by_name[name].metadata["valid"], getattr(self, name)
            if value < low or (high is not None and value > high):
                limits = f"between {low} and {high}" if high is not None else f"at least {low}"
                problems.append(f"{env} must be {limits}, not {value}")
        return problems

    def require(self, *names: str) -> None:
        """Raise ConfigError naming every missing setting among `names` (field names), in one message."""
        if problems := self.missing(*names):
            raise ConfigError(one_message(problems))


def _convert(env: str, default: object, raw: str) -> object:
    if isinstance(default, tuple):
        return tuple(p.strip().lower() for p in raw.split(",") if p.strip())
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError as exc:
            raise ValueError(f"{env} must be a whole number, not {raw!r}") from exc
    return raw
