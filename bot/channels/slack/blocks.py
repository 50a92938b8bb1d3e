"""Block Kit for Slack: an Answer into blocks (text from templates/slack/*.mrkdwn) within Slack's limits."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from bot.answer import Answer
from bot.render import render_answer, slack_escape

SECTION_LIMIT = 3000  # characters in a section's mrkdwn text
BLOCK_LIMIT = 50  # blocks in one message
HEADER_LIMIT = 150  # characters in a header's plain_text
CONTEXT_ELEMENTS = 10  # elements in one context block
VALUE_LIMIT = 2000  # characters in a button value
SUGGESTION_BUTTONS = 10
MARKER = re.compile(r"^::(header|section|context)::$")

ACTION_SHARE = "share_in_channel"
ACTION_FEEDBACK_UP = "feedback_up"
ACTION_FEEDBACK_DOWN = "feedback_down"
ACTION_DID_YOU_MEAN = re.compile(r"^dym_\d+$")
ACTION_CLARIFY = re.compile(r"^clarify_\d+$")  # a clarify choice: the button's value is the question it asks


def question_hash(text: str) -> str:
    """Return a short, stable hash of a question: what the state DB keeps instead of the text."""
    return hashlib.sha256(" ".join(text.split()).lower().encode("utf-8")).hexdigest()[:16]


def _unescape(text: str) -> str:
    """Undo the mrkdwn escape for plain_text, which Slack never parses for mentions."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _parts(mrkdwn: str) -> list[tuple[str, str]]:
    """Split rendered template text at its ::kind:: marker lines into (kind, text) parts."""
    parts: list[tuple[str, list[str]]] = [("section", [])]
    for line in mrkdwn.splitlines():
        found = MARKER.match(line.strip())
        if found:
            parts.append((found.group(1), []))
        else:
            parts[-1][1].append(line)
    return [(kind, "\n".join(lines).strip()) for kind, lines in parts if "\n".join(lines).strip()]


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split text into chunks of at most `limit` characters, at paragraph, then line, then hard breaks."""
    chunks: list[str] = []
    current = ""
    for piece in _pieces(text, limit):
        joiner = "\n" if current else ""
        if len(current) + len(joiner) + len(piece) <= limit:
            current += joiner + piece
        else:
            chunks.append(current)
            current = piece
    if current:
        chunks.append(current)
    return [c for c in chunks if c.strip()]


def _pieces(text: str, limit: int) -> list[str]:
    """Lines no longer than `limit` (long lines cut hard), keeping blank lines as paragraph breaks."""
    pieces: list[str] = []
    for line in text.split("\n"):
        while len(line) > limit:
            pieces.append(line[:limit])
            line = line[limit:]
        pieces.append(line)
    return pieces


def _context(text: str) -> list[dict]:
    """One context block per ten lines; each line one mrkdwn element."""
    lines = [line for line in text.splitlines() if line.strip()]
    blocks = []
    for start in range(0, len(lines), CONTEXT_ELEMENTS):
        elements = [{"type": "mrkdwn", "text": line[:SECTION_LIMIT]} for line in lines[start:start + CONTEXT_ELEMENTS]]
        blocks.append({"type": "context", "elements": elements})
    return blocks


def content_blocks(answer: Answer) -> tuple[list[dict], str]:
    """Return the answer's content blocks and its plain mrkdwn `text` fallback."""
    blocks: list[dict] = []
    parts = _parts(render_answer(answer, "slack").text)
    for kind, text in parts:
        if kind == "header":
            blocks.append({"type": "header", "text": {"type": "plain_text", "text": _unescape(text)[:HEADER_LIMIT]}})
        elif kind == "context":
            blocks.extend(_context(text))
        else:
            blocks.extend({"type": "section", "text": {"type": "mrkdwn", "text": chunk}} for chunk in split_text(text))
    fallback = "\n\n".join(text for _, text in parts)
    return blocks, fallback


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    button = {"type": "button", "text": {"type": "plain_text", "text": text[:75], "emoji": True},
              "action_id": action_id, "value": value[:VALUE_LIMIT]}
    if style:
        button["style"] = style
    return button


def _extras(answer: Answer, qhash: str, share_question: str | None) -> list[dict]:
    """The interactive blocks: did-you-mean choices, share, and the feedback question."""
    extras: list[dict] = []
    if answer.suggestions:
        buttons = [_button(s.code, f"dym_{i}", s.code) for i, s in enumerate(answer.suggestions[:SUGGESTION_BUTTONS])]
        extras.append({"type": "actions", "block_id": "did_you_mean", "elements": buttons})
    choices = [c for c in answer.choices[:SUGGESTION_BUTTONS] if len(c.question) <= VALUE_LIMIT]
    if choices:
        buttons = [_button(c.label, f"clarify_{i}", c.question) for i, c in enumerate(choices)]
        extras.append({"type": "actions", "block_id": "clarify", "elements": buttons})
    if share_question is not None and len(share_question) <= VALUE_LIMIT:
        extras.append({"type": "actions", "block_id": "share",
                       "elements": [_button("Share in channel", ACTION_SHARE, share_question, "primary")]})
    if answer.status != "rejected":
        value = json.dumps({"h": qhash, "c": [c.code for c in answer.codes][:20], "s": answer.status})
        extras.append({"type": "context", "elements": [{"type": "mrkdwn", "text": "Was this right?"}]})
        extras.append({"type": "actions", "block_id": "feedback",
                       "elements": [_button("👍", ACTION_FEEDBACK_UP, value), _button("👎", ACTION_FEEDBACK_DOWN, value)]})
    return extras


def answer_message(answer: Answer, question: str, share: bool = False) -> dict[str, Any]:
    """Return chat.postMessage / respond() arguments (text + blocks) for an answer to `question`."""
    blocks, text = content_blocks(answer)
    extras = _extras(answer, question_hash(question), question if share else None)
    room = BLOCK_LIMIT - len(extras)
    if len(blocks) > room:
        blocks = blocks[:room - 1] + [{"type": "context", "elements": [
            {"type": "mrkdwn", "text": "The answer was shortened to fit Slack; ask a narrower question."}]}]
    return {"text": text, "blocks": blocks + extras}


def apology() -> str:
    """Return the short reply sent when a listener fails."""
    return "Sorry, something went wrong while answering. It has been logged; please try again."


def escape(value: str) -> str:
    """Escape Slack's control characters in text we build in Python."""
    return str(slack_escape(value))
