"""Criteria of kind `named` (meta.yaml): a yes/no fact read from the words the criterion lists, such as a
behavioral-health condition ("schizophrenia", "opioid use disorder") against another serious illness ("breast
cancer", "ALS")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine.scenario import Scenario

if TYPE_CHECKING:
    from bot.engine.criteria import Check


def first_said(sc: Scenario, phrases: list[str] | None) -> str:
    """The first of the phrases the question says (not negated), or ""."""
    return next((p for p in phrases or [] if sc.says(str(p))), "")


def _said_at(sc: Scenario, phrase: str, negated: bool = False) -> int:
    """Where the phrase first occurs in the question's words (not negated; `negated`: only negated), or the end when
    it does not."""
    from bot.engine.phrases import tokens

    key = tokens(phrase)
    n = len(key)
    return next((i for i in range(len(sc.words) - n + 1) if sc.words[i:i + n] == key and (i in sc.negated_at) == negated),
                len(sc.words))


def named_check(meta: dict, sc: Scenario, name: str, expected: object) -> "Check":
    """Met when a `yes_words` phrase is said, not met when only a `no_words` one is; unknown when neither is. With
    `when_both: earlier` the phrase said first decides ("our NP sent her a message; the patient wrote back")."""
    from bot.engine.criteria import Check, criterion_text

    spec = (meta.get("criteria") or {}).get(name) or {}
    yes, no = first_said(sc, spec.get("yes_words")), first_said(sc, spec.get("no_words"))
    if not (yes or no) and spec.get("negation_denies"):  # "he has no SDOH needs": a yes word denied says no
        no = next((str(p) for p in spec.get("yes_words") or [] if _said_at(sc, str(p), negated=True) < len(sc.words)), "")
    if not (yes or no):
        return Check(name, None, f"the question does not say ({criterion_text(meta, name, expected)})")
    if yes and no and spec.get("when_both") == "earlier":
        first_yes = min(_said_at(sc, str(p)) for p in spec.get("yes_words") or [])
        first_no = min(_said_at(sc, str(p)) for p in spec.get("no_words") or [])
        yes = yes if first_yes <= first_no else ""
    state = bool(yes) and not (no and spec.get("no_wins"))  # "SDOH screen negative": the negative screen decides
    label = str(spec.get("label") or name.replace("_", " "))
    return Check(name, state == expected, f"{'' if state else 'not '}{label} ('{yes or no}')")
