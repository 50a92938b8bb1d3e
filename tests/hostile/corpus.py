"""Generate hostile inputs up to (and just past) the raw size limit: markup that backtracks, huge numbers, unicode tricks."""

from __future__ import annotations

from collections.abc import Iterator

from bot.engine.clean import MAX_QUESTION_CHARS, MAX_RAW_CHARS


def _fill(unit: str, size: int) -> str:
    """Repeat `unit` to exactly `size` characters."""
    return (unit * (size // len(unit) + 1))[:size]


# Repeated units that make a careless pattern backtrack or a careless loop expand.
UNITS = {
    "slack link opener": "<http:", "mailto opener": "<mailto:", "link with open label": "<http://x|",
    "mention opener": "<@", "special opener": "<!", "channel opener": "<#", "bare lt": "<", "bare gt": ">",
    "pipe": "|", "nested markup": "<<http://a|<b|<c>>>", "escaped lt": "&lt;", "double escaped": "&amp;lt;",
    "closed links": "<http://a.b/c|label> ", "mentions": "<@U123> ", "letters": "a", "spaces": " ",
    "tabs then text": "\t", "cr": "\r", "lf": "\n", "crlf": "\r\n", "quote lines": "> q\n",
    "greeting lines": "hi there,\n", "closing lines": "thanks\n", "from at": "From: @", "on wrote": "On x wrote",
    "digits": "9", "minutes": "1 minutes ", "codes": "98981 ", "zero width": "\u200b", "rtl override": "\u202e",
    "combining": "a\u0301\u0301\u0301", "ligature ffi": "\ufb03", "nfkc expands 18x": "\ufdfa",
    "square era": "\u337f", "fullwidth digits": "\uff19\uff18\uff19\uff18\uff11 ", "lone surrogate": "\ud800",
    "replacement char": "\ufffd", "emoji zwj": "\U0001F469\u200d\U0001F4BB", "nbsp": "\u00a0",
    "line separator": "\u2028", "controls under ratio": "abcdefghijklmnopqrs\x01",
}

SIZES = (MAX_QUESTION_CHARS - 1, 20_000, 60_000, MAX_RAW_CHARS)


def cases() -> Iterator[tuple[str, str]]:
    """Yield (name, text): every unit at every size, plus mixed and just-too-long inputs."""
    for name, unit in UNITS.items():
        for size in SIZES:
            yield f"{name} x{size}", _fill(unit, size)
    yield "question then 60k link openers", "what is 98981 " + _fill("<http:", 60_000)
    yield "link openers then question", _fill("<http:", MAX_RAW_CHARS - 20) + " what is 98981"
    yield "309-digit minutes", "9" * 309 + " minutes of RTM"
    yield "4300-digit minutes", "9" * 4_300 + " minutes"
    yield "exponent minutes", "1e309 minutes of RPM"
    yield "long line then quote", _fill("x", 150_000) + "\nOn Mon, Bob wrote:\n> old"
    yield "one over the limit", _fill("<http:", MAX_RAW_CHARS + 1)
    yield "far over the limit", _fill("<http:", 5 * MAX_RAW_CHARS)
