"""The plain-word meanings of the CMS files' indicators and the words that ask for them (knowledge/cms_files.yaml),
read without the CMS answer types or the code-set package, so a cold `codebot ask` about a code stays light."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

from bot import paths


@functools.lru_cache(maxsize=4)
def _load(path: str) -> dict:
    # Importing PyYAML is most of a cold `codebot ask` about a code, so the parsed file is kept as JSON in the data
    # directory, named by the file's size and modification time (an edited file is parsed afresh).
    stat = os.stat(path)
    copy = paths.data_dir() / "parsed" / f"{os.path.basename(path)}.{stat.st_size}.{stat.st_mtime_ns}.json"
    try:
        return json.loads(copy.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    import yaml

    with open(path, encoding="utf-8") as stream:
        data = yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    _keep(copy, json.dumps(data))
    return data


def _keep(copy: Path, text: str) -> None:
    """Write the JSON copy atomically; a data directory that cannot be written only costs the speed-up."""
    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
        spare = copy.with_suffix(f".{os.getpid()}.tmp")
        spare.write_text(text, encoding="utf-8")
        os.replace(spare, copy)
    except OSError:
        pass


def meanings() -> dict:
    """The plain-word meanings of the CMS files' indicators (knowledge/cms_files.yaml), read once."""
    return _load(str(paths.knowledge_dir() / "cms_files.yaml"))
