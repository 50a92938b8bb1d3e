"""Where codebot finds its bundled knowledge and templates, and keeps its data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    """Return the checkout's top-level folder, or the copy installed inside the package."""
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


def data_dir() -> Path:
    """Return the per-user data directory (CODEBOT_HOME overrides), creating it if needed."""
    override = os.environ.get("CODEBOT_HOME")
    path = Path(override) if override else _app_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _app_dir() -> Path:
    """The per-user app directory, where click.get_app_dir("codebot") puts it (without importing click)."""
    if sys.platform.startswith("win"):
        return Path(os.environ.get("APPDATA", Path.home())) / "codebot"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "codebot"
    return Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "codebot"
