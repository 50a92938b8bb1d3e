"""Every template in every order: renderers never share compiled templates, escaping holds on hostile text (17.1)."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from bot import render
from bot.core import ask
from bot.render import render_answer

HOSTILE = " <!channel> <@U1> <script>alert(1)</script> & co"
FREE_TEXT = {"title", "summary", "reason", "message", "note", "why", "label", "who_may_bill", "period", "left", "right"}
FREE_LISTS = {"rules", "document", "caveats", "assumptions", "trace", "changes"}
QUESTIONS = ["can I bill 99457 with 99091?", "what is 98981", "45 minutes of RTM with a call", "RTM vs RPM",
             "what is 9898", "what is 12345", "", "tell me about CCM", "what changed in 2026 for RPM",
             "ICD-10 for unsteadiness on feet"]


def poison(value):
    """Append HOSTILE to every free-text field of an answer, recursively (logic fields stay as they are)."""
    if isinstance(value, list):
        return [poison(v) for v in value]
    if not dataclasses.is_dataclass(value):
        return value
    changes = {}
    for f in dataclasses.fields(value):
        current = getattr(value, f.name)
        if f.name in FREE_TEXT and isinstance(current, str):
            changes[f.name] = current + HOSTILE
        elif f.name in FREE_LISTS and isinstance(current, list):
            changes[f.name] = [str(item) + HOSTILE for item in current]
        elif dataclasses.is_dataclass(current) or isinstance(current, list):
            changes[f.name] = poison(current)
    return dataclasses.replace(value, **changes)


@pytest.fixture
def answers(kb):
    """A real answer for each kind of question, then the same answers with hostile text in every free field."""
    real = [ask(q, kb=kb) for q in QUESTIONS]
    assert {"answered", "did_you_mean", "unknown", "rejected"} <= {a.status for a in real}
    assert {"pair", "bill", "compare", "define"} <= {a.intent for a in real}
    return real + [poison(a) for a in real]


def check(answer, channel: str, out) -> None:
    """The rendered output is whole and escaped for its channel."""
    assert out.text.strip()
    hostile = HOSTILE.strip() in answer_text(answer)
    if channel == "slack":
        assert "<!channel>" not in out.text and "<@U1>" not in out.text and "<script>" not in out.text
        assert not hostile or "&lt;!channel&gt;" in out.text
    if channel == "email":
        assert "<script>" not in out.html and "<!channel>" not in out.html
        assert not hostile or "&lt;script&gt;" in out.html
        assert "\n" not in out.subject


def answer_text(answer) -> str:
    return str(answer.to_dict())


@pytest.mark.parametrize("order", list(itertools.permutations(["cli", "email", "slack"])), ids="-".join)
def test_every_template_in_every_order_renders_and_escapes(answers, order, tmp_path, monkeypatch):
    monkeypatch.setenv("CODEBOT_HOME", str(tmp_path))  # a fresh, empty bytecode cache for this order
    render.environment.cache_clear()
    try:
        for _ in range(2):  # the second round reads whatever the first round cached
            for channel in order:
                for answer in answers:
                    check(answer, channel, render_answer(answer, channel))
            render.environment.cache_clear()
    finally:
        render.environment.cache_clear()


def test_quiz_and_reply_templates_share_no_compiled_code_across_kinds(kb, tmp_path, monkeypatch):
    from bot.quiz import make, views

    monkeypatch.setenv("CODEBOT_HOME", str(tmp_path))
    render.environment.cache_clear()
    try:
        quiz = make.make_quiz(kb, n=5, seed=7)
        for kind in ("slack", "text", "html", "text", "slack", "html"):
            if kind == "html":
                assert "<script>" not in views.worksheet_html(kb, quiz)
            for i, q in enumerate(quiz.questions if kind != "html" else []):
                shown = views.question_text(dataclasses.replace(q, prompt=q.prompt + HOSTILE), i + 1, 5, kind)
                assert ("<!channel>" not in shown) if kind == "slack" else ("<!channel>" in shown)
            render.environment.cache_clear()
    finally:
        render.environment.cache_clear()
