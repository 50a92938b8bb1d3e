"""render_answer: an Answer into a channel's text through jinja2 templates (templates/<channel>/<status>.<ext>)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import jinja2

from bot import paths
from bot.answer import Answer

# Which files make up a channel's output: (Rendered field, template file suffix, escaping kind).
CHANNELS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "cli": (("text", "txt", "text"),),
    "email": (("text", "txt", "text"), ("html", "html", "html"), ("subject", "subject.txt", "text")),
    "slack": (("text", "mrkdwn", "slack"),),
}


class TemplateMissing(LookupError):
    """No template exists for a channel and answer status."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered answer: plain text, and HTML and a subject where the channel has them."""

    text: str
    html: str | None = None
    subject: str | None = None


def slack_escape(value: object) -> object:
    """Escape only Slack's control characters, so pasted <!channel> or <@U1> never pings anyone."""
    if isinstance(value, str):
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value


def money(value: float | None) -> str:
    """Format dollars: $1,234.56."""
    return "n/a" if value is None else f"${value:,.2f}"


def _bytecode_cache(kind: str) -> jinja2.BytecodeCache | None:
    """Cache compiled templates in the data dir, one folder per output kind.

    Compiling is most of a cold `codebot ask`'s render time. The cache key is only the template's name and
    source, while the compiled code depends on the environment (finalize, autoescape): a cache shared by the
    kinds made Slack output skip its escaping, or text output call a finalize it does not have.
    """
    try:
        folder = paths.data_dir() / "template-cache" / kind
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


@functools.lru_cache(maxsize=4)
def environment(kind: str) -> jinja2.Environment:
    """Return the jinja2 Environment for an output kind: text, html or slack."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(paths.templates_dir())), undefined=jinja2.StrictUndefined,
        bytecode_cache=_bytecode_cache(kind),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
        autoescape=(kind == "html"), finalize=slack_escape if kind == "slack" else None,
    )
    env.filters["money"] = money
    return env


def render_answer(answer: Answer, channel: str = "cli") -> Rendered:
    """Render the answer for a channel; the template is chosen by (channel, status), never by Python ifs."""
    if channel not in CHANNELS:
        raise TemplateMissing(f"unknown channel {channel!r}")
    context = {"a": answer.to_dict()}
    out: dict[str, str] = {}
    for field, suffix, kind in CHANNELS[channel]:
        name = f"{channel}/{answer.status}.{suffix}"
        try:
            template = environment(kind).get_template(name)
        except jinja2.TemplateNotFound as exc:
            raise TemplateMissing(name) from exc
        out[field] = template.render(context).strip() + ("\n" if field != "subject" else "")
    return Rendered(**out)
