"""Copy one state database into another (SQLite to PostgreSQL, usually): every row of every table, in one
transaction on the target, checked by counting afterwards. The target must be empty of data."""

from __future__ import annotations

from dataclasses import dataclass

from bot.state import StateDB

SKIPPED = ("alembic_version", "_migrations")  # the target keeps its own migration record
BATCH = 1_000


class CopyRefused(ValueError):
    """The copy cannot start (the target already holds data, or the two schemas differ); nothing was copied."""


@dataclass(frozen=True, slots=True)
class Copied:
    """Rows copied per table, read back from the target."""

    rows: dict[str, int]

    @property
    def total(self) -> int:
        """All rows copied."""
        return sum(self.rows.values())


def _tables(source: StateDB, target: StateDB) -> list[str]:
    """The tables to copy: the same set on both sides (both are at the newest migration)."""
    mine = [t for t in source.tables() if t not in SKIPPED]
    theirs = [t for t in target.tables() if t not in SKIPPED]
    if mine != theirs:
        raise CopyRefused(f"the two databases have different tables ({', '.join(sorted(set(mine) ^ set(theirs)))})")
    return mine


def _refuse_data(target: StateDB, tables: list[str]) -> None:
    counts = target.counts()
    held = {t: counts[t] for t in tables if t != "state_meta" and counts[t]}
    if held:
        raise CopyRefused(f"{target.where} already holds state ({', '.join(f'{t} {n}' for t, n in held.items())}); "
                          "nothing copied. Copy into an empty database.")


def copy_state(source: StateDB, target: StateDB) -> Copied:
    """Copy every row of `source` into the empty `target` (its state_meta, salt included, replaced by the source's)."""
    if source.where == target.where:
        raise CopyRefused("the source and the target are the same database")
    tables = _tables(source, target)
    _refuse_data(target, tables)
    with source.read() as src, target.write() as dst:
        dst.execute("delete from state_meta")  # the fresh target's own salt would not match the copied hashes
        for table in tables:
            _copy_table(src, dst, table)
        if target.kind == "postgresql":  # explicit ids were copied: the next feedback id follows the largest
            dst.execute("select setval(pg_get_serial_sequence('feedback', 'id'), coalesce(max(id), 0) + 1, false) "
                        "from feedback")
    expected, found = source.counts(), target.counts()
    rows = {t: found[t] for t in tables}
    if any(expected[t] != rows[t] for t in tables):
        raise RuntimeError(f"copy check failed: source {expected}, target {found}")
    return Copied(rows)


def _copy_table(src, dst, table: str) -> None:  # noqa: ANN001 (two open transactions, bot.statestore.Tx)
    result = src.execute(f'select * from "{table}"')
    columns = list(result.keys())
    insert = (f'insert into "{table}" ({", ".join(columns)}) '
              f'values ({", ".join(":" + c for c in columns)})')
    for batch in result.mappings().partitions(BATCH):
        dst.execute(insert, [dict(row) for row in batch])
