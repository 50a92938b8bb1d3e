"""Bench: doubled and lost e-mails with 1, 2 and 3 `codebot email` worker processes on one Dovecot mailbox,
with and without a SIGKILL of one worker mid-run (local Dovecot + aiosmtpd, a temporary data directory)."""

from __future__ import annotations

import collections
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUICK = bool(os.environ.get("BENCH_QUICK"))  # bench/run.py --quick: a smoke run
MESSAGES = 20 if QUICK else 150
LEASE_SECONDS = 3  # a killed worker's claims come back this fast here (the default is 300)
SCENARIOS = ((2, True),) if QUICK else ((1, False), (2, False), (3, False), (1, True), (2, True), (3, True))
RUN_SECONDS = 90


def _message(tag: str, i: int) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = f"coder{i}@clinic.test", "codes@example.test", f"q {i}"
    msg["Message-ID"] = f"<{tag}-{i}@clinic.test>"
    msg.set_content("what is 98981?" if i % 2 else "what is 98980?")
    return msg.as_bytes()


def _worker(env: dict, home: Path) -> subprocess.Popen:
    variables = {**os.environ, **env, "CODEBOT_HOME": str(home), "CODEBOT_EMAIL_POLL_SECONDS": "1",
                 "CODEBOT_EMAIL_LEASE_SECONDS": str(LEASE_SECONDS), "CODEBOT_EMAIL_RATE_PER_HOUR": "100000"}
    return subprocess.Popen([sys.executable, "-m", "bot", "email"], env=variables, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _scenario(dovecot, sink, home: Path, workers: int, kill: bool) -> dict:  # noqa: ANN001
    from imap_tools import MailBoxUnencrypted

    from bot.channels.email.loop import ensure_folders

    tag = f"w{workers}{'k' if kill else ''}"
    user = dovecot.new_user()
    env = {**dovecot.env(user=user, CODEBOT_EMAIL_ALLOWED_DOMAINS="clinic.test"), **sink.env(),
           "CODEBOT_EMAIL_ADDRESS": "codes@example.test"}
    sink.received.clear()
    mb = MailBoxUnencrypted("127.0.0.1", dovecot.port, timeout=30).login(user, env["IMAP_PASSWORD"])
    ensure_folders(mb)
    for i in range(MESSAGES):
        mb.append(_message(tag, i), "INBOX", flag_set=[])
    procs = [_worker(env, home) for _ in range(workers)]
    started = time.monotonic()
    try:
        if kill:
            while len(sink.received) < MESSAGES // 3 and time.monotonic() - started < RUN_SECONDS / 2:
                time.sleep(0.005)
            procs[0].send_signal(signal.SIGKILL)
            procs[0].wait(timeout=10)
            if workers == 1:  # a supervisor restarts the only worker
                procs.append(_worker(env, home))
        last = -1
        while time.monotonic() - started < RUN_SECONDS:
            mb.folder.set("INBOX")
            if not mb.uids("ALL") and len(sink.received) == last:
                break
            last = len(sink.received)
            time.sleep(0.5)
        seconds = time.monotonic() - started
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            proc.wait(timeout=10)
    replies = collections.Counter(r.msg["In-Reply-To"] for r in sink.received)
    mb.folder.set("Needs human")
    person = {m.headers.get("message-id", ("",))[0].strip() for m in mb.fetch(mark_seen=False, headers_only=True)}
    mb.folder.set("INBOX")
    left = len(mb.uids("ALL"))
    mb.logout()
    ids = [f"<{tag}-{i}@clinic.test>" for i in range(MESSAGES)]
    return {"workers": workers, "killed": kill, "messages": MESSAGES, "seconds": round(seconds, 1),
            "doubled": sum(1 for i in ids if replies[i] > 1),
            "lost": sum(1 for i in ids if replies[i] == 0 and i not in person),
            "to_a_person": len(person), "left_in_inbox": left}


def run() -> list[dict] | str:
    """Every scenario's doubled and lost counts (both should be 0)."""
    sys.path.insert(0, str(ROOT / "tests"))
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    from fakes.mailservers import Dovecot, DovecotMissing, SmtpSink

    from bot.kb import open_index

    try:
        dovecot = Dovecot().start()
    except (DovecotMissing, OSError, RuntimeError) as exc:
        return f"error: dovecot unavailable: {exc}"
    sink = SmtpSink().start()
    try:
        with tempfile.TemporaryDirectory(prefix="codebot-bench-workers-") as tmp:
            out = []
            for workers, kill in SCENARIOS:
                home = Path(tmp) / f"home-{workers}-{kill}"
                home.mkdir()
                open_index(home=home)
                out.append(_scenario(dovecot, sink, home, workers, kill))
            return out
    finally:
        sink.stop()
        dovecot.stop()


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
