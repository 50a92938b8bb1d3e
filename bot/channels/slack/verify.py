"""A WSGI gate in front of Bolt: a request whose Slack signature does not verify never reaches the app."""

from __future__ import annotations

import io
import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from slack_sdk.signature import SignatureVerifier

log = logging.getLogger(__name__)

# ASCII digits only: int() alone also takes ' 1', '1_0' and other scripts' digits, and raises on 'abc' or '1e3'.
TIMESTAMP = re.compile(r"[0-9]{1,12}")
SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


def _refuse(start_response: Callable, status: str) -> list[bytes]:
    """A short plain-text refusal (the server closes the connection after it, unread body and all)."""
    body = status.encode("ascii")
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]


def _content_length(environ: dict) -> int | None:
    raw = environ.get("CONTENT_LENGTH") or ""
    return int(raw) if raw.isascii() and raw.isdigit() else None


def _utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def well_formed(body: bytes, content_type: str) -> bool:
    """True when Bolt can parse the body the way it will (JSON object, or a form whose payload is a JSON object)."""
    try:
        text = body.decode("utf-8")
        if content_type.split(";")[0].strip() == "application/json" or text.startswith("{"):
            return isinstance(json.loads(text), dict)
        if "payload" in text:
            payload = dict(parse_qsl(text, keep_blank_values=True)).get("payload")
            return payload is None or isinstance(json.loads(payload), dict)
        parse_qsl(text, keep_blank_values=True)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    return True


class SignedOnly:
    """Wrap a WSGI app: POSTs need a body within `max_body` bytes and a valid Slack signature (else 413/401/400)."""

    def __init__(self, app: WSGIApp, signing_secret: str, max_body: int, clock: Any = None) -> None:
        self.app = app
        self.max_body = max_body
        self.verifier = SignatureVerifier(signing_secret, clock=clock) if clock else SignatureVerifier(signing_secret)

    def verified(self, environ: dict, body: bytes) -> bool:
        """Check the timestamp's and the signature's form, then the signature itself (and a 5-minute window)."""
        stamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
        signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
        if not (TIMESTAMP.fullmatch(stamp) and SIGNATURE.fullmatch(signature)):
            return False
        return self.verifier.is_valid(body, stamp, signature)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """Pass a verified, well-formed request on with its body; refuse anything else without parsing it."""
        if environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        length = _content_length(environ)
        if length is None:
            return _refuse(start_response, "411 Length Required")
        if length > self.max_body:
            log.warning("slack http: refused a %d-byte body (limit %d)", length, self.max_body)
            return _refuse(start_response, "413 Payload Too Large")
        body = environ["wsgi.input"].read(length) if length else b""
        if not _utf8(body):  # Slack signs and sends UTF-8 only; nothing else can carry a valid signature
            return _refuse(start_response, "400 Bad Request")
        if len(body) != length or not self.verified(environ, body):
            log.info("slack http: refused a request whose signature did not verify")
            return _refuse(start_response, "401 Unauthorized")
        if not well_formed(body, environ.get("CONTENT_TYPE", "")):
            log.info("slack http: refused a signed but malformed body")
            return _refuse(start_response, "400 Bad Request")
        environ["wsgi.input"] = io.BytesIO(body)
        return self.app(environ, start_response)
