"""ICD-10-CM quiz kinds, generated from the tabular in the code-set database and keyed by the same queries
that answer questions: billable or header, the right 7th character, Excludes1 and Excludes2 pairs."""

from __future__ import annotations

import random
from collections.abc import Callable

from bot.codesets.icd_read import IcdCode, IcdReader
from bot.codesets.load import Release
from bot.codesets.refs import references
from bot.engine.dxpairs import pair_verdict
from bot.quiz.model import Choice, Question, Quiz, build_question

FAMILY = "ICD-10-CM"
ALIASES = {"icd", "icd10", "icd-10", "icd-10-cm", "icd10cm", "diagnosis", "dx"}
TRIES = 40  # random draws before a kind gives up on finding a fitting code
SEVENTH_CHOICES = 4


def is_icd_family(family: str | None) -> bool:
    """Whether a --family value asks for the ICD-10-CM quiz."""
    return bool(family) and family.lower() in ALIASES


def _rowids(reader: IcdReader, rel: Release, table: str) -> tuple[int, int]:
    """The release's first and last rowid in a table (each release is loaded in one piece), cached."""
    cache = reader.__dict__.setdefault("_quiz_rowids", {})
    if (rel.id, table) not in cache:
        cache[rel.id, table] = reader.conn().execute(
            f"select min(rowid), max(rowid) from {table} where release_id = ?", (rel.id,)).fetchone()
    return cache[rel.id, table]


def _random_code(reader: IcdReader, rel: Release, rng: random.Random, where: str = "1") -> IcdCode | None:
    conn = reader.conn()
    low, high = _rowids(reader, rel, "icd10cm_codes")
    row = conn.execute(f"select code from icd10cm_codes where release_id = ? and rowid >= ? and {where} "
                       "order by rowid limit 1", (rel.id, rng.randint(low, high))).fetchone()
    return reader.code(rel.id, row[0]) if row else None


def billable(reader: IcdReader, rel: Release, rng: random.Random) -> Question | None:
    """Is this code billable as written, or a header that needs more characters?"""
    code = _random_code(reader, rel, rng, "kind != 'extension'" if rng.random() < 0.5 else "billable = 0")
    if code is None:
        return None
    below, total = reader.billable_below(rel.id, code.code, 3)
    why = ("It is billable as written." if code.billable else
           f"It is a header: {total} billable codes sit below it, e.g. {', '.join(c.dotted for c in below)}.")
    choices = [Choice("Billable as written", True, "" if code.billable else why, key=bool(code.billable)),
               Choice("Not billable: a header that needs more characters", False, why if code.billable else "",
                      key=not code.billable)]
    return build_question(rng, kind="icd_billable", family=FAMILY, difficulty="easy",
                          prompt=f"Is {code.dotted} ({code.descriptor}) billable on a claim as written?",
                          choices=choices, explanation=f"{why} ({rel.name})", source_ids=[], codes=[code.dotted],
                          facts={"code": code.code, "release": rel.version}, shuffle=False)


def seventh(reader: IcdReader, rel: Release, rng: random.Random) -> Question | None:
    """Which complete code (with its 7th character) reports this encounter?"""
    for _ in range(TRIES):
        code = _random_code(reader, rel, rng, "kind = 'extension'")
        siblings = [c for c in reader.children(rel.id, code.parent) if c.kind == "extension"] if code else []
        if len(siblings) >= SEVENTH_CHOICES:
            break
    else:
        return None
    others = rng.sample([c for c in siblings if c.code != code.code], SEVENTH_CHOICES - 1)
    base = reader.code(rel.id, code.parent)
    meaning = code.descriptor[len(base.descriptor):].lstrip(", ")
    choices = [Choice(c.dotted, c.code, f"{c.dotted} is for: {c.descriptor[len(base.descriptor):].lstrip(', ')}",
                      key=c.code == code.code) for c in [code, *others]]
    return build_question(rng, kind="icd_seventh", family=FAMILY, difficulty="medium",
                          prompt=f"{base.dotted} {base.descriptor}: which code reports the {meaning}?",
                          choices=choices, explanation=f"{code.dotted}: {code.descriptor} ({rel.name})",
                          source_ids=[], codes=[code.dotted], facts={"code": code.code, "release": rel.version})


def _billable(reader: IcdReader, rel: Release, code: IcdCode | None, rng: random.Random) -> IcdCode | None:
    """The code itself when billable, else one billable code below it (a note covers every code below it)."""
    if code is None or code.billable:
        return code
    below, _total = reader.billable_below(rel.id, code.code, 20)
    return rng.choice(below) if below else None


def _excluded_pair(reader: IcdReader, rel: Release, rng: random.Random, kind: str) -> tuple[IcdCode, IcdCode] | None:
    conn, (low, high) = reader.conn(), _rowids(reader, rel, "icd10cm_notes")
    for _ in range(TRIES):
        row = conn.execute("select code, text from icd10cm_notes where release_id = ? and kind = ? and rowid >= ? "
                           "and code not like '%:%' order by rowid limit 1",
                           (rel.id, kind, rng.randint(low, high))).fetchone()
        refs = references(row[1]) if row else []
        left = _billable(reader, rel, reader.code(rel.id, row[0]), rng) if row else None
        right = _billable(reader, rel, reader.code(rel.id, refs[0][0]), rng) if refs else None
        if left is not None and right is not None and left.code[:3] != right.code[:3]:
            return left, right
    return None


def excludes(reader: IcdReader, rel: Release, rng: random.Random) -> Question | None:
    """True or false: these two codes may be coded together (an Excludes1 or an Excludes2 pair)?"""
    found = _excluded_pair(reader, rel, rng, "excludes1" if rng.random() < 0.5 else "excludes2")
    if found is None:
        return None
    left, right = found if rng.random() < 0.5 else found[::-1]
    verdict = pair_verdict(reader, rel.id, left, right)
    if verdict.allowed is None:
        return None
    why = verdict.reason
    choices = [Choice("True", True, "" if verdict.allowed else why, key=bool(verdict.allowed)),
               Choice("False", False, "" if not verdict.allowed else why, key=not verdict.allowed)]
    return build_question(rng, kind="icd_excludes", family=FAMILY, difficulty="hard",
                          prompt=f"True or false: {left.dotted} ({left.descriptor}) and {right.dotted} "
                                 f"({right.descriptor}) may be coded together for the same encounter.",
                          choices=choices, explanation=f"{why} ({rel.name})", source_ids=[],
                          codes=[left.dotted, right.dotted],
                          facts={"left": left.code, "right": right.code, "release": rel.version}, shuffle=False)


ICD_KINDS: dict[str, Callable[[IcdReader, Release, random.Random], Question | None]] = {
    "icd_billable": billable, "icd_seventh": seventh, "icd_excludes": excludes}


def make_icd_quiz(reader: IcdReader, release: Release, n: int, seed: int, version: str = "") -> Quiz:
    """Return n ICD-10-CM questions, the same for the same release and seed."""
    kinds, questions, seen = list(ICD_KINDS), [], set()
    for attempt in range(max(0, n) * TRIES):
        if len(questions) >= n:
            break
        rng = random.Random(f"icd:{seed}:{attempt}")
        question = ICD_KINDS[kinds[attempt % len(kinds)]](reader, release, rng)
        if question is not None and question.id not in seen:
            seen.add(question.id)
            questions.append(question)
    return Quiz(family=FAMILY, seed=seed, n=n, questions=tuple(questions), knowledge_version=version or release.name)
