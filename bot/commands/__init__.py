"""commands: the `codebot` command (cli, the click-free `entry` fast path, ask, quiz); imports core, kb, render, state, quiz and the channels' own commands."""
