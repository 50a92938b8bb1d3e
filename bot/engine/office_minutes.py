"""Tie minutes to the timed services a question names: "33 min <code> and 7 min <code>", "ther ex <code> for 23
minutes", "7 minutes each of three codes", "52 total minutes, all <code>", while minutes that state a rule
("under 8 minutes", "a 15-minute code") are left out. Services come from codes and aliases in unit-rule families."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine import therapy_evals
from bot.engine.phrases import PhraseSet, tokens
from bot.kb.store import KnowledgeBase

_TOKEN = re.compile(r"[a-z0-9]+(?:['/-][a-z0-9]+)*|[.;!?\n,+&]")
_MINUTE_WORD = re.compile(r"^(?:minutes?|mins?|min|m)$")
_HOUR_WORD = re.compile(r"^(?:hours?|hrs?|hr)$")
_JOINED = re.compile(r"^(\d{1,3})-(?:minutes?|mins?|min)$")  # "30-minute"
_CODE = re.compile(r"^(?:[a-z]\d{4}|\d{5})$")
_NUMBER = re.compile(r"^\d{1,3}$")
_STRONG = {".", ";", "!", "?", "\n"}
_BREAK = _STRONG | {",", "+", "&", "and", "then", "plus", "after", "before", "but", "while", "or"}
# "35 dedicated minutes", "20 one-on-one minutes": words that describe the time between the number and its unit
_BETWEEN_NUMBER_AND_UNIT = {"total", "timed", "treatment", "more", "additional", "extra", "further", "skilled",
                            "dedicated", "direct", "actual", "documented", "billable", "one-on-one", "hands-on",
                            "face-to-face"}
_RULE_BEFORE = {"under", "below", "less", "fewer", "than", "past", "over", "least", "minimum", "exceed", "exceeds",
                "exceeding", "beyond", "each", "per", "every", "first", "within", "threshold"}
_RULE_AFTER = {"rule", "code", "codes", "unit", "units", "increment", "increments", "block", "blocks", "mark",
               "threshold", "minimum", "requirement", "service", "services"}
_BARE_AFTER = {"units", "unit", "days", "day", "visits", "visit", "patients", "patient", "x", "times", "%", "years"}
_BACK_LINK = {"for", "x", "took", "lasted", "was", "at", "about", "approx", "approximately", "totaling"}
_AHEAD_LINK = {"of", "doing", "on"}
_TOTAL_WORDS = {"total", "totaling", "totalling", "altogether", "overall", "combined"}
_APART = {"separate", "distinct", "two", "different"}  # "separate 15 min blocks": one figure for each service
_BLOCKS = {"blocks", "block", "sessions", "segments", "intervals"}
# "(no eval or re-eval today)": a service the question says was not done; between the negator and the service only
# a list of services (and these words) may stand
_NOT_DONE = {"no", "without", "never", "neither", "nor"}
_NOT_DONE_LIST = {"or", "and", ",", "a", "an", "the", "pt", "ot", "slp", "eval", "evals", "evaluation", "re-eval",
                  "reeval", "re-evaluation", "formal", "separate", "new"}


def _not_done(words: list[str], at: int, spans: dict[int, tuple[str, int]]) -> bool:
    """Whether a negator stands before the service at `at`, with only other services or list words between."""
    covered = {i + k for i, (_p, size) in spans.items() for k in range(size)}
    j = at - 1
    while j >= 0 and (words[j] in _NOT_DONE_LIST or j in covered) and words[j] not in _NOT_DONE:
        j -= 1
    return j >= 0 and at - j <= 6 and words[j] in _NOT_DONE
_AGAIN = {"the", "those", "these", "that"}  # "the 7 min of <code>" after "7 minutes of manual therapy": said again
_GAP = 3  # words that may stand between a number of minutes and its service ("24 minutes of the <code>")


@dataclass(slots=True)
class _Item:
    kind: str  # min | svc | sep
    at: int
    value: int = 0
    code: str = ""
    phrase: str = ""
    used: bool = False
    words: int = 1  # words the item spans ("33 min" is two)


@dataclass(frozen=True, slots=True)
class ServiceMinutes:
    """One service named, the minutes tied to it (None: no minutes stated) and the words it was read from."""

    code: str
    minutes: int | None
    read_from: str


def unit_aliases(kb: KnowledgeBase) -> tuple[PhraseSet, dict[str, str]]:
    """Aliases of codes in unit-rule families ("therapeutic exercise" -> its code), compiled once."""
    cached = kb.cache.get("unit_aliases")
    if cached is None:
        unit_families = {f.id for f in kb.families.values() if f.unit_rule is not None}
        owner = {a: c for a, (kind, c) in kb.aliases.items() if kind == "code" and kb.codes[c].family in unit_families}
        cached = kb.cache.setdefault("unit_aliases", (PhraseSet(owner), owner))
    return cached


def _names_other_family(kb: KnowledgeBase, words: list[str],
                        inside: dict[int, tuple[str, int]] | None = None) -> bool:
    """The question names a family without a unit rule ("RTM", or a cue of several words: "portal questions"): its
    words ("home exercise") describe that program; a cue inside a longer unit service's name (`inside`: "performance
    test with written report") names no other family."""
    cached = kb.cache.get("non_unit_families")
    if cached is None:
        names = [a for a, (kind, f) in kb.aliases.items() if kind == "family" and kb.families[f].unit_rule is None]
        cues = (kb.vocabulary.get("family_cues") or {}).items()
        names += [c for f, words in cues if f in kb.families and kb.families[f].unit_rule is None
                  for c in words if len(tokens(str(c))) > 1]
        cached = kb.cache.setdefault("non_unit_families", PhraseSet(names))
    spans = [(a, a + size) for a, (_p, size) in (inside or {}).items()]
    return any(not any(a <= i and i + len(tokens(p)) <= b and b - a > len(tokens(p)) for a, b in spans)
               for i, p in cached.find(words))


