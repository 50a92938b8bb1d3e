"""`codebot state`: where the state lives, its migrations, and `migrate --to URL` (SQLite to PostgreSQL)."""

from __future__ import annotations

import click


@click.group()
def state() -> None:
    """The state database: Slack event ids, feedback, quiz scores, the e-mail ledger (CODEBOT_STATE_URL)."""


def _open(url: str | None):  # noqa: ANN202 (bot.state.StateDB, imported only when a command runs)
    from bot.state import StateDB

    return StateDB(url=url) if url else StateDB()


@state.command()
def status() -> None:
    """Say which store is in use, its migration and the rows in each table."""
    from bot import statemigrate

    db = _open(None)
    revision = db.revision()
    click.echo(f"store      {db.kind} {db.where}")
    click.echo(f"migration  {revision}" + ("" if revision == statemigrate.head() else f" (newest {statemigrate.head()})"))
    for table, n in db.counts().items():
        click.echo(f"{table:<20} {n}")


@state.command()
@click.option("--to", "to_url", metavar="URL", default=None,
              help="Copy every row into this empty database (postgresql://user:password@host/db), migrated first.")
@click.option("--from", "from_url", metavar="URL", default=None,
              help="Copy from this database instead of the one in use (default: CODEBOT_STATE_URL or the data "
                   "folder's state.db).")
def migrate(to_url: str | None, from_url: str | None) -> None:
    """Apply the state migrations; with --to, copy the state into another database without losing a row."""
    from bot.statecopy import CopyRefused, copy_state

    source = _open(from_url)  # opening migrates it to the newest revision
    if not to_url:
        click.echo(f"{source.kind} {source.where}: at migration {source.revision()}.")
        return
    target = _open(to_url)
    try:
        copied = copy_state(source, target)
    except CopyRefused as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Copied {copied.total} rows from {source.where} to {target.where}: "
               + ", ".join(f"{t} {n}" for t, n in copied.rows.items()) + ".")
    click.echo("Set CODEBOT_STATE_URL to the new database for every worker; the old file stays as it was.")
