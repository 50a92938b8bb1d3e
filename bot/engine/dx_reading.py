"""The reading a diagnosis answer shows (`understood`, `unplaced`): the codes written in the question and the
condition words it was searched by, each with its words, as the remote-care answers show theirs."""

from __future__ import annotations

import dataclasses

from bot.answer import Answer

_ASKED = {"define": "what the code is", "search": "which code fits", "pair": "whether they go together",
          "help": "how to ask"}


@dataclasses.dataclass(slots=True)
class DxRead:
    """What a diagnosis answer read: codes as written, condition words searched, words no code said."""

    codes: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (code, as written)
    words: list[str] = dataclasses.field(default_factory=list)  # each condition the search read
    absent: list[str] = dataclasses.field(default_factory=list)  # conditions the question says are not there
    unused: list[str] = dataclasses.field(default_factory=list)  # conditions no answered code says
    text: str = ""  # the question, where the searched words are found again


MAX_SPAN = 80  # characters: a longer stretch of the question is shown as its words only


def _span(text: str, words: list[str]) -> str:
    """The stretch of the question from the first searched word to the last ("unsteadiness on feet"), or the words
    themselves when they are far apart or not found as written."""
    low = text.lower()
    spots = [(low.find(w.lower()), len(w)) for w in words]
    if not words or any(at < 0 for at, _n in spots):
        return " ".join(words)
    start, end = min(at for at, _n in spots), max(at + n for at, n in spots)
    return text[start:end].strip(" ,.;:") if end - start <= MAX_SPAN else " ".join(words)


def with_reading(answer: Answer, read: DxRead) -> Answer:
    """The answer with its `understood` reading and the words it did not place."""
    if answer.understood:
        return answer
    facts = [{"kind": "code", "value": code, "words": written, "role": "asked"} for code, written in read.codes]
    searched = _span(read.text, [w for w in read.words if w not in read.unused])
    facts += [{"kind": "diagnosis", "value": searched, "words": searched, "role": "searched"}] if searched else []
    facts += [{"kind": "diagnosis", "value": w, "words": w, "role": "absent", "negated": True} for w in read.absent]
    parts = [f["value"] if f["kind"] == "code" else f"no {f['value']}" if f.get("negated") else f'"{f["value"]}"'
             for f in facts]
    asked = _ASKED.get(answer.intent, answer.intent)
    line = "; ".join(dict.fromkeys(parts))
    understood = {"read_as": f"{line} -> asked: {asked}" if line else f"asked: {asked}", "asked": asked,
                  "asked_words": "", "facts": facts}
    unplaced = list(dict.fromkeys([*answer.unplaced, *read.unused]))
    return dataclasses.replace(answer, understood=understood, unplaced=unplaced)
