"""A thread that tells of the asked patient and of others ("Patel is fine, 25 min", "his wife is also on RPM",
"another pt had 30 min"): the clauses about another patient are left out before the question is read, so their
minutes, visits and programs are not taken as the asked patient's."""

from __future__ import annotations

import re

from bot.engine.patterns import lazy

# sentence ends; a title or an initial before the stop does not end one ("Dr. Osei", "K. Morris")
_SENTENCE = lazy(r"(?<!\b[Dd]r)(?<!\b[Mm]r)(?<!\b[Mm]rs)(?<!\b[Mm]s)(?<!\bSt)(?<!\bvs)(?<!\b[A-Z])[.?!;]+\)?\s+"
                 r"|\s+(?=\d\)\s)|\s+(?=[-*\u2022]\s+(?:Mrs|Mr|Ms|Miss|pt|patient)\b)")
# a clause joined on about someone else ("..., and for Mrs. Lin (95 min) he wants ...")
_CLAUSE = lazy(r",\s+(?=(?:and|but|while|whereas)\s+(?:for\s+)?(?:(?:mr|mrs|ms|miss)\b|pt\s|patient\s|the\s+other\b"
               r"|another\b|other\b))", re.I)
_TITLE = r"(?:(?P<title>Mrs|Mr|Ms|Miss)\.?|(?i:pt|patient))\s+(?:[A-Z]\.\s*)?(?P<name>[A-Z](?:'[A-Z])?[a-z][a-z-]+)"
_NAMED = lazy(r"\b" + _TITLE)
_ASKED_BARE = lazy(r"\bfor\s+(?P<name>[A-Z](?:'[A-Z])?[a-z][a-z-]+)\b")
# someone named as not the asked patient: another patient, a coworker's patient, a relative with a service of their own
_OTHER = lazy(r"\b(?:another|(?:the\s+)?other|a\s+(?:different|separate))\s+(?:pt|patient|pts|patients)\b"
              r"|\b(?:co-?worker|colleague|partner)'s\s+(?:pt|patient)\b"
              r"|\b(?:the\s+)?other\s+(?:doc|doctor|provider|physician|np|pa)'s\b"
              r"|\b(?:his|her|their)\s+(?:wife|husband|spouse|sister|brother|son|daughter|mother|father|mom|dad)"
              r"(?:'s\s+(?:on\b|(?-i:[A-Z]{2,})\b|(?:own\s+)?(?:app|device|claim|program|case|cuff|monitor|minutes|time|visit)s?\b)"
              r"|\s+\(also\b|,?\s+(?:who\s+)?is\s+also\b|,?\s+who\s+is\s+(?:also\s+)?(?:our|a)\s+patient)", re.I)
