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
    from bot.channels.email.loop import connection_errors, one_line, serve
    from bot.channels.email.worker import Worker
    from bot.config import ConfigError, Settings
    from bot.core import default_kb, warm
    from bot.state import StateDB

    logging.getLogger("bot").setLevel(logging.INFO if verbose else logging.WARNING)
    try:
        settings = Settings.from_env()
        connect.check_settings(settings)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    worker = Worker(settings, StateDB(), kb=default_kb())
    warm(worker.kb)  # the first message finds the tables built
    if once:
        try:
            click.echo(f"{_once(worker, settings)} message(s) handled.")
        except connection_errors() as exc:
            raise click.ClickException(f"{one_line(exc).rstrip('.')}.") from exc
        return
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    click.echo(f"Watching {settings.imap_folder} on {settings.imap_host} as {settings.email_address}; Ctrl-C stops.")
    try:
        serve(worker, stop)
    except KeyboardInterrupt:
        stop.set()


def _once(worker: object, settings: object) -> int:
    """One pass over the mailbox (for cron); return how many messages were handled."""
    from bot.channels.email import connect
    from bot.channels.email.loop import ensure_folders

    mb = connect.open_imap(settings)
    try:
        ensure_folders(mb)
        return worker.process_once(mb)
    finally:
        connect.close_imap(mb)
