"""`codebot quiz`: play a quiz in the terminal, export a worksheet, show the report and the leaderboard."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from bot.state import StateDB

CHANNEL = "cli"


def _user(user: str | None) -> str:
    if user:
        return user
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        return "terminal"


def _state() -> StateDB:
    """Open the state database (one seam, so tests can hand in theirs)."""
    from bot.state import StateDB

    return StateDB()


def _play(family: str | None, n: int, seed: int | None, user: str) -> None:
    from bot.core import default_kb
    from bot.quiz import LETTERS, UnknownFamily, choice_index, play, views

    kb, state = default_kb(), _state()
    try:
        run = play.start(kb, state, user, CHANNEL, family, n, seed)
    except UnknownFamily as exc:
        raise click.BadParameter(str(exc), param_hint="--family") from exc
    if not run.total:
        raise click.ClickException("The knowledge has no questions for that choice.")
    if run.total < n:
        click.echo(_fewer(run.total, n))
    outcome = None
    for index, question in enumerate(run.quiz.questions):
        click.echo(views.question_text(question, index + 1, run.total))
        letters = LETTERS[:len(question.choices)]
        reply = click.prompt(f"Your answer ({'/'.join(letters)})",
                             value_proc=lambda r, q=question: _valid(q, r, choice_index))
        outcome = play.answer(state, run, index, user, reply)
        click.echo(views.result_text(kb, outcome))
    click.echo(views.score_text(outcome.score, outcome.total), nl=False)
    click.echo(f"(seed {run.quiz.seed}; recorded for {user})")


def _fewer(got: int, asked: int) -> str:
    return f"{got} questions, not {asked}: the knowledge holds no more distinct ones for that choice."


def _valid(question: object, reply: str, parse: object) -> int:
    index = parse(question, reply)
    if index is None:
        raise click.UsageError(f"{reply!r} is not one of the choices; answer with a letter.")
    return index


@click.group(invoke_without_command=True)
@click.option("--family", "-f", default=None, help="Family id or name (default: all families).")
@click.option("-n", "n", default=10, show_default=True, type=click.IntRange(1, 100), help="Number of questions.")
@click.option("--seed", type=int, default=None, help="Seed: the same seed gives the same quiz (default: random).")
@click.option("--user", default=None, help="Whose score this is (default: your login name).")
@click.pass_context
def quiz(ctx: click.Context, family: str | None, n: int, seed: int | None, user: str | None) -> None:
    """Take a training quiz in the terminal; answers are graded by the same rules that answer questions."""
    if ctx.invoked_subcommand is None:
        _play(family, n, seed, _user(user))


@quiz.command()
@click.option("--format", "fmt", type=click.Choice(["html"]), default="html", show_default=True,
              help="Worksheet format.")
@click.option("-n", "n", default=20, show_default=True, type=click.IntRange(1, 200), help="Number of questions.")
@click.option("--family", "-f", default=None, help="Family id or name (default: all families).")
@click.option("--seed", type=int, default=None, help="Seed: the same seed gives the same worksheet (default: random).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output).")
def export(fmt: str, n: int, family: str | None, seed: int | None, output: Path | None) -> None:
    """Write a printable worksheet with an answer key, for a training session."""
    from bot.core import default_kb
    from bot.quiz import UnknownFamily, make_quiz, views
    from bot.quiz.play import new_seed

    kb = default_kb()
    try:
        worksheet = make_quiz(kb, family, n, new_seed() if seed is None else seed)
    except UnknownFamily as exc:
        raise click.BadParameter(str(exc), param_hint="--family") from exc
    html = views.worksheet_html(kb, worksheet)
    if output is None:
        sys.stdout.write(html)
        return
    try:
        output.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from exc
    if len(worksheet.questions) < n:
        click.echo(_fewer(len(worksheet.questions), n), err=True)
    click.echo(f"Wrote {len(worksheet.questions)} questions and the answer key to {output} (seed {worksheet.seed}).")


@quiz.command()
def report() -> None:
    """Show each person's accuracy by family and kind of question, and the codes the team misses most."""
    from bot.quiz import views
    from bot.quiz.scores import quiz_report

    click.echo(views.report_text(quiz_report(_state())), nl=False)


@quiz.command()
def scores() -> None:
    """Show the quiz leaderboard (terminal and Slack quizzes)."""
    from bot.quiz import views
    from bot.quiz.scores import leaderboard

    click.echo(views.scores_text(leaderboard(_state())), nl=False)
