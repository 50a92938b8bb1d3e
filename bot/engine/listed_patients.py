"""A list of patients with one asked about ("1) Harold - 18 min ... 2) Ruth - 23 min ... What goes out for Ruth?"):
codes go per patient, so only the asked patient's item is read; the other items' figures are another patient's."""

from __future__ import annotations

import re

from bot.engine.patterns import lazy

_TITLE = r"(?:(?:mr|mrs|ms|miss|mx)\.?[^\S\n]+)?"
# an item that opens with a list mark and the patient's name: "1) Harold B. -", "2. Mrs. Ruth A. (DM2 ...)", "- Ann:"
_ITEM = lazy(rf"^[^\S\n]*(?:\(?\d{{1,2}}[.)]|[-*\u2022])[^\S\n]*{_TITLE}([A-Z][a-z]{{2,}})\b", re.I)
_ASKS_FOR = r"(?:for|about|on|with|of|bill|billed|code)[^\S\n]+{title}{name}\b|\b{name}'s\b"


def _asked(line: str, name: str) -> bool:
    """Whether an asking line names the patient ("what goes out for Ruth?", "Ruth's month")."""
    pattern = _ASKS_FOR.format(title=_TITLE, name=re.escape(name))
    return "?" in line and re.search(pattern, line, re.I) is not None


def _is_name(word: str) -> bool:
    """A capitalised word in lower case after its first letter ("Ruth", not "CCM" or "the")."""
    return word[0].isupper() and word[1:].islower()


def asked_patient_lines(lines: list[str]) -> list[str]:
    """The lines without the list items of patients other than the one the question asks about (two or more
    items, each opening with a different name, and an asking line outside them naming exactly one)."""
    items = {k: m.group(1) for k, line in enumerate(lines) if (m := _ITEM().match(line)) and _is_name(m.group(1))}
    names = set(items.values())
    if len(items) < 2 or len(names) != len(items):
        return lines
    asks = [line for k, line in enumerate(lines) if k not in items and "?" in line]
    asked = {n for n in names if any(_asked(line, n) for line in asks)}
    if len(asked) != 1:
        return lines
    return [line for k, line in enumerate(lines) if k not in items or items[k] in asked]
