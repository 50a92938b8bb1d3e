"""Read knowledge/dx_synonyms.yaml (the words coders write for diagnoses -> the words of the ICD-10-CM index and
tabular) into plain data, and check it: every entry sourced, words only (never a code), no lay phrase twice."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from bot.kb.records import Problem

FILE = "dx_synonyms.yaml"
LISTS = ("synonyms", "defaults")
_CODE_LIKE = re.compile(r"\b[A-Za-z]\d[0-9A-Za-z]\.?[0-9A-Za-z]{0,4}\b")
_TOKENS = re.compile(r"[a-z0-9]+")


class _Reader(Protocol):
    def load(self, path: Path) -> Any: ...
    def problem(self, path: Path, key: str, message: str) -> None: ...


def _words(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value] if value not in (None, "") else []
    return [" ".join(str(v).split()) for v in items]


def _synonym(data: dict) -> dict:
    return {"lay": _words(data.get("lay")), "means": _words(data.get("means")), "optional": bool(data.get("optional")),
            "source": str(data.get("source", ""))}


def _default(data: dict) -> dict:
    return {"when": _words(data.get("when")), "imply": _words(data.get("imply")), "unless": _words(data.get("unless")),
            "source": str(data.get("source", ""))}


def _duration(data: dict) -> dict:
    bands = [{k: v for k, v in b.items() if k in ("more_than_weeks", "at_least_weeks", "means")}
             for b in data.get("bands") or [] if isinstance(b, dict)]
    return {"when": _words(data.get("when")), "bands": bands, "unless": _words(data.get("unless")), "source": str(data.get("source", ""))}


def _systemic(data: dict) -> dict:
    return {"words": _words(data.get("words")), "alone": _words(data.get("alone")), "linking": _words(data.get("linking")),
            "source": str(data.get("source", ""))}


def _joined(data: dict) -> dict:
    return {k: _words(data.get(k)) for k in ("names", "with", "unless", "absorbs", "means")} | {"source": str(data.get("source", ""))}


def _dominance(data: Any) -> dict:
    if not isinstance(data, dict):
        return {}
    handed = data.get("handed") or {}
    return {"handed": {str(side): _words(words) for side, words in handed.items()},
            "default": {str(side): str(word) for side, word in (data.get("default") or {}).items()},
            "same": str(data.get("same", "")), "other": str(data.get("other", "")), "source": str(data.get("source", ""))}


def read_dx_words(reader: _Reader, root: Path) -> dict:
    """The diagnosis word lists as JSON-ready data ({} when the file is absent)."""
    path = root / FILE
    if not path.exists():
        return {}
    data = reader.load(path) or {}
    if not isinstance(data, dict):
        reader.problem(path, "", "file must hold a mapping")
        return {}
    return {"synonyms": [_synonym(e) for e in data.get("synonyms") or [] if isinstance(e, dict)],
            "defaults": [_default(e) for e in data.get("defaults") or [] if isinstance(e, dict)],
            "durations": [_duration(e) for e in data.get("durations") or [] if isinstance(e, dict)],
            "dominance": _dominance(data.get("dominance")),
            "systemic_first": [_systemic(e) for e in data.get("systemic_first") or [] if isinstance(e, dict)],
            "joined": [_joined(e) for e in data.get("joined") or [] if isinstance(e, dict)],
            "listed_after": _listed_after(data.get("listed_after")),
            "encounter_first": [_encounter(e) for e in data.get("encounter_first") or [] if isinstance(e, dict)],
            "aftercare_first": [{"status": _words(e.get("status")), "when": _words(e.get("when")),
                                 "lead": " ".join(str(e.get("lead", "")).split()),
                                 "note": " ".join(str(e.get("note", "")).split()), "source": str(e.get("source", ""))}
                                for e in data.get("aftercare_first") or [] if isinstance(e, dict)],
            "exam_findings": [{"exam": " ".join(str(e.get("exam", "")).split()), "with": " ".join(str(e.get("with", "")).split()),
                               "findings": [str(x).upper() for x in e.get("findings") or []],
                               "note": " ".join(str(e.get("note", "")).split()), "source": str(e.get("source", ""))}
                              for e in data.get("exam_findings") or [] if isinstance(e, dict)],
            "also_coded": [{"code": " ".join(str(e.get("code", "")).split()), "with": _words(e.get("with")),
                            "adds": " ".join(str(e.get("adds", "")).split()),
                            "note": " ".join(str(e.get("note", "")).split()), "source": str(e.get("source", ""))}
                           for e in data.get("also_coded") or [] if isinstance(e, dict)],
            "gestation": _gestation(data.get("gestation")),
            "ruled_out": {"words": _words((data.get("ruled_out") or {}).get("words")),
                          "uncertain": _words((data.get("ruled_out") or {}).get("uncertain")),
                          "note": " ".join(str((data.get("ruled_out") or {}).get("note", "")).split()),
                          "source": str((data.get("ruled_out") or {}).get("source", ""))},
            "story": [{"phrases": _words(e.get("phrases")), "source": str(e.get("source", ""))}
                      for e in data.get("story") or [] if isinstance(e, dict)]}


def _gestation(data: Any) -> dict:
    if not isinstance(data, dict):
        return {}
    bands = [{"before_weeks": float(b.get("before_weeks", 0)), "means": str(b.get("means", ""))}
             for b in data.get("trimesters") or [] if isinstance(b, dict)]
    return {"when": _words(data.get("when")), "letters": [str(x).upper() for x in data.get("letters") or []],
            "codes": _words(data.get("codes")), "trimesters": bands, "source": str(data.get("source", "")),
            **{k: " ".join(str(data.get(k, "")).split()) for k in ("weeks_title", "below_title", "above_title")}}


def _encounter(data: dict) -> dict:
    return {"words": [str(x) for x in data.get("words") or []], "when": [str(x) for x in data.get("when") or []],
            "note": " ".join(str(data.get("note", "")).split()), "source": str(data.get("source", ""))}


def _listed_after(data: Any) -> dict:
    if not isinstance(data, dict):
        return {}
    return {"letters": [str(x).upper() for x in data.get("letters") or []], "note": str(data.get("note", "")).strip(),
            "source": str(data.get("source", ""))}


def dx_word_problems(dx_words: dict, sources: dict) -> Iterator[Problem]:
    """Every defect of the diagnosis word lists, named by file and key."""
    seen: dict[str, str] = {}
    for i, entry in enumerate(dx_words.get("synonyms", [])):
        key = f"synonyms[{i}]"
        yield from _entry_problems(entry, key, ("lay", "means"), sources)
        for lay in entry["lay"]:
            norm = " ".join(_TOKENS.findall(lay.lower()))
            if norm in seen:
                yield Problem(FILE, key, f"lay phrase {lay!r} is already in {seen[norm]}")
            seen[norm] = key
    for i, entry in enumerate(dx_words.get("defaults", [])):
        yield from _entry_problems(entry, f"defaults[{i}]", ("when", "imply"), sources)
    for i, entry in enumerate(dx_words.get("durations", [])):
        yield from _entry_problems(entry, f"durations[{i}]", ("when",), sources)
        if not entry["bands"]:
            yield Problem(FILE, f"durations[{i}].bands", "missing")
        for j, b in enumerate(entry["bands"]):
            if not b.get("means") or ("more_than_weeks" in b) == ("at_least_weeks" in b):
                yield Problem(FILE, f"durations[{i}].bands[{j}]", "needs means and one of more_than_weeks, at_least_weeks")
    for i, entry in enumerate(dx_words.get("systemic_first", [])):
        yield from _entry_problems(entry, f"systemic_first[{i}]", ("words", "alone"), sources)
    for i, entry in enumerate(dx_words.get("joined", [])):
        yield from _entry_problems(entry, f"joined[{i}]", ("names", "with", "means"), sources)
    for i, entry in enumerate(dx_words.get("encounter_first", [])):
        yield from _entry_problems(entry, f"encounter_first[{i}]", ("words",), sources)
    for i, entry in enumerate(dx_words.get("aftercare_first", [])):
        yield from _entry_problems(entry, f"aftercare_first[{i}]", ("status", "when", "lead"), sources)
    for i, entry in enumerate(dx_words.get("exam_findings", [])):
        yield from _entry_problems(entry, f"exam_findings[{i}]", ("exam", "with", "findings"), sources)
    for i, entry in enumerate(dx_words.get("also_coded", [])):
        yield from _entry_problems(entry, f"also_coded[{i}]", ("code", "with", "adds"), sources)
    for i, entry in enumerate(dx_words.get("story", [])):
        yield from _entry_problems(entry, f"story[{i}]", ("phrases",), sources)
    ruled = dx_words.get("ruled_out") or {}
    if ruled.get("words"):
        yield from _entry_problems(ruled, "ruled_out", ("words", "note"), sources)
    gestation = dx_words.get("gestation") or {}
    if gestation:
        yield from _entry_problems(gestation, "gestation", ("when", "codes"), sources)
        for key in ("weeks_title", "trimesters"):
            if not gestation.get(key):
                yield Problem(FILE, f"gestation.{key}", "missing")
    after = dx_words.get("listed_after") or {}
    if after:
        yield from _entry_problems(after, "listed_after", ("letters", "note"), sources)
    dom = dx_words.get("dominance") or {}
    if dom:
        yield from _entry_problems({"source": dom.get("source", "")}, "dominance", (), sources)
        if not dom.get("same") or not dom.get("other"):
            yield Problem(FILE, "dominance", "needs the words for the same side (same) and the other side (other)")


def _entry_problems(entry: dict, key: str, needed: tuple[str, ...], sources: dict) -> Iterator[Problem]:
    for name in needed:
        if not entry.get(name):
            yield Problem(FILE, f"{key}.{name}", "missing")
    if not entry.get("source"):
        yield Problem(FILE, key, "no source")
    elif entry["source"] not in sources:
        yield Problem(FILE, key, f"unknown source {entry['source']!r}")
    for name in needed:
        for phrase in entry.get(name) or []:
            if _CODE_LIKE.search(phrase) and not phrase.replace(" ", "").isalpha():
                yield Problem(FILE, f"{key}.{name}", f"{phrase!r} looks like a code: this file holds words, never codes")
