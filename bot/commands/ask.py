"""`codebot ask`: the one command coders run all day, kept free of click so a cold start stays small."""

from __future__ import annotations

import enum
import json
import re
import sys
from typing import TextIO


class ExitStatus(enum.IntEnum):
    """Documented exit codes (httpie style)."""

    ANSWERED = 0  # a confident answer
    ERROR = 1  # something broke (corrupt index, bad knowledge, missing setting)
    USAGE = 2  # bad command-line usage
    NOT_ANSWERED = 3  # did_you_mean, unknown or rejected: the question got no confident answer
    PIPE_CLOSED = 141  # the reader closed the pipe early (128 + SIGPIPE, as any Unix filter)


HELP = """Answer QUESTION. Use - to read one question per stdin line (JSON Lines out with --json).

Exit codes: 0 answered, 3 not answered (did you mean, a question back, unknown or rejected), 1 error, 2 usage.
With - (one question per line) the exit code is 0 only when every line was answered, 3 when any was not,
1 when any hit an internal error; blank lines are not questions. 141: the reader closed the pipe early."""


def question_from_line(line: str) -> str:
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


def _emit(answer, as_json: bool, out: TextIO) -> None:
    if as_json:
        out.write(json.dumps(answer.to_dict(), ensure_ascii=False) + "\n")
    else:
        from bot.render import render_answer  # jinja2 only for text output

        out.write(render_answer(answer, "cli").text)


def ask_one(text: str, year: int | None, as_json: bool, out: TextIO) -> int:
    """Answer one question to `out`; return the exit status."""
    from bot.core import ask

    answer = ask(text, year=year)
    _emit(answer, as_json, out)
    return ExitStatus.ANSWERED if answer.status == "answered" else ExitStatus.NOT_ANSWERED


def ask_stream(year: int | None, as_json: bool, lines, out: TextIO) -> int:
    """Answer one question per input line (bytes), one answer per output line, in order; return the worst status."""
    from bot.core import default_kb

    kb = default_kb()
    worst = ExitStatus.ANSWERED
    for raw in lines:
        text = question_from_line(raw.decode("utf-8", errors="replace").rstrip("\n"))
        answer, status = _answer_line(text, kb, year)
        if text.strip():  # a blank line still gets its answer line (lines stay aligned) but is not a question
            worst = max(worst, status, key=_SEVERITY.index)
        _emit(answer, as_json, out)
        if not as_json:
            out.write("\n")
        out.flush()
    return worst


_SEVERITY = [ExitStatus.ANSWERED, ExitStatus.NOT_ANSWERED, ExitStatus.ERROR]


def _answer_line(text: str, kb, year: int | None):  # noqa: ANN001, ANN202 (kb and Answer load lazily)
    """One line's answer and exit status; an internal error is an answer line too, so the output stays aligned."""
    from bot import core
    from bot.answer import Answer

    try:
        answer = core.ask(text, kb=kb, year=year)
    except Exception:  # one broken question must not end the batch or shift the output lines
        import logging

        logging.getLogger(__name__).exception("internal error while answering a question")
        return Answer(status="unknown", intent="help", message="Internal error; the question was not answered.",
                      knowledge_version=kb.version, year=kb.default_year), ExitStatus.ERROR
    return answer, ExitStatus.ANSWERED if answer.status == "answered" else ExitStatus.NOT_ANSWERED


def run(question: list[str], as_json: bool, year: int | None) -> int:
    """Answer the question words (or stdin for "-"); a broken index is a one-line error, exit 1."""
    from bot.kb import IndexCorrupt
    from bot.paths import DataDirError

    try:
        if year is not None and (refused := _year_refused(year)):
            sys.stderr.write(f"Error: {refused}\n")
            return ExitStatus.USAGE
        if question == ["-"]:
            return ask_stream(year, as_json, sys.stdin.buffer, sys.stdout)
        return ask_one(" ".join(question), year, as_json, sys.stdout)
    except (IndexCorrupt, DataDirError) as exc:
        sys.stderr.write(f"Error: {exc}\n")
        return ExitStatus.ERROR
    except BrokenPipeError:
        discard_stdout()
        return ExitStatus.PIPE_CLOSED


def _year_refused(year: int) -> str:
    """Why --year cannot be honoured, or "" when the knowledge holds that year's rules."""
    from bot.core import default_kb, held_years

    kb = default_kb()
    years = sorted(held_years(kb))
    if year in years:
        return ""
    listed = " and ".join([", ".join(map(str, years[:-1])), str(years[-1])] if len(years) > 1 else map(str, years))
    return (f"--year {year}: the knowledge holds the rules for {listed}; use one of those, "
            f"or leave --year out for {kb.default_year}.")


def discard_stdout() -> None:
    """Point stdout at /dev/null: Python flushes it at exit, and the reader that would get it is gone."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


class UsageProblem(Exception):
    """The fast path could not read the arguments; the click command reports it (bot.commands.entry)."""


# argparse reads these as words, not options ("-5"; anything with a space in it)
_NOT_AN_OPTION = re.compile(r"^-\d+$|^-\d*\.\d+$|\s")


def _year(value: str | None) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise UsageProblem(f"--year: expected a year, got {value!r}") from None


def read_args(argv: list[str]) -> tuple[list[str], bool, int | None]:
    """The question words, --json and --year, read as argparse would (the module imports no argparse: a cold start
    would pay for it and its gettext); anything else is a UsageProblem, for the click command to report."""
    words: list[str] = []
    as_json, year = False, None
    args = iter(argv)
    for arg in args:
        if arg == "--":
            words += args  # every later argument is a word ("--" itself only the first time)
        elif arg == "--json":
            as_json = True
        elif arg == "--year" or arg.startswith("--year="):
            year = _year(arg.partition("=")[2] if "=" in arg else next(args, None))
        elif arg.startswith("-") and arg != "-" and not _NOT_AN_OPTION.search(arg):
            raise UsageProblem(f"no such option: {arg}")
        else:
            words.append(arg)
    return words, as_json, year


def main(argv: list[str]) -> int:
    """Read `codebot ask` arguments without click and run it; raise UsageProblem when they do not read."""
    return run(*read_args(argv))
