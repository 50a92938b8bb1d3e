"""Bench: a mail backlog answered end to end (IMAP fetch → ask → SMTP → file) by `serve`, on local Dovecot + aiosmtpd.

usage: python bench/bench_email.py [--backlog N]     (run.py uses BACKLOG; the issue's target is 10,000 at
                                                    3,000 answers a minute or more)
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import threading
import time
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BACKLOG = 50 if os.environ.get("BENCH_QUICK") else 2_000  # run.py's size: several full passes in under a minute
TARGET_PER_MINUTE = 3_000
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


def _deliver(dovecot, env: dict, n: int) -> None:  # noqa: ANN001
    from imap_tools import MailBoxUnencrypted

    from bot.channels.email.loop import ensure_folders

    with MailBoxUnencrypted("127.0.0.1", dovecot.port, timeout=30).login(env["IMAP_USER"], env["IMAP_PASSWORD"]) as mb:
        ensure_folders(mb)
        for i in range(n):
            mb.append(_message(i), "INBOX", flag_set=[])


def _measure(dovecot, sink, home: Path, backlog: int) -> dict:  # noqa: ANN001
    from bot.channels.email.loop import serve
    from bot.channels.email.worker import Worker
    from bot.config import Settings
    from bot.kb import open_index
    from bot.state import StateDB

    env = {**dovecot.env(CODEBOT_EMAIL_ALLOWED_DOMAINS="clinic.test", CODEBOT_EMAIL_RATE_PER_HOUR="1000"),
           **sink.env(), "CODEBOT_EMAIL_ADDRESS": "codes@example.test", "CODEBOT_EMAIL_POLL_SECONDS": "30"}
    (home / "kb").mkdir()
    kb = open_index(home=home / "kb")
    _deliver(dovecot, env, backlog)
    worker = Worker(Settings.from_env(env), StateDB(home / "state.db"), kb=kb)
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(worker, stop), daemon=True)
    started = time.perf_counter()
    thread.start()
    deadline = started + max(120, backlog / 20)
    while len(sink.received) < backlog and time.perf_counter() < deadline:
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    stop.set()
    thread.join(timeout=30)
    replies = len(sink.received)
    per_minute = round(replies / seconds * 60, 1)
    return {"backlog": backlog, "replies": replies, "seconds": round(seconds, 2), "answers_per_minute": per_minute,
            "target_per_minute": TARGET_PER_MINUTE, "met": replies == backlog and per_minute >= TARGET_PER_MINUTE}


def run(backlog: int = BACKLOG) -> dict | str:
    """Answer a backlog end to end; return the rate, or an error string if Dovecot cannot start."""
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
            return {"name": "email", **_measure(dovecot, sink, Path(home), backlog)}
    finally:
        sink.stop()
        dovecot.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backlog", type=int, default=BACKLOG)
    print(json.dumps(run(parser.parse_args().backlog), indent=1))
