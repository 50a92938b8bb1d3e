"""The `codebot` command: ask, index, status, check (channels add their own commands)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot import __version__
from bot.commands import ask as ask_cmd
from bot.commands.ask import HELP, ExitStatus


def _configure_logging() -> None:
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@click.group()
@click.version_option(__version__, prog_name="codebot")
def cli() -> None:
    """codebot: answers remote-care billing code questions from reviewed, sourced knowledge."""
    _configure_logging()


@cli.command(help=HELP)
@click.argument("question", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the answer as one JSON object (the answer contract).")
@click.option("--year", type=int, default=None, help="Apply this year's rules (default: the knowledge's current year).")
def ask(question: tuple[str, ...], as_json: bool, year: int | None) -> None:
    """Answer QUESTION (the same code as the click-free fast path in bot.commands.entry)."""
    sys.exit(ask_cmd.run(list(question), as_json, year))


@cli.command()
def index() -> None:
    """Rebuild the knowledge index from scratch."""
    from bot.kb import index_path, rebuild

    meta = rebuild()
    click.echo(f"Built {index_path()} from knowledge {meta['version']} in {meta['build_seconds']} s.")


@cli.command()
def status() -> None:
    """Print the knowledge version, counts per table and build time."""
    from bot.kb import index_path, open_index

    kb = open_index()
    click.echo(f"knowledge   {kb.version}")
    click.echo(f"index       {index_path()}")
    click.echo(f"built       {kb.meta_row['built_at']} in {kb.meta_row['build_seconds']} s")
    counts = {"families": len(kb.families), "codes": len(kb.codes), "tracks": len(kb.tracks),
              "links": sum(len(c.links) for c in kb.codes.values()), "pair rules": len(kb.pairs),
              "aliases": len(kb.aliases), "contested points": len(kb.contested), "sources": len(kb.sources),
              "licensed descriptors": len(kb.descriptors)}
    for name, n in counts.items():
        click.echo(f"{name:<21} {n}")
    years: dict[int, int] = {}
    for s in kb.sources.values():
        years[s.year] = years.get(s.year, 0) + 1
    click.echo("sources by year      " + ", ".join(f"{y}: {n}" for y, n in sorted(years.items())))


@cli.command()
@click.option("--knowledge", "root", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Knowledge folder to check (default: the bundled one).")
def check(root: Path | None) -> None:
    """Validate the knowledge: links resolve, every fact has a source, no duplicates, rules consistent."""
    from bot import paths
    from bot.kb.checks import check_knowledge
    from bot.kb.load import load_knowledge

    kn = load_knowledge(root or paths.knowledge_dir())
    problems = check_knowledge(kn)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"{len(problems)} problem(s).", err=True)
        sys.exit(ExitStatus.ERROR)
    click.echo(f"knowledge OK: {len(kn.codes)} codes, {len(kn.families)} families, {len(kn.pairs)} pair rules, "
               f"{len(kn.contested)} contested points, {len(kn.sources)} sources.")


@cli.command("import-descriptors")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_descriptors(file: Path) -> None:
    """Import licensed CPT descriptors (CSV or tab-separated: code, descriptor; header optional) into the data dir."""
    from bot import paths
    from bot.kb.descriptors import parse_descriptor_file, save_descriptors
    from bot.kb import rebuild

    report = parse_descriptor_file(file.read_bytes())
    for line, why in report.skipped:
        click.echo(f"{file.name}: line {line}: skipped: {why}", err=True)
    if not report.imported:
        raise click.ClickException(f"no valid rows in {file.name}; nothing changed")
    total = save_descriptors(paths.data_dir(), report.imported)
    rebuild()
    click.echo(f"Imported {len(report.imported)} descriptors ({len(report.skipped)} rows skipped); "
               f"{total} stored in {paths.data_dir()}.")


def _register_channel_commands() -> None:
    """Add the Slack, e-mail and quiz commands; their heavy libraries load only when one of them runs."""
    from bot.commands import quiz as quiz_cli
    from bot.channels.email import command as email_cli
    from bot.channels.slack import command as slack_cli

    from bot.commands.purge import purge
    for command in (slack_cli.slack, slack_cli.feedback, email_cli.email, quiz_cli.quiz, purge):
        cli.add_command(command)


_register_channel_commands()
