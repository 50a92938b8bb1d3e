"""The e-mail ledger in the state DB: one row per message key, stage received → sending → answered/skipped → filed.

With several workers on one mailbox a worker first claims the message: a lease (owner, expiry) taken by one
UPDATE whose WHERE admits only a free or expired lease, so exactly one worker holds it. Moving to `sending`
is a compare-and-set on the lease and the stage, so a worker whose lease ran out can never send. The SQL is
plain (ON CONFLICT DO NOTHING, conditional UPDATE and its row count) so that PostgreSQL can run it as is.
"""

from __future__ import annotations

import sqlite3
import time

from bot.state import StateDB, address_hash

RECEIVED, SENDING, ANSWERED, SKIPPED, FILED = "received", "sending", "answered", "skipped", "filed"


class Ledger:
    """Stages, reasons, folders, codes and leases per message; never a body (ecosystem.md C3)."""

    def __init__(self, state: StateDB, clock=time.time) -> None:  # noqa: ANN001
        self.state = state
        self.clock = clock

    def claim(self, key: str, message_id: str, owner: str, lease_seconds: float) -> sqlite3.Row | None:
        """Record the message (if new) and lease it to `owner`; return its row, or None if another worker holds it."""
        now = self.clock()
        with self.state.write() as db:
            db.execute("insert into emails (key, message_id, stage, received_at, updated_at) values (?, ?, ?, ?, ?) "
                       "on conflict (key) do nothing", (key, message_id or None, RECEIVED, now, now))
            taken = db.execute("update emails set lease_owner = ?, lease_until = ? where key = ? and "
                               "(lease_owner is null or lease_owner = ? or lease_until < ?)",
                               (owner, now + lease_seconds, key, owner, now)).rowcount
            return db.execute("select * from emails where key = ?", (key,)).fetchone() if taken else None

    def get(self, key: str) -> sqlite3.Row | None:
        """Return the row for a message key, or None."""
        return self.state.connect().execute("select * from emails where key = ?", (key,)).fetchone()

    def decide(self, key: str, stage: str, folder: str, reason: str | None, codes: list[str], owner: str) -> bool:
        """Record a decision while holding the lease: SKIPPED (no reply), or RECEIVED again; False if not held."""
        with self.state.write() as db:
            return db.execute("update emails set stage = ?, folder = ?, reason = ?, codes = ?, updated_at = ? "
                              "where key = ? and lease_owner = ?",
                              (stage, folder, reason, ",".join(codes), self.clock(), key, owner)).rowcount == 1

    def start_sending(self, key: str, folder: str, reason: str | None, codes: list[str], owner: str) -> bool:
        """Move received → sending, only while `owner` holds the lease; True means: send now, exactly once."""
        with self.state.write() as db:
            return db.execute("update emails set stage = ?, folder = ?, reason = ?, codes = ?, updated_at = ? "
                              "where key = ? and stage = ? and lease_owner = ? and lease_until >= ?",
                              (SENDING, folder, reason, ",".join(codes), self.clock(), key, RECEIVED, owner,
                               self.clock())).rowcount == 1

    def answered(self, key: str, recipient: str) -> None:
        """Record that the reply was accepted by SMTP, and count it (a keyed hash of the address) for the rate limit."""
        now = self.clock()
        with self.state.write() as db:
            db.execute("update emails set stage = ?, updated_at = ? where key = ?", (ANSWERED, now, key))
            salt = db.execute("select value from state_meta where key = 'salt'").fetchone()[0]
            db.execute("insert into email_reply_log (sender_hash, sent_at) values (?, ?)",
                       (address_hash(salt, recipient), now))

    def filed(self, key: str, folder: str, reason: str | None = None) -> None:
        """Record that the message now sits in `folder`, and give up the lease."""
        with self.state.write() as db:
            db.execute("update emails set stage = ?, folder = ?, reason = coalesce(?, reason), updated_at = ?, "
                       "lease_owner = null, lease_until = null where key = ?",
                       (FILED, folder, reason, self.clock(), key))

    def release_all(self, owner: str) -> int:
        """Give up every lease `owner` still holds (its pass ended early); return how many."""
        with self.state.write() as db:
            return db.execute("update emails set lease_owner = null, lease_until = null where lease_owner = ?",
                              (owner,)).rowcount

    def replies_since(self, sender: str, seconds: float) -> int:
        """Return how many replies went to `sender` in the last `seconds`."""
        hashed = address_hash(self.state.meta("salt") or "", sender)
        row = self.state.connect().execute("select count(*) from email_reply_log where sender_hash = ? and sent_at > ?",
                                           (hashed, self.clock() - seconds)).fetchone()
        return int(row[0])
