"""Build the reply: every question's Answer rendered as text and HTML in one threaded, auto-replied message."""

from __future__ import annotations

import email.message
import email.utils
from dataclasses import dataclass

from markupsafe import Markup

from bot.answer import Answer
from bot.channels.email.read import Incoming, clean_header, reply_subject
from bot.render import environment, render_answer

QUOTE_CHARS = 160  # a multi-question reply quotes each question this far, no more (PHI minimisation, C3)
FALLBACK_SUBJECT = "Your coding question"


@dataclass(frozen=True, slots=True)
class Reply:
    """A reply ready to send: the recipient and the message."""

    to: str
    message: email.message.EmailMessage


def _sections(questions: tuple[str, ...], answers: list[Answer]) -> list[dict]:
    sections = []
    for question, answer in zip(questions, answers):
        rendered = render_answer(answer, "email")
        quote = clean_header(question, QUOTE_CHARS)
        sections.append({"question": quote, "text": rendered.text, "html": Markup(rendered.html),
                         "subject": rendered.subject, "status": answer.status})
    return sections


def _body(sections: list[dict], mail: Incoming, size: int, limit: int) -> tuple[str, str]:
    context = {"sections": sections, "attachments": mail.attachments, "too_large": mail.too_large,
               "size_mb": f"{size / 1_000_000:.1f}", "limit_mb": f"{limit / 1_000_000:.1f}"}
    text = environment("text").get_template("email/reply.txt").render(context).strip() + "\n"
    html = environment("html").get_template("email/reply.html").render(context).strip() + "\n"
    return text, html


def _subject(mail: Incoming, sections: list[dict]) -> str:
    if mail.subject.strip():
        return reply_subject(mail.subject)
    return sections[0]["subject"] if len(sections) == 1 else FALLBACK_SUBJECT


def build_reply(mail: Incoming, to: str, answers: list[Answer], from_address: str, size: int = 0,
                limit: int = 0) -> Reply:
    """Return the threaded multipart/alternative reply (RFC 3834 Auto-Submitted: auto-replied)."""
    sections = _sections(mail.questions, answers)
    text, html = _body(sections, mail, size, limit)
    msg = email.message.EmailMessage()
    # Every copied value went through clean_header: Python 3.11.7 predates the CVE-2024-6923 fix (B4).
    msg["Subject"] = clean_header(_subject(mail, sections)) or FALLBACK_SUBJECT
    msg["From"] = from_address
    msg["To"] = to
    msg["Date"] = email.utils.formatdate(localtime=False)
    msg["Message-ID"] = email.utils.make_msgid(domain=from_address.rpartition("@")[2] or None)
    if mail.message_id:
        msg["In-Reply-To"] = mail.message_id
    if mail.references:
        msg["References"] = " ".join(mail.references)
    msg["Auto-Submitted"] = "auto-replied"
    msg["X-Loop"] = from_address  # another bot that honours X-Loop will not answer this answer
    msg["X-Auto-Response-Suppress"] = "All"  # Exchange: no out-of-office replies to the bot
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return Reply(to=to, message=msg)
