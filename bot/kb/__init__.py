"""kb: the curated knowledge index (load, check, build, store, descriptors): open it, rebuilding it first when knowledge/ has changed; imports paths and answer, never the engine, a channel, a command, render or state."""

from __future__ import annotations

import gc
import json
import sqlite3
from pathlib import Path

from bot import paths
from bot.kb.store import KnowledgeBase
from bot.kb.version import knowledge_hash


INDEX_NAME = "index.db"
DESCRIPTORS_NAME = "descriptors.json"


class IndexCorrupt(Exception):
    """The index file exists but cannot be read."""


def index_path(home: Path | None = None) -> Path:
    """Return where the index lives."""
    return (home or paths.data_dir()) / INDEX_NAME


def load_descriptors(home: Path) -> dict[str, str]:
    """Return the licensed CPT descriptors a practice imported into its data directory."""
    path = home / DESCRIPTORS_NAME
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _stored_hash(path: Path) -> str | None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("select value from meta where key = 'hash'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def rebuild(home: Path | None = None, knowledge: Path | None = None) -> dict:
    """Build the index from scratch and return its meta."""
    from bot.kb.build import build_index  # sqlite-utils only when building

    home = home or paths.data_dir()
    root = knowledge or paths.knowledge_dir()
    if index_path(home).is_dir():
        raise IndexCorrupt(f"{index_path(home)} is a folder, not the index file; move it away and run `codebot index`.")
    digest = knowledge_hash(root, [home / DESCRIPTORS_NAME])
    return build_index(root, index_path(home), digest, load_descriptors(home))


def open_index(home: Path | None = None, knowledge: Path | None = None) -> KnowledgeBase:
    """Open the index, rebuilding it when the knowledge (or imported descriptors) changed."""
    home = home or paths.data_dir()
    root = knowledge or paths.knowledge_dir()
    path = index_path(home)
    if _stored_hash(path) != knowledge_hash(root, [home / DESCRIPTORS_NAME]):
        rebuild(home, root)

    def repair() -> None:
        rebuild(home, root)

    try:
        kb = KnowledgeBase(path, repair)
    except (sqlite3.Error, KeyError, ValueError) as exc:
        _warn("knowledge index damaged (%s); rebuilding it", " ".join(str(exc).split())[:200])
        rebuild(home, root)
        try:
            kb = KnowledgeBase(path, repair)
        except (sqlite3.Error, KeyError, ValueError) as again:
            raise IndexCorrupt(f"{path}: {again}; run `codebot index` to rebuild it") from again
    gc.freeze()  # the knowledge lives as long as the process: keep it out of every later collection
    return kb


def _warn(message: str, *args: object) -> None:
    import logging  # only on the rare damaged index: logging stays off the cold ask path

    logging.getLogger(__name__).warning(message, *args)
