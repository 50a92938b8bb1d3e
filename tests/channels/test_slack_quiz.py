"""Slack quizzes end to end: the real Bolt app over real HTTP, signed requests, the local fake Web API."""

from __future__ import annotations

import datetime as dt
import json
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier

from bot.channels.slack import quiz as slack_quiz
from bot.channels.slack.app import build_app
from bot.channels.slack.transport import serve_http_in_thread
from bot.config import Settings
from bot.quiz import make_quiz, views
from bot.quiz.model import Question

SECRET = "quiz-signing-secret"
FORM = "application/x-www-form-urlencoded"
SETTLE = 0.3  # seconds to wait before asserting that nothing more was sent


@pytest.fixture
def settings(slack_api) -> Settings:
    """Settings pointing the Web API client at the fake; a weekly quiz channel set."""
    return Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET,
                              "SLACK_API_URL": slack_api.url, "CODEBOT_QUIZ_CHANNEL": "CQUIZ"})


@pytest.fixture
def events_url(settings, kb, state_db):
    """build_app(...) served over HTTP on 127.0.0.1:0; the events URL."""
    server, thread = serve_http_in_thread(build_app(settings, kb, state_db))
    yield f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def post(url: str, body: bytes) -> int:
    """POST a form body signed with the app's secret; return the HTTP status."""
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": FORM, "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def command(slack_api, text: str, user: str = "U1") -> bytes:
    """A signed-ready /codebot slash-command body."""
    return urllib.parse.urlencode({"command": "/codebot", "text": text, "user_id": user, "channel_id": "C1",
                                   "team_id": "T1", "trigger_id": "trig", "token": "t",
                                   "response_url": slack_api.response_url("cmd")}).encode()


def click(slack_api, button: dict, user: str = "U1") -> bytes:
    """A block_actions payload: `user` clicks `button` on an ephemeral message in C1."""
    payload = {"type": "block_actions", "user": {"id": user}, "team": {"id": "T1"}, "api_app_id": "A1",
               "token": "t", "trigger_id": "trig", "response_url": slack_api.response_url("act"),
               "container": {"type": "message", "message_ts": "111.222", "channel_id": "C1", "is_ephemeral": True},
               "channel": {"id": "C1"},
               "actions": [{"type": "button", "action_id": button["action_id"], "block_id": "b",
                            "value": button["value"], "action_ts": "1"}]}
    return ("payload=" + urllib.parse.quote(json.dumps(payload))).encode()


def buttons(message: dict) -> list[dict]:
    """The buttons of a message's last actions block."""
    return [b for b in message["blocks"] if b["type"] == "actions"][-1]["elements"]


def session_row(state_db) -> dict:
    return dict(state_db.row("select * from quiz_sessions"))


def test_slack_quiz_start_right_wrong_finish_and_leaderboard(slack_api, events_url, kb, state_db):
    assert 200 == post(events_url, command(slack_api, "quiz rtm 3"))
    [start] = slack_api.wait_for("response", 1)
    row = session_row(state_db)
    quiz = make_quiz(kb, "RTM", 3, row["seed"])
    assert ("U1", "slack:C1", "RTM", 3) == (row["user_id"], row["channel"], row["family"], row["n"])
    assert ("ephemeral", views.question_text(quiz.questions[0], 1, 3, "slack").strip()) == (start["response_type"], start["text"])
    first = buttons(start)
    assert [f"quiz_answer_{i}" for i in range(len(quiz.questions[0].choices))] == [b["action_id"] for b in first]

    assert 200 == post(events_url, click(slack_api, first[quiz.questions[0].key]))  # right
    answered, second = slack_api.wait_for("response", 3)[1:]
    assert answered["replace_original"] is True and not [b for b in answered["blocks"] if b["type"] == "actions"]
    assert answered["text"].startswith(f":white_check_mark: *Right:* {quiz.questions[0].key_letter}. ")
    assert views.question_text(quiz.questions[1], 2, 3, "slack").strip() == second["text"]

    q2 = quiz.questions[1]
    wrong = (q2.key + 1) % len(q2.choices)
    assert 200 == post(events_url, click(slack_api, buttons(second)[wrong]))  # wrong
    answered, third = slack_api.wait_for("response", 5)[3:]
    assert answered["text"].startswith(f":x: *Wrong:* you chose {'ABCD'[wrong]}; the answer is *{q2.key_letter}.* ")
    assert "*Sources:* <http" in answered["text"]

    assert 200 == post(events_url, click(slack_api, buttons(third)[quiz.questions[2].key]))  # right, last
    done = slack_api.wait_for("response", 7)[6]
    assert "*Quiz finished: 2/3* (67%). See the leaderboard with `/codebot quiz scores`." == done["text"]
    assert 2 == session_row(state_db)["score"]

    assert 200 == post(events_url, click(slack_api, buttons(third)[0]))  # a late second click changes nothing
    time.sleep(SETTLE)
    assert 7 == len(slack_api.calls("response"))

    assert 200 == post(events_url, command(slack_api, "quiz scores"))
    board = slack_api.wait_for("response", 8)[7]
    assert "*Quiz leaderboard*\n1. <@U1>: 2/3 right (67%), 1 quiz(zes) finished, best 2" == board["text"]


