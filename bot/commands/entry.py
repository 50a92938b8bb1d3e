"""The `codebot` entry point: `codebot ask` skips click entirely, so a cold answer starts fast."""

from __future__ import annotations

import gc
import os
import sys

HELP_FLAGS = ("--help", "-h")


def _wants_help(args: list[str]) -> bool:
    """True when the arguments ask for help (before a `--` that ends the options)."""
    options = args[:args.index("--")] if "--" in args else args
    return any(a in HELP_FLAGS for a in options)


def _end_now(status: int) -> None:
    """End a one-question process once its output is written, skipping the interpreter's teardown (freeing every
    module, record and pattern one by one is a visible share of a cold answer; nothing is left to write or close)."""
    from bot.commands.ask import ExitStatus, discard_stdout

    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left before the buffered answer was written
        discard_stdout()
        status = ExitStatus.PIPE_CLOSED
    sys.stderr.flush()
    os._exit(status)


def main() -> None:
    """Run `codebot ask` on its click-free fast path; help, usage errors and every other command go to click."""
    if sys.argv[1:2] == ["ask"] and not _wants_help(sys.argv[2:]):
        one_question = "-" not in sys.argv[2:]
        if one_question:
            # One question, then the process ends: the collector would only walk the import-time objects.
            gc.disable()
        from bot.commands.ask import UsageProblem
        from bot.commands.ask import main as ask_main

        try:
            status = ask_main(sys.argv[2:])
        except UsageProblem:
            pass  # nothing was printed yet: click reports it, in the same look as every other command
        else:
            if one_question:
                _end_now(status)
            sys.exit(status)
    from bot.commands.cli import cli

    cli()
