""""Which 7th character for a subsequent encounter?" asked with no code: what the tabular's 7th-character
definitions say, counted over every category that takes one, and a request for the code (the answer depends on it)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from bot.answer import Answer, Suggestion

if TYPE_CHECKING:
    from bot.engine.diagnosis import DxContext


def seventh_overview(dx: DxContext, text: str, answer_for: Callable[..., Answer]) -> Answer | None:
    """"Which 7th character for a subsequent encounter?" with no code: what the tabular's definitions say,
    counted over every category that takes one, and a request for the code (the answer depends on it)."""
    words = {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3} - {"character", "seventh", "what", "which"}
    counts: dict[str, dict[str, list[str]]] = {}
    for char, meaning, where in dx.reader.seventh_meanings(dx.release.id):
        if words and words <= set(re.findall(r"[a-z]+", meaning.lower())):
            counts.setdefault(char, {}).setdefault(meaning, []).append(where)
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -sum(len(v) for v in kv[1].values()))
    lines = [f"{char} in {sum(len(v) for v in by.values())} definitions "
             f"(e.g. {_example(by)})" for char, by in ranked[:4]]
    return answer_for(dx, status="did_you_mean", intent="define", message=(
        "The 7th character depends on the code's category. In " + dx.release.name + ", that wording is: "
        + "; ".join(lines) + ". Name the code for its own list."),
        suggestions=[Suggestion(code=_example(by).split(":")[0], why=f"7th character {char}", title=_example(by))
                     for char, by in ranked[:4]])


def _example(by_meaning: dict[str, list[str]]) -> str:
    meaning, where = max(by_meaning.items(), key=lambda kv: len(kv[1]))
    return f"{where[0] if len(where[0]) <= 3 else where[0][:3] + '.' + where[0][3:]}: {meaning}"
