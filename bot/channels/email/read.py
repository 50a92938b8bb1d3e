"""Read an incoming e-mail: safe header values, the sender, the questions in the body, attachments."""

from __future__ import annotations

import email
import email.policy
import email.utils
import hashlib
import logging
import re
from dataclasses import dataclass, field
from email.message import EmailMessage, Message
from html.parser import HTMLParser

log = logging.getLogger(__name__)

MAX_HEADER_CHARS = 200  # copied headers are capped: a Subject is never a payload (ecosystem.md B4)
MAX_REFERENCES = 20  # keep the thread's newest ids only; some clients grow References without bound
MAX_QUESTIONS = 10  # one reply answers at most this many questions; the rest is a paste, not questions
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ADDRESS = re.compile(r"^[^@\s<>\"',;:()\[\]\\]+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+$")
_MSGID = re.compile(r"<[^<>\s]{1,250}>")
_REPLY_PREFIX = re.compile(r"^\s*((re|aw|sv|vs|antw|fwd?|wg)\s*(\[\d+\])?\s*:\s*)+", re.I)
_NUMBERED = re.compile(r"^\s*(?:\(?\d{1,2}[.):]|[-*\u2022])\s+(.+)$")
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table"}


def clean_header(value: object, limit: int = MAX_HEADER_CHARS) -> str:
    """Return a header value safe to copy: control characters (CR, LF ...) become spaces, length capped."""
    text = _CONTROL.sub(" ", str(value or ""))
    return " ".join(text.split())[:limit]


@dataclass(frozen=True, slots=True)
class Incoming:
    """What the bot needs from one message; bodies never leave this object (no logs, no state)."""

    key: str
    message_id: str
    sender: str
    reply_to: str
    subject: str
    references: tuple[str, ...]
    headers: dict[str, str] = field(repr=False)
    questions: tuple[str, ...] = field(default=(), repr=False)
    attachments: int = 0
    too_large: bool = False


class _TextFromHtml(HTMLParser):
    """Collect the visible text of an HTML body, with line breaks at block elements, quotes dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "head", "blockquote"):
            self._skip += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "blockquote") and self._skip:
            self._skip -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Return the visible text of an HTML mail body (quoted <blockquote> history dropped)."""
    parser = _TextFromHtml()
    parser.feed(html)
    parser.close()
    return "\n".join(line.strip() for line in "".join(parser.parts).splitlines())


def parse_bytes(raw: bytes) -> EmailMessage:
    """Parse raw message bytes with the modern policy (decodes declared charsets)."""
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def header(msg: Message, name: str) -> str:
    """Return a header as a cleaned string; a malformed header reads as its raw text, never raises."""
    try:
        value = msg.get(name)
    except Exception:  # a hostile header must not stop the mail from being filed
        value = next((v for k, v in msg.raw_items() if k.lower() == name.lower()), "") \
            if hasattr(msg, "raw_items") else ""
    return clean_header(value, limit=2000) if value is not None else ""


def address(value: str) -> str:
    """Return the lower-cased e-mail address in a From/Reply-To value, or '' if there is none valid."""
    addr = email.utils.parseaddr(clean_header(value, limit=500))[1].strip().lower()
    return addr if _ADDRESS.match(addr) else ""


def message_key(message_id: str, raw: bytes) -> str:
    """Return the idempotency key: the Message-ID, or a sha256 of the raw bytes when there is none."""
    return message_id or "sha256:" + hashlib.sha256(raw).hexdigest()


def reply_subject(subject: str) -> str:
    """Return `Re: <subject>` with repeated Re:/AW:/SV: prefixes collapsed into one."""
    return "Re: " + _REPLY_PREFIX.sub("", subject).strip() if subject.strip() else ""


def _body_text(msg: EmailMessage) -> str:
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
        if part is None:
            return ""
        content = part.get_content()
    except Exception:  # unknown charset or broken transfer encoding: read what can be read
        payload = (part or msg).get_payload(decode=True) if part is not None else b""
        content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    return html_to_text(content) if part.get_content_subtype() == "html" else content


def _strip_reply(text: str) -> str:
    """Drop quoted history and the signature (mail-parser-reply); fall back to the text itself."""
    from mailparser_reply import EmailReplyParser

    try:
        replies = EmailReplyParser(languages=["en", "de"]).read(text=text).replies
        body = replies[0].body if replies else text
    except Exception:  # the library is heuristic; clean_text strips quotes again anyway
        log.warning("reply parser failed; using the whole body")
        body = text
    return body if body.strip() else text


def split_questions(text: str) -> tuple[str, ...]:
    """Return each question of a body: numbered/bulleted lines or lines ending in '?', else the whole text."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    numbered = [m.group(1).strip() for m in map(_NUMBERED.match, lines) if m]
    if len(numbered) >= 2:
        return tuple(numbered[:MAX_QUESTIONS])
    asked = [line for line in lines if line.rstrip().endswith("?")]
    if len(asked) >= 2:
        return tuple(asked[:MAX_QUESTIONS])
    return (text.strip(),) if text.strip() else ()


def _references(msg: Message, message_id: str) -> tuple[str, ...]:
    ids = _MSGID.findall(header(msg, "References")) or _MSGID.findall(header(msg, "In-Reply-To"))
    chain = [i for i in ids if i != message_id][-MAX_REFERENCES:]
    return tuple(chain + [message_id]) if message_id else tuple(chain)


def _count_attachments(msg: EmailMessage) -> int:
    try:
        return sum(1 for _ in msg.iter_attachments())
    except Exception:  # a non-multipart or broken structure simply has none we can see
        return 0


def read_message(raw: bytes, too_large: bool = False) -> Incoming:
    """Read raw bytes (only the header block when `too_large`) into an Incoming; never raises on bad mail."""
    msg = parse_bytes(raw)
    found = _MSGID.search(header(msg, "Message-ID"))
    message_id = found.group(0) if found else ""
    headers = {name: header(msg, name) for name in (
        "Auto-Submitted", "X-Auto-Response-Suppress", "Precedence", "Return-Path", "Content-Type", "Feedback-ID",
        "X-Autoreply", "X-Autorespond", "X-Loop")}
    headers["List"] = " ".join(k for k in msg.keys() if k.lower().startswith("list-"))
    questions: tuple[str, ...] = ()
    attachments = 0
    if not too_large:
        body = _strip_reply(_body_text(msg))
        questions = split_questions(body)
        attachments = _count_attachments(msg)
    subject = clean_header(header(msg, "Subject"))
    if not questions and subject:
        questions = (_REPLY_PREFIX.sub("", subject),) if not too_large else ()
    return Incoming(key=message_key(message_id, raw), message_id=message_id, sender=address(header(msg, "From")),
                    reply_to=address(header(msg, "Reply-To")), subject=subject,
                    references=_references(msg, message_id), headers=headers, questions=questions,
                    attachments=attachments, too_large=too_large)
