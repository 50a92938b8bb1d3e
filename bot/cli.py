"""The `codebot` command: ask, index, status, check (channels add their own commands)."""

from __future__ import annotations

import enum
import json
import logging
import sys
from pathlib import Path

import click

from bot import __version__

log = logging.getLogger(__name__)


class ExitStatus(enum.IntEnum):
    """Documented exit codes (httpie style)."""

    ANSWERED = 0  # a confident answer
    ERROR = 1  # something broke (corrupt index, bad knowledge, missing setting)
    USAGE = 2  # bad command-line usage (click)
    NOT_ANSWERED = 3  # did_you_mean, unknown or rejected: the question got no confident answer


def _question_from_line(line: str) -> str:
    """A stdin line is either a JSON string (so it may hold newlines) or the question itself."""
    stripped = line.strip()
    if stripped.startswith('"'):
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError:
            return line
        if isinstance(value, str):
            return value
    return line


def _ask_one(text: str, year: int | None, as_json: bool) -> int:
    from bot.core import ask

    answer = ask(text, year=year)
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False))
    else:
        from bot.render import render_answer  # jinja2 only for text output

        click.echo(render_answer(answer, "cli").text, nl=False)
    return ExitStatus.ANSWERED if answer.status == "answered" else ExitStatus.NOT_ANSWERED


def _ask_stream(year: int | None, as_json: bool) -> int:
    from bot.answer import Answer
    from bot.core import ask, default_kb
    from bot.render import render_answer

    kb = default_kb()
    for raw in sys.stdin.buffer:
        text = _question_from_line(raw.decode("utf-8", errors="replace").rstrip("\n"))
        try:
            answer = ask(text, kb=kb, year=year)
        except Exception:  # one broken question must not end the batch or shift the output lines
            log.exception("internal error while answering a question")
            answer = Answer(status="unknown", intent="help", message="Internal error; the question was not answered.",
                            knowledge_version=kb.version, year=kb.default_year)
        if as_json:
            sys.stdout.write(json.dumps(answer.to_dict(), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(render_answer(answer, "cli").text + "\n")
        sys.stdout.flush()
    return ExitStatus.ANSWERED


@click.group()
@click.version_option(__version__, prog_name="codebot")
def cli() -> None:
    """codebot: answers remote-care billing code questions from reviewed, sourced knowledge."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@click.argument("question", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the answer as one JSON object (the answer contract).")
@click.option("--year", type=int, default=None, help="Apply this year's rules (default: the knowledge's current year).")
def ask(question: tuple[str, ...], as_json: bool, year: int | None) -> None:
    """Answer QUESTION. Use - to read one question per stdin line (JSON Lines out with --json).

    Exit codes: 0 answered, 3 not answered (did you mean / unknown / rejected), 1 error, 2 usage.
    """
    from bot.kb import IndexCorrupt

    try:
        if question == ("-",):
            sys.exit(_ask_stream(year, as_json))
        sys.exit(_ask_one(" ".join(question), year, as_json))
    except IndexCorrupt as exc:
        raise click.ClickException(str(exc)) from exc


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
    from bot.descriptors import parse_descriptor_file, save_descriptors
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
    from bot import quiz_cli
    from bot.channels import email_cli, slack_cli

    for command in (slack_cli.slack, slack_cli.feedback, email_cli.email, quiz_cli.quiz):
        cli.add_command(command)


_register_channel_commands()
