"""A pasted table of minutes ("| 6/3 | MA | 8 |" under "| date | staff | min |") read as one sentence per row,
each figure with the unit its column's header names ("6/3 MA 8 min.")."""

from __future__ import annotations

import re

_ROW = re.compile(r"^[^\S\n]*\|(.+)\|[^\S\n]*$", re.M)
_RULE = re.compile(r"^[\s:|-]*$")  # "|---|:--:|" under a header
_NUMBER = re.compile(r"\d{1,4}(?:\.\d+)?")
# header words naming the unit of a column's figures
_UNITS = (("min", re.compile(r"\b(?:min(?:ute)?s?|time)\b", re.I)), ("days", re.compile(r"\bdays?\b", re.I)),
          ("calls", re.compile(r"\bcalls?\b", re.I)))


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _unit_of(header: str) -> str:
    return next((unit for unit, words in _UNITS if words.search(header)), "")


def _sentences(rows: list[list[str]]) -> str:
    """The table's rows as sentences; a header row (no figure of its own) names the units of its columns."""
    header = rows[0] if not any(_NUMBER.fullmatch(c) for c in rows[0]) else []
    units = [_unit_of(h) for h in header]
    out = []
    for row in rows[1:] if header else rows:
        words = [f"{c} {units[k]}" if k < len(units) and units[k] and _NUMBER.fullmatch(c) else c
                 for k, c in enumerate(row) if c]
        out.append(" ".join(words) + ".")
    return " ".join(out)


def read_tables(text: str) -> str:
    """The text with each block of table rows (two or more lines between pipes) turned into sentences."""
    lines = text.split("\n")
    out: list[str] = []
    block: list[list[str]] = []
    for line in lines + [""]:
        if _ROW.match(line) and line.count("|") >= 3:
            if not _RULE.match(line):
                block.append(_cells(line))
            continue
        if len(block) >= 2:
            out.append(_sentences(block))
        elif block:
            out.append("| " + " | ".join(block[0]) + " |")
        block = []
        out.append(line)
    return "\n".join(out[:-1])
