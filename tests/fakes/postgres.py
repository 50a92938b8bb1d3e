"""A real PostgreSQL for tests and the bench: Debian's server binaries, a fresh cluster in a temporary folder on
127.0.0.1 and a free port (initdb + pg_ctl), one new database per test."""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

START_TIMEOUT = 30
SUPERUSER = "codebot"


class PostgresMissing(RuntimeError):
    """PostgreSQL's server binaries are not installed: `apt-get install -y postgresql` (CI does this)."""


def bindir() -> Path:
    """The folder holding initdb and pg_ctl (newest Debian version first), or raise PostgresMissing."""
    candidates = [os.environ.get("CODEBOT_PG_BIN", "")] + sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    on_path = shutil.which("initdb")
    candidates.append(str(Path(on_path).parent) if on_path else "")
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    raise PostgresMissing("PostgreSQL is not installed: apt-get install -y postgresql")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _os_user() -> str | None:
    """initdb refuses to run as root: root runs the server as the package's `postgres` user."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError as exc:
        raise PostgresMissing("running as root needs the `postgres` user (apt-get install -y postgresql)") from exc
    return "postgres"


class Postgres:
    """start() a private cluster; url(name) for a database; new_database() for a fresh one; stop() removes it all."""

    def __init__(self) -> None:
        self.bin = bindir()
        self.user = _os_user()
        self.root = Path(tempfile.mkdtemp(prefix="codebot-pg-"))
        self.port = 0
        self._names = itertools.count(1)

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=START_TIMEOUT, cwd=self.root,
                              stdin=subprocess.DEVNULL)

    def start(self) -> Postgres:
        """initdb a cluster (trust on 127.0.0.1 only) and start it; raise RuntimeError with the log if it fails."""
        if self.user:
            shutil.chown(self.root, self.user)
        data = self.root / "data"
        done = self._run("initdb", "-D", str(data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-sync",
                         "--locale=C")
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr[-2000:]}")
        self.port = _free_port()
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        done = self._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self.root / "server.log"), "-w",
                         "-t", str(START_TIMEOUT), "start")
        if done.returncode:
            log = (self.root / "server.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"pg_ctl start failed: {done.stderr[-1000:]} {log}")
        return self

    def url(self, database: str = "postgres") -> str:
        """A postgresql:// URL for `database` on this server."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """Create an empty database and return its URL."""
        import psycopg

        name = f"t{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'create database "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server at once and remove its folder."""
        if (self.root / "data" / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
