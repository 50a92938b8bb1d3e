"""engine: pure stages from clean text to an Answer (clean, parse, match, search, billing, pairs, facts, handlers); imports kb, codesets and answer, never a channel, a command, render or state."""
