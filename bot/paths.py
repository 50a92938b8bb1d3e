"""Where codebot finds its bundled knowledge and templates, and keeps its data."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


class DataDirError(OSError):
    """The data directory cannot be used (CODEBOT_HOME names a file, or the folder cannot be created)."""


@functools.lru_cache(maxsize=4)
def _bundled(name: str) -> Path:
    """Return the checkout's top-level folder, or the copy installed inside the package (looked up once)."""
    checkout = _PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    return _PACKAGE_DIR / name


def knowledge_dir() -> Path:
    """Return the knowledge folder (CODEBOT_KNOWLEDGE overrides the bundled one)."""
    override = os.environ.get("CODEBOT_KNOWLEDGE")
    return Path(override) if override else _bundled("knowledge")


def templates_dir() -> Path:
    """Return the jinja2 templates folder."""
    return _bundled("templates")


PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
OUR_FILES = ("state.db", "index.db")  # an existing directory holding these (or nothing) is ours to tighten


CODESETS_DB = "codesets.db"  # the official code sets' database in the data directory (bot.codesets)


def data_dir() -> Path:
    """Return the per-user data directory (CODEBOT_HOME overrides), created 0700 whatever the umask."""
    override = os.environ.get("CODEBOT_HOME")
    path = Path(override) if override else _app_dir()
    try:
        if not path.is_dir():
            path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
            os.chmod(path, PRIVATE_DIR)  # mkdir's mode is filtered through the umask
        elif path.stat().st_mode & 0o7077 and _ours(path):  # the mode first: one stat on every later call
            os.chmod(path, PRIVATE_DIR)  # made by an older codebot under umask 022
    except OSError as exc:
        raise _unusable(path, bool(override), exc) from exc
    return path


def _ours(path: Path) -> bool:
    """A directory we may tighten: owned by us and empty or holding codebot's files (never a shared /tmp)."""
    try:
        return path.stat().st_uid == os.getuid() and (
            any((path / name).exists() for name in OUR_FILES) or not any(path.iterdir()))
    except OSError:
        return False


def private_file(path: Path) -> Path:
    """Create `path` if missing, and make it 0600 before SQLite opens it (its -wal and -shm copy the mode)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)
    return path


def _unusable(path: Path, overridden: bool, exc: OSError) -> DataDirError:
    """One line saying why the data directory cannot be used and which setting to change."""
    named = f"CODEBOT_HOME is {path}" if overridden else f"the data folder {path} is"
    if isinstance(exc, FileExistsError) or path.is_file():
        return DataDirError(f"{named}, a file, not a folder; point {'it' if overridden else 'CODEBOT_HOME'} at a "
                            "folder (created if missing).")
    return DataDirError(f"{named} unusable ({exc.strerror or exc}); set CODEBOT_HOME to a folder you can write.")


def _app_dir() -> Path:
    """The per-user app directory, where click.get_app_dir("codebot") puts it (without importing click)."""
    if sys.platform.startswith("win"):
        return Path(os.environ.get("APPDATA", Path.home())) / "codebot"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "codebot"
    return Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "codebot"
