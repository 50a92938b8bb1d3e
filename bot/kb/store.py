"""KnowledgeBase: the compiled index, read into memory once, plus FTS5 search on demand."""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from bot.kb.seal import SealedReader
from bot.kb.records import (
    Code, Contested, Family, Link, Modifier, PairRule, Place, Rule, Source, Track, record_from_dict,
)


_FTS_TOKEN = re.compile(r"[a-z0-9]+")


class IndexDamaged(ValueError):
    """The index's rows no longer match the seal written when it was built."""


class KnowledgeBase:
    """Read-only access to codes, families, tracks, links, pair rules and sources."""

    def __init__(self, path: Path, repair: Callable[[], None] | None = None) -> None:
        self.path = path
        self.repair = repair  # rebuilds the file in place when a read at answer time finds it damaged
        self._local = threading.local()
        self._generation = 0  # bumped by each repair: every thread then reopens its connection
        self._repair_lock = threading.Lock()
        read = SealedReader(self._conn())
        self.meta_row = dict(read.rows("meta"))
        self.meta: dict = json.loads(self.meta_row["meta"])
        self.vocabulary: dict = json.loads(self.meta_row["vocabulary"])
        self.left_out: dict[str, str] = json.loads(self.meta_row.get("left_out", "{}"))
        self.left_out_unpaid: dict[str, str] = json.loads(self.meta_row.get("left_out_unpaid", "{}"))  # code: source
        self.dx_words: dict = json.loads(self.meta_row.get("dx_words", "{}"))  # diagnosis words (dx_synonyms.yaml)
        self.codes: dict[str, Code] = {r[0]: record_from_dict(Code, json.loads(r[1])) for r in read.rows("codes")}
        self.families: dict[str, Family] = {r[0]: record_from_dict(Family, json.loads(r[1]))
                                            for r in read.rows("families")}
        self.tracks: list[Track] = [record_from_dict(Track, json.loads(r[0])) for r in read.rows("tracks")]
        self.pairs: list[PairRule] = [record_from_dict(PairRule, json.loads(r[0])) for r in read.rows("pairs")]
        self.contested: dict[str, Contested] = {r[0]: record_from_dict(Contested, json.loads(r[1]))
                                                for r in read.rows("contested")}
        sources = read.rows("sources")
        self.sources: dict[str, Source] = {s.id: s for s in (Source(**dict(zip(read.columns["sources"], r)))
                                                             for r in sources)}
        self.aliases: dict[str, tuple[str, str]] = {a: (kind, target) for a, target, kind in read.rows("aliases")}
        self.descriptors: dict[str, str] = dict(read.rows("descriptors"))
        self.modifiers: dict[str, Modifier] = {r[0]: record_from_dict(Modifier, json.loads(r[1]))
                                               for r in read.rows("modifiers")}
        self.places: dict[str, Place] = {r[0]: record_from_dict(Place, json.loads(r[1])) for r in read.rows("places")}
        if read.stored() != read.content_hash():
            raise IndexDamaged(f"{path}: the stored rows do not match the index's content hash")
        self.cache: dict[str, object] = {}  # lookups derived on first use by the matchers (title keys, word sets)
        self._index_relations()

    def _conn(self) -> sqlite3.Connection:
        conn, generation = getattr(self._local, "conn", None), getattr(self._local, "generation", -1)
        if conn is None or generation != self._generation:
            if conn is not None:
                conn.close()
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            self._local.conn, self._local.generation = conn, self._generation
        return conn

    def _read(self, sql: str, params: list) -> list[tuple]:
        """Run a query; a damaged file is rebuilt once (by `repair`) and the query run again."""
        seen = self._generation
        try:
            return list(self._conn().execute(sql, params))
        except sqlite3.OperationalError as exc:
            if getattr(exc, "sqlite_errorname", "") == "SQLITE_ERROR":
                raise  # a query the FTS syntax refuses, not damage
            damage = exc
        except sqlite3.DatabaseError as exc:
            damage = exc
        if self.repair is None:
            raise damage
        with self._repair_lock:
            if seen == self._generation:  # another thread may have repaired it meanwhile
                _warn("knowledge index damaged (%s); rebuilding it", damage)
                self.repair()
                self._generation += 1
        return list(self._conn().execute(sql, params))

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

    def family_of(self, subject: str) -> str:
        """Return the family of a code, or the subject itself when it is a family id."""
        return self.codes[subject].family if subject in self.codes else subject

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
                rows = [(c, -s) for c, s in self._read(sql, params)]
            except sqlite3.OperationalError:
                rows = []
            if rows:
                return rows
        return []

    def source_list(self, ids: list[str]) -> list[Source]:
        """Return the sources for ids, deduplicated, in first-seen order."""
        return [self.sources[i] for i in dict.fromkeys(ids) if i in self.sources]


def _warn(message: str, *args: object) -> None:
    import logging  # only on the rare damaged index: logging stays off the cold ask path

    logging.getLogger(__name__).warning(message, *args)
