"""The Slack channel end to end: the real Bolt app over real HTTP on 127.0.0.1, a fake Web API, real signatures."""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml
from slack_sdk.signature import SignatureVerifier

from bot.answer import Answer
from bot.channels.slack import blocks as sb
from bot.channels.slack.app import build_app
from bot.channels.slack.transport import serve_http_in_thread, socket_mode_handler
from bot.config import Settings
from bot.core import ask
from fakes.slack_api import BOT_ID, BOT_USER_ID

SECRET = "test-signing-secret"
SETTLE = 0.3  # seconds to wait before asserting that nothing more was posted


@pytest.fixture
def settings(slack_api) -> Settings:
    """Settings pointing the Web API client at the fake."""
    return Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET,
                              "SLACK_API_URL": slack_api.url})


def _serve(app):
    server, thread = serve_http_in_thread(app)
    return server, thread, f"http://127.0.0.1:{server.server_address[1]}/slack/events"


@pytest.fixture
def make_server(settings, kb, state_db):
    """Start build_app(...) behind the threaded WSGI server; returns the events URL. Shut down after the test."""
    servers = []

    def start(asker=None) -> str:
        server, thread, url = _serve(build_app(settings, kb, state_db, asker=asker))
        servers.append((server, thread))
        return url

    yield start
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def events_url(make_server) -> str:
    """The events URL of an app that answers with the real ask()."""
    return make_server()


def post(url: str, body: bytes, content_type: str = "application/json", ts: int | None = None,
         secret: str = SECRET, headers: dict | None = None) -> tuple[int, bytes]:
    """POST a signed request; return (status, body)."""
    stamp = str(int(time.time()) if ts is None else ts)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": content_type, "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature,
        **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def event_body(event_id: str, text: str, ts: str, kind: str = "app_mention", channel: str = "C1",
               user: str = "U1", **extra) -> bytes:
    """An Events API envelope for a mention or a DM."""
    event = {"type": kind, "user": user, "text": text, "ts": ts, "channel": channel, "event_ts": ts, **extra}
    if kind == "message":
        event.setdefault("channel_type", "im")
    return json.dumps({"token": "t", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
                       "event_id": event_id, "event_time": int(time.time()), "event": event,
                       "authorizations": [{"team_id": "T1", "user_id": BOT_USER_ID, "is_bot": True}]}).encode()


def action_body(slack_api, action_id: str, value: str, ephemeral: bool = False) -> bytes:
    """An interactivity payload: one button click by U1 on message 111.222 in C1."""
    payload = {"type": "block_actions", "user": {"id": "U1"}, "team": {"id": "T1"}, "api_app_id": "A1",
               "token": "t", "trigger_id": "trig", "response_url": slack_api.response_url("act"),
               "container": {"type": "message", "message_ts": "111.222", "channel_id": "C1",
                             "is_ephemeral": ephemeral},
               "channel": {"id": "C1"},
               "actions": [{"type": "button", "action_id": action_id, "block_id": "b", "value": value,
                            "action_ts": "1"}]}
    if not ephemeral:
        payload["message"] = {"ts": "111.222", "text": "x"}
    return ("payload=" + urllib.parse.quote(json.dumps(payload))).encode()


FORM = "application/x-www-form-urlencoded"


def expected(question: str, share: bool = False) -> dict:
    """What the bot should send for `question`."""
    return sb.answer_message(ask(question), question, share=share)


