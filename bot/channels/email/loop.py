"""Keep watching the mailbox: IDLE where the server has it, polling otherwise, reconnecting with backoff."""

from __future__ import annotations

import imaplib
import logging
import smtplib
import sqlite3
import threading
import time
from typing import Any

from bot.channels.email import connect
from bot.channels.email.worker import NEEDS_HUMAN, PROCESSED, Worker
from bot.statefile import StateDamaged

log = logging.getLogger(__name__)

BACKOFF_FIRST = 2.0  # seconds after the first failure, doubling up to BACKOFF_MAX
BACKOFF_MAX = 300.0
IDLE_MAX = 29 * 60  # RFC 2177: re-issue IDLE at least every 29 minutes
IDLE_SLICE = 1.0  # IDLE is polled in slices this long so a stop request is seen promptly


def connection_errors() -> tuple[type[BaseException], ...]:
    """Return the exception types that mean "server trouble": logged in one line and retried."""
    from imap_tools.errors import ImapToolsError
    from sqlalchemy.exc import DBAPIError

    # sqlite3.Error: a busy or damaged state file (a damaged one is already set aside); DBAPIError: the state
    # database failed a statement (PostgreSQL restarting, a SQLite lock held too long). The next pass retries.
    return (OSError, imaplib.IMAP4.error, ImapToolsError, smtplib.SMTPException, EOFError, sqlite3.Error, DBAPIError)


def one_line(exc: BaseException) -> str:
    """Return an exception as one short line: its type and first message line."""
    text = " ".join(str(exc).split())[:200]
    if isinstance(exc, connect.Unreachable):  # its message already says what failed, and where
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def ensure_folders(mb: Any) -> None:
    """Create the Processed and Needs human folders if they are missing."""
    for name in (PROCESSED, NEEDS_HUMAN):
        if not mb.folder.exists(name):
            mb.folder.create(name)


def wait_for_mail(mb: Any, stop: threading.Event, seconds: float) -> None:
    """Block until new mail, `seconds` pass or stop is set: IDLE if supported, else a plain wait."""
    if "IDLE" not in mb.client.capabilities:
        stop.wait(seconds)
        return
    deadline = time.monotonic() + min(seconds, IDLE_MAX)
    mb.idle.start()
    try:
        while not stop.is_set() and time.monotonic() < deadline:
            if mb.idle.poll(timeout=IDLE_SLICE):
                break
    finally:
        mb.idle.stop()


def serve(worker: Worker, stop: threading.Event, backoff_first: float = BACKOFF_FIRST) -> None:
    """Run until `stop` is set; a wrong password or an unreachable server is one log line and a retry."""
    settings = worker.settings
    delay = backoff_first
    errors = connection_errors()
    while not stop.is_set():
        mb = None
        try:
            mb = connect.open_imap(settings)
            ensure_folders(mb)
            log.info("e-mail: watching %s on %s", settings.imap_folder, settings.imap_host)
            while not stop.is_set():
                try:
                    worker.process_once(mb)
                except StateDamaged:
                    continue  # already reported and replaced by a fresh file: run the pass again at once
                delay = backoff_first  # a full pass worked: the next failure starts the backoff afresh
                if not worker.full:  # a backlog: the next batch at once, no wait for new mail
                    wait_for_mail(mb, stop, settings.email_poll_seconds)
        except errors as exc:
            log.error("e-mail: %s; retrying in %.0f s", one_line(exc), delay)
            stop.wait(delay)
            delay = min(delay * 2, BACKOFF_MAX)
        finally:
            if mb is not None:
                connect.close_imap(mb)
