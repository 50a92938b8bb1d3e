"""The e-mail ledger in the state DB: one row per message key, stage received → sending → answered/skipped → filed.

With several workers on one mailbox, a worker decides a received message and takes it in one UPDATE whose
WHERE admits only stage `received` and a free, expired or own lease: exactly one worker wins, and only the
winner sends. A lease (owner, expiry) then covers answering and filing; a row left in `sending` or
`answered` by a worker whose lease expired is taken over (never sent again). The SQL is plain (ON CONFLICT
DO NOTHING, conditional UPDATE and its row count) so that PostgreSQL can run it as is.
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

    def take(self, key: str, message_id: str, owner: str, lease_seconds: float, stage: str, folder: str,
             reason: str | None, codes: list[str]) -> bool:
        """One transaction: record the message if new, and move it received → `stage` under a fresh lease.

        Only one worker can win: the UPDATE admits a received row whose lease is free, expired or ours.
        True means the decision is recorded (for SENDING: send now, exactly once).
        """
        now = self.clock()
        with self.state.write() as db:
            db.execute("insert into emails (key, message_id, stage, received_at, updated_at) values (?, ?, ?, ?, ?) "
                       "on conflict (key) do nothing", (key, message_id or None, RECEIVED, now, now))
            return db.execute("update emails set stage = ?, folder = ?, reason = ?, codes = ?, updated_at = ?, "
                              "lease_owner = ?, lease_until = ? where key = ? and stage = ? and "
                              "(lease_owner is null or lease_owner = ? or lease_until < ?)",
                              (stage, folder, reason, ",".join(codes), now, owner, now + lease_seconds, key, RECEIVED,
                               owner, now)).rowcount == 1

    def take_over(self, key: str, stage: str, owner: str, lease_seconds: float, new_stage: str | None = None,
                  folder: str | None = None, reason: str | None = None) -> bool:
        """Lease a row left in `stage` by a worker whose lease expired (or by us), optionally deciding it anew."""
        now = self.clock()
        with self.state.write() as db:
            return db.execute("update emails set stage = coalesce(?, stage), folder = coalesce(?, folder), "
                              "reason = coalesce(?, reason), updated_at = ?, lease_owner = ?, lease_until = ? "
                              "where key = ? and stage = ? and (lease_owner is null or lease_owner = ? or lease_until < ?)",
                              (new_stage, folder, reason, now, owner, now + lease_seconds, key, stage, owner,
                               now)).rowcount == 1

    def get(self, key: str) -> sqlite3.Row | None:
        """Return the row for a message key, or None."""
        return self.state.connect().execute("select * from emails where key = ?", (key,)).fetchone()

    def decide(self, key: str, stage: str, folder: str, reason: str | None, codes: list[str], owner: str) -> bool:
        """Record a later decision (SKIPPED after an SMTP refusal, RECEIVED to retry) while holding the lease."""
        with self.state.write() as db:
            return db.execute("update emails set stage = ?, folder = ?, reason = ?, codes = ?, updated_at = ? "
                              "where key = ? and lease_owner = ?",
                              (stage, folder, reason, ",".join(codes), self.clock(), key, owner)).rowcount == 1

    def answered(self, key: str, recipient: str) -> None:
        """Record that the reply was accepted by SMTP, and count it (a keyed hash of the address) for the rate limit."""
        now = self.clock()
        with self.state.write() as db:
            db.execute("update emails set stage = ?, updated_at = ? where key = ?", (ANSWERED, now, key))
            salt = db.execute("select value from state_meta where key = 'salt'").fetchone()[0]
            db.execute("insert into email_reply_log (sender_hash, sent_at) values (?, ?)",
                       (address_hash(salt, recipient), now))

    def filed(self, keys: list[str], folder: str) -> None:
        """Record that these messages now sit in `folder`, and give up their leases (one transaction)."""
        now = self.clock()
        with self.state.write() as db:
            db.executemany("update emails set stage = ?, folder = ?, updated_at = ?, lease_owner = null, "
                           "lease_until = null where key = ?", [(FILED, folder, now, key) for key in keys])

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
