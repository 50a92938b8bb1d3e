"""Scale: pad a temporary copy of the index to 100,000 synthetic codes (one alias each, 100 synthetic
families) and open it through the real open_index()/KnowledgeBase, so FTS5, aliases and the parser all
carry the extra rows."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import time
from pathlib import Path

from common import REPO

N_CODES = 100_000
N_FAMILIES = 100
PREFIXES = "KLMQUVWXYZ"  # letter + 4 digits: 10 x 10,000 codes, none a one-edit typo of a numeric code
WORDS = ("cardiac renal hepatic pulmonary neuro wound infusion dialysis oncology ostomy nutrition hearing vision "
         "dermal vascular ortho spine pediatric geriatric maternal sleep pain stroke diabetic thyroid lipid "
         "telemetry sensor patch pump catheter implant monitor screening counseling assessment review report "
         "consult evaluation coordination navigation education training supply rental service session visit "
         "program plan daily weekly monthly initial subsequent extended brief complex moderate minimal home "
         "clinic remote virtual digital mobile wearable portable automated manual clinical staff practitioner "
         "caregiver physician nurse therapist device management monitoring data minutes days period").split()


def synthetic_code(i: int) -> str:
    """The i-th synthetic code: a letter from PREFIXES and four digits."""
    return f"{PREFIXES[i // 10_000]}{i % 10_000:04d}"


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _code_rows(template: dict, rng: random.Random) -> tuple[list[tuple], list[tuple], list[tuple]]:
    codes, search, aliases = [], [], []
    for i in range(N_CODES):
        code, family = synthetic_code(i), f"SYN{i % N_FAMILIES:02d}"
        title = f"{_text(rng, 4)} {i}"
        summary = _text(rng, 18)
        alias = f"{_text(rng, 3)} {code.lower()}x"
        record = {**template, "code": code, "family": family, "title": title, "summary": summary,
                  "aliases": [alias], "links": [], "add_on_to": [], "replaced_by": [], "history": [],
                  "status": "active", "role": "management"}
        codes.append((code, record["system"], family, "management", title, summary, "active",
                      record["effective_year"], None, json.dumps(record)))
        search.append((code, family, title, summary, alias, f"Synthetic family {i % N_FAMILIES}"))
        aliases.append((alias, code, "code"))
    return codes, search, aliases


def _family_rows(template: dict) -> tuple[list[tuple], list[tuple]]:
    fams, aliases = [], []
    for f in range(N_FAMILIES):
        fid, name = f"SYN{f:02d}", f"Synthetic family {f}"
        fams.append((fid, name, json.dumps({**template, "id": fid, "name": name, "aliases": [name.lower()],
                                            "changes": []})))
        aliases.append((name.lower(), fid, "family"))
    return fams, aliases


def pad_index(path: Path, seed: int = 7) -> float:
    """Insert the synthetic rows into the index at `path` and rebuild its FTS table; return seconds taken."""
    t0 = time.perf_counter()
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    code_template = json.loads(db.execute("select record from codes where record like '%\"basis\": \"minutes\"%' "
                                          "limit 1").fetchone()[0])
    family_template = json.loads(db.execute("select record from families limit 1").fetchone()[0])
    codes, search, aliases = _code_rows(code_template, rng)
    fams, fam_aliases = _family_rows(family_template)
    db.executemany("insert into codes (code, system, family, role, title, summary, status, effective_year, "
                   "ended_year, record) values (?,?,?,?,?,?,?,?,?,?)", codes)
    db.executemany("insert into search (code, family, title, summary, aliases, family_name) values (?,?,?,?,?,?)",
                   search)
    db.executemany("insert into aliases (alias, target, kind) values (?,?,?)", aliases + fam_aliases)
    db.executemany("insert into families (id, name, record) values (?,?,?)", fams)
    db.execute("insert into search_fts(search_fts) values ('rebuild')")
    from bot.kb.seal import seal

    seal(db)  # re-seal the padded rows, or open_index would (rightly) call the index damaged and rebuild it
    db.commit()
    db.execute("vacuum")
    db.close()
    return time.perf_counter() - t0


def padded_kb(tmp: Path):
    """Copy knowledge/ into tmp, build its index with open_index(), pad it, and reopen it; return (kb, figures)."""
    from bot.kb import index_path, open_index

    knowledge, home = tmp / "knowledge", tmp / "home"
    shutil.copytree(REPO / "knowledge", knowledge)
    home.mkdir()
    open_index(home=home, knowledge=knowledge)
    pad_seconds = pad_index(index_path(home))
    t0 = time.perf_counter()
    kb = open_index(home=home, knowledge=knowledge)  # same knowledge hash: opens the padded index as is
    load_seconds = time.perf_counter() - t0
    return kb, {"codes": len(kb.codes), "aliases": len(kb.aliases), "families": len(kb.families),
                "pad_s": pad_seconds, "open_s": load_seconds, "index_bytes": index_path(home).stat().st_size}