def _unit_code(kb: KnowledgeBase, word: str) -> str | None:
    code = kb.codes.get(word.upper())
    if code is None or kb.families.get(code.family) is None or kb.families[code.family].unit_rule is None:
        return None
    return code.code


def _minutes_at(words: list[str], i: int) -> tuple[int, int] | None:
    """(minutes, words used) when a time span starts at word i ("33 min", "1 hour", "52 total timed minutes")."""
    joined = _JOINED.match(words[i])
    if joined:
        return int(joined.group(1)), 1
    if not _NUMBER.match(words[i]):
        return None
    j = i + 1
    while j < len(words) and j - i <= 2 and words[j] in _BETWEEN_NUMBER_AND_UNIT:
        j += 1
    if j < len(words) and _MINUTE_WORD.match(words[j]):
        return int(words[i]), j - i + 1
    if j < len(words) and _HOUR_WORD.match(words[j]) and j == i + 1:
        return int(words[i]) * 60, 2
    return None


def _states_a_rule(words: list[str], i: int, used: int) -> bool:
    """ "under 8 minutes", "past 15 minutes", "the 15-minute code": minutes that describe a rule, not time spent."""
    before = words[max(0, i - 2):i]
    if before[-1:] == ["first"] and _CODE.match(before[0]):  # "97140 first 15 min, then ...": that code's time
        before = []
    after = words[i + used:i + used + 1]
    singular = words[i + used - 1] == "minute" or bool(_JOINED.match(words[i]))  # "a 15-minute code", "8 minute rule"
    spent = bool(set(before) & _APART) and bool(set(after) & _BLOCKS) and words[i + used + 1:i + used + 2] == ["of"]
    return bool(set(before) & _RULE_BEFORE) or (singular and bool(set(after) & _RULE_AFTER) and not spent)


def _aliases_at(phrases: PhraseSet, words: list[str]) -> dict[int, tuple[str, int]]:
    """Each alias's start and the words it spans, read across commas ("PT eval, moderate complexity, 40 min")."""
    kept = [j for j, w in enumerate(words) if w != ","]
    out: dict[int, tuple[str, int]] = {}
    slashed = any("/" in words[j] for j in kept)
    for pick in (None, -1, 0) if slashed else (None,):  # a slashed word ("self-care/adl training") names each part
        seen = [words[j] if pick is None or "/" not in words[j] else words[j].split("/")[pick] for j in kept]
        for k, p in phrases.find(seen):
            out.setdefault(kept[k], (p, kept[k + len(tokens(p)) - 1] - kept[k] + 1))
    return out


