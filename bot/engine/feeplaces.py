"""Find the Medicare payment localities a question names: by locality name (GPCI file), fee schedule area or
county (locality-county file), or state (every locality of it), matched fuzzily (rapidfuzz)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.codesets.cms_read import CmsReader, CountyRow, GpciRow

MIN_SCORE = 88  # a dropped or swapped letter in a six-letter name still matches ("Huston"); "Austin" vs "Boston" does not
SHORT = 5  # shorter names must match exactly
MAX_WORDS = 6
NEAR_SCORE = 60  # a name offered as "closest" must be at least this close
GENERIC_AREAS = {"statewide", "rest of state", "all other counties", "all counties", "rest of"}
KIND_ORDER = {"locality": 0, "county": 1, "state": 2}
SMALL_WORDS = {"of", "and", "the", "in"}
_NORM = re.compile(r"[^a-z0-9]+")
_ABBREVIATION = re.compile(r"\b[A-Z]{2}\b")


def display(name: str) -> str:
    """A locality name as a sentence writes it: 'REST OF TEXAS*' -> 'Rest of Texas'."""
    words = name.rstrip("*").title().split()
    return " ".join(w.lower() if i and w.lower() in SMALL_WORDS else w for i, w in enumerate(words))


def norm(text: str) -> str:
    """Lower-case letters and digits, single spaces: 'LOS ANGELES-LONG BEACH (LA CNTY)*' -> 'los angeles long beach la cnty'."""
    return _NORM.sub(" ", text.lower()).strip()


@dataclass(frozen=True, slots=True)
class Place:
    """The localities a question named, and how they were found."""

    rows: tuple[GpciRow, ...]
    how: str


@dataclass(slots=True)
class _Names:
    """Every name a locality can be asked by, with the localities each one means."""

    choices: list[str]
    meaning: list[tuple[str, tuple[GpciRow, ...], str]]  # (kind, localities, printed name)
    states: dict[str, tuple[GpciRow, ...]]  # two-letter state -> its localities


def _names(gpci: list[GpciRow], counties: list[CountyRow]) -> _Names:
    by_key = {(g.mac, g.locality): g for g in gpci}
    states: dict[str, list[GpciRow]] = {}
    for g in gpci:
        states.setdefault(g.state, []).append(g)
    out = _Names([], [], {s: tuple(rows) for s, rows in states.items()})

    def add(name: str, kind: str, rows: tuple[GpciRow, ...], printed: str) -> None:
        key = norm(name)
        if key and key not in GENERIC_AREAS and rows:
            out.choices.append(key)
            out.meaning.append((kind, rows, printed))

    for g in gpci:
        add(g.name, "locality", (g,), display(g.name))
    state_names: dict[str, str] = {}
    for c in counties:
        match = by_key.get((c.mac, c.locality))
        if match is None:
            continue
        state_names.setdefault(norm(c.state), match.state)
        add(c.area, "locality", (match,), display(c.area))
        for county in re.split(r",|\band\b", c.counties):
            add(county.replace(" CITY", "").strip(), "county", (match,), county.strip().title())
    for name, abbreviation in state_names.items():
        add(name, "state", out.states[abbreviation], name.title())
    return out


def _grams(phrase: str) -> list[str]:
    words = norm(phrase).split()
    return [" ".join(words[i:i + n]) for n in range(min(MAX_WORDS, len(words)), 0, -1) for i in range(len(words) - n + 1)]


def _best(names: _Names, phrase: str) -> tuple[int, int, int, int] | None:
    """(kind order, -score, -words, choice index) of the best name in the phrase, or None."""
    best = None
    for gram in _grams(phrase):
        cutoff = 100 if len(gram) < SHORT else MIN_SCORE
        hit = process.extractOne(gram, names.choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        if hit is None:
            continue
        kind = names.meaning[hit[2]][0]
        key = (KIND_ORDER[kind], -int(hit[1]), -len(gram.split()), hit[2])
        best = key if best is None or key < best else best
    return best


def _within(names: _Names, states: list[str]) -> _Names:
    """Only the names of localities in the states the question names ("Houston, TX", "Orange County, FL")."""
    keep = [i for i, (_k, rows, _p) in enumerate(names.meaning) if any(r.state in states for r in rows)]
    return _Names([names.choices[i] for i in keep], [names.meaning[i] for i in keep], names.states)


def find(reader: CmsReader, gpci_rel: int, county_rel: int | None, raw: str, phrases: list[str]) -> Place | None:
    """The localities named in the question's place phrases; a two-letter state written beside them narrows them."""
    cache = reader.__dict__.setdefault("_place_names", {})
    if (gpci_rel, county_rel) not in cache:
        cache[(gpci_rel, county_rel)] = _names(reader.localities(gpci_rel),
                                               reader.counties(county_rel) if county_rel else [])
    names: _Names = cache[(gpci_rel, county_rel)]
    abbreviations = [a for a in _ABBREVIATION.findall(raw) if a in names.states]
    if abbreviations:
        names = _within(names, abbreviations)
    hits = [h for h in (_best(names, p) for p in phrases) if h is not None]
    if not hits:
        if abbreviations:
            return Place(names.states[abbreviations[0]], f"state {abbreviations[0]}: every locality in it")
        return None
    _kind_order, score, _words, index = min(hits)
    kind, rows, printed = names.meaning[index]
    how = {"locality": f"locality '{printed}'", "county": f"county '{printed}'",
           "state": f"state '{printed}': every locality in it"}[kind]
    return Place(rows, how + ("" if -score == 100 else f" (closest match, {-score}%)"))


def closest(reader: CmsReader, gpci_rel: int, phrase: str, limit: int = 3) -> list[str]:
    """The locality names closest to a phrase that matched none, for the answer to offer."""
    names = [display(g.name) for g in reader.localities(gpci_rel)]
    found = process.extract(norm(phrase), [norm(n) for n in names], scorer=fuzz.WRatio, limit=limit,
                            score_cutoff=NEAR_SCORE)
    return [names[i] for _n, _s, i in found]
