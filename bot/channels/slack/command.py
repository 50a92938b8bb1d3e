"""`codebot slack` (Socket Mode or --http) and `codebot feedback`; Slack libraries load only when they run."""

from __future__ import annotations

import logging

import click

log = logging.getLogger(__name__)


@click.command()
@click.option("--http", "use_http", is_flag=True,
              help="Serve the HTTP Events API instead of Socket Mode (needs SLACK_SIGNING_SECRET).")
@click.option("--port", type=int, default=3000, show_default=True, help="HTTP port (with --http).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="HTTP address to bind (with --http); put a TLS proxy in front.")
def slack(use_http: bool, port: int, host: str) -> None:
    """Run the Slack bot: Socket Mode by default (SLACK_APP_TOKEN, SLACK_BOT_TOKEN), or --http on PORT."""
    from bot.config import ConfigError, Settings

    try:
        settings = Settings.from_env()
        if use_http:
            settings.require("slack_bot_token", "slack_signing_secret")
        else:
            settings.require("slack_app_token", "slack_bot_token")
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    logging.getLogger("bot").setLevel(logging.INFO)
    from bot.channels.slack import transport as slack_transport
    from bot.channels.slack.app import build_app
    from bot.channels.slack.startup import StartError, check_bot_token, start_errors

    app = build_app(settings)
    try:
        with start_errors(settings):
            check_bot_token(app)
            handler = None if use_http else slack_transport.connect_socket_mode(app, settings.slack_app_token)
    except StartError as exc:
        raise click.ClickException(str(exc)) from exc
    if use_http:
        slack_transport.serve_http(app, host, port)
    else:
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
