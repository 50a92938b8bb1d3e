"""A pasted table of minutes ("| 6/3 | MA | 8 |" under "| date | staff | min |") read as one sentence per row,
each figure with the unit its column's header names ("6/3 MA 8 min."); a list of bare figures ("RN - 15" lines)
whose unit the line above or below names ("(all minutes)") gets that unit on each figure."""

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
    if text.count("|") < 6:  # two rows of three pipes at least
        return text
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


_BARE_ITEM = re.compile(r"^[^\S\n]*(?:[-*\u2022][^\S\n]*)?[A-Za-z][\w .'/()]{0,30}?[^\S\n]*[-:=][^\S\n]*(\d{1,4})[^\S\n]*$")
_MINUTES_WORD = re.compile(r"\b(?:min(?:ute)?s?)\b", re.I)


# "95 minutes (RN care manager 70, MA 25)": a figure in minutes, then its parts by who, each a bare number
_PARTS = re.compile(r"(\b\d{1,4}[^\S\n]*-?[^\S\n]*min(?:ute)?s?\b[^\S\n]*\()([^()\n]{3,120})(\))", re.I)
_PART_ITEM = re.compile(r"^[^\S\n]*(?:and[^\S\n]+)?[A-Za-z][\w .'/-]{0,30}?(?:[^\S\n]+|[^\S\n]*[:=-][^\S\n]*)\d{1,4}[^\S\n]*$")
_PART_END = re.compile(r"(\d{1,4})[^\S\n]*$")


def _unit_parts(m: re.Match) -> str:
    """The parts of a parenthesised list of two or more bare "who figure" items, each given the minutes unit (only
    when they add up to no more than the figure before them: "(CKD 3, HTN 2)" names no minutes)."""
    items = re.split(r"[,;+&]|\bplus\b", m.group(2))  # "(RN 40 + MA 22)" too
    if len(items) < 2 or not all(_PART_ITEM.match(i) for i in items):
        return m.group(0)
    total = int(re.match(r"\d+", m.group(1)).group(0))
    if sum(int(_PART_END.search(i).group(1)) for i in items) > total:
        return m.group(0)
    return m.group(1) + ",".join(_PART_END.sub(r"\1 min", i) for i in items) + m.group(3)


# "RN 12" / "dr 10 (care plan update)": a worker and a bare figure parted by a space only (no month or weekday label:
# "Jan 12" is a date); such a list counts as minutes only when the line after it states its sum ("that's 35")
_SPACED_ITEM = re.compile(r"^[^\S\n]*(?:[-*\u2022][^\S\n]*)?([A-Za-z][A-Za-z.'/]{0,15}(?:[^\S\n]+[A-Za-z][A-Za-z.'/]{0,15}){0,2})"
                          r"[^\S\n]+(\d{1,4})[^\S\n]*(?:\([^()\n]{0,40}\))?[^\S\n.]*$")
_DATE_LABEL = re.compile(r"(?:^|\s)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|tues|wed|thu|thur|thurs|fri|"
                         r"sat|sun)[a-z]*\.?$", re.I)
_TIME_WORD = re.compile(r"\b(?:min(?:ute)?s?|time|totals?)\b", re.I)
_SUM_LINE = re.compile(r"^[^\S\n]*(?:that's|thats|that\s+is|so|total(?:s)?|sum|=|equals)[^\S\n]*[:=]?[^\S\n]*(\d{1,4})\b(?![^\S\n]*(?:min|hour|hr|day))",
                       re.I)


def _figure_of(line: str) -> re.Match | None:
    """A list line's figure: "RN - 15", "MA: 7" or (spaced) "LPN 6", "dr 10 (care plan update)"."""
    spaced = _SPACED_ITEM.match(line)
    if spaced and not _DATE_LABEL.search(spaced.group(1)):
        return spaced
    return _BARE_ITEM.match(line)


def unit_bare_lists(text: str) -> str:
    """Lines of "who - figure" (two or more in a row) get "min" when the line before or after them names minutes, or
    names time or totals above a line that states their sum ("ccm totals:" / "RN 12" / "MA 7" / "that's 19")."""
    if not _TIME_WORD.search(text):
        return text
    text = _PARTS.sub(_unit_parts, text)
    lines = text.split("\n")
    k = 0
    while k < len(lines):
        end = k
        while end < len(lines) and _figure_of(lines[end]):
            end += 1
        figures = [_figure_of(lines[j]) for j in range(k, end)]
        near = [lines[j] for j in (k - 1, end) if 0 <= j < len(lines)]
        summed = end < len(lines) and (m := _SUM_LINE.match(lines[end])) is not None \
            and int(m.group(1)) == sum(int(f.group(f.re.groups)) for f in figures)
        spaced = any(f.re is _SPACED_ITEM for f in figures)
        if end - k >= 2 and (any(_MINUTES_WORD.search(n) for n in near) and not spaced
                             or any(_TIME_WORD.search(n) for n in near) and summed):
            for j, f in zip(range(k, end), figures):
                at = f.end(f.re.groups)
                lines[j] = (lines[j][:at] + " min" + lines[j][at:]).rstrip() + "."
            if summed:  # "that's 35": the sum of those minutes, said again
                lines[end] = lines[end][:m.end(1)] + " min" + lines[end][m.end(1):]
            if k and lines[k - 1].rstrip().endswith(":"):  # "totals by staff:" heads the list; no figure is its total
                lines[k - 1] = lines[k - 1].rstrip()[:-1] + "."
        k = max(end, k + 1)
    return "\n".join(lines)
