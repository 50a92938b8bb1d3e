"""The mailbox worker: fetch without marking seen, decide, take the message, send once, then file the pass."""

from __future__ import annotations

import dataclasses
import logging
import os
import random
import secrets
import smtplib
import socket
import time
from dataclasses import dataclass
from typing import Any

from bot import retention
from bot.answer import Answer
from bot.channels.email import connect, mailbox, policy
from bot.channels.email.ledger import ANSWERED, FILED, RECEIVED, SENDING, SKIPPED, Ledger
from bot.channels.email.mailbox import BATCH, NEEDS_HUMAN, PROCESSED, Filing, Listed
from bot.channels.email.read import Incoming, read_message
from bot.channels.email.reply import Reply, build_reply
from bot.config import Settings
from bot.state import StateDB

log = logging.getLogger(__name__)

__all__ = ["BATCH", "NEEDS_HUMAN", "PROCESSED", "Outbox", "Worker"]
CONFIDENT = ("answered", "did_you_mean")  # a reply with these is complete; anything else also goes to a person
STATE_DAMAGED = "the state database was damaged after this arrived: check whether it was already answered"
INTERRUPTED = "interrupted while sending: check whether the reply went out"


class Outbox:
    """One SMTP connection per pass, opened on the first reply."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def ready(self) -> None:
        """Connect now, so connection and login errors happen before a message is taken for sending."""
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


@dataclass(frozen=True, slots=True)
class Plan:
    """What to do with a received message: send `reply` (stage SENDING) or not (SKIPPED), and where to file it."""

    stage: str
    folder: str
    reason: str | None
    codes: list[str]
    reply: Reply | None = None


class Worker:
    """Answers every message in the watched folder exactly once and files it, alone or beside other workers."""

    def __init__(self, settings: Settings, state: StateDB, kb: Any = None, clock=time.time) -> None:  # noqa: ANN001
        self.settings = settings
        self.kb = kb
        self.ledger = Ledger(state, clock)
        # Unique per process and per Worker: a restarted worker never mistakes an old lease for its own.
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self.full = False  # the last pass listed a whole batch and filed some: run the next one at once
        self._recovered_at = 0.0  # when the state file last replaced a damaged one (read at each pass)
        self._contended = False  # another worker held a message last pass: start at a random place

    def process_once(self, mb: Any) -> int:
        """Handle the messages now in the folder (up to a batch); file them together; return how many were filed."""
        outbox, filings = Outbox(self.settings), []
        try:
            retention.purge_if_due(self.ledger.state, self.settings.retention_days)
            listed = mailbox.list_messages(mb, BATCH)
            self._recovered_at = self.ledger.state.recovered_at or 0.0
            for item in self._order(listed):
                filing = self.handle(mb, outbox, item)
                if filing:
                    filings.append(filing)
            self._file_all(mb, filings)
        finally:
            outbox.close()
            # A pass cut short (server error, crash) hands its claims back at once instead of at lease expiry.
            self.ledger.release_all(self.owner)
        self.full = len(listed) >= BATCH and bool(filings)
        return len(filings)

    def _order(self, listed: list[Listed]) -> list[Listed]:
        """Oldest first; beside other workers start at a random place, so they rarely race for one message."""
        contended, self._contended = self._contended, False
        if not contended or len(listed) < 2:
            return listed
        start = random.randrange(len(listed))
        return listed[start:] + listed[:start]

    def _file_all(self, mb: Any, filings: list[Filing]) -> None:
        for folder, group in mailbox.file_all(mb, filings).items():
            self.ledger.filed([f.key for f in group], folder)
            log.info("e-mail: filed %d in %s: %s", len(group), folder, " ".join(f.key for f in group))

    def handle(self, mb: Any, outbox: Outbox, item: Listed) -> Filing | None:
        """Take one message through received → sending → answered/skipped, resuming after a crash; None: not ours."""
        too_large = item.size > self.settings.email_max_bytes
        raw = mailbox.fetch_raw(mb, item.uid, headers_only=too_large)
        if raw is None:
            return None
        mail = read_message(raw, too_large=too_large)
        row = self.ledger.get(mail.key)
        if row is not None and row["lease_owner"] not in (None, self.owner) and \
                (row["lease_until"] or 0) >= self.ledger.clock():
            log.info("e-mail %s: another worker holds it", mail.key)
            self._contended = True
            return None
        stage = row["stage"] if row is not None else RECEIVED
        if stage == RECEIVED:
            return self._received(mail, outbox, item)
        if stage == SENDING:
            # We cannot know whether the server took the reply before the crash; never risk a second one.
            taken = self._take_over(mail, SENDING, SKIPPED, NEEDS_HUMAN, INTERRUPTED)
            return Filing(item.uid, mail.key, NEEDS_HUMAN) if taken else None
        if stage == FILED:
            log.info("e-mail %s: already filed in %s (a duplicate copy); filing this one too", mail.key, row["folder"])
        taken = stage in (ANSWERED, SKIPPED, FILED) and self._take_over(mail, stage)
        return Filing(item.uid, mail.key, row["folder"] or NEEDS_HUMAN) if taken else None

    def _take_over(self, mail: Incoming, stage: str, new_stage: str | None = None, folder: str | None = None,
                   reason: str | None = None) -> bool:
        return self.ledger.take_over(mail.key, stage, self.owner, self.settings.email_lease_seconds, new_stage,
                                     folder, reason)

    def _received(self, mail: Incoming, outbox: Outbox, item: Listed) -> Filing | None:
        """Decide, take the message with that decision in one transaction, and send if the decision is to reply."""
        if self._recovered_at and item.arrived <= self._recovered_at:
            # Its ledger row went with the damaged file: it may have been answered already, so a person decides.
            plan = Plan(SKIPPED, NEEDS_HUMAN, STATE_DAMAGED, [])
        else:
            plan = self._plan(mail, item.size)
        if plan.reply is not None:
            outbox.ready()  # connection and login problems surface here, while the message is still only received
        if not self.ledger.take(mail.key, mail.message_id, self.owner, self.settings.email_lease_seconds, plan.stage,
                                plan.folder, plan.reason, plan.codes):
            log.info("e-mail %s: another worker took it first", mail.key)
            self._contended = True
            return None
        if plan.reply is not None and not self._send(mail, outbox, plan):
            return None
        return Filing(item.uid, mail.key, self.ledger.get(mail.key)["folder"] or NEEDS_HUMAN)

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

    def _plan(self, mail: Incoming, size: int) -> Plan:
        """Decide what to do with a received message: the refusal, or the reply to send and where to file it."""
        to = policy.recipient(mail, self.settings.email_allowed_domains)
        reason = self._refusal(mail, to)
        if reason:
            log.info("e-mail %s: not answered (%s)", mail.key, reason)
            return Plan(SKIPPED, NEEDS_HUMAN, reason, [])
        try:
            answers = self._answers(mail)
        except Exception:  # a bug in the core must not block the queue; a person gets the mail
            log.exception("e-mail %s: internal error while answering", mail.key)
            return Plan(SKIPPED, NEEDS_HUMAN, "internal error while answering", [])
        codes = sorted({c["code"] for a in answers for c in a.to_dict()["codes"]})
        confident = bool(answers) and all(a.status in CONFIDENT for a in answers)
        reason = None if confident else ("too large: not read" if mail.too_large else
                                         "no confident answer: " + ",".join(sorted({a.status for a in answers})))
        if mail.too_large:
            mail = dataclasses.replace(mail, questions=())
        elif not mail.questions:
            mail = dataclasses.replace(mail, questions=("",))
        reply = build_reply(mail, to, answers, self.settings.email_address, size, self.settings.email_max_bytes)
        return Plan(SENDING, PROCESSED if confident else NEEDS_HUMAN, reason, codes, reply)

    def _decide(self, mail: Incoming, stage: str, folder: str, reason: str | None, codes: list[str]) -> bool:
        """Record a later decision under our lease; log when the lease was lost (another worker has the message)."""
        if self.ledger.decide(mail.key, stage, folder, reason, codes, self.owner):
            return True
        log.warning("e-mail %s: lease lost before recording %s; leaving it to the worker that holds it", mail.key, stage)
        return False

    def _send(self, mail: Incoming, outbox: Outbox, plan: Plan) -> bool:
        """Send the taken message's reply once; return False when it must not be filed now."""
        try:
            outbox.send(plan.reply)
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code >= 500:
                log.error("e-mail %s: SMTP refused the reply (%s)", mail.key, exc.smtp_code)
                return self._decide(mail, SKIPPED, NEEDS_HUMAN, f"SMTP refused the reply: {exc.smtp_code}", plan.codes)
            # 4xx: the server explicitly did not take it, so trying again later cannot double it.
            self._decide(mail, RECEIVED, "", None, [])
            raise
        except smtplib.SMTPRecipientsRefused:
            return self._decide(mail, SKIPPED, NEEDS_HUMAN, "SMTP refused the recipient", plan.codes)
        self.ledger.answered(mail.key, plan.reply.to)
        log.info("e-mail %s: answered, codes %s", mail.key, ",".join(plan.codes) or "-")
        return True
