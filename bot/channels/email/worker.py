"""The mailbox worker: fetch without marking seen, record, answer, send once, then flag and file."""

from __future__ import annotations

import dataclasses
import imaplib
import logging
import os
import re
import secrets
import smtplib
import socket
import time
from typing import Any

from bot import retention
from bot.answer import Answer
from bot.channels.email import connect, policy
from bot.channels.email.ledger import FILED, RECEIVED, SENDING, SKIPPED, Ledger
from bot.channels.email.read import Incoming, read_message
from bot.channels.email.reply import build_reply
from bot.config import Settings
from bot.state import StateDB

log = logging.getLogger(__name__)

PROCESSED, NEEDS_HUMAN = "Processed", "Needs human"
CONFIDENT = ("answered", "did_you_mean")  # a reply with these is complete; anything else also goes to a person
BATCH = 200  # messages listed per pass; the rest wait for the next pass
_UID = re.compile(rb"UID (\d+)")
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")
_ARRIVED = re.compile(rb'INTERNALDATE "([^"]+)"')
STATE_DAMAGED = "the state database was damaged after this arrived: check whether it was already answered"


class Outbox:
    """One SMTP connection per pass, opened on the first reply."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def ready(self) -> None:
        """Connect now, so connection and login errors happen before a message is marked as sending."""
        if self._smtp is None:
            self._smtp = connect.open_smtp(self.settings)

    def send(self, reply: Any) -> None:
        """Submit one reply (envelope sender: the bot's address)."""
        self.ready()
        assert self._smtp is not None
        self._smtp.send_message(reply.message, from_addr=self.settings.email_address, to_addrs=[reply.to])

    def close(self) -> None:
        """Say QUIT; ignore a connection that is already gone."""
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None


def list_sizes(mb: Any) -> list[tuple[str, int, float]]:
    """Return (uid, size, arrival time) for the messages in the selected folder, oldest first, at most BATCH."""
    uids = mb.uids("ALL")[:BATCH]
    if not uids:
        return []
    typ, data = mb.client.uid("FETCH", ",".join(uids), "(UID RFC822.SIZE INTERNALDATE)")
    found: dict[str, tuple[int, float]] = {}
    for item in data or []:
        line = (item[0] if isinstance(item, tuple) else item) or b""
        uid, size, arrived = _UID.search(line), _SIZE.search(line), _ARRIVED.search(line)
        if uid and size:
            found[uid.group(1).decode()] = (int(size.group(1)), _arrival(arrived.group(1) if arrived else b""))
    return [(u, *found[u]) for u in uids if u in found]


def _arrival(internaldate: bytes) -> float:
    """INTERNALDATE as a Unix time (0.0 when missing or unreadable: treated as long ago)."""
    parsed = imaplib.Internaldate2tuple(b'INTERNALDATE "' + internaldate + b'"')
    return time.mktime(parsed) if parsed else 0.0


def fetch_raw(mb: Any, uid: str, headers_only: bool = False) -> bytes | None:
    """Return a message's bytes (or its header block) without setting \\Seen; None if it vanished."""
    part = "BODY.PEEK[HEADER]" if headers_only else "BODY.PEEK[]"
    typ, data = mb.client.uid("FETCH", uid, f"({part})")
    for item in data or []:
        if isinstance(item, tuple) and len(item) > 1:
            return item[1]
    return None


class Worker:
    """Answers every message in the watched folder exactly once and files it."""

    def __init__(self, settings: Settings, state: StateDB, kb: Any = None, clock=time.time) -> None:  # noqa: ANN001
        self.settings = settings
        self.kb = kb
        self.ledger = Ledger(state, clock)
        # Unique per process and per Worker: a restarted worker never mistakes an old lease for its own.
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self._recovered_at = 0.0  # when the state file last replaced a damaged one (read at each pass)

    def process_once(self, mb: Any) -> int:
        """Handle every message now in the folder; return how many were filed."""
        outbox = Outbox(self.settings)
        try:
            retention.purge_if_due(self.ledger.state, self.settings.retention_days)
            listed = list_sizes(mb)
            self._recovered_at = self.ledger.state.recovered_at or 0.0
            for uid, size, arrived in listed:
                self.handle(mb, outbox, uid, size, arrived)
        finally:
            outbox.close()
            # A pass cut short (server error, crash) hands its claims back at once instead of at lease expiry.
            self.ledger.release_all(self.owner)
        return len(listed)

    def handle(self, mb: Any, outbox: Outbox, uid: str, size: int, arrived: float = 0.0) -> None:
        """Take one message through received → sending → answered/skipped → filed, resuming after a crash."""
        too_large = size > self.settings.email_max_bytes
        raw = fetch_raw(mb, uid, headers_only=too_large)
        if raw is None:
            return
        mail = read_message(raw, too_large=too_large)
        row = self.ledger.claim(mail.key, mail.message_id, self.owner, self.settings.email_lease_seconds)
        if row is None:
            log.info("e-mail %s: another worker holds it", mail.key)
            return
        if row["stage"] == RECEIVED and self._recovered_at and arrived <= self._recovered_at:
            # Its ledger row went with the damaged file: it may have been answered already, so a person decides.
            self._decide(mail, SKIPPED, NEEDS_HUMAN, STATE_DAMAGED, [])
        elif row["stage"] == RECEIVED:
            if not self._answer(mail, outbox, size):
                return
        elif row["stage"] == SENDING:
            # We cannot know whether the server took the reply before the crash; never risk a second one.
            self._decide(mail, SKIPPED, NEEDS_HUMAN, "interrupted while sending: check whether the reply went out",
                         (row["codes"] or "").split(",") if row["codes"] else [])
        elif row["stage"] == FILED:
            log.info("e-mail %s: already filed in %s (a duplicate copy); filing this one too", mail.key, row["folder"])
        row = self.ledger.get(mail.key)
        self._file(mb, uid, mail.key, row["folder"] or NEEDS_HUMAN)

    def _file(self, mb: Any, uid: str, key: str, folder: str) -> None:
        flags = ["\\Seen"] + (["\\Flagged"] if folder == NEEDS_HUMAN else [])
        mb.flag(uid, flags, True)
        mb.move(uid, folder)
        self.ledger.filed(key, folder)
        log.info("e-mail %s: filed in %s", key, folder)

    def _refusal(self, mail: Incoming, to: str) -> str | None:
        s = self.settings
        reason = policy.refusal(mail, s.email_address, s.email_allowed_domains)
        if reason is None and policy.rate_limited(self.ledger.replies_since(to, policy.RATE_WINDOW_SECONDS),
                                                  s.email_rate_per_hour):
            reason = "rate limit: too many replies to this sender in the last hour"
        return reason

    def _answers(self, mail: Incoming) -> list[Answer]:
        from bot.core import ask

        if mail.too_large:
            return []
        questions = mail.questions or ("",)  # an empty body still gets the "empty question" reply
        return [ask(q, kb=self.kb) for q in questions]

    def _decide(self, mail: Incoming, stage: str, folder: str, reason: str | None, codes: list[str]) -> bool:
        """Record a decision under our lease; log when the lease was lost (another worker now has the message)."""
        if self.ledger.decide(mail.key, stage, folder, reason, codes, self.owner):
            return True
        log.warning("e-mail %s: lease lost before recording %s; leaving it to the worker that holds it", mail.key, stage)
        return False

    def _answer(self, mail: Incoming, outbox: Outbox, size: int) -> bool:
        """Answer or skip a received message; return False when the lease was lost (then do not file it)."""
        to = policy.recipient(mail, self.settings.email_allowed_domains)
        reason = self._refusal(mail, to)
        if reason:
            log.info("e-mail %s: not answered (%s)", mail.key, reason)
            return self._decide(mail, SKIPPED, NEEDS_HUMAN, reason, [])
        try:
            answers = self._answers(mail)
        except Exception:  # a bug in the core must not block the queue; a person gets the mail
            log.exception("e-mail %s: internal error while answering", mail.key)
            return self._decide(mail, SKIPPED, NEEDS_HUMAN, "internal error while answering", [])
        codes = sorted({c["code"] for a in answers for c in a.to_dict()["codes"]})
        confident = bool(answers) and all(a.status in CONFIDENT for a in answers)
        reason = None if confident else ("too large: not read" if mail.too_large else
                                         "no confident answer: " + ",".join(sorted({a.status for a in answers})))
        if mail.too_large:
            mail = _with_questions(mail, ())
        elif not mail.questions:
            mail = _with_questions(mail, ("",))
        reply = build_reply(mail, to, answers, self.settings.email_address, size, self.settings.email_max_bytes)
        outbox.ready()  # connection and login problems surface here, while the message is still only received
        if not self.ledger.start_sending(mail.key, PROCESSED if confident else NEEDS_HUMAN, reason, codes, self.owner):
            log.warning("e-mail %s: lease lost before sending; the worker that holds it answers", mail.key)
            return False
        return self._send(mail, outbox, reply, codes)

    def _send(self, mail: Incoming, outbox: Outbox, reply: Any, codes: list[str]) -> bool:
        try:
            outbox.send(reply)
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code >= 500:
                log.error("e-mail %s: SMTP refused the reply (%s)", mail.key, exc.smtp_code)
                return self._decide(mail, SKIPPED, NEEDS_HUMAN, f"SMTP refused the reply: {exc.smtp_code}", codes)
            # 4xx: the server explicitly did not take it, so trying again later cannot double it.
            self._decide(mail, RECEIVED, "", None, [])
            raise
        except smtplib.SMTPRecipientsRefused:
            return self._decide(mail, SKIPPED, NEEDS_HUMAN, "SMTP refused the recipient", codes)
        self.ledger.answered(mail.key, reply.to)
        log.info("e-mail %s: answered, codes %s", mail.key, ",".join(codes) or "-")
        return True


def _with_questions(mail: Incoming, questions: tuple[str, ...]) -> Incoming:
    return dataclasses.replace(mail, questions=questions)