def test_mention_gets_one_threaded_reply(slack_api, events_url, caplog):
    caplog.set_level(logging.INFO)
    assert post(events_url, event_body("Ev1", f"<@{BOT_USER_ID}> what is 98981", "100.001"))[0] == 200
    posts = slack_api.wait_for("chat.postMessage", 1)
    time.sleep(SETTLE)
    posts = slack_api.bodies("chat.postMessage")
    assert 1 == len(posts)
    assert ("C1", "100.001") == (posts[0]["channel"], posts[0]["thread_ts"])
    assert expected("what is 98981")["text"] == posts[0]["text"]
    blocks = posts[0]["blocks"]
    assert {"type": "plain_text", "text": "98981 - RTM treatment management, each additional 20 minutes"} == blocks[0]["text"]
    assert "_CPT · RTM_" == blocks[1]["text"]["text"].splitlines()[0]
    assert ["feedback_up", "feedback_down"] == [e["action_id"] for e in blocks[-1]["elements"]]
    assert blocks[-3]["type"] == "context" and blocks[-3]["elements"][-1]["text"].startswith("Knowledge ")
    assert "what is 98981" not in caplog.text  # logs never hold message text


def test_bad_signature_is_401_and_nothing_posted(slack_api, events_url):
    status, _ = post(events_url, event_body("Ev2", "what is 98981", "100.002"), secret="wrong")
    assert 401 == status
    post(events_url, event_body("Ev2b", "what is 98980", "100.102"))  # a valid sentinel after it
    slack_api.wait_for("chat.postMessage", 1)
    assert ["100.102"] == [b["thread_ts"] for b in slack_api.bodies("chat.postMessage")]


def test_hour_old_timestamp_is_401(slack_api, events_url):
    assert 401 == post(events_url, event_body("Ev3", "what is 98981", "100.003"), ts=int(time.time()) - 3600)[0]
    time.sleep(SETTLE)
    assert [] == slack_api.bodies("chat.postMessage")


def test_url_verification_echoes_challenge(events_url):
    body = json.dumps({"token": "t", "challenge": "c-123", "type": "url_verification"}).encode()
    status, reply = post(events_url, body)
    assert (200, {"challenge": "c-123"}) == (status, json.loads(reply))


def test_same_event_id_twice_posts_once(slack_api, events_url):
    body = event_body("Ev4", "<@UBOT> what is 98981", "100.004")
    assert 200 == post(events_url, body)[0]
    assert 200 == post(events_url, body, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})[0]
    post(events_url, event_body("Ev4b", "what is 98980", "100.104"))
    slack_api.wait_for("chat.postMessage", 2)
    time.sleep(SETTLE)
    assert ["100.004", "100.104"] == sorted(b["thread_ts"] for b in slack_api.bodies("chat.postMessage"))


def test_mention_and_message_twin_answered_once(slack_api, events_url):
    post(events_url, event_body("Ev5a", "<@UBOT> what is 98981", "100.005", channel="D1"))
    post(events_url, event_body("Ev5b", "<@UBOT> what is 98981", "100.005", kind="message", channel="D1"))
    slack_api.wait_for("chat.postMessage", 1)
    time.sleep(SETTLE)
    assert 1 == len(slack_api.bodies("chat.postMessage"))


def test_own_bot_edits_and_other_bots_ignored(slack_api, events_url):
    post(events_url, event_body("Ev6a", "what is 98981", "100.006", kind="message", channel="D1", user=BOT_USER_ID))
    post(events_url, event_body("Ev6b", "what is 98981", "100.016", kind="message", channel="D1", bot_id=BOT_ID))
    post(events_url, event_body("Ev6c", "what is 98981", "100.026", kind="message", channel="D1", bot_id="BOTHER"))
    post(events_url, event_body("Ev6d", "what is 98981", "100.036", kind="message", channel="D1",
                                subtype="message_changed"))
    post(events_url, event_body("Ev6e", "what is 98981", "100.046", kind="message", channel="C9",
                                channel_type="channel"))
    post(events_url, event_body("Ev6f", "what is 98980", "100.056", kind="message", channel="D1"))  # sentinel
    posts = slack_api.wait_for("chat.postMessage", 1)
    time.sleep(SETTLE)
    assert [("D1", None)] == [(b["channel"], b.get("thread_ts")) for b in slack_api.bodies("chat.postMessage")]
    assert expected("what is 98980")["text"] == posts[0]["text"]


