"""The e-mail ledger in the state DB: one row per message key, stage received → sending → answered/skipped → filed.

With several workers on one mailbox, a worker decides a received message and takes it in one UPDATE whose
WHERE admits only stage `received` and a free, expired or own lease: exactly one worker wins, and only the
winner sends. A lease (owner, expiry) then covers answering and filing; a row left in `sending` or
`answered` by a worker whose lease expired is taken over (never sent again). The SQL is the same on SQLite and PostgreSQL
(ON CONFLICT DO NOTHING, a conditional UPDATE and its row count): on PostgreSQL the UPDATE locks the row,
so a second worker's UPDATE waits, then sees the stage already moved on and changes nothing.
"""

from __future__ import annotations

import time
from typing import Any

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
            db.execute("insert into emails (key, message_id, stage, received_at, updated_at) "
                       "values (:key, :mid, :received, :now, :now) on conflict (key) do nothing",
                       {"key": key, "mid": message_id or None, "received": RECEIVED, "now": now})
            return db.execute("update emails set stage = :stage, folder = :folder, reason = :reason, codes = :codes, "
                              "updated_at = :now, lease_owner = :owner, lease_until = :until where key = :key and "
                              "stage = :received and (lease_owner is null or lease_owner = :owner or lease_until < :now)",
                              {"stage": stage, "folder": folder, "reason": reason, "codes": ",".join(codes), "now": now,
                               "owner": owner, "until": now + lease_seconds, "key": key,
                               "received": RECEIVED}).rowcount == 1

    def take_over(self, key: str, stage: str, owner: str, lease_seconds: float, new_stage: str | None = None,
                  folder: str | None = None, reason: str | None = None) -> bool:
        """Lease a row left in `stage` by a worker whose lease expired (or by us), optionally deciding it anew."""
        now = self.clock()
        with self.state.write() as db:
            return db.execute("update emails set stage = coalesce(:new_stage, stage), folder = coalesce(:folder, folder), "
                              "reason = coalesce(:reason, reason), updated_at = :now, lease_owner = :owner, "
                              "lease_until = :until where key = :key and stage = :stage and "
                              "(lease_owner is null or lease_owner = :owner or lease_until < :now)",
                              {"new_stage": new_stage, "folder": folder, "reason": reason, "now": now, "owner": owner,
                               "until": now + lease_seconds, "key": key, "stage": stage}).rowcount == 1

    def get(self, key: str) -> Any:
        """Return the row for a message key (a mapping: row["stage"]), or None."""
        return self.state.row("select * from emails where key = :key", {"key": key})

    def decide(self, key: str, stage: str, folder: str, reason: str | None, codes: list[str], owner: str) -> bool:
        """Record a later decision (SKIPPED after an SMTP refusal, RECEIVED to retry) while holding the lease."""
        with self.state.write() as db:
            return db.execute("update emails set stage = :stage, folder = :folder, reason = :reason, codes = :codes, "
                              "updated_at = :now where key = :key and lease_owner = :owner",
                              {"stage": stage, "folder": folder, "reason": reason, "codes": ",".join(codes),
                               "now": self.clock(), "key": key, "owner": owner}).rowcount == 1

    def answered(self, key: str, recipient: str) -> None:
        """Record that the reply was accepted by SMTP, and count it (a keyed hash of the address) for the rate limit."""
        now = self.clock()
        with self.state.write() as db:
            db.execute("update emails set stage = :stage, updated_at = :now where key = :key",
                       {"stage": ANSWERED, "now": now, "key": key})
            salt = db.scalar("select value from state_meta where key = 'salt'")
            db.execute("insert into email_reply_log (sender_hash, sent_at) values (:hash, :now)",
                       {"hash": address_hash(salt, recipient), "now": now})

    def filed(self, keys: list[str], folder: str) -> None:
        """Record that these messages now sit in `folder`, and give up their leases (one transaction)."""
        now = self.clock()
        if not keys:
            return
        with self.state.write() as db:
            db.execute("update emails set stage = :stage, folder = :folder, updated_at = :now, lease_owner = null, "
                       "lease_until = null where key = :key",
                       [{"stage": FILED, "folder": folder, "now": now, "key": key} for key in keys])

    def release_all(self, owner: str) -> int:
        """Give up every lease `owner` still holds (its pass ended early); return how many."""
        with self.state.write() as db:
            return db.execute("update emails set lease_owner = null, lease_until = null where lease_owner = :owner",
                              {"owner": owner}).rowcount

    def replies_since(self, sender: str, seconds: float) -> int:
        """Return how many replies went to `sender` in the last `seconds`."""
        hashed = address_hash(self.state.meta("salt") or "", sender)
        return int(self.state.scalar("select count(*) from email_reply_log where sender_hash = :hash and sent_at > :since",
                                     {"hash": hashed, "since": self.clock() - seconds}))
