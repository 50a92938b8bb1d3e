"""The reading an answer shows: `understood` (facts used, with their words, and a one-line "Read as") and
`unplaced` (words carrying a fact the answer did not use)."""

from __future__ import annotations

from bot.engine.scenario import Fact, Scenario

MAX_READ_AS = 9  # facts on the one "Read as" line; the JSON keeps them all
_ASKED = {"define": "what the code is", "bill": "what to bill", "pair": "whether they go together",
          "compare": "how they compare", "family": "the family's codes", "search": "which code fits", "help": "how to ask"}
# Facts every answer of an intent relies on once they are stated (the handlers mark the rest).
_USED_BY_INTENT = {
    "bill": ("minutes", "days", "performer", "transmission", "episode_month"),
    "pair": ("practices", "count"),
    "compare": (),
    "define": (),
}
_NOT_FACTS = ("threshold", "window", "period")  # numbers read as a rule's figure, not as something that happened


def _fact_dict(f: Fact) -> dict:
    out = {"kind": f.kind, "value": f.value, "words": f.words}
    for key in ("role", "who", "when", "code", "family"):
        if getattr(f, key):
            out[key] = getattr(f, key)
    if f.negated:
        out["negated"] = True
    return out


def mark_used(sc: Scenario, intent: str, answered_codes: list[str], families: list[str], billed: bool) -> None:
    """Mark what every answer of this intent used: its codes and families, what was asked, and the kinds it reads."""
    sc.use(*(f for f in sc.of("code") if f.value in answered_codes))
    sc.use(*(f for f in sc.of("family") if f.value in families or f.role == "former"))
    sc.use(*(f for f in sc.facts if f.role == "compared"))
    sc.use_kind("asked")
    kinds = _USED_BY_INTENT.get(intent, ()) if (intent != "bill" or billed) else ()
    if intent == "pair" and sc.of("practices"):
        kinds += ("performer",)  # the practitioners are the practices the question is about
    for kind in kinds:
        sc.use_kind(kind)
    if intent == "bill" and billed:
        sc.use(*(f for f in sc.of("event", "contact", "attempt")))
        sc.use(*(f for f in sc.of("flag") if f.role in ("personally", "interpretation", "established", "collaborative_care")))
        sc.use(*(f for f in sc.of("count") if f.role in ("call", "conversation", "message", "attempts", "unit")))
        sc.use(*(f for f in sc.of("minutes") if f.role in _NOT_FACTS + ("below",)))
        sc.use(*(f for f in sc.of("days") if f.role in _NOT_FACTS))
    sc.use(*(f for f in sc.of("days") if f.role == "period"))


def understood(sc: Scenario | None, intent: str, asked: str = "") -> dict:
    """The facts the answer used, in question order, and the one-line reading."""
    if sc is None:
        return {}
    used = [f for f in sc.facts if id(f) in sc.used and f.kind != "asked"]
    spans = [(f.at, f.at + len(f.words)) for f in used if f.kind in ("count", "minutes")]
    shown = [f for f in used if not (f.kind == "minutes" and f.role in _NOT_FACTS)
             and not (f.kind == "event" and any(a <= f.at < b for a, b in spans))]  # "1 call" says it already
    parts = [f.label() for f in shown]
    parts = list(dict.fromkeys(parts))
    asked = asked or _ASKED.get(intent, intent)
    line = "; ".join(parts[:MAX_READ_AS]) + ("; ..." if len(parts) > MAX_READ_AS else "")
    read_as = f"{line} -> asked: {asked}" if line else f"asked: {asked}"
    return {"read_as": read_as, "asked": asked, "asked_words": sc.asked_words,
            "facts": [_fact_dict(f) for f in used]}


def unplaced(sc: Scenario | None) -> list[str]:
    """Words carrying a fact the answer did not use (each once, in question order), and numbers nothing took."""
    if sc is None:
        return []
    used = [(f.at, f.at + len(f.words)) for f in sc.facts if id(f) in sc.used]
    words = [f.words for f in sc.unused() if f.kind not in ("asked",)
             and not any(a <= f.at and f.at + len(f.words) <= b for a, b in used)  # the same words, read and used
             and not (f.kind == "family" and f.role in ("cue", "weak_cue"))
             and not (f.kind == "days" and f.role == "period") and not (f.kind == "number" and f.role == "identifier")
             and not (f.kind == "count" and f.role == "named_conditions")]  # a diagnosis named as the story's background
    return list(dict.fromkeys(words + sc.stray))


def relabelled(read: dict, intent: str, was: str) -> dict:
    """The reading with its "asked" label moved from intent `was` to `intent`, when it was that intent's plain label."""
    if not read or read.get("asked") != _ASKED.get(was):
        return read
    asked = _ASKED.get(intent, intent)
    return {**read, "asked": asked, "read_as": read["read_as"][:-len(_ASKED[was])] + asked}