def test_someone_elses_buttons_do_not_count(slack_api, events_url, state_db):
    post(events_url, command(slack_api, "quiz RPM 2"))
    [start] = slack_api.wait_for("response", 1)
    assert 200 == post(events_url, click(slack_api, buttons(start)[0], user="U2"))
    reply = slack_api.wait_for("response", 2)[1]
    assert "This is <@U1>'s quiz. Start your own with `/codebot quiz`." == reply["text"]
    assert 0 == state_db.counts()["quiz_answers"]


def test_unknown_family_and_bad_count_explain_usage(slack_api, events_url, state_db, kb):
    post(events_url, command(slack_api, "quiz astrology"))
    post(events_url, command(slack_api, "quiz RTM 500"))
    replies = sorted(r["text"] for r in slack_api.wait_for("response", 2))
    usage = "\n" + slack_quiz.USAGE
    assert ["Ask for 1 to 30 questions." + usage,
            f"No family 'astrology'; known: {', '.join(sorted(kb.families))}." + usage] == replies
    assert 0 == state_db.counts()["quiz_sessions"]


def test_weekly_quiz_posts_once_a_week_and_starts_on_click(slack_api, events_url, settings, state_db, kb):
    client = WebClient(token="xoxb-test", base_url=slack_api.url)
    monday = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)
    assert slack_quiz.post_weekly_quiz(client, state_db, settings, monday) is True
    assert slack_quiz.post_weekly_quiz(client, state_db, settings, monday + dt.timedelta(hours=3)) is False
    [posted] = slack_api.wait_for("chat.postMessage", 1)
    assert "CQUIZ" == posted["channel"] and posted["text"].startswith("*Weekly coding quiz, week 48 of 2026:*")
    [start] = buttons(posted)
    assert ("quiz_start", {"f": None, "n": 5, "seed": 202648}) == (start["action_id"], json.loads(start["value"]))
    assert 200 == post(events_url, click(slack_api, start, user="U7"))
    [first] = slack_api.wait_for("response", 1)
    quiz = make_quiz(kb, None, 5, 202648)
    assert views.question_text(quiz.questions[0], 1, 5, "slack").strip() == first["text"]
    assert ("U7", 202648) == (session_row(state_db)["user_id"], session_row(state_db)["seed"])


@pytest.mark.parametrize("now,expected", [
    (dt.datetime(2026, 11, 23, 8, 59, tzinfo=dt.timezone.utc), dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)),
    (dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc), dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.timezone.utc)),
    (dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.timezone.utc), dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.timezone.utc)),
])
def test_weekly_schedule(now, expected):
    assert expected == slack_quiz.next_run("mon 09:00", now)


def test_bad_schedule_is_refused():
    with pytest.raises(ValueError, match="not like 'mon 09:00'"):
        slack_quiz.next_run("someday", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))


def test_mrkdwn_escapes_control_characters(kb):
    q = make_quiz(kb, "RTM", 1, 0).questions[0]
    fields = {f: getattr(q, f) for f in q.__slots__}
    evil = Question(**{**fields, "prompt": "<!channel> & <@U1>", "choices": ("a & b", *q.choices[1:])})
    text = views.question_text(evil, 1, 1, "slack")
    assert "&lt;!channel&gt; &amp; &lt;@U1&gt;" in text and "*A.* a &amp; b" in text
