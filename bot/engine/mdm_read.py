"""Medical decision making read from a visit's story when no level is named ("diabetes, COPD and HTN all at goal,
refilled her meds"): the problems addressed and the risk of the management chosen, each to the first level of
meta.yaml mdm_elements whose need the words meet. Two of the three elements set the level: with unique tests named
(the data element) the middle of the three; without, the lower of the two (the data could only lift it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.engine.phrases import PhraseSet, tokens
from bot.kb.store import KnowledgeBase


@dataclass(slots=True)
class MdmStory:
    """The MDM level two elements support, and how each was read."""

    level: str
    trace: list[str] = field(default_factory=list)


def _phrases(kb: KnowledgeBase) -> tuple[dict[str, PhraseSet], PhraseSet, dict[str, str], PhraseSet]:
    cached = kb.cache.get("mdm_story_words")
    if cached is None:
        chronic = {p.lower(): cid for cid, names in kb.vocabulary.get("chronic_conditions", {}).items() for p in names}
        cached = kb.cache.setdefault("mdm_story_words", (
            {k: PhraseSet(v) for k, v in kb.vocabulary.get("mdm_words", {}).items()}, PhraseSet(chronic), chronic,
            PhraseSet([*(kb.vocabulary.get("mdm_tests") or []), *(kb.vocabulary.get("mdm_external_notes") or [])])))
    return cached


_NOT = frozenset({"no", "not", "without", "never"})


def _said(phrases: PhraseSet, words: list[str]) -> bool:
    """Whether a phrase occurs not right after a negation ("no prescription given" is no prescription)."""
    return any(i == 0 or words[i - 1] not in _NOT for i, _p in phrases.find(words))


def _counts(kb: KnowledgeBase, words: list[str]) -> dict[str, int]:
    """Whether the story says each kind of thing (1 or 0); chronic conditions counted as distinct conditions."""
    groups, chronic_set, chronic_of, tests = _phrases(kb)
    counts = {name: int(_said(phrases, words)) for name, phrases in groups.items()}  # said or not: never twice
    counts["chronic"] = max(len({chronic_of[p.lower()] for _i, p in chronic_set.find(words)}), _counted(words))
    counts["prescription"] = counts["prescription"] or int(_drug_managed(kb, words))
    counts["tests"] = len({p.lower() for _i, p in tests.find(words)})  # unique tests or external notes
    return counts


_DRUG_REACH = 8  # words between a verb of managing and the drug it governs ("continue lisinopril 20 mg and ...")


def _drug_managed(kb: KnowledgeBase, words: list[str]) -> bool:
    """A prescription drug named within a few words after a verb of managing it, not after a negation."""
    drugs = kb.cache.get("mdm_drug_words")
    if drugs is None:
        drugs = kb.cache.setdefault("mdm_drug_words", PhraseSet(kb.vocabulary.get("mdm_drugs") or []))
    verbs = set(kb.vocabulary.get("mdm_drug_verbs") or [])
    return any(any(w in verbs and (k == 0 or words[k - 1] not in _NOT) for k, w in
                   enumerate(words[max(0, i - _DRUG_REACH):i], start=max(0, i - _DRUG_REACH)))
               for i, _p in drugs.find(words))


_COUNTED = {"two": 2, "2": 2, "three": 3, "3": 3, "four": 4, "4": 4}
_CHRONIC = {"chronic", "stable"}


def _counted(words: list[str]) -> int:
    """Chronic conditions told by number ("two stable chronic conditions"): that many."""
    return max((_COUNTED[w] for i, w in enumerate(words[:-2]) if w in _COUNTED and words[i + 1] in _CHRONIC
                and {"conditions", "illnesses", "problems", "diseases"} & set(words[i + 2:i + 4])), default=0)


def _reached(rules: list[dict], counts: dict[str, int]) -> dict | None:
    return next((r for r in rules if all(counts.get(k, 0) >= int(v) for k, v in (r.get("needs") or {}).items())), None)


def unclaimed(sc, low: str) -> str:
    """The question less the claims it quotes ("someone told me it makes it moderate MDM"): the case's own words."""
    for claim in (sc.claims if sc is not None else ()):
        low = low.replace(claim.lower(), " ")
    return low


def read_mdm_story(kb: KnowledgeBase, low: str) -> MdmStory | None:
    """The MDM level two or three of the story's elements (problems, data, risk) support together, with the reading;
    None when fewer than two are told."""
    spec = kb.meta.get("mdm_elements") or {}
    counts = _counts(kb, tokens(low))
    problems, risk = _reached(spec.get("problems") or [], counts), _reached(spec.get("risk") or [], counts)
    data = _reached(spec.get("data") or [], counts) if counts["tests"] else None
    levels = [str(x) for x in kb.meta.get("mdm_levels", [])]
    said = lambda r: str(r["text"]).replace("{chronic}", str(counts["chronic"])).replace(  # noqa: E731
        "{tests}", str(counts["tests"]))
    if problems is not None and data is not None and risk is None:  # no management told: the lower of the two
        low_one = min((problems, data), key=lambda r: levels.index(r["level"]))
        return MdmStory(level=str(low_one["level"]), trace=[
            f"MDM read from the story: problems addressed, {said(problems)} ({problems['level']}); data, "
            f"{said(data)} ({data['level']}); the risk of the management was not told.",
            f"Two of the three elements set the level: {low_one['level']} (the risk could only lift it)."])
    if problems is None or risk is None:
        return None
    if data is not None:  # all three told: the middle level is the one two elements meet or exceed
        middle = sorted((problems, risk, data), key=lambda r: levels.index(r["level"]))[1]
        return MdmStory(level=str(middle["level"]), trace=[
            f"MDM read from the story: problems addressed, {said(problems)} ({problems['level']}); data, {said(data)} "
            f"({data['level']}); risk of the management, {said(risk)} ({risk['level']}).",
            f"Two of the three elements set the level: {middle['level']}."])
    low_one, high_one = sorted((problems, risk), key=lambda r: levels.index(r["level"]))
    trace = [f"MDM read from the story: problems addressed, {said(problems)} ({problems['level']}); risk of the "
             f"management, {said(risk)} ({risk['level']}).",
             "Two of the three elements set the level; the data reviewed was not weighed, so the level is "
             f"{low_one['level']}" + (f" (documented data of {high_one['level']} level or more would make it "
                                      f"{high_one['level']})." if low_one is not high_one
                                      and low_one["level"] != high_one["level"] else ".")]
    return MdmStory(level=str(low_one["level"]), trace=trace)
