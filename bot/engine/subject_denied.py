"""A billing verb whose subject is negated ("nobody is billing it this month", "no one here bills CCM", "nobody at our
clinic reports it"): the code or program after the verb is said not billed, like the program_left_off words
(vocabulary negated_subjects and negated_subject_between)."""

from __future__ import annotations

from bot.engine.lexicon import Hit

_REACH = 5  # words between the negated subject and its verb ("no one at our clinic is billing")
_NUMBER_WORDS = {"1": "one", "one": "1"}


def _subjects(voc: dict) -> list[tuple[str, ...]]:
    """The negated subjects as word tuples, in both the number-word and the digit spelling ("no one", "no 1")."""
    out = []
    for s in voc.get("negated_subjects") or []:
        words = tuple(str(s).lower().replace("-", " ").split())
        out += [words, tuple(_NUMBER_WORDS.get(w, w) for w in words)]
    return out


def subject_denied(voc: dict, words: list[str], k: int) -> bool:
    """Whether a negated subject stands right before index k, with only its group or helper words between
    ("nobody", "no one here is", "nobody at our clinic")."""
    between = {str(w).lower() for w in voc.get("negated_subject_between") or []}
    subjects = _subjects(voc)
    j = k
    while True:
        before = tuple(words[max(0, j - 3):j])
        if any(s and before[-len(s):] == s for s in subjects):
            return True
        if j == 0 or k - j >= _REACH or words[j - 1] not in between:
            return False
        j -= 1


def denied_cue(voc: dict, words: list[str], hit: Hit | None) -> Hit | None:
    """A billed-already cue whose subject is negated turned into a said-not-billed cue; any other cue unchanged."""
    if hit is None or hit.value != "billed" or not subject_denied(voc, words, hit.i):
        return hit
    return hit._replace(value="absent")


def denied_billing(voc: dict, words: list[str]) -> list[tuple[int, int]]:
    """The (start, end) word spans of billing verbs whose subject is negated ("nobody is billing", "no one here bills")."""
    verbs = {str(w).lower() for w in voc.get("negated_subject_verbs") or []}
    return [(k, k + 1) for k, w in enumerate(words) if w in verbs and subject_denied(voc, words, k)]
