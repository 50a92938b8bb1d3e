"""Real local mail servers for tests and the bench: Debian's Dovecot (IMAP) and an aiosmtpd sink (SMTP)."""

from __future__ import annotations

import email
import email.policy
import getpass
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

USER = "bot@example.test"
PASSWORD = "botpass"
START_TIMEOUT = 10.0
SPARE_USERS = 300  # logins created at start, one per test that wants an empty mailbox


class DovecotMissing(RuntimeError):
    """dovecot is not installed: `apt-get install -y dovecot-imapd` (CI does this)."""


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1 (aiosmtpd cannot bind port 0 itself, aiosmtpd#276)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dovecot_version() -> tuple[int, int]:
    """Return dovecot's (major, minor) version, or raise DovecotMissing."""
    exe = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)
    if exe is None:
        raise DovecotMissing("dovecot is not installed: apt-get install -y dovecot-imapd")
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=10).stdout
    major, minor = out.split(".")[:2]
    return int(major), int(minor)


def _users() -> tuple[str, str, str]:
    """Return (internal user, login user, mail owner): root runs the package's users, others run as themselves."""
    if os.geteuid() == 0:
        return "dovecot", "dovenull", "dovecot"
    me = getpass.getuser()
    return me, me, me


def _config_23(tmp: Path, port: int, internal: str, login: str, owner: str) -> str:
    return f"""protocols = imap
listen = 127.0.0.1
base_dir = {tmp}/run
state_dir = {tmp}/run/state
log_path = {tmp}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {internal}
default_internal_group = {internal}
default_login_user = {login}
mail_location = maildir:{tmp}/mail/%u/Maildir
mail_fsync = never
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {tmp}/passwd
}}
userdb {{
  driver = static
  args = uid={owner} gid={owner} home={tmp}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"""


def _config_24(tmp: Path, port: int, internal: str, login: str, owner: str) -> str:
    # Dovecot 2.4 changed the syntax (doc.dovecot.org/2.4.0/installation/upgrade/2.3-to-2.4.html).
    return f"""dovecot_config_version = 2.4.0
dovecot_storage_version = 2.4.0
protocols = imap
listen = 127.0.0.1
base_dir = {tmp}/run
state_dir = {tmp}/run/state
log_path = {tmp}/dovecot.log
ssl = no
auth_allow_cleartext = yes
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {internal}
default_internal_group = {internal}
default_login_user = {login}
mail_driver = maildir
mail_path = {tmp}/mail/%{{user}}/Maildir
mail_fsync = never
first_valid_uid = 1
passdb passwd-file {{
  passwd_file_path = {tmp}/passwd
  default_password_scheme = PLAIN
}}
userdb static {{
  fields {{
    uid = {owner}
    gid = {owner}
    home = {tmp}/mail/%{{user}}
  }}
}}
service imap-login {{
  inet_listener imap {{
    listen = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"""


