"""Slack listeners: mentions, DMs, /codebot, buttons, App Home and the one error handler."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse

from bot.answer import STATUSES, Answer
from bot.channels.slack import blocks as sb
from bot.channels.slack.home import home_view

log = logging.getLogger(__name__)

Asker = Callable[[str], Answer]
VERDICTS = {sb.ACTION_FEEDBACK_UP: "up", sb.ACTION_FEEDBACK_DOWN: "down"}
HASH_RE = re.compile(r"^[0-9a-f]{1,64}$")
VERIFIED = "codebot_verified"  # context key set once Bolt's request verification has passed


def slack_to_text(text: str, bot_user_id: str | None = None) -> str:
    """Turn Slack message text into the question: drop the bot's own mention, undo Slack's entity escapes."""
    if bot_user_id:
        text = text.replace(f"<@{bot_user_id}>", " ")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


class Listeners:
    """The listener functions, bound to one knowledge base, state database and settings."""

    def __init__(self, kb: Any, state: Any, settings: Any, asker: Asker) -> None:
        self.kb, self.state, self.settings, self.ask = kb, state, settings, asker

    def help_text(self) -> str:
        """Return the core's help message (its examples come from the knowledge, not from this module)."""
        return self.ask("help").message

    def register(self, app: App) -> None:
        """Attach every listener as an ack and a lazy answer (no middleware touches the database)."""
        app.middleware(self.mark_verified)
        ack = self.ack_now
        app.event("app_mention")(ack=ack, lazy=[self.on_mention])
        app.event("message")(ack=ack, lazy=[self.on_message])
        app.event("app_home_opened")(ack=ack, lazy=[self.on_home])
        app.command("/codebot")(ack=ack, lazy=[self.on_command])
        app.action(sb.ACTION_SHARE)(ack=ack, lazy=[self.on_share])
        app.action(sb.ACTION_DID_YOU_MEAN)(ack=ack, lazy=[self.on_did_you_mean])
        app.action(sb.ACTION_CLARIFY)(ack=ack, lazy=[self.on_clarify])
        app.action(sb.ACTION_FEEDBACK_UP)(ack=ack, lazy=[self.on_feedback])
        app.action(sb.ACTION_FEEDBACK_DOWN)(ack=ack, lazy=[self.on_feedback])
        app.error(self.on_error)

    @staticmethod
    def ack_now(ack: Callable) -> None:
        """The ack function of every listener: an empty 200 at once; the lazy listener answers afterwards."""
        ack()

    @staticmethod
    def mark_verified(context: Any, next: Callable[[], BoltResponse]) -> BoltResponse:  # noqa: A002 (Bolt's name)
        """Bolt runs this only after its own signature check passed: on_error acts on marked requests only."""
        context[VERIFIED] = True
        return next()

    def repeated(self, body: dict) -> bool:
        """True for an event_id already seen (a Slack retry, by any worker); runs in the lazy listener, after the ack."""
        event_id = body.get("event_id")
        if isinstance(event_id, str) and self.state.seen_event(event_id):
            log.info("duplicate event %s ignored", event_id)
            return True
        return False

    def _first_time(self, body: dict, event: dict) -> bool:
        """Record the event id and its message's (channel, ts) in one write: True when neither was seen before.

        The (channel, ts) key collapses an app_mention and its message twin (two event ids) into one answer.
        """
        event_id = body.get("event_id")
        ids = ([event_id] if isinstance(event_id, str) else []) + [f"msg:{event.get('channel')}:{event.get('ts')}"]
        seen = self.state.seen_events(ids)
        if len(seen) == 2 and seen[0]:
            log.info("duplicate event %s ignored", event_id)
        return not any(seen)

    def _answer_event(self, event: dict, client: Any, bot_user_id: str | None, thread_ts: str | None) -> None:
        question = slack_to_text(event.get("text") or "", bot_user_id)
        answer = self.ask(question)
        log.info("answering event in %s: %s, %d chars", event.get("channel"), answer.status, len(question))
        client.chat_postMessage(channel=event["channel"], thread_ts=thread_ts, **sb.answer_message(answer, question))

    def on_mention(self, event: dict, body: dict, client: Any, context: Any) -> None:
        """Answer an @codebot mention in a thread under the question."""
        if event.get("subtype") or event.get("bot_id"):
            self.repeated(body)  # recorded all the same: a retry of it is still a retry
            return
        if not self._first_time(body, event):
            return
        self._answer_event(event, client, context.bot_user_id, event.get("thread_ts") or event["ts"])

    def on_message(self, event: dict, body: dict, client: Any, context: Any) -> None:
        """Answer a direct message; skip edits, deletions, bots and everything outside DMs."""
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        if not self._first_time(body, event):
            return
        self._answer_event(event, client, context.bot_user_id, event.get("thread_ts"))

    def on_home(self, event: dict, body: dict, client: Any) -> None:
        """Publish the Home tab when a user opens it."""
        if event.get("tab", "home") == "home" and not self.repeated(body):
            client.views_publish(user_id=event["user"], view=home_view(self.kb, self.help_text()))

    def on_command(self, command: dict, respond: Callable, client: Any) -> None:
        """`/codebot QUESTION`: answer only to the asker (the ack went out already); `/codebot quiz ...` starts quizzes."""
        text = slack_to_text(command.get("text") or "")
        words = text.split(maxsplit=1)
        if words and words[0].lower() == "quiz":
            from bot.channels.slack import quiz as slack_quiz

            slack_quiz.handle_quiz_command(words[1] if len(words) > 1 else "", command.get("user_id", ""),
                                           command.get("channel_id", ""), respond, client, self.kb, self.state,
                                           self.settings)
            return
        if not text:
            respond(text=sb.escape(self.help_text()) + "\n`/codebot quiz` starts a practice quiz.",
                    response_type="ephemeral")
            return
        answer = self.ask(text)
        log.info("answering /codebot: %s, %d chars", answer.status, len(text))
        respond(response_type="ephemeral", **sb.answer_message(answer, text, share=True))

    def on_share(self, action: dict, respond: Callable) -> None:
        """Post a privately shown answer to the channel, then remove the private copy."""
        question = action.get("value") or ""
        answer = self.ask(question)
        respond(response_type="in_channel", replace_original=False, **sb.answer_message(answer, question))
        respond(delete_original=True)

    def on_did_you_mean(self, action: dict, body: dict, respond: Callable, client: Any) -> None:
        """Answer the chosen suggestion in place of the did-you-mean message."""
        self._answer_in_place(f"what is {action.get('value', '')}", body, respond, client)

    def on_clarify(self, action: dict, body: dict, respond: Callable, client: Any) -> None:
        """A clarify choice: ask the question the chosen reading carries, in place of the clarify message."""
        self._answer_in_place(str(action.get("value") or ""), body, respond, client)

    def _answer_in_place(self, question: str, body: dict, respond: Callable, client: Any) -> None:
        answer = self.ask(question)
        container = body.get("container") or {}
        if container.get("is_ephemeral") or not body.get("channel") or not body.get("message"):
            respond(replace_original=True, **sb.answer_message(answer, question, share=True))
            return
        client.chat_update(channel=body["channel"]["id"], ts=body["message"]["ts"],
                           **sb.answer_message(answer, question))

    def on_feedback(self, action: dict, body: dict, respond: Callable) -> None:
        """Record a 👍/👎: the question's hash, the codes, the verdict and the user id, never the text."""
        qhash, codes, status = _feedback_value(action.get("value") or "")
        verdict = VERDICTS[action["action_id"]]
        self.state.record_feedback("slack", (body.get("user") or {}).get("id"), qhash, codes, status, verdict)
        respond(response_type="ephemeral", replace_original=False,
                text="Thanks, noted. A reviewer reads every 👎." if verdict == "down" else "Thanks, noted.")

    def on_error(self, error: Exception, body: dict, client: Any, respond: Callable, context: Any) -> None:
        """Log the failure with its traceback (never the message text) and reply with a short apology."""
        kind = body.get("type") or ("command" if body.get("command") else "unknown")
        log.error("listener failed (%s, event %s)", kind, body.get("event_id", "-"), exc_info=error)
        if not context.get(VERIFIED):  # failed before verification passed: the body is a stranger's, act on none of it
            return
        try:
            event = body.get("event") or {}
            if event.get("channel") and event.get("ts"):
                thread_ts = event.get("thread_ts") or (event["ts"] if event.get("type") == "app_mention" else None)
                client.chat_postMessage(channel=event["channel"], thread_ts=thread_ts, text=sb.apology())
            elif body.get("response_url"):
                respond(text=sb.apology(), response_type="ephemeral", replace_original=False)
        except Exception:  # the apology is best effort; the original error is already logged
            log.exception("could not send the apology")


def _feedback_value(value: str) -> tuple[str, list[str], str]:
    """Parse and check a feedback button's value (it comes back from Slack, so treat it as untrusted)."""
    data = json.loads(value)
    qhash, codes, status = data.get("h"), data.get("c"), data.get("s")
    if not (isinstance(qhash, str) and HASH_RE.match(qhash) and isinstance(codes, list)
            and all(isinstance(c, str) and len(c) <= 10 for c in codes) and status in STATUSES):
        raise ValueError("malformed feedback value")
    return qhash, codes[:20], status