def _block_of(items: list[_Item], words: list[str], i: int) -> bool:
    """ "manual the first 15 min, then ther act the next 15": a block's order word right after a named service
    numbers that service's own time, no code's threshold."""
    svc = items[-1] if items and items[-1].kind == "svc" else None
    return svc is not None and words[i - 1:i] in (["first"], ["next"]) and i - 1 - svc.at - len(tokens(svc.phrase)) <= 1


def _items(low: str, kb: KnowledgeBase) -> tuple[list[_Item], list[str]]:
    words = _TOKEN.findall(low)
    phrases, owner = unit_aliases(kb)
    alias_at = _aliases_at(phrases, words)
    alias_at = {} if _names_other_family(kb, words, alias_at) else alias_at
    if not alias_at and not any(_CODE.match(w) and _unit_code(kb, w) for w in words):
        return [], words  # no unit-rule service named: the minutes have nothing to tie to
    items: list[_Item] = []
    i = 0
    while i < len(words):
        w = words[i]
        span = _minutes_at(words, i)
        if span is not None:
            if not _states_a_rule(words, i, span[1]) or _block_of(items, words, i):
                again = i > 0 and words[i - 1] in _AGAIN and any(it.kind == "min" and it.value == span[0] for it in items)
                items.append(_Item("min", i, value=span[0], words=span[1], phrase="again" if again else ""))
            i += span[1]
            continue
        if w in _BREAK:
            items.append(_Item("sep", i, phrase=w))
        elif _CODE.match(w) and (code := _unit_code(kb, w)):
            if not _not_done(words, i, alias_at):
                items.append(_Item("svc", i, code=code, phrase=w))
        elif i in alias_at:
            phrase, size = alias_at[i]
            if not _not_done(words, i, alias_at):
                items.append(_Item("svc", i, code=owner[phrase.lower()], phrase=phrase))
            i += size
            continue
        elif _NUMBER.match(w) and items and items[-1].kind == "svc" and i - items[-1].at <= 2 \
                and not (i + 1 < len(words) and words[i + 1] in _BARE_AFTER):
            items.append(_Item("min", i, value=int(w), phrase="bare"))
        i += 1
    return _without_restated_total(_collapse(items), words), words


def _without_restated_total(items: list[_Item], words: list[str]) -> list[_Item]:
    """ "total timed 52 minutes: 30 of one code, 22 of another": a figure said to be the total that equals the sum of
    the other figures is that sum, not more time (it is dropped before minutes are tied to services)."""
    spans = [it for it in items if it.kind == "min" and it.phrase != "bare"]
    for it in spans:
        near = set(words[max(0, it.at - 2):it.at]) | set(words[it.at + 1:it.at + 4])
        others = [o.value for o in spans if o is not it]
        if near & _TOTAL_WORDS and len(others) >= 2 and sum(others) == it.value:
            return [x for x in items if x is not it]
    return items


def _weak(item: _Item) -> bool:
    """A service read from a single common word rather than a code or a phrase."""
    return not _CODE.match(item.phrase) and len(tokens(item.phrase)) == 1


def _collapse(items: list[_Item]) -> list[_Item]:
    """ "neuro re-ed <code>", "manual (<code>)": one code named twice in a row is one service; a service named in
    words and then by a code right after it ("e-stim attended <code>") is that code."""
    out: list[_Item] = []
    for item in items:
        if item.kind == "svc" and out and out[-1].kind == "svc" and item.at - out[-1].at <= 4:
            if out[-1].code == item.code:
                if _weak(out[-1]):
                    out[-1].phrase = item.phrase  # "manual (<code>)": the code makes it a named service
                continue
            if not _CODE.match(out[-1].phrase) and _CODE.match(item.phrase):
                item.at, out[-1] = out[-1].at, item  # the words named the service (and hold its place), the code says which
                continue
        out.append(item)
    return out


def _next(items: list[_Item], k: int) -> _Item | None:
    return items[k + 1] if k + 1 < len(items) else None


def _close(a: _Item, b: _Item) -> bool:
    """Neighbouring items (no comma, "and" or sentence end between them) a few plain words apart."""
    return b.at - (a.at + a.words - 1) - 1 <= _GAP


