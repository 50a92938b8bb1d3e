"""Compile knowledge/ into the disposable SQLite index, atomically, with sqlite-utils."""

from __future__ import annotations

import dataclasses
import json
import os
import time
from pathlib import Path

import sqlite_utils

from bot import paths
from bot.kb.load import Knowledge, load_knowledge
from bot.kb.seal import seal
from bot.kb.version import SCHEMA_VERSION

def _json(record: object) -> str:
    return json.dumps(dataclasses.asdict(record), sort_keys=True)


def _insert_codes(db: sqlite_utils.Database, kn: Knowledge) -> None:
    db["codes"].insert_all(
        ({"code": c.code, "system": c.system, "family": c.family, "role": c.role, "title": c.title,
          "summary": c.summary, "status": c.status, "effective_year": c.effective_year, "ended_year": c.ended_year,
          "record": _json(c)} for c in kn.codes.values()), pk="code")
    db["rules"].insert_all(
        ({"code": c.code, **{k: v for k, v in dataclasses.asdict(c.rule).items()}} for c in kn.codes.values()), pk="code")
    db["links"].create({"code": str, "target": str, "kind": str, "period": str, "note": str, "source": str,
                        "contested": str, "not_when": str})
    db["links"].insert_all(dataclasses.asdict(link) for c in kn.codes.values() for link in c.links)
    aliases = [{"alias": a.lower(), "target": c.code, "kind": "code"} for c in kn.codes.values() for a in c.aliases]
    aliases += [{"alias": a.lower(), "target": f.id, "kind": "family"} for f in kn.families.values() for a in f.aliases]
    db["aliases"].create({"alias": str, "target": str, "kind": str})
    db["aliases"].insert_all(aliases)


def _insert_search(db: sqlite_utils.Database, kn: Knowledge) -> None:
    rows = ({"code": c.code, "family": c.family, "title": c.title, "summary": c.summary,
             "aliases": " ; ".join(c.aliases), "family_name": kn.families[c.family].name if c.family in kn.families else ""}
            for c in kn.codes.values())
    db["search"].insert_all(rows, pk="code")
    db["search"].enable_fts(["title", "summary", "aliases", "family_name"], fts_version="FTS5",
                            tokenize="porter", create_triggers=False)


def _insert_rest(db: sqlite_utils.Database, kn: Knowledge) -> None:
    db["sources"].insert_all((dataclasses.asdict(s) for s in kn.sources.values()), pk="id")
    db["families"].insert_all(({"id": f.id, "name": f.name, "record": _json(f)} for f in kn.families.values()), pk="id")
    db["tracks"].insert_all(({"id": t.id, "family": t.family, "record": _json(t)} for t in kn.tracks), pk="id")
    db["pairs"].create({"id": str, "left": str, "right": str, "allowed": bool, "record": str}, pk="id")
    db["pairs"].insert_all(({"id": p.id, "left": p.left, "right": p.right, "allowed": p.allowed, "record": _json(p)}
                            for p in kn.pairs), pk="id")
    db["contested"].create({"id": str, "topic": str, "record": str}, pk="id")
    db["contested"].insert_all(({"id": c.id, "topic": c.topic, "record": _json(c)} for c in kn.contested.values()),
                               pk="id")
    for table, records in (("modifiers", kn.modifiers), ("places", kn.places)):
        db[table].create({"code": str, "title": str, "record": str}, pk="code")
        db[table].insert_all(({"code": r.code, "title": r.title, "record": _json(r)} for r in records.values()), pk="code")


def _insert_descriptors(db: sqlite_utils.Database, descriptors: dict[str, str]) -> None:
    db["descriptors"].create({"code": str, "descriptor": str}, pk="code")
    db["descriptors"].insert_all({"code": k, "descriptor": v} for k, v in descriptors.items())


def build_index(root: Path, target: Path, digest: str, descriptors: dict[str, str] | None = None) -> dict:
    """Build the index for `root` into `target` atomically; return the meta it records."""
    started = time.perf_counter()
    kn = load_knowledge(root)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite_utils.Database(paths.private_file(tmp))
    # A private scratch file renamed into place when complete: a crash leaves only the scratch file, and a
    # damaged index fails its seal and is rebuilt, so the many small commits need no journal file and no fsync.
    db.conn.execute("pragma journal_mode = memory")
    db.conn.execute("pragma synchronous = off")
    _insert_codes(db, kn)
    _insert_search(db, kn)
    _insert_rest(db, kn)
    _insert_descriptors(db, descriptors or {})
    meta = {"hash": digest, "version": str(kn.meta.get("version", "0")), "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "build_seconds": f"{time.perf_counter() - started:.3f}", "schema": SCHEMA_VERSION,
            "meta": json.dumps(kn.meta), "vocabulary": json.dumps(kn.vocabulary), "left_out": json.dumps(kn.left_out),
            "left_out_unpaid": json.dumps(kn.left_out_unpaid), "dx_words": json.dumps(kn.dx_words),
            "problems": str(len(kn.problems))}
    db["meta"].insert_all(({"key": k, "value": v} for k, v in meta.items()), pk="key")
    seal(db.conn)
    db.conn.commit()
    db.close()
    os.replace(tmp, target)
    return meta
