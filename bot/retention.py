"""Retention: delete Slack event ids, filed e-mail ledger rows and reply-log entries older than the setting."""

from __future__ import annotations

import logging
import threading
import time

from bot.state import StateDB

log = logging.getLogger(__name__)

DAY_SECONDS = 24 * 60 * 60
PURGE_EVERY_SECONDS = 3_600  # running workers purge at most this often (shared by every process on the file)
# table -> the statement that deletes its rows older than a cutoff (only ledger rows already filed: a message
# still on its way, or stuck in "sending", stays for a person to look at)
PURGES = {
    "slack_events": "delete from slack_events where received_at < :cutoff",
    "emails": "delete from emails where stage = 'filed' and updated_at < :cutoff",
    "email_reply_log": "delete from email_reply_log where sent_at < :cutoff",
}


def purge(state: StateDB, days: int, now: float | None = None) -> dict[str, int]:
    """Delete rows older than `days` days (0 or less keeps everything); return the rows removed per table."""
    if days <= 0:
        return {}
    now = time.time() if now is None else now
    cutoff = now - days * DAY_SECONDS
    removed = state.write_once_more(lambda db: {table: db.execute(sql, {"cutoff": cutoff}).rowcount
                                                for table, sql in PURGES.items()})
    state.set_meta("purged_at", str(now))
    return removed


def purge_if_due(state: StateDB, days: int, now: float | None = None) -> dict[str, int] | None:
    """Purge when no process on this state file did in the last PURGE_EVERY_SECONDS; return what it removed."""
    now = time.time() if now is None else now
    last = float(state.meta("purged_at") or 0)
    if days <= 0 or now - last < PURGE_EVERY_SECONDS:
        return None
    removed = purge(state, days, now)
    if any(removed.values()):
        log.info("retention: removed %s (older than %d days)", ", ".join(f"{t} {n}" for t, n in removed.items()), days)
    return removed


def start_timer(state: StateDB, days: int, stop: threading.Event | None = None) -> threading.Thread | None:
    """Purge now and then every PURGE_EVERY_SECONDS in a daemon thread; None when retention is off."""
    if days <= 0:
        return None
    stop = stop or threading.Event()

    def loop() -> None:
        while True:
            try:
                purge_if_due(state, days)
            except Exception:  # a busy or damaged state file: the next round tries again
                log.exception("retention: purge failed")
            if stop.wait(PURGE_EVERY_SECONDS):
                return

    purge_if_due(state, days)
    thread = threading.Thread(target=loop, name="codebot-retention", daemon=True)
    thread.start()
    return thread
