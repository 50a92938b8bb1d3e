"""Run the codebot CLI with `python -m bot`."""

from bot.commands.entry import main

if __name__ == "__main__":
    main()
