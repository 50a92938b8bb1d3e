"""`codebot purge`: apply the retention setting now (the running workers also apply it every hour)."""

from __future__ import annotations

import click


@click.command()
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="Keep this many days instead of CODEBOT_RETENTION_DAYS (default 90; 0 keeps everything).")
def purge(days: int | None) -> None:
    """Delete Slack event ids, filed e-mail ledger rows and reply-log entries older than the retention period."""
    from bot import retention
    from bot.config import ConfigError, Settings
    from bot.state import StateDB

    try:
        keep = Settings.from_env().retention_days if days is None else days
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    if keep <= 0:
        click.echo("Retention is off (CODEBOT_RETENTION_DAYS=0): nothing removed.")
        return
    removed = retention.purge(StateDB(), keep)
    unit = "day" if keep == 1 else "days"
    click.echo(f"Removed {sum(removed.values())} rows older than {keep} {unit}: "
               + ", ".join(f"{table} {n}" for table, n in removed.items()) + ".")
