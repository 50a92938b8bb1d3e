"""IMAP and SMTP connections: TLS by default (implicit or STARTTLS), plain only to localhost, password or XOAUTH2."""

from __future__ import annotations

import imaplib
import logging
import smtplib
import ssl
from typing import Any

from bot.config import ConfigError, Settings, one_message

log = logging.getLogger(__name__)

NETWORK_TIMEOUT = 30.0  # seconds; every socket gets one (ecosystem.md C1)
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
TLS_MODES = ("ssl", "starttls", "none")


NUMBERS = ("imap_port", "smtp_port", "email_max_bytes", "email_rate_per_hour", "email_poll_seconds")


class Unreachable(OSError):
    """A mail server could not be reached; the message names it with its host and port."""


def check_settings(s: Settings) -> None:
    """Raise ConfigError naming every missing, unsafe or nonsense e-mail setting, in one message."""
    problems = s.missing("imap_host", "imap_user", "smtp_host", "email_address", "email_allowed_domains")
    if not (s.imap_password or s.imap_oauth_token):
        problems.append("IMAP_PASSWORD or IMAP_OAUTH_TOKEN is not set: the bot cannot log in")
    for var, host, mode in (("IMAP_TLS", s.imap_host, s.imap_tls), ("SMTP_TLS", s.smtp_host, s.smtp_tls)):
        if mode not in TLS_MODES:
            problems.append(f"{var} must be one of {', '.join(TLS_MODES)}, not {mode!r}")
        elif mode == "none" and host and host.lower() not in LOCAL_HOSTS:
            problems.append(f"{var}=none sends the password in clear text; it is allowed only for localhost, "
                            f"not {host!r}. Use ssl or starttls")
    problems += s.out_of_range(*NUMBERS)
    if problems:
        raise ConfigError(one_message(problems))


def _unreachable(kind: str, host: str, port: int, exc: OSError) -> Unreachable:
    reason = exc.strerror or str(exc) or type(exc).__name__
    return Unreachable(f"cannot reach the {kind} server {host}:{port} ({reason})")


def xoauth2(user: str, token: str) -> str:
    """Return the SASL XOAUTH2 initial response (Google and Microsoft 365 format)."""
    return f"user={user}\x01auth=Bearer {token}\x01\x01"


def _refresh_capabilities(client: imaplib.IMAP4) -> None:
    # Servers advertise MOVE only after login; imap-tools reads the pre-login list and would copy+expunge.
    typ, data = client.capability()
    if typ == "OK" and data and data[-1]:
        client.capabilities = tuple(data[-1].decode("ascii", "replace").upper().split())


def open_imap(s: Settings) -> Any:
    """Connect and log in to IMAP; return an imap_tools mailbox with the watched folder selected."""
    from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted

    try:
        if s.imap_tls == "ssl":
            mb = MailBox(s.imap_host, s.imap_port, timeout=NETWORK_TIMEOUT, ssl_context=ssl.create_default_context())
        elif s.imap_tls == "starttls":
            mb = MailBoxStartTls(s.imap_host, s.imap_port, timeout=NETWORK_TIMEOUT,
                                 ssl_context=ssl.create_default_context())
        else:
            mb = MailBoxUnencrypted(s.imap_host, s.imap_port, timeout=NETWORK_TIMEOUT)
    except OSError as exc:
        raise _unreachable("IMAP", s.imap_host, s.imap_port, exc) from exc
    try:
        if s.imap_oauth_token:
            mb.xoauth2(s.imap_user, s.imap_oauth_token, initial_folder=s.imap_folder)
        else:
            mb.login(s.imap_user, s.imap_password, initial_folder=s.imap_folder)
        _refresh_capabilities(mb.client)
    except BaseException:
        _shutdown_imap(mb)
        raise
    return mb


def _shutdown_imap(mb: Any) -> None:
    try:
        mb.client.shutdown()
    except Exception:  # already closed: nothing more to release
        pass


def close_imap(mb: Any) -> None:
    """Log out politely; a dead connection is just dropped."""
    try:
        mb.logout()
    except Exception:  # the server may already be gone; the socket is closed either way
        _shutdown_imap(mb)


def open_smtp(s: Settings) -> smtplib.SMTP:
    """Connect to SMTP with TLS as configured and authenticate (password or XOAUTH2) when a login is set."""
    try:
        if s.smtp_tls == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=NETWORK_TIMEOUT,
                                                  context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=NETWORK_TIMEOUT)
    except OSError as exc:
        raise _unreachable("SMTP", s.smtp_host, s.smtp_port, exc) from exc
    try:
        smtp.ehlo()
        if s.smtp_tls == "starttls":
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        _smtp_auth(smtp, s)
    except BaseException:
        smtp.close()
        raise
    return smtp


def _smtp_auth(smtp: smtplib.SMTP, s: Settings) -> None:
    user = s.smtp_user or s.imap_user
    token = s.smtp_oauth_token or (s.imap_oauth_token if not s.smtp_password else "")
    if token:
        initial = xoauth2(user, token)
        # On failure the server sends a JSON challenge; an empty answer ends the exchange (RFC 7628).
        smtp.auth("XOAUTH2", lambda challenge=None: initial if challenge is None else "")
        return
    password = s.smtp_password or s.imap_password
    if user and password:
        smtp.login(user, password)
