"""Bench: messages a minute answered end to end (IMAP fetch → ask → SMTP → file) on local Dovecot + aiosmtpd."""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = 60  # enough for a steady rate, small enough to stay well under 30 s
QUESTIONS = ("what is 98980?", "what is 98981?", "can I bill 99457 with 99091?", "RTM vs RPM",
             "25 minutes of RPM with 18 days of data")


def _message(i: int) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"coder{i}@clinic.test"
    msg["To"] = "codes@example.test"
    msg["Subject"] = f"question {i}"
    msg["Message-ID"] = f"<bench{i}@clinic.test>"
    msg.set_content(f"Hi,\n\n{QUESTIONS[i % len(QUESTIONS)]}\n\nThanks,\nA coder\n")
    return msg.as_bytes()


def _measure(dovecot, sink, home: Path) -> dict:  # noqa: ANN001
    from imap_tools import MailBoxUnencrypted

    from bot.channels.email import connect
    from bot.channels.email.loop import ensure_folders
    from bot.channels.email.worker import Worker
    from bot.config import Settings
    from bot.kb import open_index
    from bot.state import StateDB

    env = {**dovecot.env(CODEBOT_EMAIL_ALLOWED_DOMAINS="clinic.test", CODEBOT_EMAIL_RATE_PER_HOUR="1000"),
           **sink.env(), "CODEBOT_EMAIL_ADDRESS": "codes@example.test"}
    settings = Settings.from_env(env)
    (home / "kb").mkdir()
    kb = open_index(home=home / "kb")
    with MailBoxUnencrypted("127.0.0.1", dovecot.port, timeout=10).login(env["IMAP_USER"], env["IMAP_PASSWORD"]) as mb:
        ensure_folders(mb)
        for i in range(MESSAGES):
            mb.append(_message(i), "INBOX", flag_set=[])
    worker = Worker(settings, StateDB(home / "state.db"), kb=kb)
    started = time.perf_counter()
    mb = connect.open_imap(settings)
    try:
        handled = worker.process_once(mb)
    finally:
        connect.close_imap(mb)
    seconds = time.perf_counter() - started
    return {"messages": handled, "replies": len(sink.received), "seconds": round(seconds, 2),
            "messages_per_minute": round(len(sink.received) / seconds * 60, 1)}


def run() -> dict | str:
    """Answer MESSAGES questions end to end; return the rate, or an error string if Dovecot cannot start."""
    sys.path.insert(0, str(ROOT / "tests"))
    logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd's own deprecation chatter
    from fakes.mailservers import Dovecot, DovecotMissing, SmtpSink

    try:
        dovecot = Dovecot().start()
    except (DovecotMissing, OSError, RuntimeError) as exc:
        return f"error: dovecot unavailable: {exc}"
    sink = SmtpSink().start()
    try:
        with tempfile.TemporaryDirectory(prefix="codebot-bench-") as home:
            return {"name": "email", **_measure(dovecot, sink, Path(home))}
    finally:
        sink.stop()
        dovecot.stop()


if __name__ == "__main__":
    print(run())
