"""Quizzes in Slack: /codebot quiz, one question at a time with buttons, a leaderboard, a weekly post."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import threading
from collections.abc import Callable
from typing import Any

from bot.channels.slack.blocks import escape, split_text
from bot.quiz import LETTERS, UnknownFamily, play, views
from bot.quiz.model import Question
from bot.quiz.scores import leaderboard

log = logging.getLogger(__name__)

ACTION_ANSWER = re.compile(r"^quiz_answer_\d+$")
ACTION_START = "quiz_start"
CHANNEL = "slack"  # quiz_sessions.channel is "slack:<channel id>"; the leaderboard spans the workspace
DEFAULT_QUESTIONS = 5  # a chat quiz should fit a coffee break
MAX_QUESTIONS = 30
SHORT_LABEL = 40  # longer choices show only their letter on the button; the text is in the message
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
USAGE = "Usage: `/codebot quiz [family] [number of questions]`, or `/codebot quiz scores` for the leaderboard."


def _sections(mrkdwn: str) -> list[dict]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": part}} for part in split_text(mrkdwn.strip())]


def _buttons(run: play.Run, index: int, question: Question) -> dict:
    elements = []
    for i, text in enumerate(question.choices):
        label = f"{LETTERS[i]}. {text}" if len(text) <= SHORT_LABEL else LETTERS[i]
        value = json.dumps({"s": run.session.id, "q": index, "c": i})
        elements.append({"type": "button", "text": {"type": "plain_text", "text": label[:75], "emoji": True},
                         "action_id": f"quiz_answer_{i}", "value": value})
    return {"type": "actions", "block_id": f"quiz_{run.session.id}_{index}", "elements": elements}


def question_message(run: play.Run, index: int) -> dict[str, Any]:
    """Return respond() arguments for question `index` with one button per choice."""
    question = run.quiz.questions[index]
    text = views.question_text(question, index + 1, run.total, "slack").strip()
    return {"text": text, "blocks": _sections(text) + [_buttons(run, index, question)]}


def answered_message(kb: Any, run: play.Run, outcome: play.Outcome) -> dict[str, Any]:
    """Return the question again without buttons, followed by right or wrong, the explanation and sources."""
    asked = views.question_text(outcome.question, outcome.index + 1, run.total, "slack")
    result = views.result_text(kb, outcome, "slack").strip()
    return {"text": result, "blocks": _sections(asked) + [{"type": "divider"}] + _sections(result)}


def _text_message(mrkdwn: str) -> dict[str, Any]:
    return {"text": mrkdwn.strip(), "blocks": _sections(mrkdwn)}


def scores_message(state: Any) -> dict[str, Any]:
    """Return the workspace leaderboard as a message."""
    return _text_message(views.scores_text(leaderboard(state, CHANNEL), "slack"))


def parse_args(args: str) -> tuple[str | None, int]:
    """Return (family or None, number of questions) from `[family] [n]`; raise ValueError on a bad number."""
    words = args.split()
    numbers = [w for w in words if w.isdigit()]
    n = int(numbers[-1]) if numbers else DEFAULT_QUESTIONS
    if not 1 <= n <= MAX_QUESTIONS:
        raise ValueError(f"Ask for 1 to {MAX_QUESTIONS} questions.")
    family = " ".join(w for w in words if not w.isdigit()) or None
    return family, n


def handle_quiz_command(args: str, user_id: str, channel_id: str, respond: Callable, client: Any, kb: Any,
                        state: Any, settings: Any) -> None:
    """Start a quiz (`quiz [family] [n]`) or show the leaderboard (`quiz scores`)."""
    if args.strip().lower() in ("scores", "score", "leaderboard"):
        respond(response_type="ephemeral", **scores_message(state))
        return
    try:
        family, n = parse_args(args)
        run = play.start(kb, state, user_id, f"{CHANNEL}:{channel_id}", family, n)
    except (ValueError, UnknownFamily) as exc:
        respond(response_type="ephemeral", text=f"{escape(str(exc))}\n{USAGE}")
        return
    log.info("quiz %s started: family %s, %d questions", run.session.id, run.quiz.family, run.total)
    respond(response_type="ephemeral", **question_message(run, 0))


def _on_answer(kb: Any, state: Any, body: dict, action: dict, respond: Callable) -> None:
    """Grade a click, replace the question with the result, then send the next question or the score."""
    value = json.loads(action.get("value") or "{}")
    user_id = (body.get("user") or {}).get("id", "")
    run = play.resume(kb, state, str(value.get("s", "")))
    if run is None:
        respond(response_type="ephemeral", replace_original=False, text="That quiz no longer exists. " + USAGE)
        return
    if user_id != run.session.user_id:
        respond(response_type="ephemeral", replace_original=False,
                text=f"This is <@{escape(run.session.user_id)}>'s quiz. Start your own with `/codebot quiz`.")
        return
    outcome = play.answer(state, run, int(value.get("q", -1)), user_id, int(value.get("c", -1)))
    if outcome is None:
        log.info("quiz %s: ignored a click on an answered question", run.session.id)
        return
    respond(replace_original=True, **answered_message(kb, run, outcome))
    if outcome.done:
        respond(response_type="ephemeral", replace_original=False,
                **_text_message(views.score_text(outcome.score, outcome.total, "slack")))
    else:
        respond(response_type="ephemeral", replace_original=False, **question_message(run, outcome.index + 1))


def _on_start(kb: Any, state: Any, body: dict, action: dict, channel: str, respond: Callable) -> None:
    """Start the posted (weekly) quiz for whoever clicked: everyone gets the same questions."""
    value = json.loads(action.get("value") or "{}")
    user_id = (body.get("user") or {}).get("id", "")
    run = play.start(kb, state, user_id, f"{CHANNEL}:{channel}", value.get("f"), int(value.get("n", DEFAULT_QUESTIONS)),
                     int(value.get("seed", 0)))
    respond(response_type="ephemeral", replace_original=False, **question_message(run, 0))


def next_run(schedule: str, now: dt.datetime) -> dt.datetime:
    """Return the next UTC time matching a schedule like 'mon 09:00' after `now`; raise ValueError if malformed."""
    match = re.fullmatch(r"\s*([a-z]{3})\w*\s+(\d{1,2}):(\d{2})\s*", schedule.lower())
    if not match or match.group(1) not in WEEKDAYS:
        raise ValueError(f"quiz schedule {schedule!r} is not like 'mon 09:00'")
    day, hour, minute = WEEKDAYS.index(match.group(1)), int(match.group(2)), int(match.group(3))
    when = now.replace(hour=hour, minute=minute, second=0, microsecond=0) + dt.timedelta(days=(day - now.weekday()) % 7)
    return when if when > now else when + dt.timedelta(days=7)


def post_weekly_quiz(client: Any, state: Any, settings: Any, now: dt.datetime) -> bool:
    """Post this ISO week's quiz to settings.quiz_channel once (a restart never posts it twice); True if posted."""
    year, week, _day = now.isocalendar()
    if state.seen_event(f"quiz-weekly-{year}-W{week:02d}"):
        return False
    value = json.dumps({"f": None, "n": DEFAULT_QUESTIONS, "seed": year * 100 + week})
    text = (f"*Weekly coding quiz, week {week} of {year}:* {DEFAULT_QUESTIONS} coding questions. "
            "Everyone gets the same questions; your answers are private until the leaderboard "
            "(`/codebot quiz scores`).")
    client.chat_postMessage(channel=settings.quiz_channel, text=text, blocks=_sections(text) + [
        {"type": "actions", "block_id": "quiz_weekly", "elements": [
            {"type": "button", "text": {"type": "plain_text", "text": "Start this week's quiz"}, "style": "primary",
             "action_id": ACTION_START, "value": value}]}])
    return True


