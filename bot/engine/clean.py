"""Turn raw channel text into a plain question: Slack markup, e-mail greetings, quotes and signatures go."""

from __future__ import annotations

import re
import unicodedata

MAX_RAW_CHARS = 200_000  # beyond this we do not even try to clean: a paste, not a question
MAX_QUESTION_CHARS = 2_000  # after cleaning; rapidfuzz cost grows with length (ecosystem.md C1)
MAX_CONTROL_RATIO = 0.05  # more control bytes than this means binary, not text

_SLACK_USER = re.compile(r"<[@#!][^>]*>")
_SLACK_LINK = re.compile(r"<((?:https?|mailto):[^>|]+)(?:\|([^>]*))?>")
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_QUOTE_HEADER = re.compile(r"^\s*(on\s.{0,200}\bwrote:|-{2,}\s*original message\s*-{2,}|from:\s.+@.+)\s*$", re.I)
_SIGNATURE = re.compile(r"^\s*(--|__+|-- )\s*$")
_CLOSING = re.compile(r"^\s*(thanks|thank you|thx|regards|best|best regards|kind regards|cheers|sincerely|many thanks)\b[\s,!.]*$", re.I)
_GREETING = re.compile(r"^\s*(hi|hello|hey|dear|good (morning|afternoon|evening)|greetings)\b[^.?!\n]{0,40}[,!:]?\s*$", re.I)
_SENT_FROM = re.compile(r"^\s*sent from my\b", re.I)
_FORWARDED = re.compile(r"^\s*-{2,}\s*forwarded message\s*-{2,}\s*$", re.I)
_HEADER_FIELD = re.compile(r"^\s*(from|date|sent|to|cc|subject):\s", re.I)


class Rejected(ValueError):
    """The input is not a question (empty, binary, too long)."""


def _decode_slack(text: str) -> str:
    text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _SLACK_USER.sub(" ", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _strip_mail(lines: list[str]) -> list[str]:
    kept: list[str] = []
    header = False  # inside a forwarded message's From/Date/To block: only its Subject line is kept
    for line in lines:
        if _FORWARDED.match(line):
            header = True
            continue
        if header and _HEADER_FIELD.match(line):
            kept += [line] if line.lstrip().lower().startswith("subject:") else []
            continue
        header = False
        # A quote header above any reply text opens quoted history the reply follows: skip it, do not stop.
        if _QUOTE_HEADER.match(line) and not any(k.strip() for k in kept):
            continue
        if _QUOTE_HEADER.match(line) or _SIGNATURE.match(line) or _SENT_FROM.match(line):
            break
        if line.lstrip().startswith(">"):
            continue
        if _CLOSING.match(line) and kept:
            break
        kept.append(line)
    # A greeting line goes only when a question follows it ("Hi team," / "what is ..."), never the question itself.
    while len(kept) > 1 and (not kept[0].strip() or _GREETING.match(kept[0])):
        kept.pop(0)
    return kept


def clean_text(raw: str) -> str:
    """Return the question inside `raw`, or raise Rejected saying why it is not one."""
    if not raw or not raw.strip():
        raise Rejected("The question is empty. Ask about a billing code, or send \"help\" for examples.")
    if len(raw) > MAX_RAW_CHARS:
        raise Rejected(f"The message is too long ({len(raw):,} characters). Ask one question at a time.")
    controls = sum(1 for ch in raw if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if "\x00" in raw or controls > MAX_CONTROL_RATIO * len(raw):
        raise Rejected("That looks like binary data, not a question.")
    text = unicodedata.normalize("NFKC", _ZERO_WIDTH.sub("", _decode_slack(raw)))
    text = "".join(ch if unicodedata.category(ch) != "Cc" or ch == "\n" else " " for ch in text)
    lines = _strip_mail(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    question = " ".join(" ".join(lines).split())
    if not question:
        raise Rejected("I found no question in that message.")
    if len(question) > MAX_QUESTION_CHARS:
        raise Rejected(f"The question is too long ({len(question):,} characters; the limit is {MAX_QUESTION_CHARS:,}). "
                       "Ask one question at a time.")
    return question
