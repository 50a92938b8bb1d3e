"""The administration line a drug's story names beside the drug's units: the route ("IM") or the joint ("into the
knee") the question tells, with or without image guidance (knowledge/vocabulary.yaml `drug_administration`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.kb.store import KnowledgeBase


def _said(text: str, words: list[str], marks: list[str], denied: tuple[str, ...] | list[str] = ()) -> bool:
    """Whether any of the words (any case) or marks (as written) is in the text, not right after a denial phrase
    ("instead of IM": that route was not the giving)."""
    def kept(m: re.Match) -> bool:
        before = " ".join(re.findall(r"[\w/'-]+", text[max(0, m.start() - 30):m.start()].lower()))
        return not any(f" {before}".endswith(f" {d}") for d in denied)

    return any(kept(m) for w in words for m in re.finditer(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text, re.I)) or \
        any(kept(m) for k in marks for m in re.finditer(rf"(?<![\w-]){re.escape(k)}(?![\w-])", text))


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


def administration_lines(kb: KnowledgeBase, text: str, drugs: set[str] | None = None) -> list[tuple[str, str, str, str]]:
    """(code, title, source id, family) of each administration line the question's words name, at most one per kind of
    giving (an IM injection, a joint injection): the first entry that fits wins; an entry for named `drugs` only
    (chemodenervation for a toxin) needs one of them among the drugs given."""
    data = kb.vocabulary.get("drug_administration") or {}
    guided = _guided(text, list(data.get("guide_words") or []), list(data.get("denials") or []))
    found: list[tuple[str, str, str, str]] = []
    kinds: set[tuple[str, ...]] = set()
    for entry in data.get("lines") or []:
        words, marks = list(entry.get("words") or []), list(entry.get("marks") or [])
        kind = tuple(sorted(words))
        want = entry.get("guided")
        denied = list(data.get("route_denials") or [])
        only = set(entry.get("drugs") or [])
        if only and not only & (drugs or set()):
            continue
        if kind in kinds or (want is not None and bool(want) != guided) or not _said(text, words, marks, denied):
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


def others_named(kb: KnowledgeBase, named: list[str], given: list[tuple[str, str, str, str]]) -> list[str]:
    """Notes for the codes we do not hold that the question names beside the drug: an administration or guidance code
    the told giving replaces is not billed (the unguided joint code beside the guided one, a separate guidance code);
    any other is its own line, with its own rules from the imported CMS files."""
    lines = {str(e["code"]) for e in (kb.vocabulary.get("drug_administration") or {}).get("lines") or []}
    guidance = {str(c) for c in ((kb.vocabulary.get("joint_claim") or {}).get("guidance_codes") or {})}
    given_codes = {g[0] for g in given}
    notes = []
    for code in (c for c in named if c not in kb.codes and c[:1].isdigit() and c not in given_codes):
        if given and code in guidance | lines:
            notes.append(f"{code} is not billed: {given[0][0]} ({given[0][1]}) is the giving told, and it already "
                         "covers what that code would add (one line per giving; the guided joint codes include the "
                         "ultrasound guidance).")
        else:
            notes.append(f"{code} is billed on its own line beside it; its own rules come from the imported CMS files.")
    return notes


def discard_note(kb: KnowledgeBase, text: str) -> tuple[str, str]:
    """(note, source id) on modifiers JW and JZ when the question asks about them: the container it tells (single-
    or multi-dose) decides the note (vocabulary `discarded_drug`); ("", "") when they are not asked."""
    from bot.engine.phrases import phrase_said  # noqa: PLC0415

    data = kb.vocabulary.get("discarded_drug") or {}
    if not phrase_said(text, list(data.get("asked") or [])):
        return "", ""
    notes = dict(data.get("notes") or {})
    kind = next((k for k in ("multi", "single") if phrase_said(text, list(data.get(k) or []))), "unsaid")
    return str(notes.get(kind) or ""), str(data.get("source") or "")