def test_slash_command_acks_then_responds_ephemerally(slack_api, events_url):
    form = urllib.parse.urlencode({"command": "/codebot", "text": "what is 98981", "user_id": "U1",
                                   "channel_id": "C1", "team_id": "T1", "trigger_id": "trig",
                                   "response_url": slack_api.response_url("cmd"), "token": "t"}).encode()
    started = time.monotonic()
    status, reply = post(events_url, form, FORM)
    assert (200, b"") == (status, reply)
    assert time.monotonic() - started < 3
    [response] = slack_api.wait_for("response", 1)
    assert "ephemeral" == response["response_type"]
    assert expected("what is 98981", share=True) == {"text": response["text"], "blocks": response["blocks"]}
    share = [b for b in response["blocks"] if b.get("block_id") == "share"][0]["elements"][0]
    assert ("share_in_channel", "what is 98981") == (share["action_id"], share["value"])


def test_share_button_posts_in_channel(slack_api, events_url):
    assert 200 == post(events_url, action_body(slack_api, "share_in_channel", "what is 98981", True), FORM)[0]
    responses = slack_api.wait_for("response", 2)
    assert "in_channel" == responses[0]["response_type"]
    assert expected("what is 98981")["text"] == responses[0]["text"]
    assert {"delete_original": True} == {k: v for k, v in responses[1].items() if k == "delete_original"}


def test_slash_quiz_routes_to_quiz_module(slack_api, events_url):
    form = urllib.parse.urlencode({"command": "/codebot", "text": "quiz", "user_id": "U1", "channel_id": "C1",
                                   "team_id": "T1", "response_url": slack_api.response_url("q")}).encode()
    assert 200 == post(events_url, form, FORM)[0]
    assert 1 == len(slack_api.wait_for("response", 1))


def test_did_you_mean_button_answers_chosen_code_in_place(slack_api, events_url):
    assert 200 == post(events_url, action_body(slack_api, "dym_1", "98980"), FORM)[0]
    [update] = slack_api.wait_for("chat.update", 1)
    assert ("C1", "111.222") == (update["channel"], update["ts"])
    assert expected("what is 98980") == {"text": update["text"], "blocks": update["blocks"]}


def test_feedback_click_is_stored_without_text(slack_api, events_url, state_db):
    message = expected("what is 98981")
    down = [e for e in message["blocks"][-1]["elements"] if e["action_id"] == "feedback_down"][0]
    assert 200 == post(events_url, action_body(slack_api, "feedback_down", down["value"]), FORM)[0]
    slack_api.wait_for("response", 1)
    rows = [dict(r) for r in state_db.feedback("down")]
    assert [("slack", "U1", sb.question_hash("what is 98981"), "98981", "answered", "down")] == [
        (r["channel"], r["user_id"], r["question_hash"], r["codes"], r["status"], r["verdict"]) for r in rows]


def test_rate_limited_post_is_retried_and_posted_once(slack_api, events_url):
    slack_api.script("chat.postMessage", 429, headers={"Retry-After": "0"})
    post(events_url, event_body("Ev7", "<@UBOT> what is 98981", "100.007"))
    slack_api.wait_for("chat.postMessage", 1)
    time.sleep(SETTLE)
    assert [429, 200] == [c.status for c in slack_api.calls("chat.postMessage", ok_only=False)]
    assert 1 == len(slack_api.bodies("chat.postMessage"))


def test_listener_error_is_logged_and_apologised_for(slack_api, make_server, caplog):
    def broken(text: str) -> Answer:
        raise RuntimeError("boom")

    url = make_server(asker=broken)
    caplog.set_level(logging.ERROR)
    post(url, event_body("Ev8", "<@UBOT> what is 98981", "100.008"))
    [apology] = slack_api.wait_for("chat.postMessage", 1)
    assert ("C1", "100.008", sb.apology()) == (apology["channel"], apology["thread_ts"], apology["text"])
    failures = [r for r in caplog.records if r.getMessage().startswith("listener failed")]
    assert 1 == len(failures) and failures[0].exc_info[0] is RuntimeError
    assert "what is 98981" not in caplog.text


