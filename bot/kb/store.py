"""KnowledgeBase: the compiled index, read into memory once, plus FTS5 search on demand."""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
import threading
from collections import defaultdict
from pathlib import Path

from bot.kb.records import (
    Code, Contested, Family, Link, Modifier, PairRule, Place, Rule, Source, Track, record_from_dict,
)

_FTS_TOKEN = re.compile(r"[a-z0-9]+")


class KnowledgeBase:
    """Read-only access to codes, families, tracks, links, pair rules and sources."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        db = self._conn()
        self.meta_row = dict(db.execute("select key, value from meta").fetchall())
        self.meta: dict = json.loads(self.meta_row["meta"])
        self.vocabulary: dict = json.loads(self.meta_row["vocabulary"])
        self.left_out: dict[str, str] = json.loads(self.meta_row.get("left_out", "{}"))
        self.dx_words: dict = json.loads(self.meta_row.get("dx_words", "{}"))  # diagnosis words (dx_synonyms.yaml)
        self.codes: dict[str, Code] = {r[0]: record_from_dict(Code, json.loads(r[1]))
                                       for r in db.execute("select code, record from codes")}
        self.families: dict[str, Family] = {r[0]: record_from_dict(Family, json.loads(r[1]))
                                            for r in db.execute("select id, record from families")}
        self.tracks: list[Track] = [record_from_dict(Track, json.loads(r[0]))
                                    for r in db.execute("select record from tracks order by rowid")]
        self.pairs: list[PairRule] = [record_from_dict(PairRule, json.loads(r[0]))
                                      for r in db.execute("select record from pairs order by rowid")]
        self.contested: dict[str, Contested] = {r[0]: record_from_dict(Contested, json.loads(r[1]))
                                                for r in db.execute("select id, record from contested")}
        self.sources: dict[str, Source] = {r["id"]: Source(**r) for r in _dicts(db, "select * from sources")}
        self.aliases: dict[str, tuple[str, str]] = {a: (kind, target)
                                                    for a, target, kind in db.execute("select alias, target, kind from aliases")}
        self.descriptors: dict[str, str] = dict(db.execute("select code, descriptor from descriptors").fetchall())
        self.modifiers: dict[str, Modifier] = {r[0]: record_from_dict(Modifier, json.loads(r[1]))
                                               for r in db.execute("select code, record from modifiers")}
        self.places: dict[str, Place] = {r[0]: record_from_dict(Place, json.loads(r[1]))
                                         for r in db.execute("select code, record from places")}
        self.cache: dict[str, object] = {}  # lookups derived on first use by the matchers (title keys, word sets)
        self._index_relations()

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            self._local.conn = conn
        return conn

    def _index_relations(self) -> None:
        self.track_by_code: dict[str, Track] = {c: t for t in self.tracks for c in t.codes}
        self.tracks_by_family: dict[str, list[Track]] = defaultdict(list)
        for track in self.tracks:
            self.tracks_by_family[track.family].append(track)
        self.codes_by_family: dict[str, list[Code]] = defaultdict(list)
        self.add_ons: dict[str, list[str]] = defaultdict(list)
        self.replaces: dict[str, list[str]] = defaultdict(list)
        self.links_to: dict[str, list[Link]] = defaultdict(list)
        for code in self.codes.values():
            self.codes_by_family[code.family].append(code)
            for base in code.add_on_to:
                self.add_ons[base].append(code.code)
            for new in code.replaced_by:
                self.replaces[new].append(code.code)
            for link in code.links:
                self.links_to[link.target].append(link)

    @property
    def version(self) -> str:
        """Return "VERSION @ HASH8", the knowledge build that answers."""
        return f"{self.meta_row['version']} @ {self.meta_row['hash'][:8]}"

    @property
    def default_year(self) -> int:
        """Return the year whose rules answer when the question names none."""
        return int(self.meta.get("default_year", 2026))

    def get(self, code: str) -> Code | None:
        """Return the code record, or None."""
        return self.codes.get(code.upper())

    def exists_in(self, code: Code, year: int) -> bool:
        """Return whether the code could be billed in `year` (a deleted code only up to its last year)."""
        if code.status != "active" and code.ended_year is None:
            return False
        return code.effective_year <= year and (code.ended_year is None or year <= code.ended_year)

    def rule_for(self, code: Code, year: int) -> Rule:
        """Return the code's rule as it applied in `year` (history entries override the current rule)."""
        for entry in code.history:
            if entry.start <= year <= entry.end:
                return dataclasses.replace(code.rule, **entry.rule)
        return code.rule

    def family_codes(self, family: str) -> list[Code]:
        """Return a family's codes in track order (each once), then any others."""
        ordered = list(dict.fromkeys(c for t in self.tracks_by_family.get(family, []) for c in t.codes))
        rest = sorted(c.code for c in self.codes_by_family.get(family, []) if c.code not in ordered)
        return [self.codes[c] for c in ordered + rest if c in self.codes]

    def family_tracks(self, family: str) -> list[Track]:
        """Return a family's tracks in file order."""
        return self.tracks_by_family.get(family, [])

    def links_of(self, code: str) -> list[Link]:
        """Return the code's own links and the not_with links other codes point at it."""
        own = list(self.codes[code].links) if code in self.codes else []
        seen = {(l.target, l.kind) for l in own}
        inverse = [dataclasses.replace(l, code=code, target=l.code) for l in self.links_to.get(code, [])
                   if l.kind in ("not_with", "with") and (l.code, l.kind) not in seen]
        return own + inverse

    def modifiers_for(self, code: str) -> list[tuple[Modifier, str]]:
        """Return (modifier, when) for every modifier whose uses name the code or its family (and its role)."""
        c = self.codes.get(code)
        family, role = (c.family, c.role) if c else (code, None)
        out = []
        for mod in self.modifiers.values():
            use = next((u for u in mod.uses if u.target == code or (u.target == family and (not u.roles or role in u.roles))), None)
            if use is not None:
                out.append((mod, use.when))
        return out

    def period_label(self, period: str | None) -> str:
        """Return the human name of a period id."""
        return self.meta.get("periods", {}).get(period or "", period or "")

    def search_fts(self, words: list[str], family: str | None = None, limit: int = 10) -> list[tuple[str, float]]:
        """Return (code, bm25 score) for codes matching any of `words`; better first."""
        tokens = [t for w in words for t in _FTS_TOKEN.findall(w.lower())]
        if not tokens:
            return []
        quoted = [f'"{t}"' for t in dict.fromkeys(tokens)]
        sql = ("select search.code, bm25(search_fts) as score from search_fts join search on search.rowid = search_fts.rowid "
               "where search_fts match ? " + ("and search.family = ? " if family else "") + "order by score limit ?")
        # All words first (selective and fast on a large index), then any word.
        for query in (" AND ".join(quoted), " OR ".join(quoted)):
            params = [query, family, limit] if family else [query, limit]
            try:
                rows = [(c, -s) for c, s in self._conn().execute(sql, params)]
            except sqlite3.OperationalError:
                rows = []
            if rows:
                return rows
        return []

    def source_list(self, ids: list[str]) -> list[Source]:
        """Return the sources for ids, deduplicated, in first-seen order."""
        return [self.sources[i] for i in dict.fromkeys(ids) if i in self.sources]


def _dicts(db: sqlite3.Connection, sql: str) -> list[dict]:
    cur = db.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur]
