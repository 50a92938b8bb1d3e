"""Who gets an answer: RFC 3834 loop prevention, an allow-list of sender domains and a per-sender rate limit."""

from __future__ import annotations

import re

from bot.channels.email.read import Incoming

RATE_WINDOW_SECONDS = 3600  # CODEBOT_EMAIL_RATE_PER_HOUR counts replies in this window (RFC 3834 section 2)
_AUTOMATED_LOCAL = re.compile(r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|noreply-.*|bounces?(\+.*)?)$",
                              re.I)
_SUPPRESS = re.compile(r"\b(all|autoreply|dr|oof)\b", re.I)
_BULK = re.compile(r"^\s*(bulk|list|junk)\b", re.I)
_ADDRESSES = re.compile(r"[^\s<>,;:\"()]+@[^\s<>,;:\"()]+")
_AUTO_REPLY_PRECEDENCE = re.compile(r"^\s*auto[-_]?reply\b", re.I)


def _header_reason(mail: Incoming, own: str) -> str | None:
    """Return why the headers say this mail is automatic (RFC 3834, RFC 2369/2919, common X- markers), or None."""
    h = mail.headers
    auto = h.get("Auto-Submitted", "").strip().lower()
    checks = [
        (bool(auto) and not auto.startswith("no"), "auto-submitted"),
        (bool(_SUPPRESS.search(h.get("X-Auto-Response-Suppress", ""))), "auto-response suppressed"),
        (bool(h.get("X-Autoreply") or h.get("X-Autorespond")), "auto-reply header"),
        (any(same_mailbox(a, own) for a in _ADDRESSES.findall(h.get("X-Loop", ""))), "X-Loop names the bot"),
        (bool(h.get("List")) or bool(h.get("Feedback-ID")), "mailing list"),
        (bool(_BULK.match(h.get("Precedence", ""))), "bulk precedence"),
        (bool(_AUTO_REPLY_PRECEDENCE.match(h.get("Precedence", ""))), "auto-reply precedence"),
        (h.get("Content-Type", "").lower().startswith("multipart/report"), "delivery report"),
        (h.get("Return-Path", "").replace(" ", "") == "<>", "null return path"),
    ]
    return next((why for hit, why in checks if hit), None)


def domain_allowed(address: str, allowed: tuple[str, ...]) -> bool:
    """Return True if the address's domain (or a parent domain) is in the allow-list; '*' allows all."""
    if "*" in allowed:
        return True
    domain = address.rpartition("@")[2].lower()
    return any(domain == d or domain.endswith("." + d) for d in (a.lstrip("@").lower() for a in allowed))


def same_mailbox(address: str, own: str) -> bool:
    """True when `address` is `own`, or `own` with a +tag (codes+anything@example.test)."""
    local, _, domain = address.lower().rpartition("@")
    own_local, _, own_domain = own.lower().rpartition("@")
    return bool(own_local) and domain == own_domain and local.partition("+")[0] == own_local.partition("+")[0]


def refusal(mail: Incoming, own_address: str, allowed: tuple[str, ...]) -> str | None:
    """Return why the bot must not reply to this mail (no rate check), or None if it may."""
    own = own_address.strip().lower()
    reason = _header_reason(mail, own)
    if reason:
        return reason
    if not mail.sender:
        return "no valid sender address"
    local = mail.sender.partition("@")[0]
    if _AUTOMATED_LOCAL.match(local):
        return "automated sender"
    if own and any(same_mailbox(a, own) for a in (mail.sender, mail.reply_to) if a):
        return "the bot's own address"
    if not domain_allowed(mail.sender, allowed):
        return "sender domain not in CODEBOT_EMAIL_ALLOWED_DOMAINS"
    return None


def recipient(mail: Incoming, allowed: tuple[str, ...]) -> str:
    """Return where the reply goes: Reply-To when its domain is allowed too, else From."""
    if mail.reply_to and domain_allowed(mail.reply_to, allowed):
        return mail.reply_to
    return mail.sender


def rate_limited(replies_in_window: int, per_hour: int) -> bool:
    """Return True when the sender already got `per_hour` replies in the last hour."""
    return replies_in_window >= per_hour
