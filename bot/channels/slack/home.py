"""The App Home tab: how to ask, example questions, the knowledge version and its sources."""

from __future__ import annotations

import re
from typing import Any

from bot.channels.slack.blocks import CONTEXT_ELEMENTS, escape

HOME_BLOCK_LIMIT = 100
QUOTED = re.compile(r'"([^"]+)"')


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def home_view(kb: Any, help_text: str) -> dict:
    """Return the Home tab view: how to ask, the examples quoted in the core's help, kb.version and kb.sources."""
    examples = "\n".join(f"• `{escape(q)}`" for q in QUOTED.findall(help_text)) or escape(help_text)
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": "codebot: billing and coding answers"}},
        _section("*How to ask*\n• Mention me in a channel: `@codebot` and your question (I answer in a thread)\n"
                 "• Send me a direct message\n• Type `/codebot your question` anywhere (only you see the answer;"
                 " *Share in channel* posts it)\n• `/codebot quiz` starts a practice quiz"),
        _section("*Examples*\n" + examples),
        _section("Tell me whether an answer was right with 👍 / 👎: reviewers read every 👎. "
                 "Please do not paste patient details; I never store your question's text."),
        {"type": "divider"},
        _section(f"*Knowledge {escape(kb.version)}*: rules for {escape(_years(kb))}. Sources:"),
    ]
    lines = [_source_line(s) for s in sorted(kb.sources.values(), key=lambda s: (-s.year, s.publisher, s.title))]
    for start in range(0, len(lines), CONTEXT_ELEMENTS):
        if len(blocks) >= HOME_BLOCK_LIMIT:
            break
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": line}
                                                       for line in lines[start:start + CONTEXT_ELEMENTS]]})
    return {"type": "home", "blocks": blocks}


def _years(kb: Any) -> str:
    years = kb.meta.get("years", [kb.default_year]) if hasattr(kb, "meta") else [kb.default_year]
    return ", ".join(str(y) for y in years)


def _source_line(source: Any) -> str:
    official = " · official" if source.official else ""
    return f"<{escape(source.url)}|{escape(source.publisher)}, {escape(source.title)} ({source.year})>{official}"
