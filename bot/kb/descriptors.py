"""Licensed CPT descriptors: a practice with an AMA licence imports its own file; the repo never ships any.

The file is read by bot.codesets.cpt_text (also a format of `codebot import`); this module keeps the copy the
curated index merges into its answers."""

from __future__ import annotations

import json
import os
from pathlib import Path

from bot.codesets.cpt_text import DescriptorFileError, ImportReport, parse_descriptor_file  # noqa: F401  (re-exported)
from bot.kb import DESCRIPTORS_NAME


def save_descriptors(home: Path, new: dict[str, str]) -> int:
    """Merge `new` into the data directory's descriptor file atomically; return how many are stored."""
    path = home / DESCRIPTORS_NAME
    merged = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    merged.update(new)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(merged, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    return len(merged)
