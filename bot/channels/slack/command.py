"""`codebot slack` (Socket Mode or --http) and `codebot feedback`; Slack libraries load only when they run."""

from __future__ import annotations

import logging

import click

log = logging.getLogger(__name__)


@click.command()
@click.option("--http", "use_http", is_flag=True,
              help="Serve the HTTP Events API under gunicorn instead of Socket Mode (needs SLACK_SIGNING_SECRET).")
@click.option("--port", type=int, default=3000, show_default=True, help="HTTP port (with --http).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="HTTP address to bind (with --http); put a TLS proxy or load balancer in front.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="HTTP worker processes (with --http); several machines can each run their own.")
@click.option("--answer-processes", type=click.IntRange(min=0), default=None,
              help="Processes that work out the answers, per worker (default: CODEBOT_SLACK_ANSWER_PROCESSES or 2; "
                   "0 answers on threads of the worker).")
@click.option("--timeout", type=click.IntRange(min=5), default=30, show_default=True,
              help="Seconds before a silent HTTP worker is killed and replaced (with --http).")
def slack(use_http: bool, port: int, host: str, workers: int, answer_processes: int | None, timeout: int) -> None:
    """Run the Slack bot: Socket Mode by default (SLACK_APP_TOKEN, SLACK_BOT_TOKEN), or --http on PORT."""
    import os

    from bot.config import ConfigError, Settings

    try:
        settings = Settings.from_env()
        if use_http:
            settings.require("slack_bot_token", "slack_signing_secret")
        else:
            settings.require("slack_app_token", "slack_bot_token")
        answering = _answer_processes(answer_processes, os.environ.get("CODEBOT_SLACK_ANSWER_PROCESSES", ""))
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    logging.getLogger("bot").setLevel(logging.INFO)
    if use_http:
        _serve_http(settings, host, port, workers, answering, timeout)
    else:
        _serve_socket_mode(settings, answering)


def _answer_processes(option: int | None, variable: str) -> int:
    from bot.channels.slack.server import ANSWER_PROCESSES
    from bot.config import ConfigError

    if option is not None:
        return option
    if not variable.strip():
        return ANSWER_PROCESSES
    if not variable.strip().isdigit():
        raise ConfigError(f"CODEBOT_SLACK_ANSWER_PROCESSES must be a whole number (0 or more), not {variable!r}")
    return int(variable)


def _serve_http(settings: object, host: str, port: int, workers: int, answering: int, timeout: int) -> None:
    from bot.channels.slack import server
    from bot.channels.slack.startup import StartError, start_errors

    try:
        with start_errors(settings):
            server.prepare(settings)
    except StartError as exc:
        raise click.ClickException(str(exc)) from exc
    server.serve(host, port, workers, answering, timeout)


def _serve_socket_mode(settings: object, answering: int) -> None:
    from bot.channels.slack import transport as slack_transport
    from bot.channels.slack.app import build_app, preload_authorization
    from bot.channels.slack.startup import StartError, start_errors

    app = build_app(settings, answer_processes=answering)
    try:
        with start_errors(settings):
            preload_authorization(app)  # Bolt's auth.test, made now: a refused token fails here
            handler = slack_transport.connect_socket_mode(app, settings.slack_app_token)
    except StartError as exc:
        raise click.ClickException(str(exc)) from exc
    app.codebot_answering.warm()
    slack_transport.serve_socket_mode(handler)


@click.command()
@click.option("--all", "show_all", is_flag=True, help="List 👍 answers too, not only 👎.")
def feedback(show_all: bool) -> None:
    """List answers marked wrong (👎) in Slack: time, user id, codes, status and question hash."""
    import datetime

    from bot.state import StateDB

    rows = StateDB().feedback(None if show_all else "down")
    if not rows:
        click.echo("No feedback yet." if show_all else "No answers marked wrong.")
        return
    for row in rows:
        when = datetime.datetime.fromtimestamp(row["created_at"], datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
        click.echo(f"{when}  {row['verdict']:<4}  {row['channel']:<6} {row['user_id'] or '-':<12} "
                   f"{row['status'] or '-':<13} {row['codes'] or '-':<24} {row['question_hash']}")
    click.echo(f"{len(rows)} answer(s).", err=True)
