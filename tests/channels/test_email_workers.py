"""Several `codebot email` workers on one Dovecot mailbox, sharing a SQLite file or PostgreSQL: every message
answered exactly once, kills included (15.7, 16.4)."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.config import Settings
from bot.kb import open_index
from test_email import BOT, deliver, dovecot, env, folders, mail, mailbox, smtp  # noqa: F401 (fixtures)

MESSAGES = 90
DEADLINE = 50  # seconds for a run; the module's own alarm fails a hung test at 60
LEASE = 3  # seconds: a killed worker's claims expire this fast in the test (the default is minutes)


def start_worker(env: dict, home: Path, log: Path, state_url: str = "") -> subprocess.Popen:  # noqa: F811
    """One `codebot email` watch-mode worker as its own process, sharing the state in `home` (or at `state_url`)."""
    variables = {**os.environ, **env, "CODEBOT_HOME": str(home), "CODEBOT_STATE_URL": state_url,
                 "CODEBOT_EMAIL_POLL_SECONDS": "1",
                 "CODEBOT_EMAIL_LEASE_SECONDS": str(LEASE), "CODEBOT_EMAIL_RATE_PER_HOUR": "10000"}
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, "-m", "bot", "email", "-v"], env=variables, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def tally(smtp, mailbox, ids: list[str]) -> tuple[int, int, dict]:  # noqa: F811
    """Return (doubled, lost, folders): a lost message got no reply and is not waiting for a person."""
    replies = collections.Counter(r.msg["In-Reply-To"] for r in smtp.received)
    mailbox.folder.set("Needs human")
    for_a_person = {m.headers.get("message-id", ("",))[0].strip() for m in mailbox.fetch(mark_seen=False, headers_only=True)}
    mailbox.folder.set("INBOX")
    doubled = sum(1 for i in ids if replies[i] > 1)
    lost = sum(1 for i in ids if replies[i] == 0 and i not in for_a_person)
    return doubled, lost, folders(mailbox)


def wait_until_drained(smtp, mailbox, ids, seconds: float) -> None:  # noqa: F811
    """Wait until INBOX is empty and no reply arrived for a moment."""
    deadline = time.monotonic() + seconds
    last = -1
    while time.monotonic() < deadline:
        mailbox.folder.set("INBOX")
        if not mailbox.uids("ALL") and len(smtp.received) == last:
            return
        last = len(smtp.received)
        time.sleep(0.5)


@pytest.fixture
def home(tmp_path, env, kb):  # noqa: F811
    """A shared data directory with the index already built (so the workers start at once)."""
    open_index(home=tmp_path)
    Settings.from_env(env)
    return tmp_path


@pytest.mark.parametrize("workers, kill, store", [
    (1, False, "sqlite"), (2, False, "sqlite"), (3, False, "sqlite"), (2, True, "sqlite"), (3, True, "sqlite"),
    (2, False, "postgresql"), (2, True, "postgresql"), (3, True, "postgresql")],
    ids=["1 worker", "2 workers", "3 workers", "2 workers, one killed", "3 workers, one killed",
         "2 workers on PostgreSQL", "2 workers on PostgreSQL, one killed", "3 workers on PostgreSQL, one killed"])
def test_every_message_is_answered_once_by_any_number_of_workers(mailbox, smtp, env, home, tmp_path, request,  # noqa: F811
                                                                  workers, kill, store):
    ids = [f"<w{workers}-{kill:d}-{store}-{i}@clinic.test>" for i in range(MESSAGES)]
    deliver(mailbox, *(mail(f"what is 9898{i % 2}?", msgid=m, sender=f"coder{i}@clinic.test") for i, m in enumerate(ids)))
    state_url = request.getfixturevalue("pg_url") if store == "postgresql" else ""
    procs = [start_worker(env, home, tmp_path / f"worker{n}.log", state_url) for n in range(workers)]
    try:
        if kill:
            deadline = time.monotonic() + DEADLINE / 2
            while len(smtp.received) < MESSAGES // 4 and time.monotonic() < deadline:
                time.sleep(0.01)
            procs[0].send_signal(signal.SIGKILL)
            procs[0].wait(timeout=10)
        wait_until_drained(smtp, mailbox, ids, DEADLINE)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            proc.wait(timeout=10)
    doubled, lost, counts = tally(smtp, mailbox, ids)
    logs = "\n".join((tmp_path / f"worker{n}.log").read_text(errors="replace")[-2000:] for n in range(workers))
    assert (doubled, lost) == (0, 0), logs
    assert counts["INBOX"] == 0, logs
    assert counts["Processed"] + counts["Needs human"] == MESSAGES
    assert "Traceback" not in logs
