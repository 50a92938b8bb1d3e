"""The e-mail channel against a real Dovecot (IMAP) and a real aiosmtpd server on 127.0.0.1 (issue #6)."""

from __future__ import annotations

import logging
import sqlite3
import re
import signal
import threading
import time
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from imap_tools import MailBoxUnencrypted

from bot.channels.email import connect
from bot.channels.email.loop import ensure_folders, serve
from bot.channels.email.worker import Worker
from bot.config import ConfigError, Settings
from fakes.mailservers import PASSWORD, Dovecot, SmtpSink

BOT = "codes@example.test"
JANE = "jane@clinic.test"
TEST_SECONDS = 60  # no test may hang: a hung server or IDLE fails the test instead


@pytest.fixture(autouse=True)
def _deadline():
    """Fail a test that runs longer than TEST_SECONDS (pytest-timeout is not required)."""
    def fail(*_):
        raise TimeoutError(f"test took more than {TEST_SECONDS} s")
    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(TEST_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.fixture(scope="module")
def dovecot():
    """One real Dovecot for the module; each test logs in as its own user (its own empty Maildir)."""
    server = Dovecot().start()  # no dovecot installed: DovecotMissing, a loud failure, never a skip
    yield server
    server.stop()


@pytest.fixture
def smtp():
    """A real SMTP server that records what it accepts."""
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def env(dovecot, smtp):
    """Environment settings for a fresh mailbox user and the SMTP sink."""
    user = dovecot.new_user()
    values = dovecot.env(user=user, CODEBOT_EMAIL_ALLOWED_DOMAINS="clinic.test", CODEBOT_EMAIL_RATE_PER_HOUR="5")
    values.update(smtp.env())
    values["CODEBOT_EMAIL_ADDRESS"] = BOT
    return values


@pytest.fixture
def mailbox(env):
    """An IMAP session as the test's user, for seeding mail and reading folders."""
    mb = MailBoxUnencrypted("127.0.0.1", int(env["IMAP_PORT"]), timeout=10).login(env["IMAP_USER"], PASSWORD)
    ensure_folders(mb)
    yield mb
    mb.logout()


@pytest.fixture
def run(env, state_db, kb):
    """Run one worker pass over the mailbox (a fresh connection each time, like a restart)."""
    def run_once(worker: Worker | None = None) -> int:
        worker = worker or Worker(Settings.from_env(env), state_db, kb=kb)
        mb = connect.open_imap(worker.settings)
        try:
            return worker.process_once(mb)
        finally:
            connect.close_imap(mb)
    return run_once


def mail(body: str = "what is 98981?", subject: str = "Coding question", sender: str = JANE,
         msgid: str | None = "auto", **headers: str) -> bytes:
    """Build a plain-text question as raw bytes."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = BOT
    msg["Subject"] = subject
    if msgid:
        msg["Message-ID"] = make_msgid(domain="clinic.test") if msgid == "auto" else msgid
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg.as_bytes()


def deliver(mb, *raws: bytes) -> None:
    """Put messages in INBOX as unseen."""
    for raw in raws:
        mb.append(raw, "INBOX", flag_set=[])


def folders(mb) -> dict[str, int]:
    """Return how many messages each folder holds."""
    counts = {}
    for name in ("INBOX", "Processed", "Needs human"):
        mb.folder.set(name)
        counts[name] = len(mb.uids("ALL"))
    mb.folder.set("INBOX")
    return counts


def parts(received) -> tuple[str, str]:
    """Return the (text, html) bodies of a sent reply."""
    msg = received.msg
    assert msg.get_content_type() == "multipart/alternative"
    text, html = (msg.get_body((kind,)).get_content().replace("\r\n", "\n") for kind in ("plain", "html"))
    return text, html


def row(state_db, message_id: str):
    """Return the ledger row for a Message-ID."""
    return state_db.row("select * from emails where message_id = :mid", {"mid": message_id})


def test_plain_question_gets_one_threaded_multipart_reply(mailbox, smtp, run, state_db):
    deliver(mailbox, mail(msgid="<q1@clinic.test>", References="<q0@clinic.test>"))
    assert run() == 1
    [sent] = smtp.received
    assert (sent.mail_from, sent.rcpt_tos, sent.login) == (BOT, [JANE], smtp.user)
    msg = sent.msg
    assert msg["Subject"] == "Re: Coding question"
    assert (msg["From"], msg["To"]) == (BOT, JANE)
    assert msg["In-Reply-To"] == "<q1@clinic.test>"
    assert msg["References"] == "<q0@clinic.test> <q1@clinic.test>"
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["Message-ID"].endswith("@example.test>")
    text, html = parts(sent)
    assert text.startswith("98981 (CPT, RTM) - RTM treatment management, each additional 20 minutes\n")
    assert "<p><strong>98981</strong> (CPT, RTM) - RTM treatment management, each additional 20 minutes</p>" in html
    assert folders(mailbox) == {"INBOX": 0, "Processed": 1, "Needs human": 0}
    r = row(state_db, "<q1@clinic.test>")
    assert (r["stage"], r["folder"], r["reason"], r["codes"]) == ("filed", "Processed", None, "98981")
    assert run() == 0 and len(smtp.received) == 1


def test_moved_message_is_flagged_seen(mailbox, run):
    deliver(mailbox, mail())
    run()
    mailbox.folder.set("Processed")
    [msg] = list(mailbox.fetch(mark_seen=False, headers_only=True))
    assert "\\Seen" in msg.flags


def test_html_only_mail_is_read(mailbox, smtp, run):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"], msg["Message-ID"] = JANE, BOT, "html", "<h1@clinic.test>"
    msg.set_content("<html><body><p>Hello,</p><p>what is <b>98980</b>?</p><blockquote>what is 99457?</blockquote>"
                    "</body></html>", subtype="html")
    deliver(mailbox, msg.as_bytes())
    run()
    [sent] = smtp.received
    assert parts(sent)[0].startswith("98980 (CPT, RTM) - RTM treatment management, first 20 minutes\n")


def test_iso_8859_1_mail_is_decoded(mailbox, smtp, run, state_db):
    raw = ("From: Jos\xe9 <jose@clinic.test>\r\nTo: codes@example.test\r\nSubject: =?iso-8859-1?q?Caf=E9_codes?=\r\n"
           "Message-ID: <latin@clinic.test>\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
           "Content-Transfer-Encoding: 8bit\r\n\r\nBonjour, caf\xe9 question: what is 98981?\r\n").encode("latin-1")
    deliver(mailbox, raw)
    run()
    [sent] = smtp.received
    assert sent.rcpt_tos == ["jose@clinic.test"]
    assert sent.msg["Subject"] == "Re: Caf\xe9 codes"
    assert "98981 (CPT, RTM)" in parts(sent)[0]
    assert row(state_db, "<latin@clinic.test>")["codes"] == "98981"


def test_quoted_history_and_signature_are_not_asked(mailbox, smtp, run, state_db):
    body = ("Hi,\n\nwhat is 98980?\n\nThanks,\nJane\n-- \nJane Doe, Billing\nMRN desk 555-0100 99091\n\n"
            "On Mon, 5 Jan 2026 at 09:00, codebot <codes@example.test> wrote:\n> what is 99457?\n> 99457 (CPT, RPM)\n")
    deliver(mailbox, mail(body, subject="RE: Re: codes", msgid="<chain@clinic.test>"))
    run()
    [sent] = smtp.received
    assert sent.msg["Subject"] == "Re: codes"
    assert parts(sent)[0].startswith("98980 (CPT, RTM)")
    assert row(state_db, "<chain@clinic.test>")["codes"] == "98980"


def test_several_questions_are_answered_in_one_reply(mailbox, smtp, run, state_db):
    body = "Three questions:\n1. what is 98980?\n2. what is 98981?\n3. can I bill 99457 with 99091?\n"
    deliver(mailbox, mail(body, msgid="<multi@clinic.test>"))
    run()
    [sent] = smtp.received
    text, html = parts(sent)
    assert "Question 1 of 3: what is 98980?\n\n98980 (CPT, RTM)" in text
    assert "Question 2 of 3: what is 98981?\n\n98981 (CPT, RTM)" in text
    assert "Question 3 of 3: can I bill 99457 with 99091?\n\n99457 with 99091: NO, not allowed" in text
    assert html.count("<h3>Question") == 3
    assert row(state_db, "<multi@clinic.test>")["codes"] == "98980,98981,99091,99457"


@pytest.mark.parametrize("extra, reason", [
    ({"Auto_Submitted": "auto-replied"}, "auto-submitted"),
    ({"List_Id": "<billing.lists.clinic.test>", "List_Unsubscribe": "<mailto:leave@clinic.test>"}, "mailing list"),
    ({"Precedence": "bulk"}, "bulk precedence"),
    ({"X_Auto_Response_Suppress": "All"}, "auto-response suppressed"),
])
def test_automatic_mail_is_not_answered(mailbox, smtp, run, state_db, extra, reason):
    deliver(mailbox, mail(msgid="<auto@clinic.test>", **extra))
    run()
    assert smtp.received == []
    assert folders(mailbox) == {"INBOX": 0, "Processed": 0, "Needs human": 1}
    r = row(state_db, "<auto@clinic.test>")
    assert (r["stage"], r["folder"], r["reason"]) == ("filed", "Needs human", reason)


@pytest.mark.parametrize("extra, reason", [
    ({"X_Autoreply": "yes"}, "auto-reply header"),
    ({"X_Autorespond": "Out of office"}, "auto-reply header"),
    ({"X_Loop": BOT}, "X-Loop names the bot"),
    ({"X_Loop": f"Codes Bot <{BOT.upper()}>"}, "X-Loop names the bot"),
    ({"Precedence": "auto_reply"}, "auto-reply precedence"),
    ({"Reply_To": "codes+replies@example.test"}, "the bot's own address"),
])
def test_loop_markers_are_never_answered(mailbox, smtp, run, state_db, extra, reason):
    deliver(mailbox, mail(msgid="<loop@clinic.test>", **extra))
    run()
    assert smtp.received == []
    assert folders(mailbox) == {"INBOX": 0, "Processed": 0, "Needs human": 1}
    assert row(state_db, "<loop@clinic.test>")["reason"] == reason


@pytest.mark.parametrize("sender", ["codes+test@example.test", "CODES+a+b@Example.Test", "Codes@EXAMPLE.test"])
def test_the_bots_own_address_with_plus_addressing_is_never_answered(mailbox, smtp, run, state_db, sender):
    deliver(mailbox, mail(sender=sender, msgid="<self@clinic.test>"))
    run()
    assert smtp.received == []
    assert row(state_db, "<self@clinic.test>")["reason"] == "the bot's own address"


def test_x_loop_naming_someone_else_is_answered_and_replies_carry_x_loop(mailbox, smtp, run):
    deliver(mailbox, mail(msgid="<other-loop@clinic.test>", X_Loop="helpdesk@clinic.test"))
    run()
    [sent] = smtp.received
    assert sent.msg["X-Loop"] == BOT


def test_bounce_from_mailer_daemon_is_not_answered(mailbox, smtp, run, state_db):
    dsn = (b"From: MAILER-DAEMON@clinic.test (Mail Delivery System)\r\nTo: codes@example.test\r\n"
           b"Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn@clinic.test>\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\r\n"
           b"--b1\r\nContent-Type: text/plain\r\n\r\nThis is the mail system. what is 98981?\r\n"
           b"--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.clinic.test\r\n\r\n"
           b"Final-Recipient: rfc822; gone@clinic.test\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--b1--\r\n")
    deliver(mailbox, dsn)
    run()
    assert smtp.received == []
    assert row(state_db, "<dsn@clinic.test>")["reason"] == "delivery report"
    assert folders(mailbox)["Needs human"] == 1


@pytest.mark.parametrize("sender, reason", [
    ("noreply@clinic.test", "automated sender"),
    ("MAILER-DAEMON@clinic.test", "automated sender"),
    (BOT, "the bot's own address"),
    ("someone@elsewhere.test", "sender domain not in CODEBOT_EMAIL_ALLOWED_DOMAINS"),
])
def test_senders_that_get_no_reply(mailbox, smtp, run, state_db, sender, reason):
    deliver(mailbox, mail(sender=sender, msgid="<who@clinic.test>"))
    run()
    assert smtp.received == []
    assert row(state_db, "<who@clinic.test>")["reason"] == reason
    assert folders(mailbox) == {"INBOX": 0, "Processed": 0, "Needs human": 1}


def test_encoded_newline_in_subject_cannot_inject_headers(mailbox, smtp, run):
    raw = (b"From: jane@clinic.test\r\nTo: codes@example.test\r\nMessage-ID: <inj@clinic.test>\r\n"
           b"Subject: =?UTF-8?Q?hi=0D=0ABcc:_victim@evil.test?=\r\nReferences: <a@x>\r\n =?UTF-8?Q?=0ABcc:_x@evil.test?=\r\n"
           b"\r\nwhat is 98981?\r\n")
    deliver(mailbox, raw)
    run()
    [sent] = smtp.received
    assert sent.rcpt_tos == [JANE]
    assert sent.msg["Subject"] == "Re: hi Bcc: victim@evil.test"
    assert sent.msg["Bcc"] is None and b"\nBcc" not in sent.raw
    assert sent.msg["References"] == "<a@x> <inj@clinic.test>"


def test_20_mb_message_gets_a_short_reply_and_is_filed_unread(mailbox, smtp, run, state_db):
    big = mail("what is 98981?\n" + ("x" * 76 + "\n") * 270_000, subject="big one", msgid="<big@clinic.test>")
    assert len(big) > 20_000_000
    deliver(mailbox, big)
    run()
    [sent] = smtp.received
    assert sent.msg["Subject"] == "Re: big one"
    text, _ = parts(sent)
    mailbox.folder.set("INBOX")
    assert re.match(r"Your message was too large for me to read \((2\d\.\d) MB; the limit is 5\.0 MB\), "
                    r"so I did not open it\.\n", text)
    assert "98981 (CPT" not in text
    r = row(state_db, "<big@clinic.test>")
    assert (r["folder"], r["reason"], r["codes"]) == ("Needs human", "too large: not read", "")
    assert folders(mailbox) == {"INBOX": 0, "Processed": 0, "Needs human": 1}


def test_attachment_is_ignored_and_the_reply_says_so(mailbox, smtp, run):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"], msg["Message-ID"] = JANE, BOT, "with pdf", "<att@clinic.test>"
    msg.set_content("what is 98981?")
    msg.add_attachment(b"%PDF-1.4 what is 99457?", maintype="application", subtype="pdf", filename="chart.pdf")
    deliver(mailbox, msg.as_bytes())
    run()
    [sent] = smtp.received
    text, html = parts(sent)
    assert text.startswith("98981 (CPT, RTM)")
    assert "Note: your message had 1 attachment. I do not open attachments;" in text
    assert "your message had 1 attachment." in html
    assert "99457" not in text.split("Goes with")[0]


def test_emoji_only_gets_a_polite_reply_and_a_person(mailbox, smtp, run, state_db):
    deliver(mailbox, mail("\U0001F600\U0001F64F", subject="", msgid="<emoji@clinic.test>"))
    run()
    [sent] = smtp.received
    assert sent.msg["Subject"] == "No answer found for your question"
    assert parts(sent)[0].startswith("I couldn't match that to a code or family I know.")
    r = row(state_db, "<emoji@clinic.test>")
    assert (r["folder"], r["reason"]) == ("Needs human", "no confident answer: unknown")


def test_missing_message_id_is_keyed_by_hash_and_answered_once(mailbox, smtp, run, state_db):
    deliver(mailbox, mail(msgid=None))
    run()
    run()
    [sent] = smtp.received
    assert sent.msg["In-Reply-To"] is None and sent.msg["References"] is None
    [r] = state_db.rows("select * from emails")
    assert r["key"].startswith("sha256:") and len(r["key"]) == 7 + 64
    assert (r["stage"], r["folder"]) == ("filed", "Processed")


def test_same_message_id_twice_is_answered_once_and_both_are_filed(mailbox, smtp, run):
    deliver(mailbox, mail(msgid="<twice@clinic.test>"), mail("what is 98980?", msgid="<twice@clinic.test>"))
    run()
    assert len(smtp.received) == 1
    assert folders(mailbox) == {"INBOX": 0, "Processed": 2, "Needs human": 0}


def test_ten_mails_from_one_sender_in_a_minute_are_rate_limited(mailbox, smtp, run, state_db):
    deliver(mailbox, *(mail(msgid=f"<r{i}@clinic.test>") for i in range(10)))
    run()
    assert [s.rcpt_tos for s in smtp.received] == [[JANE]] * 5
    reasons = [row(state_db, f"<r{i}@clinic.test>")["reason"] for i in range(10)]
    assert reasons == [None] * 5 + ["rate limit: too many replies to this sender in the last hour"] * 5
    assert folders(mailbox) == {"INBOX": 0, "Processed": 5, "Needs human": 5}


class Crash(BaseException):
    """Stands in for the process dying: no `except Exception` catches it."""


def test_crash_between_sending_and_filing_then_restart_sends_once(mailbox, smtp, run, env, state_db, kb, monkeypatch):
    deliver(mailbox, mail(msgid="<crash@clinic.test>"))
    worker = Worker(Settings.from_env(env), state_db, kb=kb)
    monkeypatch.setattr(worker, "_file_all", lambda *a: (_ for _ in ()).throw(Crash()))
    with pytest.raises(Crash):
        run(worker)
    assert len(smtp.received) == 1 and row(state_db, "<crash@clinic.test>")["stage"] == "answered"
    assert folders(mailbox)["INBOX"] == 1
    run()  # the restart: a new worker, a new connection, the same state file
    assert len(smtp.received) == 1
    assert folders(mailbox) == {"INBOX": 0, "Processed": 1, "Needs human": 0}
    assert row(state_db, "<crash@clinic.test>")["stage"] == "filed"


def test_crash_before_sending_then_restart_answers(mailbox, smtp, run, env, state_db, kb, monkeypatch):
    deliver(mailbox, mail(msgid="<early@clinic.test>"))
    worker = Worker(Settings.from_env(env), state_db, kb=kb)
    monkeypatch.setattr(worker, "_answers", lambda mail: (_ for _ in ()).throw(Crash()))
    with pytest.raises(Crash):
        run(worker)
    assert smtp.received == [] and row(state_db, "<early@clinic.test>") is None  # nothing was taken
    run()
    assert len(smtp.received) == 1
    assert folders(mailbox) == {"INBOX": 0, "Processed": 1, "Needs human": 0}


def test_crash_during_sending_is_never_sent_again(mailbox, smtp, run, env, state_db, kb, monkeypatch):
    from bot.channels.email.worker import Outbox

    deliver(mailbox, mail(msgid="<mid@clinic.test>"))
    monkeypatch.setattr(Outbox, "send", lambda self, reply: (_ for _ in ()).throw(Crash()))
    with pytest.raises(Crash):
        run()
    monkeypatch.undo()
    run()
    assert smtp.received == []
    r = row(state_db, "<mid@clinic.test>")
    assert (r["folder"], r["reason"]) == ("Needs human", "interrupted while sending: check whether the reply went out")


def test_serve_retries_a_wrong_password_in_one_line_then_answers_new_mail_via_idle(
        mailbox, smtp, env, state_db, kb, caplog):
    caplog.set_level(logging.INFO, logger="bot.channels")
    bad = Worker(Settings.from_env({**env, "IMAP_PASSWORD": "wrong"}), state_db, kb=kb)
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(bad, stop), kwargs={"backoff_first": 0.1}, daemon=True)
    thread.start()
    time.sleep(0.5)
    stop.set()
    thread.join(timeout=10)
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors and all(r.exc_info is None for r in errors)  # Dovecot delays repeated failures (auth penalty)
    assert errors[0].getMessage().startswith("e-mail: MailboxLoginError: ")
    assert errors[0].getMessage().endswith("; retrying in 0 s")

    good = Worker(Settings.from_env({**env, "CODEBOT_EMAIL_POLL_SECONDS": "30"}), state_db, kb=kb)
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(good, stop), daemon=True)
    thread.start()
    time.sleep(0.5)  # now the worker sits in IDLE; a poll would take 30 s
    deliver(mailbox, mail(msgid="<idle@clinic.test>"))
    deadline = time.monotonic() + 15
    while not smtp.received and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert [s.msg["In-Reply-To"] for s in smtp.received] == ["<idle@clinic.test>"]


def test_unreachable_server_is_one_line_and_a_retry(env, state_db, kb, caplog):
    from fakes.mailservers import free_port

    worker = Worker(Settings.from_env({**env, "IMAP_PORT": str(free_port())}), state_db, kb=kb)
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(worker, stop), kwargs={"backoff_first": 0.1}, daemon=True)
    thread.start()
    time.sleep(0.5)
    stop.set()
    thread.join(timeout=10)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    port = worker.settings.imap_port
    assert errors[0] == f"e-mail: cannot reach the IMAP server 127.0.0.1:{port} (Connection refused); retrying in 0 s"
    assert errors[1].endswith("retrying in 0 s") and len(errors) >= 3


@pytest.mark.parametrize("change, message", [
    ({"IMAP_HOST": "imap.example.com"}, "IMAP_TLS=none sends the password in clear text"),
    ({"SMTP_HOST": "smtp.example.com"}, "SMTP_TLS=none sends the password in clear text"),
    ({"CODEBOT_EMAIL_ALLOWED_DOMAINS": ""}, "CODEBOT_EMAIL_ALLOWED_DOMAINS is not set"),
    ({"IMAP_PASSWORD": ""}, "IMAP_PASSWORD or IMAP_OAUTH_TOKEN is not set"),
    ({"IMAP_TLS": "maybe"}, "IMAP_TLS must be one of ssl, starttls, none"),
])
def test_unsafe_or_missing_settings_are_refused(env, change, message):
    with pytest.raises(ConfigError) as exc:
        connect.check_settings(Settings.from_env({**env, **change}))
    assert str(exc.value).startswith(message)


def test_tls_is_the_default():
    settings = Settings.from_env({})
    assert (settings.imap_tls, settings.smtp_tls) == ("ssl", "starttls")


def test_smtp_xoauth2_sends_the_bearer_token(env):
    import smtplib

    seen = []

    class Fake(smtplib.SMTP):
        def __init__(self, *a, **k):
            pass

        def ehlo(self, *a):
            return 250, b"ok"

        def auth(self, mechanism, authobject, *, initial_response_ok=True):
            seen.append((mechanism, authobject(), authobject("error json")))

    settings = Settings.from_env({**env, "SMTP_TLS": "none", "SMTP_OAUTH_TOKEN": "tok", "SMTP_USER": "bot@x.test"})
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(smtplib, "SMTP", Fake)
        connect.open_smtp(settings)
    assert seen == [("XOAUTH2", "user=bot@x.test\x01auth=Bearer tok\x01\x01", "")]


def test_no_body_text_in_state_or_logs(mailbox, smtp, run, state_db, caplog):
    caplog.set_level(logging.DEBUG)
    deliver(mailbox, mail("Patient Zed Quux MRN QX4417 asks: what is 98981?", subject="Quux", msgid="<p@clinic.test>"),
            mail("Patient Zed Quux", sender="x@elsewhere.test", msgid="<p2@clinic.test>"))
    run()
    dump = "\n".join(sqlite3.connect(state_db.path).iterdump())
    assert "Quux" not in dump and "QX4417" not in dump  # not bare digits: a stored hash may hold them
    assert "<p@clinic.test>" in dump
    ours = [r for r in caplog.records if not r.name.startswith("mail.log")]  # mail.log is the test SMTP server
    assert ours and not [r for r in ours if "Quux" in r.getMessage() or "QX4417" in r.getMessage()]


def test_cli_email_once_answers_the_mailbox(mailbox, smtp, env, monkeypatch, cli_run):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    deliver(mailbox, mail(msgid="<cli@clinic.test>"))
    result = cli_run("email", "--once")
    assert (result.exit_code, result.output) == (0, "1 message(s) handled.\n")
    assert [s.rcpt_tos for s in smtp.received] == [[JANE]]


def test_cli_email_without_settings_is_one_clear_line(monkeypatch, cli_run):
    for name in ("IMAP_HOST", "IMAP_USER", "SMTP_HOST"):
        monkeypatch.delenv(name, raising=False)
    from click.testing import CliRunner
    from bot.commands.cli import cli

    result = CliRunner().invoke(cli, ["email", "--once"])
    assert result.exit_code == 1
    assert 1 == len(result.output.splitlines())
    assert result.output.startswith("Error: ") and "IMAP_HOST is not set: IMAP server host" in result.output
    assert "IMAP_USER is not set" in result.output and "SMTP_HOST is not set" in result.output


def test_codebot_ask_does_not_import_mail_libraries():
    import subprocess
    import sys

    code = ("import sys; from bot.commands.cli import cli; from click.testing import CliRunner; "
            "CliRunner().invoke(cli, ['ask', 'what is 98981?']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('imap_tools', 'aiosmtpd', 'mailparser_reply')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("status", ["answered", "clarify", "did_you_mean", "unknown", "rejected"])
def test_every_email_template_renders_and_html_is_escaped(status, kb):
    from bot.answer import Answer
    from bot.render import render_answer

    answer = Answer(status=status, intent="help", message="<script>x</script> & co", year=2026,
                    knowledge_version="v1")
    out = render_answer(answer, "email")
    assert out.subject and "\n" not in out.subject
    assert "<script>" not in out.html
    if status != "answered":
        assert "&lt;script&gt;x&lt;/script&gt; &amp; co" in out.html
        assert "<script>x</script> & co" in out.text


def test_restart_with_a_new_state_connection_sends_once(mailbox, smtp, env, state_db, kb, monkeypatch):
    from bot.state import StateDB

    deliver(mailbox, mail(msgid="<reopen@clinic.test>"))
    worker = Worker(Settings.from_env(env), state_db, kb=kb)
    monkeypatch.setattr(worker, "_file_all", lambda *a: (_ for _ in ()).throw(Crash()))
    mb = connect.open_imap(worker.settings)
    with pytest.raises(Crash):
        worker.process_once(mb)
    connect.close_imap(mb)
    restarted = Worker(Settings.from_env(env), StateDB(state_db.path), kb=kb)
    mb = connect.open_imap(restarted.settings)
    restarted.process_once(mb)
    connect.close_imap(mb)
    assert len(smtp.received) == 1
    assert folders(mailbox) == {"INBOX": 0, "Processed": 1, "Needs human": 0}


def test_reply_shows_the_reading_under_the_headline(mailbox, smtp, run):
    body = "Hi team,\n\nRPM: our MA spent 14 minutes with one call this month. What do we bill?\n\nThanks,\nJane"
    deliver(mailbox, mail(body, msgid="<reading@clinic.test>"))
    assert run() == 1
    [sent] = smtp.received
    text, html = parts(sent)
    lines = text.splitlines()
    assert lines[0].startswith("What to report: 14 minutes (RPM, 2026")
    assert lines[1].startswith("Read as: ") and "14 min (staff)" in lines[1]
    assert "99470 x1" in text
    assert "<em>Read as: " in html and "14 min (staff)" in html


def test_clarify_reply_lists_the_choices(mailbox, smtp, run):
    deliver(mailbox, mail("Which TCM code? Patient seen 5 days after discharge.", msgid="<clarify@clinic.test>"))
    assert run() == 1
    [sent] = smtp.received
    text, html = parts(sent)
    assert text.startswith("What was the level of medical decision making?\nRead as: ")
    assert "  1. High complexity MDM (99496)\n  2. Moderate complexity MDM (99495)" in text
    assert "<li>High complexity MDM (99496)</li>" in html and "<ol>" in html
def test_a_worker_pass_applies_retention(mailbox, smtp, run, state_db):
    old = time.time() - 91 * 86_400
    with state_db.write() as db:
        db.execute("insert into emails (key, message_id, stage, received_at, updated_at) values ('<old>', '<old>', "
                   "'filed', :old, :old)", {"old": old})
        db.execute("insert into email_reply_log values ('h', :old)", {"old": old})
    deliver(mailbox, mail(msgid="<fresh@clinic.test>"))
    run()
    assert [r["key"] for r in state_db.rows("select key from emails")] == ["<fresh@clinic.test>"]
    assert 1 == state_db.counts()["email_reply_log"]  # only the reply just sent


def test_a_backlog_drains_without_waiting_a_poll_period_between_full_passes(mailbox, smtp, env, state_db, kb,
                                                                             monkeypatch):
    from bot.channels.email import worker as worker_module

    monkeypatch.setattr(worker_module, "BATCH", 10)
    deliver(mailbox, *(mail(msgid=f"<b{i}@clinic.test>", sender=f"c{i}@clinic.test") for i in range(35)))
    worker = Worker(Settings.from_env({**env, "CODEBOT_EMAIL_POLL_SECONDS": "30"}), state_db, kb=kb)
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(worker, stop), daemon=True)
    started = time.monotonic()
    thread.start()
    while len(smtp.received) < 35 and time.monotonic() - started < 20:
        time.sleep(0.05)
    stop.set()
    thread.join(timeout=10)
    assert 35 == len(smtp.received)  # four passes back to back, not one every 30 s
    assert folders(mailbox) == {"INBOX": 0, "Processed": 35, "Needs human": 0}


def test_a_pass_files_in_one_flag_and_one_move_per_folder_and_two_ledger_writes_per_reply(
        mailbox, smtp, env, state_db, kb, monkeypatch):
    from bot.state import StateDB

    deliver(mailbox, *(mail(msgid=f"<n{i}@clinic.test>", sender=f"d{i}@clinic.test") for i in range(8)),
            mail(msgid="<skip@clinic.test>", sender="noreply@clinic.test"))
    worker = Worker(Settings.from_env(env), state_db, kb=kb)
    mb = connect.open_imap(worker.settings)
    calls = {"flag": 0, "move": 0, "write": 0}
    for name in ("flag", "move"):
        real = getattr(mb, name)
        monkeypatch.setattr(mb, name, lambda *a, _real=real, _name=name, **k: (calls.__setitem__(_name, calls[_name] + 1),
                                                                             _real(*a, **k))[1])
    real_write = StateDB.write

    def counting_write(self):
        calls["write"] += 1
        return real_write(self)

    monkeypatch.setattr(StateDB, "write", counting_write)
    try:
        assert 9 == worker.process_once(mb)
    finally:
        connect.close_imap(mb)
    assert 8 == len(smtp.received)
    assert folders(mailbox) == {"INBOX": 0, "Processed": 8, "Needs human": 1}
    assert (calls["flag"], calls["move"]) == (2, 2)  # one per folder, not one per message
    # take + answered per reply, one take for the skip; per pass: filing per folder, leases, the hourly purge
    assert calls["write"] <= 2 * 8 + 1 + 5
