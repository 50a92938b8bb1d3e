"""The knowledge content hash that decides when the index must be rebuilt (no heavy imports: on the ask path)."""

from __future__ import annotations

import hashlib
from pathlib import Path

# Bump when the index layout changes, so existing indexes are rebuilt.
SCHEMA_VERSION = "7"


def knowledge_hash(root: Path, extra: list[Path] | None = None) -> str:
    """Hash the sorted paths and bytes of knowledge/**/*.yaml (and extra files) with the schema version."""
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for path in sorted(root.rglob("*.yaml")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    for path in extra or []:
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