def test_pasted_mentions_never_ping(slack_api, make_server):
    def echo(text: str) -> Answer:  # a core that echoed the question would still be escaped
        return Answer(status="unknown", intent="help", message=f"I don't know {text}", year=2026)

    url = make_server(asker=echo)
    post(url, event_body("Ev9", "<@UBOT> what is <!channel> <@U1> & <https://evil|x>", "100.009"))
    [reply] = slack_api.wait_for("chat.postMessage", 1)
    assert ('I don\'t know what is &lt;!channel&gt; &lt;@U1&gt; &amp; &lt;https://evil|x&gt;\n'
            'Try "help" for examples.') == reply["text"]
    assert reply["text"] == reply["blocks"][0]["text"]["text"]


def test_real_answer_with_pasted_channel_mention(slack_api, events_url):
    post(events_url, event_body("Ev10", "<@UBOT> <!channel> what is 9898 <@U1>", "100.010"))
    [reply] = slack_api.wait_for("chat.postMessage", 1)
    dumped = json.dumps(reply)
    assert "<!channel>" not in dumped and "<@U1>" not in dumped
    assert ["98968", "98978", "98980", "98981", "98984", "98985", "98986"] == [
        e["value"] for e in reply["blocks"][1]["elements"]]


def test_app_home_shows_version_and_sources(slack_api, events_url, kb):
    post(events_url, event_body("Ev11", "", "100.011", kind="app_home_opened", tab="home"))
    [publish] = slack_api.wait_for("views.publish", 1)
    assert "U1" == publish["user_id"]
    texts = json.dumps(publish["view"])
    assert kb.version in texts and "what is 98981?" in texts
    sources = sum(len(b["elements"]) for b in publish["view"]["blocks"] if b["type"] == "context")
    assert len(kb.sources) == sources


def test_fifty_events_at_once_each_answered_once(slack_api, events_url):
    bodies = [event_body(f"EvM{i}", f"<@UBOT> what is 9898{i % 2}", f"200.{i:03d}") for i in range(50)]
    statuses: list[int] = []
    threads = [threading.Thread(target=lambda b=b: statuses.append(post(events_url, b)[0])) for b in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=15)
    assert [200] * 50 == statuses
    slack_api.wait_for("chat.postMessage", 50, timeout=20)
    time.sleep(SETTLE)
    assert [f"200.{i:03d}" for i in range(50)] == sorted(b["thread_ts"] for b in slack_api.bodies("chat.postMessage"))


def test_long_answer_is_split_within_limits():
    answer = Answer(status="unknown", intent="help", message=("word " * 700 + "\n") * 5, year=2026)
    message = sb.answer_message(answer, "q")
    sections = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    assert all(len(s) <= 3000 for s in sections) and len(message["blocks"]) <= 50
    assert " ".join(answer.message.split()) + ' Try "help" for examples.' == " ".join(" ".join(sections).split())


def test_socket_mode_through_local_websocket(slack_api, kb, state_db):
    from websockets.sync.server import serve

    received: list[dict] = []
    envelope = {"envelope_id": "env-1", "type": "events_api", "accepts_response_payload": False,
                "retry_attempt": 0, "retry_reason": "",
                "payload": json.loads(event_body("EvS1", "<@UBOT> what is 98981", "300.001"))}

    def handler(ws) -> None:
        ws.send(json.dumps({"type": "hello", "num_connections": 1}))
        ws.send(json.dumps(envelope))
        try:
            for frame in ws:
                received.append(json.loads(frame))
        except Exception:  # the client closing the socket ends the loop
            pass

    with serve(handler, "127.0.0.1", 0) as ws_server:
        threading.Thread(target=ws_server.serve_forever, daemon=True).start()
        slack_api.ws_url = f"ws://127.0.0.1:{ws_server.socket.getsockname()[1]}/link"
        settings = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-1-test",
                                      "SLACK_API_URL": slack_api.url})
        handler_ = socket_mode_handler(build_app(settings, kb, state_db), settings.slack_app_token)
        handler_.connect()
        try:
            [reply] = slack_api.wait_for("chat.postMessage", 1, timeout=20)
            deadline = time.monotonic() + 5
            while not received and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            handler_.close()
            ws_server.shutdown()
    assert ("C1", "300.001") == (reply["channel"], reply["thread_ts"])
    assert expected("what is 98981")["text"] == reply["text"]
    assert {"envelope_id": "env-1"} == received[0]