def _weekly_loop(client: Any, state: Any, settings: Any, stop: threading.Event) -> None:
    while not stop.is_set():
        now = dt.datetime.now(dt.timezone.utc)
        if stop.wait((next_run(settings.quiz_schedule, now) - now).total_seconds()):
            return
        try:
            post_weekly_quiz(client, state, settings, dt.datetime.now(dt.timezone.utc))
        except Exception:  # a failed post must not end the schedule; next week tries again
            log.exception("weekly quiz post failed")


def start_weekly(client: Any, state: Any, settings: Any, stop: threading.Event | None = None) -> threading.Thread | None:
    """Start the weekly-quiz timer thread when a quiz channel and a valid schedule are set; return it."""
    if not settings.quiz_channel:
        return None
    try:
        next_run(settings.quiz_schedule, dt.datetime.now(dt.timezone.utc))
    except ValueError as exc:
        log.warning("weekly quiz disabled: %s (CODEBOT_QUIZ_SCHEDULE)", exc)
        return None
    thread = threading.Thread(target=_weekly_loop, args=(client, state, settings, stop or threading.Event()),
                              name="codebot-weekly-quiz", daemon=True)
    thread.start()
    return thread


def register(app: Any, kb: Any, state: Any, settings: Any, weekly: bool = True) -> None:
    """Register the quiz button listeners (action_id prefix quiz_, ack then a lazy answer) and the weekly quiz."""

    def ack_now(ack: Callable) -> None:
        ack()

    def on_answer(body: dict, action: dict, respond: Callable) -> None:
        _on_answer(kb, state, body, action, respond)

    def on_start(body: dict, action: dict, respond: Callable) -> None:
        channel = (body.get("channel") or {}).get("id", "") or (body.get("container") or {}).get("channel_id", "")
        _on_start(kb, state, body, action, channel, respond)

    app.action(ACTION_ANSWER)(ack=ack_now, lazy=[on_answer])
    app.action(ACTION_START)(ack=ack_now, lazy=[on_start])
    if weekly:
        start_weekly(app.client, state, settings)