def _pair(items: list[_Item], words: list[str]) -> dict[int, int]:
    """Service item index -> minutes, each span to its neighbour: "33 min <code>" or "<code> for 33 minutes"."""
    found: dict[int, int] = {}
    kinds = [it.kind for it in items if it.kind != "sep"]
    codes_first = bool(kinds) and kinds[0] == "svc" and kinds[-1] == "min"
    for k, item in enumerate(items):
        if item.kind != "min" or item.used or item.phrase == "again" or (_each(words, item) and _share(items, k, found)):
            continue
        before = items[k - 1] if k > 0 else None
        after = _next(items, k)
        back = before is not None and before.kind == "svc" and not before.used and _close(before, item)
        ahead = after is not None and after.kind == "svc" and not after.used and _close(item, after)
        if back and ahead:  # "<code> for 24 minutes <code> ...": a linking word says which way it reads
            back_link = bool(set(words[before.at + 1:item.at]) & _BACK_LINK)
            ahead_link = bool(set(words[item.at + 1:after.at]) & _AHEAD_LINK)
            # no word decides: the text's own order does ("<code> 33 min <code> 7 min" names each code first)
            ahead = ahead_link if back_link != ahead_link else not codes_first
            back = not ahead
        target = k + 1 if ahead else k - 1 if back else None
        if target is not None:
            found[target], item.used, items[target].used = item.value, True, True
    for k, item in enumerate(items):  # "a performance test, 30 minutes, then ...": the figure set off after it
        svc = items[k - 2] if k >= 2 and items[k - 1].kind == "sep" and items[k - 1].phrase == "," else None
        if item.kind == "min" and not item.used and svc is not None and svc.kind == "svc" and not svc.used \
                and items[k - 1].at == svc.at + len(tokens(svc.phrase)) and items[k - 1].at + 1 == item.at:
            found[k - 2], item.used, svc.used = item.value, True, True
    return found


def _each(words: list[str], item: _Item) -> bool:
    """ "7 minutes each", "separate 15 min blocks": the figure is every listed service's own."""
    nxt = words[item.at + 1:item.at + 4]
    return "each" in nxt or (item.at > 0 and words[item.at - 1] in _APART and bool(_BLOCKS & set(nxt)))


def _share(items: list[_Item], k: int, found: dict[int, int]) -> bool:
    """ "7 minutes each of A, B and C" (or "A, B and C, 7 minutes each"): the same minutes for every service listed."""
    def group(indices) -> list[int]:
        out = []
        for j in indices:
            if items[j].kind == "sep" and items[j].phrase in _STRONG:
                break
            if items[j].kind == "min":
                break
            if items[j].kind == "svc" and not items[j].used:
                out.append(j)
        return out

    listed = group(range(k + 1, len(items))) or group(range(k - 1, -1, -1))
    if len({items[j].code for j in listed}) < 2:  # one service named twice ("activities (transfer training)")
        return False
    for j in listed:
        found[j], items[j].used = items[k].value, True
    items[k].used = True
    return True


def read_service_minutes(low: str, kb: KnowledgeBase) -> list[ServiceMinutes]:
    """Each unit-rule service named, with its minutes, in the order first named (a code named twice adds up)."""
    items, words = _items(therapy_evals.with_discipline(low, kb), kb)
    found = _pair(items, words)
    # a one-word alias ("exercise", "manual") names a service only with its own minutes: "logged exercises" does not
    services = [(k, it) for k, it in enumerate(items) if it.kind == "svc" and (k in found or not _weak(it))]
    codes = list(dict.fromkeys(it.code for _k, it in services))
    loose = [it for it in items if it.kind == "min" and not it.used and it.phrase not in ("bare", "again")]
    if len(codes) == 1 and not found and loose:
        found[services[0][0]] = max(it.value for it in loose)  # "52 total timed minutes ..., all <code>"
    elif len(codes) >= 2 and not found and len(loose) == 1 and services:
        found[services[0][0]] = loose[0].value  # "<code> and <code>, 53 minutes": one figure for all (asked about)
    minutes: dict[str, int | None] = {}
    read: dict[str, str] = {}
    for k, it in services:
        read.setdefault(it.code, it.phrase)
        if k in found:
            minutes[it.code] = (minutes.get(it.code) or 0) + found[k]
        else:
            minutes.setdefault(it.code, None)
    return [ServiceMinutes(c, minutes[c], read[c]) for c in codes]
