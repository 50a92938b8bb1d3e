"""IcdReader: read-only queries on the ICD-10-CM tables of the code-set database (the ask path's only reader)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.codesets.icd_tables import ICD10CM, ICD10CM_INDEX
from bot.codesets.load import Release
from bot.codesets.reader import CodeSetReader

_CODE_COLS = "code, dotted, parent, section, kind, billable, descriptor, short"


@dataclass(frozen=True, slots=True)
class IcdCode:
    """One ICD-10-CM code as stored."""

    code: str
    dotted: str
    parent: str
    section: str
    kind: str
    billable: int
    descriptor: str
    short: str


@dataclass(frozen=True, slots=True)
class IcdNote:
    """One instructional note, with the code or group it sits on."""

    owner: str
    kind: str
    text: str


CACHED = 4096  # chains and notes kept per reader (a release's rows never change once loaded)


class IcdReader(CodeSetReader):
    """ICD-10-CM queries by release id."""

    def _cached(self, key: tuple, compute):
        """Return a cached result of an immutable query (a loaded release is never changed in place)."""
        cache = self.__dict__.setdefault("_cache", {})
        if key not in cache:
            if len(cache) >= CACHED:
                cache.clear()
            cache[key] = compute()
        return cache[key]

    def releases(self) -> list[Release]:
        """Return the ICD-10-CM tabular releases, oldest first."""
        return self.releases_of(ICD10CM)

    def release(self, on: date) -> Release | None:
        """Return the tabular release in force on a date (a release id reloaded with new content drops the cache)."""
        rel = self.release_of(ICD10CM, on)
        if rel is not None:
            seen = self.__dict__.setdefault("_loaded", {})
            if seen.get(rel.id, (rel.content_hash, rel.loaded_at)) != (rel.content_hash, rel.loaded_at):
                self.__dict__.get("_cache", {}).clear()
            seen[rel.id] = (rel.content_hash, rel.loaded_at)
        return rel

    def index_release(self, fiscal_year: int | None) -> Release | None:
        """Return the alphabetic index release of a fiscal year, if one was imported."""
        found = [r for r in self.releases_of(ICD10CM_INDEX) if r.fiscal_year == fiscal_year]
        return found[-1] if found else None

    def code(self, rel: int, code: str) -> IcdCode | None:
        """Return one code (without dot), or None."""
        row = self.conn().execute(f"select {_CODE_COLS} from icd10cm_codes where release_id = ? and code = ?",
                                  (rel, code)).fetchone()
        return IcdCode(*row) if row else None

    def existing(self, rel: int, codes: list[str]) -> list[IcdCode]:
        """Return those of `codes` that exist, in code order (a token's one-edit neighbours are looked up once)."""
        if not codes:
            return []
        return list(self._cached(("existing", rel, tuple(codes)), lambda: self._existing(rel, codes)))

    def _existing(self, rel: int, codes: list[str]) -> tuple[IcdCode, ...]:
        marks = ",".join("?" * len(codes))
        rows = self.conn().execute(f"select {_CODE_COLS} from icd10cm_codes where release_id = ? and code in ({marks}) "
                                   "order by seq", (rel, *codes)).fetchall()
        return tuple(IcdCode(*r) for r in rows)

    def children(self, rel: int, code: str) -> list[IcdCode]:
        """Return a code's direct children in tabular order."""
        rows = self.conn().execute(f"select {_CODE_COLS} from icd10cm_codes where release_id = ? and parent = ? "
                                   "order by seq", (rel, code)).fetchall()
        return [IcdCode(*r) for r in rows]

    def billable_below(self, rel: int, code: str, limit: int) -> tuple[list[IcdCode], int]:
        """Return up to `limit` billable codes under a header, in tabular order, and how many there are."""
        codes, count = self._cached(("below", rel, code, limit), lambda: self._billable_below(rel, code, limit))
        return list(codes), count

    def _billable_below(self, rel: int, code: str, limit: int) -> tuple[tuple[IcdCode, ...], int]:
        args = (rel, code, code + "ZZZZ")  # every code below a header sorts between it and header+ZZZZ
        where = "release_id = ? and code > ? and code <= ? and billable = 1"
        count = self.conn().execute(f"select count(*) from icd10cm_codes where {where}", args).fetchone()[0]
        rows = self.conn().execute(f"select {_CODE_COLS} from icd10cm_codes where {where} order by seq limit ?",
                                   (*args, limit)).fetchall()
        return tuple(IcdCode(*r) for r in rows), count

    def billable_in(self, rel: int, first: str, last: str, limit: int) -> list[IcdCode]:
        """Return up to `limit` billable codes from prefix `first` to prefix `last` (both without dot), in tabular order."""
        return list(self._cached(("in", rel, first, last, limit), lambda: self._billable_in(rel, first, last, limit)))

    def _billable_in(self, rel: int, first: str, last: str, limit: int) -> tuple[IcdCode, ...]:
        rows = self.conn().execute(f"select {_CODE_COLS} from icd10cm_codes where release_id = ? and code >= ? "
                                   "and code <= ? and billable = 1 order by seq limit ?",
                                   (rel, first, last + "ZZZZ", limit)).fetchall()
        return tuple(IcdCode(*r) for r in rows)

    def chain(self, rel: int, code: IcdCode) -> list[IcdCode]:
        """Return the code's ancestors, nearest first."""
        return list(self._cached(("chain", rel, code.code), lambda: self._chain(rel, code)))

    def _chain(self, rel: int, code: IcdCode) -> list[IcdCode]:
        out, parent = [], code.parent
        while parent:
            found = self.code(rel, parent)
            if found is None:
                break
            out.append(found)
            parent = found.parent
        return out

    def groups(self, rel: int, section: str) -> list[tuple[str, str, str]]:
        """Return (id, kind, descriptor) for a section and its chapter."""
        out, gid = [], section
        while gid:
            row = self.conn().execute("select id, kind, descriptor, parent from icd10cm_groups where release_id = ? "
                                      "and id = ?", (rel, gid)).fetchone()
            if row is None:
                break
            out.append(row[:3])
            gid = row[3]
        return out

    def notes(self, rel: int, owners: list[str]) -> list[IcdNote]:
        """Return the notes sitting on any of `owners` (codes without dot or group ids), in tabular order."""
        return list(self._cached(("notes", rel, tuple(owners)), lambda: self._notes(rel, owners)))

    def _notes(self, rel: int, owners: list[str]) -> list[IcdNote]:
        marks = ",".join("?" * len(owners))
        rows = self.conn().execute(f"select code, kind, text from icd10cm_notes where release_id = ? and code in ({marks}) "
                                   "order by seq", (rel, *owners)).fetchall()
        return [IcdNote(*r) for r in rows]

    def seventh(self, rel: int, owners: list[str]) -> tuple[str, list[tuple[str, str, str]]]:
        """Return (owner, [(char, meaning, alt)]) of the nearest 7th-character definition among `owners`."""
        for owner in owners:
            rows = self.conn().execute("select char, meaning, alt from icd10cm_seventh where release_id = ? and code = ? "
                                       "order by rowid", (rel, owner)).fetchall()
            if rows:
                return owner, rows
        return "", []

    def search(self, rel: int, match: str, limit: int) -> list[tuple[str, str, str, float]]:
        """Return (code, source, text, bm25) for an FTS5 MATCH expression over descriptors and inclusion terms."""
        return self.conn().execute("select code, source, text, bm25(icd10cm_search) from icd10cm_search "
                                   "where icd10cm_search match ? and release_id = ? order by bm25(icd10cm_search) "
                                   "limit ?", (match, rel, limit)).fetchall()

    def count(self, match: str, table: str = "icd10cm_search") -> int:
        """Return how many rows of an FTS5 table match (all releases; cheap, unlike ranking them)."""
        return self.conn().execute(f"select count(*) from {table} where {table} match ?", (match,)).fetchone()[0]

    def unranked(self, rel: int, match: str, limit: int) -> list[tuple[str, str, str, float]]:
        """Return matching rows without ranking (for a broad query, where ranking them all would be slow)."""
        return self.conn().execute("select code, source, text, 0.0 from icd10cm_search where icd10cm_search match ? "
                                   "and release_id = ? limit ?", (match, rel, limit)).fetchall()

    def seventh_words(self, rel: int) -> set[str]:
        """Every word of the release's 7th-character meanings (initial, encounter, sequela ...)."""
        cache = self.__dict__.setdefault("_seventh_words", {})
        if rel not in cache:
            rows = self.conn().execute("select distinct meaning from icd10cm_seventh where release_id = ?", (rel,))
            cache[rel] = {w for (m,) in rows for w in m.lower().replace(",", " ").split()}
        return cache[rel]

    def seventh_meanings(self, rel: int) -> list[tuple[str, str, str]]:
        """Return (char, meaning, where defined) for every 7th-character definition of the release."""
        return self.conn().execute("select char, meaning, code from icd10cm_seventh where release_id = ? "
                                   "order by rowid", (rel,)).fetchall()

    def index_search(self, rel: int, match: str, limit: int) -> list[tuple[str, str, str, float]]:
        """Return (code, 'index', term, bm25) from an imported alphabetic index."""
        return self.conn().execute("select code, 'index', term, bm25(icd10cm_index_search) from icd10cm_index_search "
                                   "where icd10cm_index_search match ? and release_id = ? "
                                   "order by bm25(icd10cm_index_search) limit ?", (match, rel, limit)).fetchall()
