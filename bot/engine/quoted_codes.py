"""Codes only in someone else's claim ("a FAQ lists these as PIN codes"): context beside the question's own subject,
or the subject when the question has nothing else to answer about."""

from __future__ import annotations

from bot.engine.cue_workers import story_cue_family
from bot.engine.scenario import Scenario


def quoted_subjects(sc: Scenario, code_family: dict[str, str], codes: list[str], named: bool,
                    figures: bool) -> tuple[list[str], list[str]]:
    """(the subject codes, the families the claim's codes add): a claim's codes stay context beside a family the
    question names outside the claim or beside figures to bill; else they are the subject. Their families are added
    only when the question names none and the story's own cue words point to no other family."""
    quoted = [c for c in sc.codes("quoted") if c not in codes]
    if not quoted:
        return codes, []
    own = named and not all(sc.in_claim(f.words) for f in sc.of("family"))  # not only "says this code is PIN"
    if not codes and not (own or figures):
        return quoted, []
    if codes or named:
        return codes, []
    cued = story_cue_family(sc)
    return codes, [code_family[c] for c in quoted if c in code_family and cued in (None, code_family[c])]
