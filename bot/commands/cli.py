"""The `codebot` command: ask, index, status, check (channels add their own commands)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot import __version__
from bot.commands import ask as ask_cmd
from bot.commands import codesets_cmd
from bot.commands.ask import HELP, ExitStatus


def _configure_logging() -> None:
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


class CodebotGroup(click.Group):
    """The command group: an unusable data folder or index is one line (exit 1) in every command."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the command, turning the setup errors every command can meet into click's one-line error."""
        from bot.kb import IndexCorrupt
        from bot.paths import DataDirError
        from bot.state import StateUnreachable, StateUrlError

        try:
            return super().invoke(ctx)
        except (IndexCorrupt, DataDirError, StateUnreachable, StateUrlError) as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=CodebotGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="codebot")
def cli() -> None:
    """codebot: answers billing and coding questions from reviewed, sourced knowledge and the official code sets."""
    _configure_logging()


@cli.command(help=HELP)
@click.argument("question", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the answer as one JSON object (the answer contract).")
@click.option("--year", type=int, default=None, help="Apply this year's rules (default: the knowledge's current year); a year the knowledge does "
                   "not hold is refused (exit 2).")
def ask(question: tuple[str, ...], as_json: bool, year: int | None) -> None:
    """Answer QUESTION (the same code as the click-free fast path in bot.commands.entry)."""
    sys.exit(ask_cmd.run(list(question), as_json, year))


@cli.command()
def index() -> None:
    """Rebuild the knowledge index from scratch and compile the bundled code sets (left alone when unchanged)."""
    from bot.kb import index_path, rebuild

    meta = rebuild()
    click.echo(f"Built {index_path()} from knowledge {meta['version']} in {meta['build_seconds']} s.")
    click.echo(codesets_cmd.build_codesets())


@cli.command()
def status() -> None:
    """Print the knowledge version, counts per table and build time, and the code-set releases loaded."""
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
    for line in codesets_cmd.release_lines():
        click.echo(line)


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
    """Import licensed CPT descriptors (CSV or tab-separated: code, descriptor; header optional): the same as
    `codebot import FILE`, kept as an alias."""
    from bot.codesets.cpt_import import FORMAT

    codesets_cmd.run_import([file], forced=FORMAT)


def _register_channel_commands() -> None:
    """Add the Slack, e-mail and quiz commands; their heavy libraries load only when one of them runs."""
    from bot.commands import quiz as quiz_cli
    from bot.channels.email import command as email_cli
    from bot.channels.slack import command as slack_cli

    from bot.commands.purge import purge
    from bot.commands.state_cmd import state
    for command in (slack_cli.slack, slack_cli.feedback, email_cli.email, quiz_cli.quiz, codesets_cmd.import_files_command,
                    purge, state):
        cli.add_command(command)


_register_channel_commands()