def _alive(pid: int) -> bool:
    """Return True while `pid` runs (a zombie left for init to reap counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except (OSError, IndexError):
        return False


class Dovecot:
    """A private Dovecot on 127.0.0.1:<free port> with a temp Maildir and one passwd-file user."""

    def __init__(self) -> None:
        self.version = dovecot_version()
        self.tmp = Path(tempfile.mkdtemp(prefix="codebot-dovecot-"))
        self.port = free_port()
        self.conf = self.tmp / "dovecot.conf"
        self._next_user = 0

    def start(self) -> Dovecot:
        """Write the config, start the daemon and wait until it accepts connections."""
        internal, login, owner = _users()
        (self.tmp / "run").mkdir()
        (self.tmp / "mail").mkdir()
        # Every login exists from the start: passwd-file reloads on mtime, too coarse for users added mid-test.
        logins = [USER] + [f"user{i}@example.test" for i in range(1, SPARE_USERS + 1)]
        (self.tmp / "passwd").write_text("".join(f"{u}:{{PLAIN}}{PASSWORD}\n" for u in logins))
        writer = _config_24 if self.version >= (2, 4) else _config_23
        self.conf.write_text(writer(self.tmp, self.port, internal, login, owner))
        if os.geteuid() == 0:
            uid = pwd.getpwnam(owner).pw_uid
            gid = pwd.getpwnam(owner).pw_gid
            os.chmod(self.tmp, 0o755)
            os.chown(self.tmp / "mail", uid, gid)
        # The daemon forks and keeps inherited pipes open, so its output goes to a file, not a pipe.
        with open(self.tmp / "start.log", "wb") as out:
            subprocess.run(["dovecot", "-c", str(self.conf)], check=True, timeout=20, stdout=out, stderr=out,
                           stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"dovecot did not start; log: {self.log()}")

    def log(self) -> str:
        """Return dovecot's log file."""
        path = self.tmp / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        """Stop the daemon started by start() (SIGTERM to its master pid) and remove its files."""
        pid_file = self.tmp / "run" / "master.pid"
        try:
            pid = int(pid_file.read_text().strip())
            os.kill(pid, signal.SIGTERM)
        except (OSError, ValueError):
            pid = 0
        deadline = time.monotonic() + START_TIMEOUT
        while pid and time.monotonic() < deadline and _alive(pid):
            time.sleep(0.05)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def new_user(self) -> str:
        """Return a login not handed out before: its own, empty Maildir."""
        self._next_user += 1
        if self._next_user > SPARE_USERS:
            raise RuntimeError(f"more than {SPARE_USERS} users asked for; raise SPARE_USERS")
        return f"user{self._next_user}@example.test"

    def env(self, user: str = USER, **extra: str) -> dict[str, str]:
        """Return codebot settings (as environment variables) for `user` on this server."""
        values = {"IMAP_HOST": "127.0.0.1", "IMAP_PORT": str(self.port), "IMAP_USER": user,
                  "IMAP_PASSWORD": PASSWORD, "IMAP_TLS": "none", "CODEBOT_EMAIL_ADDRESS": user}
        values.update(extra)
        return values


@dataclass
class Received:
    """One message the SMTP sink accepted."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    login: str | None = None

    @property
    def msg(self) -> EmailMessage:
        """Return the message parsed with the modern policy."""
        return email.message_from_bytes(self.raw, policy=email.policy.default)  # type: ignore[return-value]


@dataclass
class SmtpSink:
    """An aiosmtpd server on 127.0.0.1 that records every message; logins need SMTP_USER/SMTP_PASSWORD."""

    user: str = USER
    password: str = PASSWORD
    received: list[Received] = field(default_factory=list)
    port: int = 0

    def start(self) -> SmtpSink:
        """Start the server thread."""
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        sink = self

        def authenticate(server, session, envelope, mechanism, auth_data):  # noqa: ANN001
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == sink.user \
                and auth_data.password.decode() == sink.password
            return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, N802
                auth = session.auth_data
                login = auth.login.decode() if isinstance(auth, LoginPassword) else None
                sink.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content, login))
                return "250 OK"

        self.port = free_port()
        self._lock = threading.Lock()
        self._ctl = Controller(Handler(), hostname="127.0.0.1", port=self.port, authenticator=authenticate,
                               auth_require_tls=False, data_size_limit=50_000_000, ready_timeout=10)
        self._ctl.start()
        return self

    def stop(self) -> None:
        """Stop the server thread."""
        self._ctl.stop()

    def env(self) -> dict[str, str]:
        """Return codebot's SMTP settings for this sink."""
        return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(self.port), "SMTP_TLS": "none",
                "SMTP_USER": self.user, "SMTP_PASSWORD": self.password}

    def to(self, address: str) -> list[Received]:
        """Return the messages sent to `address`."""
        return [r for r in self.received if address in r.rcpt_tos]
