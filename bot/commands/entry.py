"""The `codebot` entry point: `codebot ask` skips click entirely, so a cold answer starts fast."""

from __future__ import annotations

import sys


def main() -> None:
    """Run `codebot ask` on its click-free fast path; hand every other command to the click group."""
    if sys.argv[1:2] == ["ask"]:
        from bot.commands.ask import main as ask_main

        sys.exit(ask_main(sys.argv[2:]))
    from bot.commands.cli import cli

    cli()
