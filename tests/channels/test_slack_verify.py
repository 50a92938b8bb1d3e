"""Unverified Slack requests: no side effect at all (no post, no response_url call), over real HTTP (issue 15.1)."""

from __future__ import annotations

import http.client
import json
import time
import urllib.parse

import pytest
from slack_sdk.signature import SignatureVerifier

from bot.channels.slack.transport import MAX_BODY_BYTES
from test_slack import FORM, SECRET, event_body, make_server, post, settings  # noqa: F401 (fixtures)

SETTLE = 0.3


def raw_post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    """POST exactly these headers and body (no signing): returns (status, body)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("POST", parts.path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def signed(body: bytes, stamp: str, content_type: str = "application/json") -> dict[str, str | bytes]:
    """Headers with a correct signature for `stamp`, whatever the stamp is (sent as UTF-8 bytes)."""
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp.encode("utf-8"),
            "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)}


def hostile_bodies(slack_api) -> dict[str, bytes]:
    """Bodies that name a channel, a thread and a response_url: what a forger wants the bot to act on."""
    command = urllib.parse.urlencode({"command": "/codebot", "text": "what is 98981", "user_id": "U1",
                                      "channel_id": "C1", "response_url": slack_api.response_url("forged")})
    return {"event": event_body("EvF1", "<@UBOT> what is 98981", "900.001"), "command": command.encode()}


def side_effects(slack_api) -> list[str]:
    """Every call the fake received other than the app's own auth.test."""
    return [c.method for c in slack_api.calls(ok_only=False) if c.method != "auth.test"]


@pytest.fixture
def url(make_server) -> str:
    """An app whose listeners would answer anything that reached them."""
    return make_server()


@pytest.mark.parametrize("stamp", ["abc", "1e3", "", " 1", "-1", "99999999999999999999999", "1.5", "١٢٣"])
@pytest.mark.parametrize("kind", ["event", "command"])
def test_malformed_timestamp_is_401_with_no_side_effect(slack_api, url, stamp, kind):
    body = hostile_bodies(slack_api)[kind]
    ctype = "application/json" if kind == "event" else FORM
    status, _ = raw_post(url, body, signed(body, stamp, ctype))
    assert 401 == status
    time.sleep(SETTLE)
    assert [] == side_effects(slack_api)


@pytest.mark.parametrize("signature", ["", "v0=", "v0=zz", "v1=" + "0" * 64, "x" * 5000, "v0=" + "0" * 64])
def test_malformed_or_wrong_signature_is_401_with_no_side_effect(slack_api, url, signature):
    body = hostile_bodies(slack_api)["event"]
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": str(int(time.time())),
               "X-Slack-Signature": signature}
    assert 401 == raw_post(url, body, headers)[0]
    time.sleep(SETTLE)
    assert [] == side_effects(slack_api)


def test_missing_headers_are_401(slack_api, url):
    assert 401 == raw_post(url, hostile_bodies(slack_api)["event"], {"Content-Type": "application/json"})[0]
    time.sleep(SETTLE)
    assert [] == side_effects(slack_api)


@pytest.mark.parametrize("body, ctype", [
    (b"{not json", "application/json"),
    (b"[1, 2]", "application/json"),
    (b'"a string"', "application/json"),
    (b"payload=%7Bnot+json", FORM),
    (b"payload=%5B1%5D", FORM),
])
def test_signed_malformed_body_is_400_with_no_side_effect(slack_api, url, body, ctype):
    status, _ = raw_post(url, body, signed(body, str(int(time.time())), ctype))
    assert 400 == status
    time.sleep(SETTLE)
    assert [] == side_effects(slack_api)


def test_body_that_is_not_utf8_is_400_with_no_side_effect(slack_api, url):
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": str(int(time.time())),
               "X-Slack-Signature": "v0=" + "0" * 64}
    assert 400 == raw_post(url, b"\xff\xfe{}", headers)[0]
    time.sleep(SETTLE)
    assert [] == side_effects(slack_api)


def test_body_over_the_limit_is_refused_before_it_is_read(slack_api, url):
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    started = time.monotonic()
    try:
        conn.putrequest("POST", parts.path)
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(MAX_BODY_BYTES + 1))
        conn.putheader("X-Slack-Request-Timestamp", str(int(time.time())))
        conn.putheader("X-Slack-Signature", "v0=" + "0" * 64)
        conn.endheaders(b"{")  # the rest of the body never comes: the refusal must not wait for it
        status = conn.getresponse().status
    finally:
        conn.close()
    assert 413 == status
    assert time.monotonic() - started < 5
    time.sleep(SETTLE)
    assert [] == side_effects(slack_api)


def test_a_valid_request_after_the_refusals_is_answered(slack_api, url):
    forged = hostile_bodies(slack_api)["event"]
    raw_post(url, forged, signed(forged, "abc"))
    assert 200 == post(url, event_body("EvOK", "<@UBOT> what is 98980", "900.002"))[0]
    [reply] = slack_api.wait_for("chat.postMessage", 1)
    time.sleep(SETTLE)
    assert ["900.002"] == [b["thread_ts"] for b in slack_api.bodies("chat.postMessage")]
    assert "98980" in json.dumps(reply)


def test_bolt_behind_no_gate_still_acts_on_nothing_unverified(slack_api, settings, kb, state_db):  # noqa: F811
    from slack_bolt.request import BoltRequest

    from bot.channels.slack.app import build_app

    app = build_app(settings, kb, state_db)
    body = hostile_bodies(slack_api)["event"].decode()
    headers = {k: v.decode() if isinstance(v, bytes) else v for k, v in signed(body.encode(), "abc").items()}
    response = app.dispatch(BoltRequest(body=body, headers=headers))
    assert response.status >= 400
    time.sleep(SETTLE)
    assert [] == side_effects(slack_api)
