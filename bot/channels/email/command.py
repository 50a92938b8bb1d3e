"""`codebot email`: watch the IMAP mailbox and answer by SMTP (imports mail libraries only when run)."""

from __future__ import annotations

import logging
import signal
import threading

import click


@click.command()
@click.option("--once", is_flag=True, help="Handle the messages now in the mailbox, then exit (for cron).")
@click.option("-v", "--verbose", is_flag=True, help="Log each message's id, stage and codes (never bodies).")
def email(once: bool, verbose: bool) -> None:
    """Answer coding questions sent to a mailbox (IMAP in, SMTP out). Settings: see README, "Ask by e-mail"."""
    from bot.channels.email import connect
    from bot.channels.email.loop import ensure_folders, one_line, connection_errors, serve
    from bot.channels.email.worker import Worker
    from bot.config import ConfigError, Settings
    from bot.core import default_kb
    from bot.state import StateDB

    logging.getLogger("bot").setLevel(logging.INFO if verbose else logging.WARNING)
    try:
        settings = Settings.from_env()
        connect.check_settings(settings)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    worker = Worker(settings, StateDB(), kb=default_kb())
    if once:
        try:
            mb = connect.open_imap(settings)
        except connection_errors() as exc:
            raise click.ClickException(one_line(exc)) from exc
        try:
            ensure_folders(mb)
            click.echo(f"{worker.process_once(mb)} message(s) handled.")
        finally:
            connect.close_imap(mb)
        return
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    click.echo(f"Watching {settings.imap_folder} on {settings.imap_host} as {settings.email_address}; Ctrl-C stops.")
    try:
        serve(worker, stop)
    except KeyboardInterrupt:
        stop.set()
