"""IMAP operations for one pass: list the batch with sizes and arrival times, fetch one message, file many at once."""

from __future__ import annotations

import imaplib
import re
import time
from dataclasses import dataclass
from typing import Any

PROCESSED, NEEDS_HUMAN = "Processed", "Needs human"
BATCH = 200  # messages listed per pass; a full pass is followed by the next one at once
_UID = re.compile(rb"UID (\d+)")
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")
_ARRIVED = re.compile(rb'INTERNALDATE "([^"]+)"')


@dataclass(frozen=True, slots=True)
class Listed:
    """One message in the watched folder: its UID, size in bytes and arrival time (INTERNALDATE)."""

    uid: str
    size: int
    arrived: float


@dataclass(frozen=True, slots=True)
class Filing:
    """A message to move at the end of the pass, and its ledger key."""

    uid: str
    key: str
    folder: str


def list_messages(mb: Any, batch: int = BATCH) -> list[Listed]:
    """Return up to `batch` messages of the selected folder, oldest first (two round trips)."""
    uids = mb.uids("ALL")[:batch]
    if not uids:
        return []
    typ, data = mb.client.uid("FETCH", ",".join(uids), "(UID RFC822.SIZE INTERNALDATE)")
    found: dict[str, Listed] = {}
    for item in data or []:
        line = (item[0] if isinstance(item, tuple) else item) or b""
        uid, size, arrived = _UID.search(line), _SIZE.search(line), _ARRIVED.search(line)
        if uid and size:
            key = uid.group(1).decode()
            found[key] = Listed(key, int(size.group(1)), _arrival(arrived.group(1) if arrived else b""))
    return [found[u] for u in uids if u in found]


def _arrival(internaldate: bytes) -> float:
    """INTERNALDATE as a Unix time (0.0 when missing or unreadable: treated as long ago)."""
    parsed = imaplib.Internaldate2tuple(b'INTERNALDATE "' + internaldate + b'"')
    return time.mktime(parsed) if parsed else 0.0


def fetch_raw(mb: Any, uid: str, headers_only: bool = False) -> bytes | None:
    """Return a message's bytes (or its header block) without setting \\Seen; None if it vanished."""
    part = "BODY.PEEK[HEADER]" if headers_only else "BODY.PEEK[]"
    typ, data = mb.client.uid("FETCH", uid, f"({part})")
    for item in data or []:
        if isinstance(item, tuple) and len(item) > 1:
            return item[1]
    return None


def file_all(mb: Any, filings: list[Filing]) -> dict[str, list[Filing]]:
    """Flag and move the pass's messages: one STORE and one MOVE per folder; return them by folder."""
    by_folder: dict[str, list[Filing]] = {}
    for filing in filings:
        by_folder.setdefault(filing.folder, []).append(filing)
    for folder, group in by_folder.items():
        uids = [f.uid for f in group]
        mb.flag(uids, ["\\Seen"] + (["\\Flagged"] if folder == NEEDS_HUMAN else []), True)
        mb.move(uids, folder)
    return by_folder
