"""Which told visit a family's initiating-visit rule judges: a place none may start it, or the one excluded visit
billed already."""

from __future__ import annotations


def only_visit(kb, sc, code: str, others: list[str], rule) -> bool:
    """An excluded visit billed already or told as the visit's code ("seen in the ED, we billed the ED visit code") is
    the story's initiating visit when no other visit code is named and at most one visit is told (a denied one, "no
    office visit since", is none)."""
    others = [c for c in others if c != code and c not in rule.excludes]
    allowed = [a for f in rule.allows if f in kb.families for a in kb.families[f].aliases]  # "later an office visit"
    return sc.role_of(code) in ("billed", "context") and not others and len(_visits(sc)) <= 1 \
        and not any(sc.says(a) for a in allowed)


def _visits(sc) -> list:
    """The visits told as having happened: a denied one ("no office visit with us since") is no visit."""
    return [v for v in sc.of("event", "visit") if not v.negated]


def excluded_setting(sc, rule):
    """The setting fact of the question's visits when every visit took place where the rule says none may start the
    services ("saw her in the ED last week"; as many places as visits), else None."""
    places = sc.of("setting", "at")
    if not places or len(places) < len(_visits(sc)) or any(p.value not in rule.excludes_settings for p in places):
        return None
    return places[0]
