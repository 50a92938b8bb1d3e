"""Run the codebot CLI with `python -m bot`."""

from bot.entry import main

if __name__ == "__main__":
    main()
