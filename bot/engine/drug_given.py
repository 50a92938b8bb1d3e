"""The administration line a drug's story names beside the drug's units: the route ("IM") or the joint ("into the
knee") the question tells, with or without image guidance (knowledge/vocabulary.yaml `drug_administration`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.kb.store import KnowledgeBase


def _said(text: str, words: list[str], marks: list[str]) -> bool:
    """Whether any of the words (any case) or marks (as written) is in the text."""
    return any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text, re.I) for w in words) or \
        any(re.search(rf"(?<![\w-]){re.escape(m)}(?![\w-])", text) for m in marks)


def _guided(text: str, guide: list[str], denials: list[str]) -> bool:
    """Whether the text says image guidance was used: a guide word said and not denied just before it."""
    for word in guide:
        for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.I):
            before = re.findall(r"[\w/'-]+", text[max(0, m.start() - 30):m.start()].lower())[-2:]
            if not any(d.lower() in before for d in denials):
                return True
    return False


def guidance_told(kb: KnowledgeBase, text: str) -> bool:
    """Whether the question says image guidance was used (a guide word of drug_administration, not denied)."""
    data = kb.vocabulary.get("drug_administration") or {}
    return _guided(text, list(data.get("guide_words") or []), list(data.get("denials") or []))


def administration_lines(kb: KnowledgeBase, text: str) -> list[tuple[str, str, str, str]]:
    """(code, title, source id, family) of each administration line the question's words name, at most one per kind of
    giving (an IM injection, a joint injection): the first entry that fits wins."""
    data = kb.vocabulary.get("drug_administration") or {}
    guided = _guided(text, list(data.get("guide_words") or []), list(data.get("denials") or []))
    found: list[tuple[str, str, str, str]] = []
    kinds: set[tuple[str, ...]] = set()
    for entry in data.get("lines") or []:
        words, marks = list(entry.get("words") or []), list(entry.get("marks") or [])
        kind = tuple(sorted(words))
        want = entry.get("guided")
        if kind in kinds or (want is not None and bool(want) != guided) or not _said(text, words, marks):
            continue
        code = str(entry["code"])
        held = kb.codes.get(code)
        found.append((code, held.title if held is not None else str(entry.get("title") or ""), str(entry.get("source") or ""),
                      held.family if held is not None else str(entry.get("family") or "")))
        kinds.add(kind)
    return found


def giving_not_billed(kb: KnowledgeBase, asked: list[str], given: list[tuple[str, str, str, str]]) -> list[str]:
    """Notes for the administration codes the question names that are not the drug's giving here (the IM code beside a
    knee injection): the one administration line the route or joint tells stands for it."""
    data = kb.vocabulary.get("drug_administration") or {}
    codes, note = {str(e["code"]) for e in data.get("lines") or []}, str(data.get("not_given_note") or "")
    if not given or not note:
        return []
    return [note.format(code=c, given=given[0][0], title=given[0][1]) for c in asked
            if c in codes and c not in {g[0] for g in given}]


def sides_told(kb: KnowledgeBase, text: str) -> int:
    """2 when the story tells a service on both sides ("both knees", "bilateral": vocabulary joint_claim `both`), else 1."""
    from bot.engine.phrases import phrase_said  # noqa: PLC0415

    return 2 if phrase_said(text, list((kb.vocabulary.get("joint_claim") or {}).get("both") or [])) else 1


def bilateral_line(kb: KnowledgeBase, given: tuple[str, str, str, str], text: str) -> tuple[str, str]:
    """(title, why) of an administration line told on both sides: its bilateral indicator's modifier and rule
    (knowledge/cms_files.yaml pfs.bilateral); the title unchanged and no why for one side or no bilateral rule."""
    from bot.engine.cmsfacts import meanings  # noqa: PLC0415

    entry = next((e for e in (kb.vocabulary.get("drug_administration") or {}).get("lines") or []
                  if str(e["code"]) == given[0] and e.get("bilateral")), None)
    if entry is None or sides_told(kb, text) == 1:
        return given[1], ""
    meaning = meanings()["pfs"]["bilateral"]["indicators"].get(str(entry["bilateral"]), {})
    modifier = str(meaning.get("modifier") or "")
    why = f"Both sides at one session: {given[0]}'s fee-schedule bilateral indicator is {entry['bilateral']}: {meaning.get('text', '')}."
    return (f"{given[1]}, both sides: modifier {modifier}" if modifier else given[1]), why
