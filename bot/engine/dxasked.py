"""The sentence that asks for the code ("what code do I use for the repeated falls?") when the story around it leaves
too many words unused for its candidate code: the candidate answers when that sentence alone finds the same code with
nothing left over, and the story's words it did not use are still named in the answer."""

from __future__ import annotations

from dataclasses import replace

from bot.codesets.icd_read import IcdCode, IcdReader
from bot.codesets.load import Release
from bot.engine.dxfind import Finding, find
from bot.engine.dxlex import Lexicon, read, segments
from bot.engine.dxtokens import plain


def confirmed(reader: IcdReader, rel: Release, lex: Lexicon, text: str, finding: Finding) -> Finding | None:
    """The finding with its candidate as the answer when an asking sentence names the condition it says, else None."""
    if finding.primary is not None or not finding.candidate:
        return None
    candidate = finding.candidate[0]
    for sentence, aside, cue in segments(plain(text)):
        if not cue or aside or not (said := read(sentence, lex)).required:
            continue
        asked = find(reader, rel, said)
        if _same(asked.primary, candidate) and not asked.unused:
            return replace(asked, reading=finding.reading, unused=finding.unused, alternatives=[])
    return None


def _same(code: IcdCode | None, candidate: IcdCode) -> bool:
    return code is not None and code.code == candidate.code