_SEVERAL = lazy(r"\b(?:[2-9]|two|three|four|five|several|both)\s+(?:pts|patients)\b", re.I)
_FEMALE = ("mrs", "ms", "miss")
_STOP = lazy(r"^.*?(?=[.?!;]*\)?$)", re.S)
_BARE_WORDS = frozenset("""Mr Mrs Ms Miss Dr The This That These Those Our My We She He Her His It They Their Pt Patient Dr Is Can
    Could Should What Which Does Do How Medicare Medicaid January February March April May June July August September
    October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split())


def _key(m: re.Match) -> tuple[str, str]:
    """A named patient as (sex of the title or '', surname): Mrs. Pruitt and Mr. Pruitt are two people."""
    title = (m.group("title") or "").lower()
    return ("f" if title in _FEMALE else "m" if title == "mr" else ""), m.group("name")


def _same(a: tuple[str, str], b: tuple[str, str]) -> bool:
    return a[1] == b[1] and (not a[0] or not b[0] or a[0] == b[0])


def _pieces(text: str) -> list[str]:
    """The text cut into sentences and joined-on clauses, each keeping its own stop and spacing."""
    out, start = [], 0
    for m in _SENTENCE().finditer(text):
        out.append(text[start:m.end()])
        start = m.end()
    out.append(text[start:])
    return [c for piece in out if piece for c in _split_clauses(piece)]


def _split_clauses(piece: str) -> list[str]:
    cuts = [m.start() for m in _CLAUSE().finditer(piece)]
    bounds = [0] + cuts + [len(piece)]
    return [piece[a:b] for a, b in zip(bounds, bounds[1:]) if piece[a:b]]


def _names(piece: str, asked_bare: str) -> list[tuple[str, str]]:
    """Patients a piece names: titled or 'pt X' names, and the asked bare surname where it stands."""
    found = [_key(m) for m in _NAMED().finditer(piece)]
    if asked_bare and re.search(rf"\b{re.escape(asked_bare)}\b", piece):
        found.append(("", asked_bare))
    return found


def _bare_other(piece: str, asked: tuple[str, str]) -> bool:
    """A piece opening on another bare surname told like a list line ("Patel is fine, 20+ days")."""
    m = re.match(r"\W*(?P<name>[A-Z](?:'[A-Z])?[a-z][a-z-]+)\s+(?:is|was|had|has|got|\()", piece)
    return bool(m) and m.group("name") not in _BARE_WORDS and m.group("name") != asked[1]


def split_other_patients(text: str) -> tuple[str, list[str]]:
    """The text without the pieces about another patient than the asked one, and those pieces (none when the asked
    patient is unclear or the question itself is about the other one)."""
    pieces = _pieces(text)
    asking = [k for k, p in enumerate(pieces) if "?" in p]
    if not asking or len(pieces) < 2:
        return text, []
    ask_text = " ".join(pieces[k] for k in asking)
    if _OTHER().search(ask_text):  # "what do I bill for the other patient?": the other one is asked
        return _other_asked(text, pieces, asking)
    bare = _ASKED_BARE().search(ask_text)
    bare_name = bare.group("name") if bare and bare.group("name") not in _BARE_WORDS else ""
    if bare_name and not (_SEVERAL().search(text) or any(n[1] == bare_name for n in _names(text, ""))):
        bare_name = ""  # "for Sarah's minutes": a bare name is a patient only where the message tells of patients
    asked = next(iter(_names(ask_text, bare_name)), None)
    if asked is None and not bare_name:  # "can you tell me what to drop for him?": the patient the reply opened on
        first = [n for p in pieces[:asking[0]] for n in _names(p, "")]
        asked = first[0] if first and all(_same(first[0], n) for n in first) else None
    asked = asked or (("", bare_name) if bare_name else None)
    dropped = [k for k, p in enumerate(pieces) if k not in asking and _about_other(p, asked, bare_name)]
    if not dropped or len(dropped) == len(pieces) - len(asking) and not asked:
        return text, []
    # a joined-on clause that goes leaves its sentence's stop behind ("... G2214, and for Mrs. Lin ... ." -> "G2214.")
    kept: list[str] = []
    for k, p in enumerate(pieces):
        if k not in dropped:
            kept.append(p)
        elif p.startswith(",") and kept:
            kept[-1] = kept[-1].rstrip() + _STOP().sub("", p.rstrip()) + " "
    return " ".join("".join(kept).split()), [" ".join(pieces[k].strip(" ,").split()) for k in dropped]


def _about_other(piece: str, asked: tuple[str, str] | None, bare_name: str) -> bool:
    """Whether a piece tells only of a patient other than the asked one."""
    if _OTHER().search(piece):
        return True
    if asked is None:
        return False
    names = _names(piece, bare_name)
    if names:
        return not any(_same(asked, n) for n in names)
    return bool(bare_name) and _bare_other(piece, asked)


def _other_asked(text: str, pieces: list[str], asking: list[int]) -> tuple[str, list[str]]:
    """"Ann had 25 min; the other patient had 45. What for the other patient?": Ann's pieces go when she is the one
    patient named and the other one is told in a piece of its own."""
    named = {n for k, p in enumerate(pieces) if k not in asking for n in _names(p, "")}
    told = [k for k, p in enumerate(pieces) if k not in asking and _OTHER().search(p)]
    if len(named) != 1 or not told:
        return text, []
    dropped = [k for k, p in enumerate(pieces) if k not in asking and _names(p, "") and not _OTHER().search(p)]
    kept = " ".join(p for k, p in enumerate(pieces) if k not in dropped)
    return " ".join(kept.split()), [" ".join(pieces[k].strip(" ,").split()) for k in dropped]
