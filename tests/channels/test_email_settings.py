"""E-mail settings: every problem reported in one message, nonsense numbers refused, unreachable servers named."""

from __future__ import annotations

import os
import subprocess
import sys
from email.message import EmailMessage

import pytest
from imap_tools import MailBoxUnencrypted

from bot.channels.email import connect
from bot.config import ConfigError, Settings
from fakes.mailservers import PASSWORD, Dovecot, free_port

REQUIRED = ["IMAP_HOST", "IMAP_USER", "SMTP_HOST", "CODEBOT_EMAIL_ADDRESS", "CODEBOT_EMAIL_ALLOWED_DOMAINS",
            "IMAP_PASSWORD or IMAP_OAUTH_TOKEN"]
GOOD = {"IMAP_HOST": "127.0.0.1", "IMAP_USER": "bot", "IMAP_PASSWORD": "pw", "IMAP_TLS": "none",
        "SMTP_HOST": "127.0.0.1", "SMTP_TLS": "none", "CODEBOT_EMAIL_ADDRESS": "codes@clinic.test",
        "CODEBOT_EMAIL_ALLOWED_DOMAINS": "clinic.test"}


def _email_once(env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {"PATH": os.environ["PATH"], "CODEBOT_HOME": os.environ["CODEBOT_HOME"]}
    return subprocess.run([sys.executable, "-m", "bot", "email", "--once"], capture_output=True, text=True,
                          timeout=60, env={**base, **env})


def test_every_missing_setting_is_named_in_one_message():
    with pytest.raises(ConfigError) as exc:
        connect.check_settings(Settings.from_env({}))
    message = str(exc.value)
    assert "\n" not in message
    assert [] == [name for name in REQUIRED if name not in message]


def test_cli_names_every_missing_setting_in_one_line():
    proc = _email_once({})
    assert (1, "") == (proc.returncode, proc.stdout)
    assert 1 == len(proc.stderr.splitlines()) and proc.stderr.startswith("Error: 6 settings to fix (see README): ")
    assert [] == [name for name in REQUIRED if name not in proc.stderr]


@pytest.mark.parametrize("name, value", [
    ("CODEBOT_EMAIL_RATE_PER_HOUR", "-1"), ("CODEBOT_EMAIL_RATE_PER_HOUR", "0"), ("IMAP_PORT", "0"),
    ("IMAP_PORT", "70000"), ("SMTP_PORT", "-5"), ("CODEBOT_EMAIL_POLL_SECONDS", "0"),
    ("CODEBOT_EMAIL_POLL_SECONDS", "-30"), ("CODEBOT_EMAIL_MAX_BYTES", "0"),
])
def test_nonsense_numbers_are_refused_naming_the_variable(name, value):
    with pytest.raises(ConfigError) as exc:
        connect.check_settings(Settings.from_env({**GOOD, name: value}))
    assert str(exc.value).startswith(f"{name} must be ") and f"not {value}" in str(exc.value)


def test_cli_refuses_a_negative_rate_limit_in_one_line():
    proc = _email_once({**GOOD, "CODEBOT_EMAIL_RATE_PER_HOUR": "-1"})
    assert (1, "Error: CODEBOT_EMAIL_RATE_PER_HOUR must be at least 1, not -1 (see README).\n") == (
        proc.returncode, proc.stderr)


def test_every_unreadable_number_is_named_at_once():
    with pytest.raises(ConfigError) as exc:
        Settings.from_env({"IMAP_PORT": "imap", "SMTP_PORT": "5x"})
    assert "IMAP_PORT must be a whole number, not 'imap'" in str(exc.value)
    assert "SMTP_PORT must be a whole number, not '5x'" in str(exc.value)


def test_an_unreachable_imap_server_is_named_with_its_port():
    port = free_port()
    proc = _email_once({**GOOD, "IMAP_PORT": str(port)})
    assert (1, f"Error: cannot reach the IMAP server 127.0.0.1:{port} (Connection refused).\n") == (
        proc.returncode, proc.stderr)


def test_an_unreachable_smtp_server_is_named_with_its_port():
    port = free_port()
    with pytest.raises(OSError) as exc:
        connect.open_smtp(Settings.from_env({**GOOD, "SMTP_PORT": str(port)}))
    assert f"cannot reach the SMTP server 127.0.0.1:{port} (Connection refused)" == str(exc.value)


def test_email_once_with_smtp_down_is_one_line():
    server = Dovecot().start()
    try:
        user = server.new_user()
        with MailBoxUnencrypted("127.0.0.1", server.port, timeout=10).login(user, PASSWORD) as mb:
            msg = EmailMessage()
            msg["From"], msg["To"], msg["Subject"] = "jane@clinic.test", user, "code"
            msg["Message-ID"] = "<down@clinic.test>"
            msg.set_content("what is 98981?")
            mb.append(msg.as_bytes(), "INBOX")
        port = free_port()
        proc = _email_once(server.env(user=user, SMTP_HOST="127.0.0.1", SMTP_PORT=str(port), SMTP_TLS="none",
                                      CODEBOT_EMAIL_ALLOWED_DOMAINS="clinic.test"))
    finally:
        server.stop()
    assert (1, f"Error: cannot reach the SMTP server 127.0.0.1:{port} (Connection refused).\n") == (
        proc.returncode, proc.stderr)
