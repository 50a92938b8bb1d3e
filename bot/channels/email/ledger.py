"""The e-mail ledger in the state DB: one row per message key, stage received → sending → answered/skipped → filed."""

from __future__ import annotations

import sqlite3
import time

from bot.state import StateDB

RECEIVED, SENDING, ANSWERED, SKIPPED, FILED = "received", "sending", "answered", "skipped", "filed"


class Ledger:
    """Stages, reasons, folders and codes per message; never a body (ecosystem.md C3)."""

    def __init__(self, state: StateDB, clock=time.time) -> None:  # noqa: ANN001
        self.state = state
        self.clock = clock

    def receive(self, key: str, message_id: str) -> sqlite3.Row:
        """Record a message as received (if new) and return its row."""
        now = self.clock()
        with self.state.write() as db:
            db.execute("insert or ignore into emails (key, message_id, stage, received_at, updated_at) "
                       "values (?, ?, ?, ?, ?)", (key, message_id or None, RECEIVED, now, now))
            return db.execute("select * from emails where key = ?", (key,)).fetchone()

    def get(self, key: str) -> sqlite3.Row | None:
        """Return the row for a message key, or None."""
        return self.state.connect().execute("select * from emails where key = ?", (key,)).fetchone()

    def decide(self, key: str, stage: str, folder: str, reason: str | None, codes: list[str]) -> None:
        """Record the decision before acting on it: SENDING (reply next) or SKIPPED (no reply)."""
        with self.state.write() as db:
            db.execute("update emails set stage = ?, folder = ?, reason = ?, codes = ?, updated_at = ? where key = ?",
                       (stage, folder, reason, ",".join(codes), self.clock(), key))

    def answered(self, key: str, recipient: str) -> None:
        """Record that the reply was accepted by SMTP, and count it against the recipient's rate limit."""
        now = self.clock()
        with self.state.write() as db:
            db.execute("update emails set stage = ?, updated_at = ? where key = ?", (ANSWERED, now, key))
            db.execute("insert into email_replies (sender, sent_at) values (?, ?)", (recipient, now))

    def filed(self, key: str, folder: str, reason: str | None = None) -> None:
        """Record that the message now sits in `folder`."""
        with self.state.write() as db:
            db.execute("update emails set stage = ?, folder = ?, reason = coalesce(?, reason), updated_at = ? "
                       "where key = ?", (FILED, folder, reason, self.clock(), key))

    def replies_since(self, sender: str, seconds: float) -> int:
        """Return how many replies went to `sender` in the last `seconds`."""
        row = self.state.connect().execute("select count(*) from email_replies where sender = ? and sent_at > ?",
                                           (sender, self.clock() - seconds)).fetchone()
        return int(row[0])