def test_manifest_declares_what_the_app_listens_to():
    manifest = yaml.safe_load((Path(__file__).parents[2] / "app.yaml").read_text())
    assert ["app_home_opened", "app_mention", "message.im"] == sorted(
        manifest["settings"]["event_subscriptions"]["bot_events"])
    assert ["/codebot"] == [c["command"] for c in manifest["features"]["slash_commands"]]
    assert ["app_mentions:read", "chat:write", "commands", "im:history"] == sorted(
        manifest["oauth_config"]["scopes"]["bot"])
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True


def test_cli_slack_names_missing_setting(cli_run, monkeypatch):
    for name in ("SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    from click.testing import CliRunner

    from bot.commands.cli import cli

    result = CliRunner().invoke(cli, ["slack", "--http"])
    assert 1 == result.exit_code
    assert ("Error: 2 settings to fix (see README): SLACK_BOT_TOKEN is not set: bot token (xoxb-...); "
            "SLACK_SIGNING_SECRET is not set: signing secret for the HTTP transport.\n") == result.output


def test_cli_feedback_lists_thumbs_down(cli_run, codebot_home):
    from bot.state import StateDB

    StateDB().record_feedback("slack", "U7", "abc123", ["98981"], "answered", "down")
    result = cli_run("feedback")
    line = result.output.splitlines()[0]
    assert ["down", "slack", "U7", "answered", "98981", "abc123"] == line.split()[2:]


def test_answer_shows_its_reading_under_the_headline(slack_api, events_url):
    question = "RPM: our MA spent 14 minutes with one call this month, what do we bill?"
    assert 200 == post(events_url, event_body("EvR1", f"<@{BOT_USER_ID}> {question}", "100.020"))[0]
    [posted] = slack_api.wait_for("chat.postMessage", 1)
    assert expected(question) == {"text": posted["text"], "blocks": posted["blocks"]}
    first = posted["blocks"][1]["text"]["text"].splitlines()[0]
    assert first.startswith("_Read as: ") and "14 min (staff)" in first and "RPM" in first
    assert {"99470": 1} == {l.code: l.units for l in ask(question).billing.lines}


def test_clarify_offers_choices_as_buttons_and_a_press_asks_the_choice(slack_api, events_url):
    question = "Which TCM code? Patient seen 5 days after discharge."
    answer = ask(question)
    assert "clarify" == answer.status
    assert 200 == post(events_url, event_body("EvR2", f"<@{BOT_USER_ID}> {question}", "100.021"))[0]
    [posted] = slack_api.wait_for("chat.postMessage", 1)
    assert posted["text"].startswith("*What was the level of medical decision making?*")
    [actions] = [b for b in posted["blocks"] if b.get("block_id") == "clarify"]
    assert [c.question for c in answer.choices] == [e["value"] for e in actions["elements"]]
    assert [c.label for c in answer.choices] == [e["text"]["text"] for e in actions["elements"]]
    high = actions["elements"][0]
    assert 200 == post(events_url, action_body(slack_api, high["action_id"], high["value"]), FORM)[0]
    [update] = slack_api.wait_for("chat.update", 1)
    assert ("C1", "111.222") == (update["channel"], update["ts"])
    assert expected(high["value"]) == {"text": update["text"], "blocks": update["blocks"]}
    assert ["99496"] == [l.code for l in ask(high["value"]).billing.lines]
