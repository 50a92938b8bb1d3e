"""The code-set database's shape: a `releases` table, and per-code-set tables registered as TableSpecs."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

SCHEMA_VERSION = "1"

RELEASES_DDL = """
create table if not exists releases (
    id integer primary key,
    codeset text not null,          -- registry name, e.g. icd10cm, hcpcs, ncci_ptp
    name text not null,             -- for people: "ICD-10-CM FY2026 (April 1, 2026 update)"
    version text not null,          -- unique per code set: "FY2026-04", "2026-Q1", "v321r0"
    fiscal_year integer,            -- federal fiscal year or calendar year the release belongs to
    effective_date text not null,   -- ISO date the release takes effect (picks the release for a date of service)
    ends_date text,                 -- ISO last day in force, when known
    source text not null,           -- where it came from: package or file names
    parts text not null default '', -- what it holds, comma-separated (e.g. "tabular,order")
    row_count integer not null,
    content_hash text not null,     -- sha256 of the rows as loaded: re-importing the same content changes nothing
    loaded_at text not null,        -- ISO timestamp (UTC)
    unique (codeset, version)
);
create table if not exists schema_meta (key text primary key, value text not null);
"""


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One per-code-set table: every row also carries the release_id it belongs to (added first)."""

    name: str
    columns: tuple[tuple[str, str], ...]  # (column name, SQLite type)
    indexes: tuple[tuple[str, ...], ...] = ()  # each index starts with release_id
    fts: bool = False  # an FTS5 table (porter stemming); columns are searchable unless their type is UNINDEXED

    @property
    def width(self) -> int:
        """Return how many values a row passed to load_release must have (release_id excluded)."""
        return len(self.columns)

    def ddl(self) -> list[str]:
        """Return the statements that create the table and its indexes."""
        if self.fts:
            cols = ", ".join(["release_id UNINDEXED"] + [f"{n} UNINDEXED" if t == "UNINDEXED" else n
                                                        for n, t in self.columns])
            return [f"create virtual table if not exists {self.name} using fts5({cols}, "
                    "tokenize='porter unicode61 remove_diacritics 2')"]
        cols = ", ".join(["release_id integer not null"] + [f"{n} {t}" for n, t in self.columns])
        out = [f"create table if not exists {self.name} ({cols})"]
        out += [f"create index if not exists {self.name}_{'_'.join(ix)} on {self.name} (release_id, {', '.join(ix)})"
                for ix in self.indexes]
        return out

    def insert_sql(self) -> str:
        """Return the INSERT statement for one row (release_id first)."""
        marks = ", ".join("?" * (self.width + 1))
        return f"insert into {self.name} (release_id, {', '.join(n for n, _t in self.columns)}) values ({marks})"


@dataclass(frozen=True, slots=True)
class CodeSetSpec:
    """A code set: its registry name, a title for people, and its tables (the first is the main one)."""

    name: str
    title: str
    tables: tuple[TableSpec, ...]

    def table(self, name: str) -> TableSpec:
        """Return one of the code set's tables by name."""
        for spec in self.tables:
            if spec.name == name:
                return spec
        raise KeyError(f"code set {self.name} has no table {name}")


CODESETS: dict[str, CodeSetSpec] = {}


def register_codeset(spec: CodeSetSpec) -> CodeSetSpec:
    """Add a code set to the registry (idempotent for the same spec); return it."""
    known = CODESETS.get(spec.name)
    if known is not None and known != spec:
        raise ValueError(f"code set {spec.name} is already registered with other tables")
    CODESETS[spec.name] = spec
    return spec


def create_schema(conn: sqlite3.Connection) -> None:
    """Create the releases table and every registered code set's tables (idempotent)."""
    conn.executescript(RELEASES_DDL)
    for spec in CODESETS.values():
        for table in spec.tables:
            for statement in table.ddl():
                conn.execute(statement)
    conn.execute("insert or replace into schema_meta values ('schema_version', ?)", (SCHEMA_VERSION,))
